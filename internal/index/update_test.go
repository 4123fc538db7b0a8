package index

import (
	"context"
	"errors"
	"testing"

	"handover/internal/model"
)

// TestUpdate: Update writes only the documents that changed, deletes
// those a unit no longer makes, keeps the counts right, and asks for a
// Replace when the index was opened from disk.
func TestUpdate(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	snap := genSnapshot("r", 100)
	replace(t, s, snap)
	ctx := context.Background()
	count := func(q Query) uint64 {
		t.Helper()
		res, err := s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	hosts := Query{Filter: Filter{Repo: "r", Kind: string(model.KindHost)}}
	before := count(hosts)

	inv := snap.Inventories[0]
	gone, changed := inv.Hosts[0], inv.Hosts[1]
	inv.Hosts = inv.Hosts[1:]
	changed.Purpose = "runs the okapi reports"
	items := []model.Item{}
	for _, h := range inv.Hosts {
		items = append(items, h)
	}
	for _, g := range inv.Groups {
		items = append(items, g)
	}
	indexed, deleted, err := s.Update(ctx, snap, items, []string{inv.Path})
	if err != nil {
		t.Fatal(err)
	}
	if deleted != 1 || indexed < 1 || indexed > 1+len(inv.Groups) {
		t.Errorf("indexed %d, deleted %d; want the changed host (and groups whose members changed) and one deleted", indexed, deleted)
	}
	if n := count(hosts); n != before-1 {
		t.Errorf("%d hosts after one was removed, want %d", n, before-1)
	}
	if n := count(Query{Text: "okapi"}); n != 1 {
		t.Errorf("okapi finds %d documents, want the changed host", n)
	}
	if n := count(Query{Filter: Filter{Repo: "r", Name: gone.Name}}); n != 0 {
		t.Errorf("removed host %s still found", gone.Name)
	}
	if n := count(Query{Filter: Filter{Repo: "r", Name: changed.Name}}); n != 1 {
		t.Errorf("changed host %s found %d times, want once", changed.Name, n)
	}
	info := s.Repos()[0]
	if info.Docs[model.KindHost] != int(before-1) || info.Hosts != int(before-1) {
		t.Errorf("RepoInfo: %d host documents, %d hosts; want %d", info.Docs[model.KindHost], info.Hosts, before-1)
	}

	if err := s.SetFindings("r", []model.Finding{{Rule: "x", Message: "password=hunter2"}}); err != nil {
		t.Fatal(err)
	}
	if f := s.Repos()[0].Findings; len(f) != 1 || f[0].Message == "password=hunter2" {
		t.Errorf("findings %v; want one, redacted", f)
	}

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, dir)
	if _, _, err := s.Update(ctx, snap, items, []string{inv.Path}); !errors.Is(err, ErrNoLiveIndex) {
		t.Errorf("Update of an index opened from disk: %v, want ErrNoLiveIndex", err)
	}
}
