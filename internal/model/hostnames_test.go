package model

import (
	"slices"
	"testing"
)

func TestHostAliases(t *testing.T) {
	tests := []struct {
		name string
		vars []Var
		want []string
	}{
		{"10.0.0.5", []Var{{Name: "hostname", Value: "mgr.example.org"}}, []string{"mgr.example.org", "mgr"}},
		{"web1", []Var{{Name: "ansible_host", Value: "10.0.0.1"}, {Name: "node_hostname", Value: "web1"}}, []string{"10.0.0.1"}},
		{"db", []Var{{Name: "fqdn", Value: "{{ inventory_hostname }}.x"}, {Name: "hostname", Value: int64(3)}}, nil},
		{"app", []Var{{Name: "ansible_hostname", Value: "facts-only"}, {Name: "owner", Value: "ops"}}, nil},
	}
	for _, tt := range tests {
		if got := HostAliases(&Host{Name: tt.name, Vars: tt.vars}); !slices.Equal(got, tt.want) {
			t.Errorf("HostAliases(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
