package inventory

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"handover/internal/model"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from what Load returns")

// A repository as clients have them: two environments' inventories side by
// side, the same host names in both, hosts by IP, comments everywhere.
var messyRepo = map[string]string{
	"inventories/prod/hosts": `# Production. Ask ops before editing.

# Frontends behind the ELB
[web]
# Main shop frontend
web1 ansible_host=10.0.1.10
#web2 ansible_host=10.0.1.11
10.0.1.12

# Legacy
#[old]
#old1

[web:vars]
http_port=80
`,
	"inventories/prod/group_vars/web.yml": "tls: true\n",
	"inventories/staging/hosts": `[web]
# Staging copy of the shop
web1 ansible_host=10.9.1.10
`,
	"inventories/staging/group_vars/all.yml":   "env: staging\n",
	"inventories/dynamic/aws_ec2.yml":          "plugin: amazon.aws.aws_ec2\n",
	"inventories/dir/10-web":                   "[web]\nw1\n",
	"inventories/dir/20-db.yml":                "db:\n  hosts:\n    d1:\n",
	"inventories/dir/30-old.ini":               "[old]\no1\n",
	"inventories/dir/README.md":                "# not an inventory\n",
	"inventories/dir/sub/40-cache":             "[cache]\nc1\n",
	"inventories/dir/sub/group_vars/cache.yml": "never: read\n",
	"inventories/dir/group_vars/web.yml":       "from_dir: true\n",
	"inventories/empty/.keep":                  "",
}

func TestMessyRepo(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, messyRepo)
	script := filepath.Join(root, "inventories/dir/50-script.py")
	if err := os.WriteFile(script, []byte("#!/usr/bin/env python3\nprint('{}')\n"), 0o755); err != nil {
		t.Fatal(err)
	}

	prod, err := Load(root, "inventories/prod/hosts")
	if err != nil {
		t.Fatal(err)
	}
	staging, err := Load(root, "inventories/staging/hosts")
	if err != nil {
		t.Fatal(err)
	}
	wantNoErrors(t, prod)
	wantNoErrors(t, staging)
	// The same name in two inventories is two hosts.
	p1, s1 := findHost(t, prod, "web1"), findHost(t, staging, "web1")
	if p1.Inventory != "inventories/prod/hosts" || s1.Inventory != "inventories/staging/hosts" {
		t.Errorf("inventories %q %q", p1.Inventory, s1.Inventory)
	}
	if p1.Source != (model.Source{Path: "inventories/prod/hosts", Line: 6}) {
		t.Errorf("prod web1 source %v", p1.Source)
	}
	if p1.Purpose != "Main shop frontend" || s1.Purpose != "Staging copy of the shop" {
		t.Errorf("purposes %q %q", p1.Purpose, s1.Purpose)
	}
	wantVars(t, p1, map[string]any{"ansible_host": "10.0.1.10", "tls": true, "http_port": int64(80), "env": absent})
	wantVars(t, s1, map[string]any{"ansible_host": "10.9.1.10", "tls": absent, "env": "staging"})
	if s1.Env != "staging" {
		t.Errorf("staging web1 env %q (from the env var)", s1.Env)
	}
	if got := hostNamesOf(prod); !reflect.DeepEqual(got, []string{"web1", "10.0.1.12"}) {
		t.Errorf("prod hosts %q", got)
	}
	if g := findGroup(t, prod, "web"); g.Comment != "Frontends behind the ELB" {
		t.Errorf("web comment %q", g.Comment)
	}
	if prod.Path != "inventories/prod/hosts" {
		t.Errorf("path %q", prod.Path)
	}

	dir, err := Load(root, "inventories/dir")
	if err != nil {
		t.Fatal(err)
	}
	wantNoErrors(t, dir)
	if got := hostNamesOf(dir); !reflect.DeepEqual(got, []string{"w1", "d1", "c1"}) {
		t.Errorf("dir hosts %q", got)
	}
	if s := findHost(t, dir, "d1").Source; s != (model.Source{Path: "inventories/dir/20-db.yml", Line: 3}) {
		t.Errorf("d1 source %v", s)
	}
	wantVars(t, findHost(t, dir, "w1"), map[string]any{"from_dir": true})
	wantVars(t, findHost(t, dir, "c1"), map[string]any{"never": absent})
	wantProblem(t, dir, model.SeverityWarning, "inventories/dir/30-old.ini", 0, "ansible ignores *.ini files inside an inventory directory")
	wantProblem(t, dir, model.SeverityWarning, "inventories/dir/50-script.py", 0, "executable inventory script")

	dyn, err := Load(root, "inventories/dynamic/aws_ec2.yml")
	if err != nil {
		t.Fatal(err)
	}
	wantProblem(t, dyn, model.SeverityWarning, "inventories/dynamic/aws_ec2.yml", 1, "dynamic inventory")

	empty, err := Load(root, "inventories/empty")
	if err != nil {
		t.Fatal(err)
	}
	wantProblem(t, empty, model.SeverityWarning, "inventories/empty", 0, "no inventory file found")

	if _, err := Load(root, "inventories/missing"); err == nil {
		t.Error("Load of a missing source: no error")
	}
}

// TestGolden pins the whole of Load's result for a few inventories,
// including what ansible does not check: purposes, comments, env/cloud.
// Run with -update to rewrite testdata/golden after a deliberate change.
func TestGolden(t *testing.T) {
	for _, source := range []string{
		"seed/inventory-before.ini",
		"seed/inventory-after.ini",
		"ini-messy/hosts",
		"ini-basic/hosts.ini",
		"yaml-basic/inventory.yml",
		"yaml-groupvars/hosts.yaml",
	} {
		t.Run(source, func(t *testing.T) {
			inv, err := Load("testdata/oracle", source)
			if err != nil {
				t.Fatal(err)
			}
			// The golden files pin each host's effective variables, however
			// Load splits them between Vars and InheritedVars.
			for _, h := range inv.Hosts {
				h.Vars, h.InheritedVars = h.EffectiveVars(), nil
			}
			got, err := json.MarshalIndent(inv, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata/golden", strings.NewReplacer("/", "__").Replace(source)+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Load(%s) differs from %s (run with -update and review the diff)", source, golden)
			}
		})
	}
}
