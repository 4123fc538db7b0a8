package model

import (
	"reflect"
	"testing"
)

// A host's own variables win over the inherited ones by name, and the
// merge keeps the order by name whichever list a name comes from.
func TestHostEffectiveVars(t *testing.T) {
	v := func(name string, value any) Var { return Var{Name: name, Value: value} }
	for _, tt := range []struct {
		name           string
		own, inherited []Var
		want           []Var
		lookup         string
		lookupValue    any
		lookupFound    bool
	}{
		{"none", nil, nil, nil, "a", nil, false},
		{"own only", []Var{v("a", 1), v("c", 3)}, nil, []Var{v("a", 1), v("c", 3)}, "c", 3, true},
		{"inherited only", nil, []Var{v("b", 2)}, []Var{v("b", 2)}, "b", 2, true},
		{"interleaved", []Var{v("a", 1), v("c", 3)}, []Var{v("b", 2), v("d", 4)},
			[]Var{v("a", 1), v("b", 2), v("c", 3), v("d", 4)}, "d", 4, true},
		{"own overrides", []Var{v("b", "own"), v("z", 9)}, []Var{v("a", 0), v("b", "group"), v("c", 1)},
			[]Var{v("a", 0), v("b", "own"), v("c", 1), v("z", 9)}, "b", "own", true},
		{"all overridden", []Var{v("a", "own")}, []Var{v("a", "group")}, []Var{v("a", "own")}, "a", "own", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := &Host{Vars: tt.own, InheritedVars: tt.inherited}
			if got := h.EffectiveVars(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("EffectiveVars = %v, want %v", got, tt.want)
			}
			var seen []Var
			for x := range h.AllVars() {
				seen = append(seen, x)
				if len(seen) == 2 {
					break // stopping early must not panic
				}
			}
			if want := tt.want[:min(2, len(tt.want))]; len(seen) != len(want) || len(want) > 0 && !reflect.DeepEqual(seen, want) {
				t.Errorf("AllVars stopped after two = %v, want %v", seen, want)
			}
			got, ok := h.Effective(tt.lookup)
			if ok != tt.lookupFound || got.Value != tt.lookupValue {
				t.Errorf("Effective(%s) = %v, %v; want %v, %v", tt.lookup, got.Value, ok, tt.lookupValue, tt.lookupFound)
			}
		})
	}
}
