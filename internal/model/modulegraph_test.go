package model

import (
	"reflect"
	"testing"
)

func TestApplyOrder(t *testing.T) {
	root := func(dir string, on ...string) *ModuleDir {
		d := &ModuleDir{Dir: dir, Root: true}
		for _, o := range on {
			d.DependsOn = append(d.DependsOn, Dependency{Dir: o})
		}
		return d
	}
	tests := []struct {
		name   string
		dirs   []*ModuleDir
		waves  [][]string
		cyclic []string
	}{
		{"chain and a side branch", []*ModuleDir{root("app", "network", "dns"), root("network"), root("dns", "network"), root("audit"),
			{Dir: "modules/vm"}}, [][]string{{"audit", "network"}, {"dns"}, {"app"}}, nil},
		{"a dependency on a directory that is not a root is ignored", []*ModuleDir{root("app", "elsewhere")}, [][]string{{"app"}}, nil},
		{"a cycle is set apart", []*ModuleDir{root("a", "b"), root("b", "a"), root("c")}, [][]string{{"c"}}, []string{"a", "b"}},
	}
	for _, tt := range tests {
		waves, cyclic := ApplyOrder(tt.dirs)
		if !reflect.DeepEqual(waves, tt.waves) || !reflect.DeepEqual(cyclic, tt.cyclic) {
			t.Errorf("%s: got %v %v, want %v %v", tt.name, waves, cyclic, tt.waves, tt.cyclic)
		}
	}
}
