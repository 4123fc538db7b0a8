package ingest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"handover/internal/index"
	"handover/internal/model"
)

// TestLintWhileUpdating runs the background lint while live updates relink
// the SOPs and incidents it reads: under -race (make race, part of make
// test), it fails if the lint reads links an update writes.
func TestLintWhileUpdating(t *testing.T) {
	root := t.TempDir()
	write := fileWriter(t, root)
	write("hosts.ini", "[web]\nweb01 ansible_host=10.0.0.1\n")
	write("alerts/rules.yml", `groups:
  - name: web
    rules:
      - alert: WebDown
        expr: up == 0
        annotations:
          runbook_url: https://git.example/ops/-/blob/main/sops/web-down.md
`)
	write("sops/web-down.md", "# WebDown\n\n## Steps\n\n1. Restart web01.\n")
	write("incidents/2026-01-02-web.md", "# 2026-01-02 web01 down\n\n## Root cause\n\nweb01 ran out of disk. See sops/web-down.md.\n")
	write("sops/notes.md", "# Restart web01\n\n## Steps\n\n1. Restart web01.\n")
	store, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	r, _ := liveReindexer(t, store, root)
	r.lintQuiet = time.Millisecond
	// The lint reads links for a while and says when it starts, so that
	// updates run while it reads.
	started := make(chan struct{}, 1)
	r.Lint = func(snap *model.Snapshot) []model.Finding {
		select {
		case started <- struct{}{}:
		default:
		}
		n := 0
		for end := time.Now().Add(30 * time.Millisecond); time.Now().Before(end); {
			for _, s := range snap.SOPs {
				for _, l := range s.Links {
					n += len(l.Name) + len(l.Source.Repo)
				}
			}
			for _, inc := range snap.Incidents {
				for _, l := range inc.Links {
					n += len(l.Name) + len(l.Source.Repo)
				}
			}
		}
		return nil
	}
	ctx := context.Background()
	update := func(i int) {
		t.Helper()
		write("sops/notes.md", fmt.Sprintf("# Restart web01 (%d)\n\n## Steps\n\n1. Restart web01.\n", i))
		if _, err := r.Update(ctx, "acme", []string{"sops/notes.md"}, false); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		update(10 * i)
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			t.Fatal("the background lint never ran")
		}
		update(10*i + 1) // while the lint reads
	}
}
