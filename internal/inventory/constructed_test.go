package inventory

import (
	"testing"

	"handover/internal/model"
)

// What handover does not evaluate is reported at its line and applied to
// no host; the rest of the file still is.
func TestConstructedUnsupported(t *testing.T) {
	inv := loadFiles(t, "inventory", map[string]string{
		"inventory/01-hosts": "[web]\nweb01 env=prod\nweb02 env=dev\n",
		"inventory/50-constructed.yml": `plugin: constructed
groups:
  production: env == 'prod'
  from_lookup: lookup('env', 'HOME') == '/root'
  selected: "groups['web'] | select('match', 'web') | list"
compose:
  home: "{{ ansible_env.HOME }}"
keyed_groups:
  - key: env
    prefix: env
`,
	})
	wantProblem(t, inv, model.SeverityWarning, "inventory/50-constructed.yml", 4, "constructed: from_lookup")
	wantProblem(t, inv, model.SeverityWarning, "inventory/50-constructed.yml", 5, "constructed: selected")
	wantProblem(t, inv, model.SeverityWarning, "inventory/50-constructed.yml", 7, "constructed: home")
	if g := findGroup(t, inv, "production"); len(g.Hosts) != 1 || g.Hosts[0] != "web01" {
		t.Errorf("production = %v, want web01", g.Hosts)
	}
	if g := findGroup(t, inv, "env_dev"); len(g.Hosts) != 1 || g.Hosts[0] != "web02" {
		t.Errorf("env_dev = %v, want web02", g.Hosts)
	}
	for _, g := range inv.Groups {
		if g.Name == "from_lookup" || g.Name == "selected" {
			t.Errorf("group %s made from an expression handover does not evaluate", g.Name)
		}
	}
}

// A keyed group whose key is a bool stops ansible's plugin at that host:
// the hosts before it keep their groups, the rest get none.
func TestConstructedKeyTypeStops(t *testing.T) {
	inv := loadFiles(t, "inventory", map[string]string{
		"inventory/01-hosts":           "[web]\nweb01 env=prod\nweb02 env=dev\n",
		"inventory/50-constructed.yml": "plugin: constructed\nkeyed_groups:\n  - key: env\n    prefix: env\n  - key: env == 'prod'\n    prefix: flag\n",
	})
	wantProblem(t, inv, model.SeverityError, "inventory/50-constructed.yml", 5, "ansible stops this plugin at host web01")
	if g := findGroup(t, inv, "env_prod"); len(g.Hosts) != 1 {
		t.Errorf("env_prod = %v", g.Hosts)
	}
	for _, g := range inv.Groups {
		if g.Name == "env_dev" {
			t.Errorf("web02 was grouped after the plugin stopped")
		}
	}
}

func TestJinjaExpressions(t *testing.T) {
	vars := map[string]any{"env": "prod", "port": int64(8080), "tags": map[string]any{"Role": "web"}, "list": []any{"a", "b"}, "name": "web01.x"}
	for src, want := range map[string]any{
		"env == 'prod' and port > 1000":                      true,
		"'a' in list and 'c' not in list":                    true,
		"tags.Role ~ '-' ~ tags['Role']":                     "web-web",
		"missing | default('x') | upper":                     "X",
		"missing is defined or port is defined":              true,
		"name.startswith('web') and not name.endswith('.y')": true,
		"port + 1":                int64(8081),
		"'8080' | int":            int64(8080),
		"(1 + 2) ~ ''":            "3",
		"list[1]":                 "b",
		"-port < 0":               true,
		"'' | default('e', true)": "e",
	} {
		e, err := parseJinja(src)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		got, err := e.eval(vars)
		if err != nil || formatValue(got) != formatValue(want) {
			t.Errorf("%s = %v (%v), want %v", src, got, err, want)
		}
	}
	for _, src := range []string{"missing == 1", "port < 'a'", "missing.attr"} {
		e, err := parseJinja(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if _, err := e.eval(vars); err == nil {
			t.Errorf("%s evaluated; ansible fails it", src)
		}
	}
}
