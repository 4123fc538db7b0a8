package ingest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"handover/internal/config"
	"handover/internal/history/historytest"
	"handover/internal/index"
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

// failingDisk fails every write of a generation once full is set.
type failingDisk struct{ full atomic.Bool }

func (d *failingDisk) BeforeWrite(string) error {
	if d.full.Load() {
		return syscall.ENOSPC
	}
	return nil
}

// A disk full while a repository is reindexed is logged with the path that
// could not be written, and the previous index stays.
func TestReindexLogsFullDisk(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "hosts.ini"), []byte("[web]\nweb01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	disk := &failingDisk{}
	data := t.TempDir()
	store, err := index.OpenWith(data, index.Options{Faults: disk})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var log bytes.Buffer
	r := NewReindexer(store, []config.Repo{{Name: "acme", Path: root}}, slog.New(slog.NewTextHandler(&log, nil)))
	ctx := context.Background()
	if res, _ := r.Reindex(ctx, nil, nil); res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	disk.full.Store(true)
	res, _ := r.Reindex(ctx, nil, nil)
	gen := filepath.Join(data, "repos", "acme", "g000002")
	if res[0].Err == nil || !strings.Contains(log.String(), "reindex failed, previous index kept") ||
		!strings.Contains(log.String(), gen) || !strings.Contains(log.String(), "no space left on device") {
		t.Errorf("result %v; log:\n%s", res[0].Err, log.String())
	}
	if hosts, _, _, err := store.Hosts(ctx, index.Filter{Repo: "acme"}, 10, ""); err != nil || len(hosts) != 1 {
		t.Errorf("served after the failure: %d hosts, %v", len(hosts), err)
	}
}
