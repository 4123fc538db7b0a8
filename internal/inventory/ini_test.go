package inventory

import (
	"reflect"
	"testing"

	"handover/internal/model"
)

func TestINI(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		check func(t *testing.T, inv *model.Inventory)
	}{
		{
			name: "sections, children and reconcile",
			text: "loose1\n[all]\nonly_all\n[web]\nw1\n[app:children]\nweb\n[orphan]\n",
			check: func(t *testing.T, inv *model.Inventory) {
				wantNoErrors(t, inv)
				if got := findGroup(t, inv, "all").Children; !reflect.DeepEqual(got, []string{"ungrouped", "app", "orphan"}) {
					t.Errorf("all children = %q", got)
				}
				if got := findGroup(t, inv, "ungrouped").Hosts; !reflect.DeepEqual(got, []string{"loose1", "only_all"}) {
					t.Errorf("ungrouped hosts = %q", got)
				}
				w1 := findHost(t, inv, "w1")
				if !reflect.DeepEqual(w1.DirectGroups, []string{"web"}) || !reflect.DeepEqual(w1.Groups, []string{"app", "web"}) {
					t.Errorf("w1 groups = %q / %q", w1.DirectGroups, w1.Groups)
				}
				if g := findGroup(t, inv, "web"); g.Depth != 2 || !reflect.DeepEqual(g.Parents, []string{"app"}) {
					t.Errorf("web depth %d parents %q", g.Depth, g.Parents)
				}
			},
		},
		{
			name: "a host in a group leaves ungrouped",
			text: "h1\n[web]\nh1\n",
			check: func(t *testing.T, inv *model.Inventory) {
				if got := findGroup(t, inv, "ungrouped").Hosts; len(got) != 0 {
					t.Errorf("ungrouped hosts = %q", got)
				}
				if got := findHost(t, inv, "h1").DirectGroups; !reflect.DeepEqual(got, []string{"web"}) {
					t.Errorf("h1 direct groups = %q", got)
				}
			},
		},
		{
			name: "duplicate host: last value per var wins, first port sticks",
			text: "[a]\nh1:2200 x=1 y=1\n[b]\nh1:2300 y=2\nh1 z=[1,2]\n",
			check: func(t *testing.T, inv *model.Inventory) {
				h := findHost(t, inv, "h1")
				wantVars(t, h, map[string]any{"x": int64(1), "y": int64(2), "z": []any{int64(1), int64(2)}, "ansible_port": int64(2200)})
				if h.Source.Line != 2 {
					t.Errorf("source line %d, want the first declaration (2)", h.Source.Line)
				}
			},
		},
		{
			name: "inline vars: literal_eval and shlex quoting",
			text: `[web]
w1 port=8080 hex=0x1F flag=True none=None f=1.5 s="two words" q="'0123'" l="[1, 'a']" d="{'k': (1, 2)}" p=/usr/bin/python3 c=x#comment
`,
			check: func(t *testing.T, inv *model.Inventory) {
				wantVars(t, findHost(t, inv, "w1"), map[string]any{
					"port": int64(8080), "hex": int64(31), "flag": true, "none": nil, "f": 1.5,
					"s": "two words", "q": "0123", "l": []any{int64(1), "a"},
					"d": map[string]any{"k": []any{int64(1), int64(2)}}, "p": "/usr/bin/python3", "c": "x",
				})
			},
		},
		{
			name: "group vars: split at the first '=', stripped, literal_eval",
			text: "[web]\nw1\n[web:vars]\na = 1\nb=x=y\nc = 'quoted'  \nd = False\ne =\n",
			check: func(t *testing.T, inv *model.Inventory) {
				wantVars(t, findHost(t, inv, "w1"), map[string]any{"a": int64(1), "b": "x=y", "c": "quoted", "d": false, "e": ""})
			},
		},
		{
			name: "precedence: all, then groups by depth, priority, name, then the host",
			text: `[a]
h1
[b]
h1
[c]
h1
[deep:children]
c
[a:vars]
v=a
ansible_group_priority=10
[b:vars]
v=b
w=b
[c:vars]
v=c
[deep:vars]
w=deep
[all:vars]
v=all
x=all
`,
			check: func(t *testing.T, inv *model.Inventory) {
				// depth 1: b (prio 1), deep (prio 1), a (prio 10); depth 2: c
				wantVars(t, findHost(t, inv, "h1"), map[string]any{"v": "c", "w": "deep", "x": "all", "ansible_group_priority": absent})
				if g := findGroup(t, inv, "a"); g.Priority != 10 {
					t.Errorf("a priority %d", g.Priority)
				}
			},
		},
		{
			name: "ports and addresses",
			text: "[net]\n10.0.0.5\n10.0.0.6:2222\n[::1]:2201\nweb1.example.com:22 ansible_port=23\nbad_:22\n",
			check: func(t *testing.T, inv *model.Inventory) {
				wantVars(t, findHost(t, inv, "10.0.0.5"), map[string]any{"ansible_port": absent})
				wantVars(t, findHost(t, inv, "10.0.0.6"), map[string]any{"ansible_port": int64(2222)})
				wantVars(t, findHost(t, inv, "::1"), map[string]any{"ansible_port": int64(2201)})
				wantVars(t, findHost(t, inv, "web1.example.com"), map[string]any{"ansible_port": int64(23)})
				findHost(t, inv, "bad_:22") // not an address: ansible keeps the text as the name
			},
		},
		{
			name: "ranges share the purpose comment",
			text: "[web]\n# Frontends\nweb[01:03] tier=front\ndb-[a:b]\n",
			check: func(t *testing.T, inv *model.Inventory) {
				for _, n := range []string{"web01", "web02", "web03"} {
					h := findHost(t, inv, n)
					if h.Purpose != "Frontends" || h.PurposeSource.Line != 2 {
						t.Errorf("%s purpose %q at %d", n, h.Purpose, h.PurposeSource.Line)
					}
					wantVars(t, h, map[string]any{"tier": "front"})
				}
				findHost(t, inv, "db-a")
				findHost(t, inv, "db-b")
			},
		},
		{
			name: "pending children are resolved when declared later",
			text: "[prod:children]\nprod_web\n[prod_web:children]\nprod_web_eu\n[prod_web_eu]\nw1\n[prod_db:vars]\nengine=pg\n[prod_db]\nd1\n",
			check: func(t *testing.T, inv *model.Inventory) {
				wantNoErrors(t, inv)
				if got := findHost(t, inv, "w1").Groups; !reflect.DeepEqual(got, []string{"prod", "prod_web", "prod_web_eu"}) {
					t.Errorf("w1 groups %q", got)
				}
				if g := findGroup(t, inv, "prod_db"); g.Source.Line != 9 {
					t.Errorf("prod_db declared at %d, want its [prod_db] header (9)", g.Source.Line)
				}
				wantVars(t, findHost(t, inv, "d1"), map[string]any{"engine": "pg"})
			},
		},
		{
			name: "a host var for a host named like a group lands on the group",
			text: "[prod:children]\nweb\n[web]\nw1\n[misc]\nprod color=red\n",
			check: func(t *testing.T, inv *model.Inventory) {
				wantVars(t, findHost(t, inv, "prod"), map[string]any{"color": absent})
				wantVars(t, findHost(t, inv, "w1"), map[string]any{"color": "red"})
				wantProblem(t, inv, model.SeverityWarning, "hosts", 6, "Found both group and host with same name: prod")
			},
		},
		{
			name: "errors with ansible's wording, and the rest is kept",
			text: "[web]\nw1\n[parent:children]\nmissing\n[ghost:vars]\nx=1\n[web:foo]\nz\n[bad name]\nb1\n[db]\nd1 user root\nd2 a=\"open\n[db:vars]\nnovalue\n[kids:children]\nbad name\nweb\n[r]\nweb[1:2:3:4]\nweb:\n---\n",
			check: func(t *testing.T, inv *model.Inventory) {
				wantProblem(t, inv, model.SeverityError, "hosts", 4, "Section [parent:children] includes undefined group: missing")
				wantProblem(t, inv, model.SeverityError, "hosts", 5, "Section [ghost:vars] not valid for undefined group: ghost")
				wantProblem(t, inv, model.SeverityError, "hosts", 7, "Section [web:foo] has unknown type: foo")
				wantProblem(t, inv, model.SeverityError, "hosts", 9, "Invalid section entry: '[bad name]'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters")
				wantProblem(t, inv, model.SeverityError, "hosts", 12, "Expected key=value host variable assignment, got: user")
				wantProblem(t, inv, model.SeverityError, "hosts", 13, `Error parsing host definition 'd2 a="open': No closing quotation`)
				wantProblem(t, inv, model.SeverityError, "hosts", 15, "Expected key=value, got: novalue")
				wantProblem(t, inv, model.SeverityError, "hosts", 17, "Expected group name, got: bad name")
				wantProblem(t, inv, model.SeverityError, "hosts", 20, "host range must be begin:end or begin:end:step")
				wantProblem(t, inv, model.SeverityError, "hosts", 21, "Invalid host pattern 'web:' supplied, ending in ':' is not allowed")
				wantProblem(t, inv, model.SeverityError, "hosts", 22, "Invalid host pattern '---' supplied, '---' is normally a sign this is a YAML file.")
				// What could be read is still there.
				findHost(t, inv, "w1")
				findHost(t, inv, "b1") // under the invalid header: kept, in no group
				if got := findGroup(t, inv, "kids").Children; !reflect.DeepEqual(got, []string{"web"}) {
					t.Errorf("kids children %q", got)
				}
			},
		},
		{
			name: "a dependency loop is refused",
			text: "[a:children]\nb\n[b:children]\na\n",
			check: func(t *testing.T, inv *model.Inventory) {
				wantProblem(t, inv, model.SeverityError, "hosts", 4, "Adding group 'a' as child to 'b' creates a recursive dependency loop.")
			},
		},
		{
			name: "bad ansible_group_priority",
			text: "[a]\nh\n[a:vars]\nansible_group_priority=high\n",
			check: func(t *testing.T, inv *model.Inventory) {
				wantProblem(t, inv, model.SeverityError, "hosts", 4, "invalid literal for int() with base 10: 'high'")
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.check(t, loadFiles(t, "hosts", map[string]string{"hosts": c.text}))
		})
	}
}

func TestINIComments(t *testing.T) {
	const text = `# Inventory of the office.

# Web tier: nginx in front of the shop
[web]
# Primary frontend
# (the one in rack 3)
web1
#web2
# web3 ansible_host=10.0.0.3
# Secondary frontend
web4 # trailing comments are not purposes

; Old boxes, being retired
old1
# 10.0.0.7
old2

# Databases
[db]
db1

# Commented-out group:
#[old]
#old9

[db:children]
# Replicas in the other room
replicas

# The replicas
[replicas]
r1
`
	inv := loadFiles(t, "hosts", map[string]string{"hosts": text})
	wantNoErrors(t, inv)
	for _, c := range []struct {
		host, purpose string
		line          int
	}{
		{"web1", "Primary frontend\n(the one in rack 3)", 5},
		{"web4", "Secondary frontend", 10},
		{"old1", "Old boxes, being retired", 13},
		{"old2", "", 0},
		{"db1", "", 0},
		{"r1", "", 0},
	} {
		h := findHost(t, inv, c.host)
		if h.Purpose != c.purpose || h.PurposeSource.Line != c.line {
			t.Errorf("%s purpose = %q at %d, want %q at %d", c.host, h.Purpose, h.PurposeSource.Line, c.purpose, c.line)
		}
	}
	for _, c := range []struct{ group, comment string }{
		{"web", "Web tier: nginx in front of the shop"},
		{"db", "Databases"},
		{"replicas", "The replicas"},
	} {
		if g := findGroup(t, inv, c.group); g.Comment != c.comment {
			t.Errorf("group %s comment = %q, want %q", c.group, g.Comment, c.comment)
		}
	}
	for _, name := range []string{"web2", "web3", "old9", "10.0.0.7"} {
		for _, h := range inv.Hosts {
			if h.Name == name {
				t.Errorf("commented-out host %s became a host", name)
			}
		}
	}
	for _, g := range inv.Groups {
		if g.Name == "old" {
			t.Error("commented-out group old became a group")
		}
	}
}

func TestINIChildComment(t *testing.T) {
	// A comment above a child line describes the child group, unless its
	// own header has one.
	inv := loadFiles(t, "hosts", map[string]string{"hosts": "[all:children]\n# AWS account 1234\nprod_aws\n# ignored\nprod_gcp\n[prod_aws]\na1\n# GCP project x\n[prod_gcp]\ng1\n"})
	if g := findGroup(t, inv, "prod_aws"); g.Comment != "AWS account 1234" {
		t.Errorf("prod_aws comment %q", g.Comment)
	}
	if g := findGroup(t, inv, "prod_gcp"); g.Comment != "GCP project x" {
		t.Errorf("prod_gcp comment %q", g.Comment)
	}
}

func TestCommentedOutCode(t *testing.T) {
	for _, c := range []struct {
		text string
		code bool
	}{
		{"web3", true},
		{"10.0.0.7", true},
		{"10.0.0.7 ansible_user=x", true},
		{"db-master", true},
		{"web[01:09]", true},
		{"[old]", true},
		{"[web:children]", true},
		{"[web:vars] # note", true},
		{"ansible_user=root", true},
		{"http_port = 80", true},
		{"web3:", true},
		{"ansible_host: 10.0.0.5", true},
		{"hosts:", true},
		{"Frontend", false},
		{"TODO", false},
		{"Note:", false},
		{"Note: this box is special", false},
		{"e.g.", false},
		{"A nodeJS instance for frontend with SSR", false},
		{"Jenkins Slave1 that is used to build some stuff", false},
		{"[DEPRECATED] do not use", false},
		{"- item", false},
		{"x == y is a comparison", false},
		{"", false},
	} {
		if got := isCommentedOutCode(c.text); got != c.code {
			t.Errorf("isCommentedOutCode(%q) = %v, want %v", c.text, got, c.code)
		}
	}
}
