package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handover/internal/config"
	"handover/internal/limits"
)

// writeBigInventory writes an INI inventory of n hosts, each with a
// purpose comment and a few variables, as a generator would: about 160
// bytes a host, 16 MB for 100,000.
func writeBigInventory(t testing.TB, dir string, n int) int64 {
	t.Helper()
	var b strings.Builder
	for g := range 10 {
		fmt.Fprintf(&b, "[shop_%d]\n", g)
		for i := g * n / 10; i < (g+1)*n/10; i++ {
			fmt.Fprintf(&b, "# web server %d of the shop's storefront and checkout\nweb%06d.prod.example.internal ansible_host=10.%d.%d.%d rack=r%03d tier=frontend\n",
				i, i, i>>16, i>>8&255, i&255, i%500)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "hosts.ini"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return int64(b.Len())
}

// TestSnapshot100kHostInventory: a generated inventory of 100,000 hosts,
// twice the old 8 MiB file cap, is read whole under the default limits.
func TestSnapshot100kHostInventory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 16 MB")
	}
	dir := t.TempDir()
	size := writeBigInventory(t, dir, 100_000)
	if size <= 8<<20 || size > limits.Default().InventoryBytes {
		t.Fatalf("inventory is %s; want over the old 8 MiB and within inventory-bytes", limits.Size(size))
	}
	snap, err := Snapshot(context.Background(), config.Repo{Name: "big", Path: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Inventories) != 1 || len(snap.Inventories[0].Hosts) != 100_000 {
		t.Fatalf("inventories %d; want one of 100000 hosts; problems %v", len(snap.Inventories), snap.AllProblems())
	}
	if p := snap.AllProblems(); len(p) > 0 {
		t.Errorf("problems: %v", p)
	}

	// A lower inventory-bytes refuses it, by name.
	snap, err = Snapshot(context.Background(), config.Repo{Name: "big", Path: dir, Limits: limits.Limits{InventoryBytes: 8 << 20}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Inventories) != 0 || !strings.Contains(fmt.Sprint(snap.AllProblems()), "inventory-bytes") {
		t.Errorf("with inventory-bytes = 8MiB: %d inventories, problems %v", len(snap.Inventories), snap.AllProblems())
	}
}
