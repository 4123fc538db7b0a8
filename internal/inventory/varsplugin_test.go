package inventory

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"handover/internal/limits"
	"handover/internal/model"
	"handover/internal/repo"
)

// varsPluginInventory has a variable (shared) set inline and in
// group_vars at every level, so that each way ansible.cfg has
// host_group_vars run gives web1 another value of it.
var varsPluginInventory = map[string]string{
	"inventory/hosts.ini": `[all:vars]
shared=all-inline

[web]
web1 own=host-inline hv=host-inline
web2

[web:vars]
shared=web-inline
gv_vs_inline=web-inline

[prod:children]
web

[prod:vars]
shared=prod-inline
`,
	"inventory/group_vars/all.yml":  "shared: all-file\nall_only: 1\ngv_vs_inline: all-file\n",
	"inventory/group_vars/prod.yml": "shared: prod-file\nprod_only: true\n",
	"inventory/host_vars/web1.yml":  "hv: host-file\n",
}

// TestOracleVarsPlugins reads the same inventory under the ansible.cfg
// settings that change how group_vars/ and host_vars/ are read, through
// the repository scan's ansible.cfg as ingest does, and checks every host
// and variable against ansible-inventory --list with that ansible.cfg.
func TestOracleVarsPlugins(t *testing.T) {
	requireAnsible(t)
	cases := []struct {
		name, cfg  string
		shared, hv any // web1's, as ansible gives them: nil when not set
		notRead    bool
	}{
		{"no ansible.cfg", "", "prod-file", "host-file", false},
		{"run_vars_plugins start", "[defaults]\nrun_vars_plugins = start\n", "prod-file", "host-file", false},
		{"run_vars_plugins demand", "[defaults]\nrun_vars_plugins = demand\n", "prod-file", "host-file", false},
		{"enabled by its full name", "[defaults]\nvars_plugins_enabled = ansible.builtin.host_group_vars\n", "prod-file", "host-file", false},
		{"enabled among others", "[defaults]\nvars_plugins_enabled = mine, host_group_vars\n", "prod-file", "host-file", false},
		{"not enabled", "[defaults]\nvars_plugins_enabled = mine\n", "web-inline", "host-inline", true},
		{"stage all", "[vars_host_group_vars]\nstage = all\n", "prod-file", "host-file", false},
		{"stage inventory", "[vars_host_group_vars]\nstage = inventory\n", "web-inline", "host-file", false},
		{"stage inventory, run start", "[defaults]\nrun_vars_plugins = start\n\n[vars_host_group_vars]\nstage = inventory\n", "web-inline", "host-file", false},
		{"stage task", "[vars_host_group_vars]\nstage = task\n", "web-inline", "host-inline", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			writeFiles(t, root, varsPluginInventory)
			cfg := scannedConfig(t, root, c.cfg)
			inv, err := LoadConfigured(root, "inventory/hosts.ini", limits.Limits{}, cfg)
			if err != nil {
				t.Fatal(err)
			}
			res := runAnsibleInventoryWith(t, filepath.Join(root, "inventory", "hosts.ini"), c.cfg)
			if res.failed {
				t.Fatalf("ansible-inventory failed:\n%s", res.stderr)
			}
			// ansible itself, so that a cfg it ignored cannot pass unseen.
			if got := res.hostvars["web1"]; fmt.Sprint(got["shared"]) != fmt.Sprint(c.shared) || fmt.Sprint(got["hv"]) != fmt.Sprint(c.hv) {
				t.Fatalf("ansible gives web1 shared=%v hv=%v, the case wants %v and %v", got["shared"], got["hv"], c.shared, c.hv)
			}
			compareWithAnsible(t, inv, res)
			var notRead []string
			for _, p := range inv.Problems {
				if strings.Contains(p.Message, "is not read: ansible.cfg sets") {
					notRead = append(notRead, p.Source.Path)
				} else {
					t.Errorf("problem %v", p)
				}
			}
			if want := c.notRead; want != (len(notRead) == 2) {
				t.Errorf("problems for directories not read: %v, want both: %v", notRead, want)
			}
		})
	}
}

// scannedConfig writes cfgText as root's ansible.cfg (none when empty) and
// returns the config the repository scan reads from it.
func scannedConfig(t *testing.T, root, cfgText string) *model.AnsibleConfig {
	t.Helper()
	if cfgText == "" {
		return nil
	}
	writeFiles(t, root, map[string]string{"ansible.cfg": cfgText})
	scan, err := repo.Scan(context.Background(), root, repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(scan.Configs) != 1 {
		t.Fatalf("scan found configs %v", scan.Configs)
	}
	return scan.Configs[0]
}
