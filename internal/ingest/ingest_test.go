package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handover/internal/config"
	"handover/internal/model"
)

func hostsByInventory(snap *model.Snapshot) map[string][]*model.Host {
	out := map[string][]*model.Host{}
	for _, inv := range snap.Inventories {
		out[inv.Path] = append(out[inv.Path], inv.Hosts...)
	}
	return out
}

func find(hosts []*model.Host, name string) *model.Host {
	for _, h := range hosts {
		if h.Name == name {
			return h
		}
	}
	return nil
}

// The messy fixture has several inventories and no ansible.cfg, a legacy
// file with hosts named by IP and commented-out hosts, the same host name in
// unrelated inventories, a file ansible rejects, and files that merely look
// like inventories.
func TestSnapshotMessyRepo(t *testing.T) {
	snap, err := Snapshot(context.Background(), config.Repo{Name: "messy", Path: "testdata/messy"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	byInv := hostsByInventory(snap)
	var paths []string
	for _, inv := range snap.Inventories {
		paths = append(paths, inv.Path)
	}
	for _, want := range []string{"broken/inventory.ini", "legacy/hosts", "ops/aws.ini"} {
		if !slices.Contains(paths, want) {
			t.Errorf("inventory %s not found; got %v", want, paths)
		}
	}
	for _, p := range paths {
		if strings.Contains(p, "tox.ini") || strings.Contains(p, "docker-compose") || strings.Contains(p, "group_vars") {
			t.Errorf("%s taken for an inventory", p)
		}
	}

	// The same name in three inventories stays three hosts.
	var web1 []*model.Host
	for _, hosts := range byInv {
		if h := find(hosts, "web1"); h != nil {
			web1 = append(web1, h)
		}
	}
	if len(web1) != 3 {
		t.Fatalf("web1 found %d times, want 3 (production, staging, ops)", len(web1))
	}
	for _, h := range web1 {
		if h.Source.Repo != "messy" {
			t.Errorf("web1 in %s: repo %q not stamped", h.Inventory, h.Source.Repo)
		}
	}

	legacy := byInv["legacy/hosts"]
	if h := find(legacy, "192.168.10.6"); h == nil {
		t.Error("host named by IP with a port is missing")
	}
	for _, gone := range []string{"192.168.10.7", "old-box-01", "db-old-01"} {
		if find(legacy, gone) != nil {
			t.Errorf("commented-out host %s became active", gone)
		}
	}

	// Ansible rejects broken/inventory.ini; what could be read is still there
	// and the error names the file and line.
	if find(byInv["broken/inventory.ini"], "mon-01") == nil {
		t.Error("hosts of a rejected file were dropped")
	}
	var found bool
	for _, inv := range snap.Inventories {
		for _, p := range inv.Problems {
			if p.Source.Path == "broken/inventory.ini" && p.Source.Line == 3 && strings.Contains(p.Message, "logging") {
				found = true
			}
		}
	}
	if !found {
		t.Error("no problem reported at broken/inventory.ini:3 for the undefined child group")
	}
}

func TestSnapshotErrors(t *testing.T) {
	if _, err := Snapshot(context.Background(), config.Repo{Name: "gone", Path: filepath.Join(t.TempDir(), "nope")}, nil); err == nil {
		t.Error("missing repository: no error")
	}
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o644)
	if _, err := Snapshot(context.Background(), config.Repo{Name: "file", Path: f}, nil); err == nil {
		t.Error("repository that is a file: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Snapshot(ctx, config.Repo{Name: "messy", Path: "testdata/messy"}, nil); err == nil {
		t.Error("cancelled context: no error")
	}
}

// A repository of thousands of files that are none of our kinds is walked
// quickly and yields only its one inventory.
func TestSnapshotSkipsIrrelevantFiles(t *testing.T) {
	root := t.TempDir()
	for i := range 3000 {
		dir := filepath.Join(root, "src", fmt.Sprintf("pkg%02d", i%40))
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("file%d.go", i)), []byte("package x\n"), 0o644)
	}
	os.WriteFile(filepath.Join(root, "hosts"), []byte("[web]\nweb-01\n"), 0o644)
	snap, err := Snapshot(context.Background(), config.Repo{Name: "big", Path: root}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Inventories) != 1 || len(snap.Inventories[0].Hosts) != 1 {
		t.Fatalf("want one inventory with one host, got %+v", snap.Inventories)
	}
	if snap.Files < 3000 {
		t.Errorf("Files = %d, want the 3001 files walked", snap.Files)
	}
}
