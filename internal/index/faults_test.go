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

// faultyStore is a store that writes to a fullDisk, serving 300 hosts
// named old-N, its data directory and the disk.
func faultyStore(t *testing.T) (*Store, string, *fullDisk) {
	t.Helper()
	dir := t.TempDir()
	disk := &fullDisk{}
	s, err := OpenWith(dir, Options{Faults: disk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	replace(t, s, hostsSnapshot("old", 300))
	return s, dir, disk
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
			s, dir, disk := faultyStore(t)

			disk.arm(at)
			start := time.Now()
			err := s.Replace(context.Background(), hostsSnapshot("new", 300), nil)
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
	s, mnt := tmpfsStore(t, "3m")

	start := time.Now()
	err := s.Replace(context.Background(), hostsSnapshot("new", 20000), nil)
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

// hostItems are the hosts of snap as items to update.
func hostItems(snap *model.Snapshot) []model.Item {
	var items []model.Item
	for _, h := range snap.Inventories[0].Hosts {
		items = append(items, h)
	}
	return items
}

// A disk that is full when a live update is to be written: the update
// ends with an error naming the path and ENOSPC, the index stays as it
// was, and the next update once there is room applies and writes it.
func TestDiskFullDuringUpdate(t *testing.T) {
	s, dir, disk := faultyStore(t)
	ctx := context.Background()

	disk.arm(genPrefix + "000001")
	next := hostsSnapshot("new", 300)
	_, _, err := s.Update(ctx, next, hostItems(next), []string{"hosts.ini"})
	if !errors.Is(err, syscall.ENOSPC) || len(disk.writes) == 0 || !strings.Contains(err.Error(), disk.writes[0]) {
		t.Errorf("Update on a full disk: %v; want ENOSPC and the path, one of %q", err, disk.writes)
	}
	if old, new := liveHosts(t, s, "old"), liveHosts(t, s, "new"); old != 300 || new != 0 {
		t.Errorf("served after the failed update: %d old hosts, %d new", old, new)
	}

	disk.arm("")
	if _, _, err := s.Update(ctx, next, hostItems(next), []string{"hosts.ini"}); err != nil {
		t.Fatalf("Update once there is room: %v", err)
	}
	if old, new := liveHosts(t, s, "old"), liveHosts(t, s, "new"); old != 0 || new != 300 {
		t.Errorf("served after the update: %d old hosts, %d new", old, new)
	}
	s.Close()
	if new := liveHosts(t, openStore(t, dir), "new"); new != 300 {
		t.Errorf("after a restart: %d new hosts; want the update on disk", new)
	}
}

// The same on a real full disk, a small tmpfs (which needs root): bleve
// applies the batch in memory and writes it behind, so the update is
// served, ends with an UnsavedError naming the disk, and scorch does not
// spin trying again; once there is room it writes it, and the next
// update ends well.
func TestDiskFullDuringUpdateOnTmpfs(t *testing.T) {
	s, mnt := tmpfsStore(t, "4m")
	filler := fillDisk(t, mnt)
	ctx := context.Background()

	next := hostsSnapshot("new", 2000)
	start := time.Now()
	_, _, err := s.Update(ctx, next, hostItems(next), []string{"hosts.ini"})
	var unsaved *UnsavedError
	if !errors.As(err, &unsaved) || !strings.Contains(err.Error(), "no space left on device") || !strings.Contains(err.Error(), mnt) {
		t.Fatalf("Update on a full disk: %v; want an UnsavedError with ENOSPC and the path", err)
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("the update took %v", d)
	}
	if new := liveHosts(t, s, "new"); new != 2000 {
		t.Errorf("served: %d new hosts; want the change served from memory", new)
	}
	tries := func() uint64 {
		gens, err := s.acquire("acme")
		if err != nil {
			t.Fatal(err)
		}
		defer releaseAll(gens)
		stats, _ := gens[0].index.StatsMap()["index"].(map[string]any)
		n, _ := stats["TotPersistLoopErr"].(uint64)
		return n
	}
	before := tries()
	time.Sleep(3 * time.Second)
	n := tries() - before
	t.Logf("scorch tried %d times in 3s to write to the full disk", n)
	if n > 6 {
		t.Errorf("scorch tried %d times in 3s to write to the full disk; want a pause between tries", n)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	next.Inventories[0].Hosts[0].Purpose = "the okapi gateway"
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, _, err = s.Update(ctx, next, hostItems(next), []string{"hosts.ini"})
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("Update once there is room: %v", err)
	}
	s.Close()
	s2 := openStore(t, mnt)
	res, err := s2.Search(ctx, Query{Text: "okapi"})
	if err != nil || res.Total != 1 || liveHosts(t, s2, "new") != 2000 {
		t.Errorf("after a restart: okapi %v (%v), %d new hosts, %d old; want both updates on disk", res.Total, err, liveHosts(t, s2, "new"), liveHosts(t, s2, "old"))
	}
}

// tmpfsStore is a store on a new tmpfs of size, serving 100 hosts named
// old-N, and the tmpfs; it skips the test when no tmpfs can be mounted.
func tmpfsStore(t *testing.T, size string) (*Store, string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", mnt).Run() })
	s, err := Open(mnt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	replace(t, s, hostsSnapshot("old", 100))
	return s, mnt
}

// fillDisk writes a file into dir until the disk is full, and returns it.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "filler")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return p
		}
	}
}
