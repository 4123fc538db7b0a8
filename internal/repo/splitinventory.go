package repo

import (
	"os"
	"path"
	"strings"
)

// checkSplitInventoryDir makes a directory named inventory/ one source when
// it is an inventory split over several files (10-hosts, 20-roles, ...):
// ansible -i inventory/ reads them all as one, so a group defined in one
// file and used as a child in another is defined. It must hold readable
// files and group_vars/, host_vars/ or a hosts/inventory file beside them,
// and no other subdirectory: inventory/production/ and inventory/staging/
// are sources of their own (checkInventoryDir).
func (w *walker) checkSplitInventoryDir(rel, real string, entries []os.DirEntry) {
	if path.Base(rel) != "inventory" {
		return
	}
	readable, marked := 0, false
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		switch {
		case e.IsDir():
			if name != "group_vars" && name != "host_vars" {
				return
			}
			marked = true
		case e.Type().IsRegular() && !ansibleIgnoresInDir(name):
			readable++
			if inventoryDirMarkers[name] {
				marked = true
			}
		}
	}
	if readable == 0 || !marked {
		return
	}
	w.cands = append(w.cands, candidate{
		File: File{Path: rel, Kind: KindInventory, Why: "inventory/ directory"},
		real: real,
		dir:  true,
	})
}
