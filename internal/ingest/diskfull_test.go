package ingest

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"handover/internal/config"
	"handover/internal/index"
)

// fullDisk fails every write of the index while full, as a full disk does.
type fullDisk struct {
	mu   sync.Mutex
	full bool
}

func (d *fullDisk) BeforeWrite(string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.full {
		return syscall.ENOSPC
	}
	return nil
}

func (d *fullDisk) set(full bool) {
	d.mu.Lock()
	d.full = full
	d.mu.Unlock()
}

// TestUpdateOnFullDisk: a live update that cannot be written ends with an
// error in the log that says why, the index is served as it was, and the
// next change once there is room is indexed (by a rebuild into a new
// generation).
func TestUpdateOnFullDisk(t *testing.T) {
	root := t.TempDir()
	write := fileWriter(t, root)
	write("hosts.ini", "[web]\nweb01 ansible_host=10.0.0.1\n")
	write("sops/restart.md", "# Restart the gnu service\n\n## Steps\n\n1. Restart web01.\n")
	disk := &fullDisk{}
	store, err := index.OpenWith(t.TempDir(), index.Options{Faults: disk})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	r, logs := liveReindexer(t, store, root)
	ctx := context.Background()
	found := func(word string) uint64 {
		t.Helper()
		res, err := store.Search(ctx, index.Query{Text: word})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}

	disk.set(true)
	write("sops/restart.md", "# Restart the okapi service\n\n## Steps\n\n1. Restart web01.\n")
	if _, err := r.Update(ctx, "acme", []string{"sops/restart.md"}, false); err != nil {
		t.Fatal(err)
	}
	if l := logs.String(); !strings.Contains(l, "no space left on device") || !strings.Contains(l, "level=ERROR") {
		t.Errorf("log after an update on a full disk:\n%s\nwant an error that says the disk is full", l)
	}
	if found("okapi") != 0 || found("gnu") == 0 {
		t.Errorf("served after the failed update: okapi %d, gnu %d; want the index as it was", found("okapi"), found("gnu"))
	}

	disk.set(false)
	write("sops/restart.md", "# Restart the okapi service now\n\n## Steps\n\n1. Restart web01.\n")
	if _, err := r.Update(ctx, "acme", []string{"sops/restart.md"}, false); err != nil {
		t.Fatal(err)
	}
	if found("okapi") == 0 || found("gnu") != 0 {
		t.Errorf("served once there is room: okapi %d, gnu %d; want the change", found("okapi"), found("gnu"))
	}
}

// TestUpdateOnFullTmpfs: on a real full disk (a small tmpfs, which needs
// root) the index applies the change in memory and cannot write it: the
// update is served and logged as not written, the next one is applied in
// place too, and once there is room the log says it is written again.
func TestUpdateOnFullTmpfs(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	data := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", data).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", data).Run() })
	root := t.TempDir()
	write := fileWriter(t, root)
	write("hosts.ini", "[web]\nweb01 ansible_host=10.0.0.1\n")
	write("sops/restart.md", "# Restart the gnu service\n")
	store, err := index.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	r, logs := liveReindexer(t, store, root)
	ctx := context.Background()
	filler := filepath.Join(data, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := f.Write(make([]byte, 4096)); err == nil; _, err = f.Write(make([]byte, 4096)) {
	}
	f.Close()

	for i, word := range []string{"okapi", "quokka"} {
		write("sops/restart.md", "# Restart the "+word+" service\n")
		if _, err := r.Update(ctx, "acme", []string{"sops/restart.md"}, false); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(logs.String(), "level=ERROR msg=\"live update served but not written"); n != i+1 {
			t.Errorf("%s: %d errors logged for updates not written, want %d:\n%s", word, n, i+1, logs.String())
		}
		if res, err := store.Search(ctx, index.Query{Text: word}); err != nil || res.Total == 0 {
			t.Errorf("%s not served after an update on a full disk (%v)", word, err)
		}
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	write("sops/restart.md", "# Restart the wombat service\n")
	if _, err := r.Update(ctx, "acme", []string{"sops/restart.md"}, false); err != nil {
		t.Fatal(err)
	}
	if l := logs.String(); !strings.Contains(l, "index written to disk again") || strings.Contains(l, "rebuilding") {
		t.Errorf("log once there is room:\n%s\nwant the index written again, in place", l)
	}
}

// liveReindexer serves the repository at root as acme, live, from store,
// once indexed; the log is what it writes (Update writes it before it
// returns, and nothing writes in the background).
func liveReindexer(t *testing.T, store *index.Store, root string) (*Reindexer, *bytes.Buffer) {
	t.Helper()
	logs := &bytes.Buffer{}
	r := NewReindexer(store, []config.Repo{{Name: "acme", Path: root}}, slog.New(slog.NewTextHandler(logs, nil)))
	r.Live = true
	if res, err := r.Reindex(context.Background(), nil, nil); err != nil || res[0].Err != nil {
		t.Fatal(err, res[0].Err)
	}
	return r, logs
}
