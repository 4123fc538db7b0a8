package ingest

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"handover/internal/config"
	"handover/internal/history/historytest"
	"handover/internal/model"
)

// recorder is a Replacer that keeps the snapshots it is given.
type recorder struct {
	mu    sync.Mutex
	snaps []*model.Snapshot
}

func (r *recorder) Replace(_ context.Context, snap *model.Snapshot, _ func(int, int)) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.snaps = append(r.snaps, snap)
	return nil
}

func hostNames(snap *model.Snapshot) []string {
	var out []string
	for _, inv := range snap.Inventories {
		for _, h := range inv.Hosts {
			out = append(out, h.Name)
		}
	}
	return out
}

// A repository given by URL is cloned on the first index, and pulled and
// reindexed only when its branch moved.
func TestReindexClonesAndPulls(t *testing.T) {
	src, day := sourceRepo(t, "[web]\n# the shop\nweb01\n")
	rec := &recorder{}
	rp := config.Repo{Name: "remote", URL: src, Path: filepath.Join(t.TempDir(), "checkouts", "remote"), Pull: time.Minute}
	r := NewReindexer(rec, []config.Repo{rp}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()

	res, err := r.Reindex(ctx, nil, nil)
	if err != nil || res[0].Err != nil {
		t.Fatalf("first index: %v %v", err, res)
	}
	snap := rec.snaps[0]
	if got := hostNames(snap); len(got) != 1 || got[0] != "web01" {
		t.Fatalf("hosts after clone = %v", got)
	}
	if snap.History == nil || snap.History.Files["hosts"] == nil || snap.History.Files["hosts"].Commits[0].Author != "Marta" {
		t.Errorf("history of the clone = %+v", snap.History)
	}

	if got := r.Refresh(ctx, []string{"remote"}); len(got) != 0 {
		t.Errorf("nothing new upstream, but reindexed %d times", len(got))
	}
	historytest.Build(t, src, []historytest.Commit{{
		Author: "Oleh", Email: "oleh@example.com", Date: day.AddDate(0, 1, 0), Message: "add web02",
		Files: map[string]string{"hosts": "[web]\n# the shop\nweb01\nweb02\n"},
	}})
	got := r.Refresh(ctx, []string{"remote"})
	if len(got) != 1 || got[0].Err != nil {
		t.Fatalf("after a new upstream commit: %+v", got)
	}
	if names := hostNames(got[0].Snapshot); len(names) != 2 {
		t.Errorf("hosts after pull = %v", names)
	}
	lc := got[0].Snapshot.History.Lines["hosts"][4]
	if lc.Author != "Oleh" {
		t.Errorf("web02's line last changed by %q, want Oleh", lc.Author)
	}
}

// A repository with both path (the user's work tree) and url: an edited
// work tree is indexed as it stands, with a problem, and nothing in it is
// lost.
func TestReindexKeepsEditedWorkTree(t *testing.T) {
	src, day := sourceRepo(t, "[web]\nweb01\n")
	rp := config.Repo{Name: "mine", URL: src, Path: filepath.Join(t.TempDir(), "work")}
	rec := &recorder{}
	r := NewReindexer(rec, []config.Repo{rp}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()
	if res, err := r.Reindex(ctx, nil, nil); err != nil || res[0].Err != nil {
		t.Fatalf("first index: %v %v", err, res)
	}
	mine := "[web]\nweb01\nweb-local\n"
	if err := os.WriteFile(filepath.Join(rp.Path, "hosts"), []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	historytest.Build(t, src, []historytest.Commit{{
		Author: "Oleh", Email: "oleh@example.com", Date: day.AddDate(0, 1, 0), Message: "add web02",
		Files: map[string]string{"hosts": "[web]\nweb01\nweb02\n"},
	}})
	res, err := r.Reindex(ctx, nil, nil)
	if err != nil || res[0].Err != nil {
		t.Fatalf("second index: %v %v", err, res)
	}
	if got, _ := os.ReadFile(filepath.Join(rp.Path, "hosts")); string(got) != mine {
		t.Errorf("the user's edit was lost: hosts = %q", got)
	}
	if names := hostNames(res[0].Snapshot); !slices.Contains(names, "web-local") {
		t.Errorf("hosts = %v, want the work tree's", names)
	}
	if !hasProblem(res[0].Snapshot.Problems, ".: not updated from the remote") {
		t.Errorf("no problem says why: %v", res[0].Snapshot.Problems)
	}
}

// sourceRepo is a remote with one commit by Marta of the given hosts file.
func sourceRepo(t *testing.T, hosts string) (string, time.Time) {
	src := t.TempDir()
	day := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	historytest.Build(t, src, []historytest.Commit{{
		Author: "Marta", Email: "marta@example.com", Date: day, Message: "inventory",
		Files: map[string]string{"hosts": hosts},
	}})
	return src, day
}
