package inventory

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"handover/internal/limits"
	"handover/internal/model"
)

// The fuzz targets read arbitrary bytes as ansible would be handed them:
// they must never panic, loop or go beyond the limits. Small limits keep
// each run fast; the bounds are what is checked.
var fuzzLimits = limits.Limits{RangeHosts: 500, InventoryHosts: 2000, YAMLAliasNodes: 5000, YAMLDepth: 50, LineBytes: 4096, FileProblems: 20}

// addOracleSeeds adds every file of testdata/oracle whose name has one of
// the extensions, plus the hostile shapes the limits exist for.
func addOracleSeeds(f *testing.F, exts ...string) {
	err := filepath.WalkDir("testdata/oracle", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, ext := range exts {
			if pyExt(d.Name()) == ext {
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				f.Add(b)
			}
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
}

// fuzzLoad reads data as the file name would be read, checks the bounds,
// and builds the inventory.
func fuzzLoad(t *testing.T, name string, data []byte) {
	text, _, ok := fuzzLimits.CheckText(name, data)
	if !ok {
		return
	}
	d := newInventoryData(model.Source{Path: name}, fuzzLimits)
	loadFile(d, name, text, 0o644)
	d.reconcile()
	inv := d.build("", name, nil, nil) // no vars directories: nothing is read from disk
	if len(inv.Hosts) > fuzzLimits.InventoryHosts {
		t.Fatalf("%d hosts, more than the limit %d", len(inv.Hosts), fuzzLimits.InventoryHosts)
	}
	d.summarizeProblems()
	if len(d.problems) > 2*fuzzLimits.FileProblems {
		t.Fatalf("%d problems for one file", len(d.problems))
	}
}

func FuzzINIInventory(f *testing.F) {
	addOracleSeeds(f, ".ini", "")
	for _, s := range []string{
		"[web]\nweb[01:20].example.com ansible_port=2222\n[web:vars]\nx=1\n[all:children]\nweb\n",
		"rh[0000000:1048575]\nrh[a:z][0:99]\n",
		"[a]\nh ansible_host='x y' k=\"v\" # c\n[a:children]\nb\n[b:vars]\nz=[1,2]\n",
		"web\x00\n", "[\xff]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLoad(t, "hosts", data) })
}

func FuzzYAMLInventory(f *testing.F) {
	addOracleSeeds(f, ".yml", ".yaml", ".json")
	for _, s := range []string{
		"all:\n  hosts:\n    web1:\n      x: 1\n  children:\n    db:\n      hosts:\n        db[1:3]:\n",
		"a: &a [x, x]\nb: &b [*a, *a]\nall:\n  vars:\n    v: *b\n",
		"x: &x [1, *x]\n",
		"all:\n  hosts:\n    web1: &h {a: 1}\n    web2:\n      <<: *h\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzLoad(t, "hosts.yml", data)
		if vars, err := parseVarsFile(data, fuzzLimits); err == nil {
			_ = formatValue(vars) // what the index does with them
		}
	})
}

func FuzzHostRange(f *testing.F) {
	for _, s := range []string{
		"web[01:20].example.com", "db[a:f]", "h[0:10:2]x[1:3]:2222", "[::1]:22", "rh[0000000:1048575]",
		"x[1:3", "x[-5:5]", "x[1_0:2_0]", "web[01:3]", "h[z:a]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		names, _, err := expandHostPattern(nil, pattern, fuzzLimits.RangeHosts)
		if err == nil && len(names) > fuzzLimits.RangeHosts {
			t.Fatalf("%q gave %d names, more than %d", pattern, len(names), fuzzLimits.RangeHosts)
		}
	})
}
