package link

import (
	"slices"
	"testing"

	"handover/internal/model"
)

func TestPlaysToHosts(t *testing.T) {
	src := func(p string, l int) model.Source { return model.Source{Path: p, Line: l} }
	web1 := &model.Host{Name: "web1", Source: src("hosts", 2)}
	db1 := &model.Host{Name: "db1", Source: src("hosts", 5)}
	common := &model.Role{Name: "common", Dir: "roles/common", Source: src("roles/common/tasks/main.yml", 1)}
	nginx := &model.Role{Name: "nginx", Dir: "roles/nginx", Source: src("roles/nginx/tasks/main.yml", 1),
		Dependencies: []model.RoleUse{{Name: "common", How: "dependency", Dir: "roles/common"}}}
	web := &model.Play{Name: "Web", Playbook: "site.yml", Hosts: "web", Source: src("site.yml", 1),
		Roles: []model.RoleUse{{Name: "nginx", How: "roles", Dir: "roles/nginx"}, {Name: "gone", How: "roles"}}}
	all := &model.Play{Name: "All", Playbook: "site.yml", Hosts: "all:!web", Source: src("site.yml", 9),
		Roles: []model.RoleUse{{Name: "common", How: "roles", Dir: "roles/common"}}}
	imp := &model.Play{Name: "import_playbook db.yml", Playbook: "site.yml", ImportPlaybook: "db.yml", Source: src("site.yml", 12)}
	snap := &model.Snapshot{
		Inventories: []*model.Inventory{{Path: "hosts", Hosts: []*model.Host{web1, db1}, Groups: []*model.Group{
			{Name: "all", Children: []string{"web", "db"}}, {Name: "web", Hosts: []string{"web1"}}, {Name: "db", Hosts: []string{"db1"}},
		}}},
		Plays: []*model.Play{web, all, imp},
		Roles: []*model.Role{common, nginx},
	}
	Build(snap)
	Build(snap) // links are replaced, not added twice

	names := func(links []model.Link) []string {
		var out []string
		for _, l := range links {
			out = append(out, string(l.Rel)+" "+string(l.Kind)+" "+l.Name+" "+l.Source.String())
		}
		return out
	}
	for _, tt := range []struct {
		what string
		got  []model.Link
		want []string
	}{
		{"web1", web1.Links, []string{"runs play Web site.yml:1", "runs role common roles/common/tasks/main.yml:1",
			"runs role nginx roles/nginx/tasks/main.yml:1"}},
		{"db1", db1.Links, []string{"runs play All site.yml:9", "runs role common roles/common/tasks/main.yml:1"}},
		{"play Web", web.Links, []string{"runs role common roles/common/tasks/main.yml:1", "runs role nginx roles/nginx/tasks/main.yml:1",
			"runs-on host web1 hosts:2"}},
		{"role common", common.Links, []string{"runs-on host db1 hosts:5", "runs-on host web1 hosts:2",
			"runs-on play All site.yml:9", "runs-on play Web site.yml:1"}},
		{"import", imp.Links, nil},
	} {
		if got := names(tt.got); !slices.Equal(got, tt.want) {
			t.Errorf("%s: links\n%q\nwant\n%q", tt.what, got, tt.want)
		}
	}
}
