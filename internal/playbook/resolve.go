package playbook

import (
	"fmt"
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
//
// A role on none of those paths that is the only role of its name in a
// roles/ directory of the repository is taken by name (ByName): teams that
// keep playbooks in playbooks/ and roles in roles/ often set roles_path
// outside the repository, where ansible.cfg on their control host or
// ANSIBLE_ROLES_PATH says it. The one problem returned says how many uses
// were found so, with the first, so that it is never a silent guess.
func ResolveRoles(plays []*model.Play, roles []*model.Role, rolesPath []string) []model.Problem {
	byDir := make(map[string]*model.Role, len(roles))
	byName := map[string][]string{} // a name as used ("zabbix/agent") -> dirs under a roles/ directory
	for _, r := range roles {
		byDir[r.Dir] = r
		d := "/" + r.Dir
		for i := strings.Index(d, "/roles/"); i >= 0; {
			name := d[i+len("/roles/"):]
			byName[name] = append(byName[name], r.Dir)
			j := strings.Index(d[i+1:], "/roles/")
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	var guessed int
	var first model.Source
	resolve := func(u *model.RoleUse, dirs []string) {
		u.Dir, u.ByName = "", false
		if strings.Contains(u.Name, "{{") {
			return
		}
		for _, d := range dirs {
			if _, ok := byDir[path.Join(d, u.Name)]; ok {
				u.Dir = path.Join(d, u.Name)
				return
			}
		}
		if found := byName[path.Clean(u.Name)]; len(found) == 1 {
			u.Dir, u.ByName = found[0], true
			if guessed++; guessed == 1 {
				first = u.Source
			}
		}
	}
	for _, p := range plays {
		dirs := roleDirs(p.Playbook, rolesPath)
		for i := range p.Roles {
			resolve(&p.Roles[i], dirs)
		}
	}
	for _, r := range roles {
		dirs := append([]string{path.Dir(r.Dir)}, rolesPath...)
		for i := range r.Dependencies {
			resolve(&r.Dependencies[i], dirs)
		}
	}
	if guessed == 0 {
		return nil
	}
	return []model.Problem{{Source: first, Severity: model.SeverityWarning, Message: fmt.Sprintf(
		"%d role uses name a role that ansible does not find from the playbook (roles/ beside it, ansible.cfg roles_path) "+
			"and were linked to the one role of that name in the repository's roles/ directories; "+
			"set roles_path in an ansible.cfg in the repository to make it explicit", guessed)}}
}
