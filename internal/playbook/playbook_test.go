package playbook

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"handover/internal/model"
)

func TestReadPlaybook(t *testing.T) {
	const dir = "testdata/oracle/shop"
	plays, problems := ReadPlaybook(dir, "playbooks/web.yml")
	if len(problems) > 0 || len(plays) != 1 {
		t.Fatalf("plays %v, problems %v", plays, problems)
	}
	p := plays[0]
	src := func(line int) model.Source { return model.Source{Path: "playbooks/web.yml", Line: line} }
	if p.Name != "Web servers" || p.Hosts != "web" || !p.Become || p.Source != src(1) || !reflect.DeepEqual(p.Tags, []string{"web"}) {
		t.Errorf("play %+v", p)
	}
	if !reflect.DeepEqual(p.Vars, []model.Var{{Name: "nginx_port", Value: int64(8080)}}) {
		t.Errorf("vars %v", p.Vars)
	}
	wantRoles := []model.RoleUse{
		{Name: "nginx", How: "roles", Source: src(12)},
		{Name: "certs", How: "roles", Tags: []string{"tls"}, Source: src(13)},
		{Name: "common", How: "import_role", Source: src(34)},
		{Name: "certs", How: "include_role", Source: src(37)},
	}
	if !reflect.DeepEqual(p.Roles, wantRoles) {
		t.Errorf("roles\n%+v\nwant\n%+v", p.Roles, wantRoles)
	}
	var got []string
	for _, task := range p.Tasks {
		got = append(got, task.Section+": "+task.Name+" @"+task.Source.String())
	}
	want := []string{
		"pre_tasks: Update the apt cache @playbooks/web.yml:8",
		"tasks/block: Copy the release @playbooks/web.yml:18",
		"tasks/block: Unpack it @playbooks/web.yml:22",
		"tasks/rescue: Roll back @playbooks/web.yml:28",
		"tasks/always: Tell the channel @playbooks/web.yml:31",
		"tasks: Configure the common bits again @playbooks/web.yml:34",
		"tasks: Maybe the certs @playbooks/web.yml:37",
		"post_tasks: Smoke test @playbooks/web.yml:41",
		"handlers: restart nginx @playbooks/web.yml:45",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tasks\n%q\nwant\n%q", got, want)
	}

	site, _ := ReadPlaybook(dir, "playbooks/site.yml")
	if site[0].ImportPlaybook != "web.yml" || site[0].Source.Line != 3 {
		t.Errorf("import entry %+v", site[0])
	}
	if site[9].Name != "*" {
		t.Errorf("an unnamed play is named %q, want its hosts", site[9].Name)
	}
}

func TestReadRole(t *testing.T) {
	r, problems := ReadRole("testdata/oracle/shop", "playbooks/roles/nginx")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if r.Name != "nginx" || r.Description != "nginx as the shop's web tier runs it" ||
		r.Readme != "The shop's web server role: installs nginx and writes its config." || r.ReadmeSource.Line != 3 {
		t.Errorf("role %+v", r)
	}
	if r.Source != (model.Source{Path: "playbooks/roles/nginx/tasks/main.yml", Line: 1}) {
		t.Errorf("source %v", r.Source)
	}
	if len(r.Dependencies) != 1 || r.Dependencies[0].Name != "common" || r.Dependencies[0].How != "dependency" {
		t.Errorf("dependencies %+v", r.Dependencies)
	}
	var tasks []string
	for _, task := range r.Tasks {
		tasks = append(tasks, task.Name+" @"+task.Source.String())
	}
	want := []string{
		"Install nginx @playbooks/roles/nginx/tasks/main.yml:2",
		"import_tasks @playbooks/roles/nginx/tasks/main.yml:6",
		"Write nginx.conf @playbooks/roles/nginx/tasks/config.yml:1",
		"Start nginx @playbooks/roles/nginx/tasks/main.yml:7",
	}
	if !reflect.DeepEqual(tasks, want) {
		t.Errorf("tasks %q, want %q", tasks, want)
	}
	if len(r.Handlers) != 1 || !reflect.DeepEqual(r.Templates, []string{"nginx.conf.j2"}) || len(r.Defaults) != 2 {
		t.Errorf("handlers %v, templates %v, defaults %v", r.Handlers, r.Templates, r.Defaults)
	}
}

func TestLooksLikePlaybook(t *testing.T) {
	for head, want := range map[string]bool{
		"---\n# site\n- name: x\n  hosts: all\n": true,
		"- import_playbook: web.yml\n":           true,
		"all:\n  hosts:\n    web1:\n":            false,
		"- name: a task\n  apt: name=x\n":        false,
		"foo: bar\nhosts: x\n":                   false,
	} {
		if got := LooksLikePlaybook([]byte(head)); got != want {
			t.Errorf("LooksLikePlaybook(%q) = %v", head, got)
		}
	}
}

// A role's README and a playbook that are symlinks out of the repository
// are not read: a hostile repository would otherwise index the host's
// files (README.md -> /etc/shadow).
func TestSymlinksOutNotRead(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	write := func(dir, rel, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(outside, "README.md", "root:$6$secret:19000:0:99999:7:::\n")
	write(outside, "site.yml", "- hosts: all\n  tasks:\n    - name: Outside the repository\n      ping:\n")
	write(root, "roles/web/tasks/main.yml", "- name: Install nginx\n  apt: {name: nginx}\n")
	for rel, target := range map[string]string{"roles/web/README.md": "README.md", "site.yml": "site.yml"} {
		if err := os.Symlink(filepath.Join(outside, target), filepath.Join(root, filepath.FromSlash(rel))); err != nil {
			t.Fatal(err)
		}
	}
	r, _ := ReadRole(root, "roles/web")
	if r == nil || len(r.Tasks) != 1 || r.Readme != "" {
		t.Errorf("role %+v: want its one task and no README paragraph", r)
	}
	plays, problems := ReadPlaybook(root, "site.yml")
	if len(plays) != 0 || len(problems) != 1 || !strings.Contains(problems[0].Message, "outside the repository") {
		t.Errorf("playbook through a symlink out: plays %v, problems %v; want one problem saying it is outside", plays, problems)
	}
}

// A role ansible does not find from the playbook (roles/ beside it,
// roles_path) is linked by name when the repository has exactly one role
// of that name in a roles/ directory, and says so; a role ansible finds is
// taken from its path, and a name with two candidates stays unresolved.
func TestResolveRolesByName(t *testing.T) {
	role := func(dir string) *model.Role { return &model.Role{Name: filepath.Base(dir), Dir: dir} }
	roles := []*model.Role{
		role("roles/base"), role("roles/zabbix/zabbix_agent"), role("roles/common"),
		role("other/roles/common"), role("playbooks/groups/roles/local"),
	}
	use := func(name string, line int) model.RoleUse {
		return model.RoleUse{Name: name, How: "roles", Source: model.Source{Path: "playbooks/groups/mq.yml", Line: line}}
	}
	plays := []*model.Play{{Playbook: "playbooks/groups/mq.yml", Roles: []model.RoleUse{
		use("base", 3), use("zabbix/zabbix_agent", 4), use("common", 5), use("local", 6), use("{{ r }}", 7), use("absent", 8),
	}}}
	problems := ResolveRoles(plays, roles, nil)
	type got struct {
		dir    string
		byName bool
	}
	want := []got{{"roles/base", true}, {"roles/zabbix/zabbix_agent", true}, {"", false}, {"playbooks/groups/roles/local", false}, {"", false}, {"", false}}
	for i, u := range plays[0].Roles {
		if g := (got{u.Dir, u.ByName}); g != want[i] {
			t.Errorf("role %s: %+v, want %+v", u.Name, g, want[i])
		}
	}
	if len(problems) != 1 || problems[0].Source.Line != 3 || !strings.Contains(problems[0].Message, "2 role uses") {
		t.Errorf("problems %v, want one at line 3 saying 2 role uses were linked by name", problems)
	}
	plays[0].Roles = plays[0].Roles[3:4]
	if problems := ResolveRoles(plays, roles, nil); len(problems) != 0 || plays[0].Roles[0].ByName {
		t.Errorf("a role beside the playbook: problems %v, use %+v", problems, plays[0].Roles[0])
	}
}
