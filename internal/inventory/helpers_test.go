package inventory

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"handover/internal/model"
)

// writeFiles writes files, named slash-separated relative to root.
func writeFiles(tb testing.TB, root string, files map[string]string) {
	tb.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// loadFiles writes files under a temporary root and loads source from there.
func loadFiles(t *testing.T, source string, files map[string]string) *model.Inventory {
	t.Helper()
	root := t.TempDir()
	writeFiles(t, root, files)
	inv, err := Load(root, source)
	if err != nil {
		t.Fatalf("Load(%s): %v", source, err)
	}
	return inv
}

func findHost(t *testing.T, inv *model.Inventory, name string) *model.Host {
	t.Helper()
	for _, h := range inv.Hosts {
		if h.Name == name {
			return h
		}
	}
	t.Fatalf("no host %q; hosts: %q", name, hostNamesOf(inv))
	return nil
}

func findGroup(t *testing.T, inv *model.Inventory, name string) *model.Group {
	t.Helper()
	for _, g := range inv.Groups {
		if g.Name == name {
			return g
		}
	}
	t.Fatalf("no group %q", name)
	return nil
}

func hostNamesOf(inv *model.Inventory) []string {
	var out []string
	for _, h := range inv.Hosts {
		out = append(out, h.Name)
	}
	return out
}

func varsOf(vars []model.Var) map[string]any {
	m := map[string]any{}
	for _, v := range vars {
		m[v.Name] = v.Value
	}
	return m
}

// wantVars checks some of a host's effective variables.
func wantVars(t *testing.T, h *model.Host, want map[string]any) {
	t.Helper()
	got := varsOf(h.EffectiveVars())
	for k, w := range want {
		if g, ok := got[k]; !ok {
			if w != absent {
				t.Errorf("host %s: no var %s, want %#v", h.Name, k, w)
			}
		} else if w == absent {
			t.Errorf("host %s: var %s = %#v, want none", h.Name, k, g)
		} else if !reflect.DeepEqual(g, w) {
			t.Errorf("host %s: var %s = %#v, want %#v", h.Name, k, g, w)
		}
	}
}

// absent in wantVars means the variable must not be there.
var absent = &struct{ absent bool }{true}

// wantProblem checks that a problem with that severity, line and message
// (a substring) was recorded.
func wantProblem(t *testing.T, inv *model.Inventory, sev model.Severity, path string, line int, msg string) {
	t.Helper()
	for _, p := range inv.Problems {
		if p.Severity == sev && p.Source.Path == path && p.Source.Line == line && strings.Contains(p.Message, msg) {
			return
		}
	}
	t.Errorf("no %s at %s:%d containing %q; problems: %v", sev, path, line, msg, inv.Problems)
}

func wantNoErrors(t *testing.T, inv *model.Inventory) {
	t.Helper()
	for _, p := range inv.Problems {
		if p.Severity == model.SeverityError {
			t.Errorf("unexpected error: %v", p)
		}
	}
}
