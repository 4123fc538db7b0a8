package playbook

import (
	"slices"
	"strings"

	"handover/internal/model"
)

// ListedTask is one line of ansible-playbook --list-tasks: a task's name
// (prefixed "role : " for a role's) and every tag it runs with.
type ListedTask struct {
	Name string
	Tags []string
}

// ListTasks is what ansible-playbook --list-tasks prints for play p, with
// roles by directory as ResolveRoles found them: pre_tasks, the roles of
// roles: (each with its dependencies first, each role once), tasks and
// post_tasks, import_role inlined and include_role and include_tasks
// listed as themselves. Rescue and always sections and handlers are not
// listed, as ansible does not list them.
func ListTasks(p *model.Play, roles map[string]*model.Role) []ListedTask {
	l := lister{roles: roles, ran: map[*model.Role]bool{}}
	uses := map[model.Source]model.RoleUse{}
	for _, u := range p.Roles {
		uses[u.Source] = u
	}
	section := func(name string) {
		for _, t := range p.Tasks {
			if t.Section == name || strings.HasPrefix(t.Section, name+"/") {
				l.task(t, "", p.Tags, uses)
			}
		}
	}
	section("pre_tasks")
	for _, u := range p.Roles {
		if u.How == "roles" {
			l.role(u, p.Tags, true)
		}
	}
	section("tasks")
	section("post_tasks")
	return l.out
}

type lister struct {
	roles map[string]*model.Role
	ran   map[*model.Role]bool // roles of roles: already listed
	out   []ListedTask
}

func (l *lister) task(t model.Task, role string, tags []string, uses map[model.Source]model.RoleUse) {
	if strings.Contains(t.Section, "/rescue") || strings.Contains(t.Section, "/always") {
		return
	}
	tags = append(append([]string(nil), tags...), t.Tags...)
	switch shortAction(t.Action) {
	case "import_tasks":
		return // its tasks follow it, inlined
	case "import_role":
		if u, ok := uses[t.Source]; ok {
			l.role(model.RoleUse{Name: u.Name, Dir: u.Dir}, tags, false)
		}
		return
	}
	name := t.Name
	if role != "" {
		name = role + " : " + name
	}
	l.out = append(l.out, ListedTask{Name: name, Tags: sortedTags(tags)})
}

// role lists a role's tasks after its dependencies'; once means a role
// listed before in this play is not listed again (roles: and dependencies).
func (l *lister) role(u model.RoleUse, tags []string, once bool) {
	r := l.roles[u.Dir]
	if r == nil || (once && l.ran[r]) {
		return
	}
	if once {
		l.ran[r] = true
	}
	tags = append(append([]string(nil), tags...), u.Tags...)
	for _, d := range r.Dependencies {
		l.role(d, tags, once)
	}
	for _, t := range r.Tasks {
		l.task(t, r.Name, tags, nil)
	}
}

func sortedTags(tags []string) []string {
	out := uniq(tags)
	slices.Sort(out)
	return out
}
