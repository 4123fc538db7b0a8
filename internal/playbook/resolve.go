package playbook

import (
	"path"
	"strings"

	"handover/internal/model"
)

// ResolveRoles fills the Dir of every role use in plays and roles with the
// role ansible would run: for a play, the first of roles/ beside its
// playbook, rolesPath (directories relative to the repository root, from
// ansible.cfg) and the playbook's directory that holds it; for a
// dependency, the dependent role's siblings first. A role outside the
// repository (a collection's, a templated name) keeps an empty Dir.
func ResolveRoles(plays []*model.Play, roles []*model.Role, rolesPath []string) {
	byDir := make(map[string]*model.Role, len(roles))
	for _, r := range roles {
		byDir[r.Dir] = r
	}
	find := func(name string, dirs []string) string {
		if strings.Contains(name, "{{") {
			return ""
		}
		for _, d := range dirs {
			if _, ok := byDir[path.Join(d, name)]; ok {
				return path.Join(d, name)
			}
		}
		return ""
	}
	for _, p := range plays {
		dirs := roleDirs(p.Playbook, rolesPath)
		for i := range p.Roles {
			p.Roles[i].Dir = find(p.Roles[i].Name, dirs)
		}
	}
	for _, r := range roles {
		dirs := append([]string{path.Dir(r.Dir)}, rolesPath...)
		for i := range r.Dependencies {
			r.Dependencies[i].Dir = find(r.Dependencies[i].Name, dirs)
		}
	}
}
