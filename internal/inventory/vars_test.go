package inventory

import (
	"strings"
	"testing"

	"handover/internal/model"
)

func TestGroupVarsFiles(t *testing.T) {
	inv := loadFiles(t, "inv/hosts", map[string]string{
		"inv/hosts": "[web]\nw1\n[db]\nd1\n[cache]\nc1\n[queue]\nq1\n",
		// NAME without extension comes before NAME.yml.
		"inv/group_vars/web":        "src: noext\n",
		"inv/group_vars/web.yml":    "src: yml\nshadowed: true\n",
		"inv/group_vars/cache.yaml": "src: yaml\n",
		"inv/group_vars/cache.json": `{"src": "json"}`,
		"inv/group_vars/queue.json": `{"src": "json", "n": 1, "f": 1.0, "big": 1e3, "l": [1, "a", null], "o": {"k": true}}`,
		// A directory: files sorted, recursively, hidden and backup files
		// and other extensions skipped, later files winning.
		"inv/group_vars/db/01-base.yml":      "port: 5432\nengine: postgres\n",
		"inv/group_vars/db/02-more.yaml":     "port: 5433\n",
		"inv/group_vars/db/sub/03.json":      `{"port": 6000, "nested": true}`,
		"inv/group_vars/db/noext":            "port: 7000\nnoext: true\n",
		"inv/group_vars/db/.hidden.yml":      "hidden: true\n",
		"inv/group_vars/db/backup.yml~":      "backup: true\n",
		"inv/group_vars/db/notes.txt":        "notes: true\n",
		"inv/group_vars/db/sub.d/04.yml":     "dotted_dir: true\n",
		"inv/group_vars/db/empty.yml":        "",
		"inv/group_vars/db/only-comment.yml": "# nothing here\n",
	})
	wantNoErrors(t, inv)
	wantVars(t, findHost(t, inv, "w1"), map[string]any{"src": "noext", "shadowed": absent})
	wantVars(t, findHost(t, inv, "c1"), map[string]any{"src": "yaml"})
	wantVars(t, findHost(t, inv, "q1"), map[string]any{
		"src": "json", "n": int64(1), "f": 1.0, "big": 1000.0,
		"l": []any{int64(1), "a", nil}, "o": map[string]any{"k": true},
	})
	wantVars(t, findHost(t, inv, "d1"), map[string]any{
		"port": int64(6000), "engine": "postgres", "nested": true, "noext": true, // sub/ sorts after noext
		"hidden": absent, "backup": absent, "notes": absent, "dotted_dir": absent,
	})
}

func TestVarsFileProblems(t *testing.T) {
	inv := loadFiles(t, "hosts", map[string]string{
		"hosts":                "[web]\nw1\n[db]\nd1\n",
		"group_vars/web.yml":   "- a list\n- not vars\n",
		"group_vars/db.yml":    "$ANSIBLE_VAULT;1.1;AES256\n6162\n",
		"host_vars/w1.yml":     "bad: [\n",
		"host_vars/d1.yml":     "ok: 1\n",
		"host_vars/nobody.yml": "unused: 1\n",
	})
	wantProblem(t, inv, model.SeverityError, "group_vars/web.yml", 0, "expected a mapping of variables")
	wantProblem(t, inv, model.SeverityError, "group_vars/db.yml", 0, "ansible-vault")
	wantProblem(t, inv, model.SeverityError, "host_vars/w1.yml", 0, "")
	wantVars(t, findHost(t, inv, "d1"), map[string]any{"ok": int64(1)})

	inv = loadFiles(t, "hosts", map[string]string{"hosts": "h1\n", "group_vars": "not a directory\n"})
	wantProblem(t, inv, model.SeverityWarning, "group_vars", 0, "Found group_vars that is not a directory, skipping")
}

func TestPrecedence(t *testing.T) {
	inv := loadFiles(t, "hosts", map[string]string{
		"hosts": `[all:vars]
a=all-inline
b=all-inline
c=all-inline
d=all-inline
e=all-inline
f=all-inline
inventory_hostname=removed
[web]
w1 e=host-inline f=host-inline
w2
[web:vars]
a=web-inline
b=web-inline
`,
		"group_vars/all.yml": "b: all-file\nc: all-file\nd: all-file\n",
		"group_vars/web.yml": "c: web-file\nnested: {x: 1}\n",
		"host_vars/w1.yml":   "f: host-file\nnested: {y: 2}\n",
	})
	wantNoErrors(t, inv)
	// group_vars/all beats inline group vars: file layers come after all
	// inline group layers in ansible's default VARIABLE_PRECEDENCE.
	wantVars(t, findHost(t, inv, "w1"), map[string]any{
		"a": "web-inline", "b": "all-file", "c": "web-file", "d": "all-file",
		"e": "host-inline", "f": "host-file",
		"nested":             map[string]any{"y": int64(2)}, // replaced, not merged
		"inventory_hostname": absent,
	})
	w2 := findHost(t, inv, "w2")
	wantVars(t, w2, map[string]any{"e": "all-inline", "f": "all-inline", "nested": map[string]any{"x": int64(1)}})
	for _, vars := range [][]model.Var{w2.Vars, w2.InheritedVars, w2.EffectiveVars()} {
		for i := 1; i < len(vars); i++ {
			if vars[i-1].Name >= vars[i].Name {
				t.Errorf("vars not sorted: %s before %s", vars[i-1].Name, vars[i].Name)
			}
		}
	}
	if got := varsOf(findGroup(t, inv, "web").Vars); got["a"] != "web-inline" || got["c"] != "web-file" {
		t.Errorf("web group vars %v", got)
	}
}

// TestVarsDirFilesLookup: a host with no host_vars file costs no
// allocation, a name that climbs out of the directory finds no file, and
// a file is found under each extension.
func TestVarsDirFilesLookup(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"host_vars/web01.yml":  "a: 1\n",
		"host_vars/db01":       "b: 2\n",
		"host_vars/x/main.yml": "c: 3\n",
		"elsewhere.yml":        "d: 4\n",
	})
	var problems []model.Problem
	v := openVarsDir(root, "host_vars", &problems)
	for name, want := range map[string]string{"web01": "host_vars/web01.yml", "db01": "host_vars/db01", "x": "host_vars/x/main.yml", "../elsewhere": "", "a/../../elsewhere": "", "nope": ""} {
		got := strings.Join(v.files(name), ",")
		if got != want {
			t.Errorf("files(%q) = %q, want %q", name, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { v.files("web99.example.com") }); n != 0 {
		t.Errorf("looking up a host without a file: %v allocations", n)
	}
}
