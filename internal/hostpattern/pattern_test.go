package hostpattern

import (
	"slices"
	"testing"

	"handover/internal/model"
)

func testInventory() *model.Inventory {
	inv := &model.Inventory{}
	for _, n := range []string{"lone", "web1", "web2", "web3", "db1", "db2"} {
		inv.Hosts = append(inv.Hosts, &model.Host{Name: n})
	}
	inv.Groups = []*model.Group{
		{Name: "all", Children: []string{"ungrouped", "app", "staging"}},
		{Name: "ungrouped", Hosts: []string{"lone"}},
		{Name: "app", Children: []string{"web", "db"}},
		{Name: "web", Hosts: []string{"web1", "web2", "web3"}},
		{Name: "db", Hosts: []string{"db1", "db2"}},
		{Name: "staging", Hosts: []string{"web3", "db2"}},
	}
	return inv
}

func TestHosts(t *testing.T) {
	r := NewResolver(testInventory())
	for _, tt := range []struct {
		pattern string
		want    []string
	}{
		// Group by group, a level at a time, as ansible's Group.get_hosts.
		{"all", []string{"lone", "web3", "db2", "web1", "web2", "db1"}},
		{"web", []string{"web1", "web2", "web3"}},
		{"web:db", []string{"web1", "web2", "web3", "db1", "db2"}},
		{"web,db1", []string{"web1", "web2", "web3", "db1"}},
		{"app:&staging", []string{"web3", "db2"}},
		{"app:!staging", []string{"web1", "web2", "db1"}},
		{"!staging:app", []string{"web1", "web2", "db1"}}, // & and ! apply last, whatever the order
		{"!app", []string{"lone"}},
		{"web[0]", []string{"web1"}},
		{"web[-1]", []string{"web3"}},
		{"web[0:1]", []string{"web1", "web2"}},
		{"web[1:]", []string{"web2", "web3"}},
		{"app[3]", []string{"db1"}},
		{"db*", []string{"db1", "db2"}},
		{"w?b[!3]", []string{"web1", "web2"}},
		{"~(web|db)[13]", []string{"web1", "web3", "db1"}},
		{"ungrouped", []string{"lone"}},
		{"*", []string{"lone", "web3", "db2", "web1", "web2", "db1"}},
		{"nothing", nil},
		{"web2", []string{"web2"}},
	} {
		hosts, err := r.Hosts(tt.pattern)
		if err != nil {
			t.Errorf("%s: %v", tt.pattern, err)
			continue
		}
		var got []string
		for _, h := range hosts {
			got = append(got, h.Name)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.pattern, got, tt.want)
		}
	}
	// w?b[12] is web* with the subscript 12, as ansible reads it.
	for _, bad := range []string{"web[7]", "w?b[12]", "~(unclosed"} {
		if _, err := r.Hosts(bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestSplit(t *testing.T) {
	for pattern, want := range map[string][]string{
		"a,b[1], c[2:3] , d":  {"a", "b[1]", "c[2:3]", "d"},
		"web:&staging:!db":    {"web", "&staging", "!db"},
		"web[0:2]":            {"web[0:2]"},
		"fe80::1":             {"fe80::1"},
		"host.example.com:22": {"host.example.com:22"},
		"~web\\d:db":          {"~web\\d", "db"},
	} {
		if got := Split(pattern); !slices.Equal(got, want) {
			t.Errorf("Split(%q) = %q, want %q", pattern, got, want)
		}
	}
}
