package repo

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// An inventory split over numbered files in inventory/ (as ansible -i
// inventory/ reads it) is one source, not its files one by one; an
// inventory/ of environments stays one source per environment.
func TestScanSplitInventoryDir(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "inventory/10-custom"), "[managers]\nmgr\n\n[nodes]\nnode-0\n")
	write(t, filepath.Join(root, "inventory/20-roles"), "[compute:children]\nnodes\n")
	write(t, filepath.Join(root, "inventory/hosts.ini"), "[old]\nx\n") // ignored by ansible inside a directory
	write(t, filepath.Join(root, "inventory/group_vars/all.yml"), "proxy: http://mgr:3128\n")
	write(t, filepath.Join(root, "site/inventory/production/hosts"), "[web]\nw1\n")
	write(t, filepath.Join(root, "site/inventory/README"), "environments\n")
	res, err := Scan(context.Background(), root, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	want := []File{
		{Path: "inventory", Kind: KindInventory, Why: "inventory/ directory"},
		{Path: "site/inventory/production", Kind: KindInventory, Why: "inventory/*/ directory"},
	}
	if !slices.Equal(foundOnly(res.Sources), want) {
		t.Errorf("sources:\n got %v\nwant %v", res.Sources, want)
	}
}
