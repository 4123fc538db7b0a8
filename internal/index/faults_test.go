package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"handover/internal/model"
)

// fullDisk fails every write to a path that contains at, once armed, with
// ENOSPC, as a full disk does.
type fullDisk struct {
	mu     sync.Mutex
	at     string
	writes []string // the paths that failed
}

func (d *fullDisk) BeforeWrite(path string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.at == "" || !strings.Contains(path, d.at) {
		return nil
	}
	d.writes = append(d.writes, path)
	return syscall.ENOSPC
}

func (d *fullDisk) arm(at string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.at, d.writes = at, nil
}

// hostsSnapshot is repository acme with n hosts named prefix-N.
func hostsSnapshot(prefix string, n int) *model.Snapshot {
	inv := &model.Inventory{Path: "hosts.ini"}
	for i := range n {
		inv.Hosts = append(inv.Hosts, &model.Host{Name: fmt.Sprintf("%s-%d", prefix, i), Inventory: inv.Path,
			Source: model.Source{Path: inv.Path, Line: i + 1}, Purpose: strings.Repeat("filler words for the segment ", 20)})
	}
	return &model.Snapshot{Repo: "acme", Root: "/srv/acme", Inventories: []*model.Inventory{inv}}
}

// liveHosts is the number of hosts of each prefix the store serves.
func liveHosts(t *testing.T, s *Store, prefix string) int {
	t.Helper()
	res, err := s.Search(context.Background(), Query{Text: "name:" + prefix + "-*", PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	return int(res.Total)
}

// generations are the generation directories of acme on disk.
func generations(t *testing.T, dataDir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dataDir, reposDir, "acme", genPrefix+"*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// waitGenerations waits until acme has exactly want generations on disk:
// a generation that is abandoned after it was opened is removed when
// closed, in the background.
func waitGenerations(t *testing.T, dataDir string, want int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if len(generations(t, dataDir)) == want {
			return
		}
	}
	t.Errorf("generations on disk: %v, want %d", generations(t, dataDir), want)
}

// A disk that fills up while a generation is written, at each of the
// writes: the reindex ends with an error naming the path and ENOSPC, the
// previous generation is still served, the partial one is removed, and the
// next reindex that can write replaces it.
func TestDiskFullKeepsPreviousGeneration(t *testing.T) {
	for _, at := range []string{
		genPrefix + "000002", // a batch of the new generation
		findingsFile,         // its findings.jsonl
		metaFile,             // its repo.json
		currentFile,          // the file naming it live
	} {
		t.Run(at, func(t *testing.T) {
			dir := t.TempDir()
			disk := &fullDisk{}
			s, err := OpenWith(dir, Options{Faults: disk})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			replace(t, s, hostsSnapshot("old", 300))

			disk.arm(at)
			start := time.Now()
			err = s.Replace(context.Background(), hostsSnapshot("new", 300), nil)
			if err == nil {
				t.Fatal("Replace succeeded on a full disk")
			}
			if !errors.Is(err, syscall.ENOSPC) || len(disk.writes) == 0 || !strings.Contains(err.Error(), disk.writes[0]) {
				t.Errorf("error %q: want ENOSPC and the path, one of %q", err, disk.writes)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("the failed reindex took %v", d)
			}
			if old, new := liveHosts(t, s, "old"), liveHosts(t, s, "new"); old != 300 || new != 0 {
				t.Errorf("served: %d old hosts, %d new", old, new)
			}
			waitGenerations(t, dir, 1)

			disk.arm("")
			replace(t, s, hostsSnapshot("next", 300))
			if next, old := liveHosts(t, s, "next"), liveHosts(t, s, "old"); next != 300 || old != 0 {
				t.Errorf("after the disk has room: %d next hosts, %d old", next, old)
			}
			waitGenerations(t, dir, 1)

			// And after a restart, the generation current names is served.
			s.Close()
			s2 := openStore(t, dir)
			if next := liveHosts(t, s2, "next"); next != 300 {
				t.Errorf("after a restart: %d next hosts", next)
			}
		})
	}
}

// The same on a real full disk: a small tmpfs, which needs root.
func TestDiskFullOnTmpfs(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	s, err := Open(mnt)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	replace(t, s, hostsSnapshot("old", 100))

	start := time.Now()
	err = s.Replace(context.Background(), hostsSnapshot("new", 20000), nil)
	if err == nil {
		t.Fatal("20,000 hosts fit in 3 MB")
	}
	if !strings.Contains(err.Error(), "no space left on device") || !strings.Contains(err.Error(), filepath.Join(mnt, reposDir, "acme", genName(2))) {
		t.Errorf("error %q: want ENOSPC and the generation's path", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("the failed reindex took %v", d)
	}
	if old := liveHosts(t, s, "old"); old != 100 {
		t.Errorf("served: %d old hosts", old)
	}
	waitGenerations(t, mnt, 1)
	replace(t, s, hostsSnapshot("next", 100))
	if next := liveHosts(t, s, "next"); next != 100 {
		t.Errorf("after the failure: %d next hosts", next)
	}
}
