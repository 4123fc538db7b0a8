package index

import (
	"context"
	"testing"

	"handover/internal/model"
)

// A variable's source survives the index: one set on the host's line is
// stored without it (the host's source says it), one from group_vars
// keeps its file and line.
func TestVarSourcesStored(t *testing.T) {
	line := model.Source{Path: "hosts.ini", Line: 4}
	h := &model.Host{Name: "web01", Inventory: "hosts.ini", Source: line, Groups: []string{"web"}, DirectGroups: []string{"web"},
		Vars: []model.Var{
			{Name: "ansible_host", Value: "10.0.0.1", Source: &line},
			{Name: "nginx_workers", Value: int64(8), Source: &model.Source{Path: "group_vars/web.yml", Line: 2}},
		},
		ConfigDefaults: []model.Var{{Name: "ansible_user", Value: "deploy", Source: &model.Source{Path: "ansible.cfg", Line: 4}}},
	}
	s := openStore(t, t.TempDir())
	replace(t, s, &model.Snapshot{Repo: "acme", Inventories: []*model.Inventory{{Path: "hosts.ini", Hosts: []*model.Host{h}}}})
	hosts, _, _, err := s.Hosts(context.Background(), Filter{Repo: "acme"}, 10, "")
	if err != nil || len(hosts) != 1 {
		t.Fatalf("hosts %v, err %v", hosts, err)
	}
	got := map[string]string{}
	for _, v := range append(hosts[0].Vars, hosts[0].ConfigDefaults...) {
		if v.Source != nil {
			got[v.Name] = v.Source.String()
		}
	}
	want := map[string]string{"ansible_host": "", "nginx_workers": "group_vars/web.yml:2", "ansible_user": "ansible.cfg:4"}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s from %q, want %q", k, got[k], w)
		}
	}
}
