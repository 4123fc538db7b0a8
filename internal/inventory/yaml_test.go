package inventory

import (
	"reflect"
	"testing"

	"handover/internal/model"
)

func TestYAMLInventory(t *testing.T) {
	const text = `# The shop
# Web servers and their friends
web:
  hosts:
    # Primary frontend
    web1:
      http_port: 8080
    # web9:

    # Canary
    web[02:03]:2222:
  vars:
    http_port: 80
    tls: on
db:
  hosts: db1
  children: replicas
staging:
  children:
    web:
  vars:
    env: staging
`
	inv := loadFiles(t, "inventory.yml", map[string]string{"inventory.yml": text})
	wantNoErrors(t, inv)
	web1 := findHost(t, inv, "web1")
	if web1.Purpose != "Primary frontend" || web1.PurposeSource.Line != 5 || web1.Source.Line != 6 {
		t.Errorf("web1 purpose %q at %d, source line %d", web1.Purpose, web1.PurposeSource.Line, web1.Source.Line)
	}
	wantVars(t, web1, map[string]any{"http_port": int64(8080), "tls": true, "env": "staging"})
	web2 := findHost(t, inv, "web02")
	if web2.Purpose != "Canary" {
		t.Errorf("web02 purpose %q", web2.Purpose)
	}
	wantVars(t, web2, map[string]any{"ansible_port": int64(2222), "http_port": int64(80)})
	findHost(t, inv, "web03")
	findHost(t, inv, "db1")
	if g := findGroup(t, inv, "db"); !reflect.DeepEqual(g.Children, []string{"replicas"}) || g.Source.Line != 15 {
		t.Errorf("db children %q line %d", g.Children, g.Source.Line)
	}
	if g := findGroup(t, inv, "web"); g.Comment != "The shop\nWeb servers and their friends" || !reflect.DeepEqual(g.Parents, []string{"staging"}) {
		t.Errorf("web comment %q parents %q", g.Comment, g.Parents)
	}
	if web1.Env != "staging" {
		t.Errorf("web1 env %q", web1.Env)
	}
	for _, h := range inv.Hosts {
		if h.Name == "web9" {
			t.Error("commented-out web9 became a host")
		}
	}
}

func TestYAMLInventoryProblems(t *testing.T) {
	cases := []struct {
		name, text string
		sev        model.Severity
		line       int
		msg        string
	}{
		{"hosts as a list", "all:\n  children:\n    web:\n      hosts:\n        - w1\n", model.SeverityError, 4,
			`Invalid "hosts" entry for "web" group, requires a dictionary, found "<class 'ansible.parsing.yaml.objects.AnsibleSequence'>" instead.`},
		{"host vars not a mapping", "web:\n  hosts:\n    w1: yes please\n", model.SeverityError, 3,
			"Invalid data from file, expected dictionary and got:\n\nyes please"},
		{"integer host pattern", "web:\n  hosts:\n    10:\n", model.SeverityError, 3,
			"Host pattern 10 must be a string. Enclose integers/floats in quotation marks."},
		{"unknown key", "web:\n  hosts:\n    w1:\n  extra:\n    a: 1\n", model.SeverityWarning, 4,
			`Skipping unexpected key (extra) in group (web), only "vars", "children" and "hosts" are valid`},
		{"scalar under a group", "web:\n  hosts:\n    w1:\n  note: hello\n", model.SeverityWarning, 4,
			"Skipping key (note) in group (web) as it is not a mapping, it is a <class 'ansible.parsing.yaml.objects.AnsibleUnicode'>"},
		{"group that is not a mapping", "web: [a, b]\nall:\n  hosts:\n    h:\n", model.SeverityWarning, 1,
			"Skipping 'web' as this is not a valid group definition"},
		{"bad range", "web:\n  hosts:\n    w[1:]:\n", model.SeverityError, 3, "host range must specify end value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inv := loadFiles(t, "inv.yml", map[string]string{"inv.yml": c.text})
			wantProblem(t, inv, c.sev, "inv.yml", c.line, c.msg)
		})
	}
}

func TestYAMLNotAnInventory(t *testing.T) {
	// A plugin configuration is a dynamic inventory: noted, not read.
	inv := loadFiles(t, "aws_ec2.yml", map[string]string{"aws_ec2.yml": "plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n"})
	wantProblem(t, inv, model.SeverityWarning, "aws_ec2.yml", 1, "inventory plugin amazon.aws.aws_ec2 (dynamic inventory)")
	if len(inv.Hosts) != 0 {
		t.Errorf("hosts %q", hostNamesOf(inv))
	}

	// A .yml file in INI format is read by the INI plugin, as ansible does.
	inv = loadFiles(t, "hosts.yml", map[string]string{"hosts.yml": "[web]\nw1 a=1\n"})
	wantNoErrors(t, inv)
	wantVars(t, findHost(t, inv, "w1"), map[string]any{"a": int64(1)})

	// Broken YAML that is not INI either is reported as YAML.
	inv = loadFiles(t, "broken.yml", map[string]string{"broken.yml": "all:\n  hosts:\n    w1:\n   bad: [\n"})
	if len(inv.Problems) == 0 || inv.Problems[0].Severity != model.SeverityError {
		t.Fatalf("problems %v", inv.Problems)
	}
	if len(inv.Hosts) != 0 {
		t.Errorf("hosts %q from a broken file", hostNamesOf(inv))
	}
}
