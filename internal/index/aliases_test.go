package index

import (
	"context"
	"testing"

	"handover/internal/model"
)

// A host named by its address is found by the name its hostname variable
// gives it, and by that name's short form, in any case.
func TestHostByAlias(t *testing.T) {
	s := openStore(t, t.TempDir())
	inv := "inventory"
	replace(t, s, &model.Snapshot{Repo: "lab", Root: "/srv/lab", Inventories: []*model.Inventory{{
		Path: inv,
		Hosts: []*model.Host{{
			Name: "192.168.16.5", Inventory: inv, Source: model.Source{Path: "inventory/10-custom", Line: 2},
			Vars: []model.Var{{Name: "hostname", Value: "mgr.lab.example"}},
		}},
	}}})
	for _, name := range []string{"192.168.16.5", "mgr.lab.example", "mgr", "MGR"} {
		hosts, err := s.Host(context.Background(), "lab", name)
		if err != nil || len(hosts) != 1 || hosts[0].Name != "192.168.16.5" {
			t.Errorf("Host(%q) = %+v, %v", name, hosts, err)
		}
	}
}
