// Package playbook reads Ansible playbooks and roles into the model: each
// play's hosts pattern, name, roles, tasks (blocks flattened), imports,
// tags, become and vars; each role's README, meta/main.yml, defaults,
// vars, tasks, handlers and templates; all with the file:line they come
// from. It finds roles as ansible does (roles/ beside the playbook, then
// ansible.cfg's roles_path). It reads files and nothing else: which hosts
// a play runs on is package hostpattern's, the links package link's.
package playbook

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"handover/internal/model"
)

// ReadPlaybook reads the playbook root/rel: one Play per entry, plays and
// import_playbook entries alike. What cannot be read is a problem; a file
// that is not a list of plays yields no plays.
func ReadPlaybook(root, rel string) ([]*model.Play, []model.Problem) {
	doc, err := readYAML(root, rel)
	if err != nil {
		return nil, []model.Problem{problem(rel, err)}
	}
	var plays []*model.Play
	var problems []model.Problem
	for i, entry := range items(doc) {
		p, err := readPlay(rel, i+1, entry)
		if err != nil {
			problems = append(problems, model.Problem{Source: model.Source{Path: rel, Line: entry.Line},
				Severity: model.SeverityWarning, Message: err.Error()})
			continue
		}
		plays = append(plays, p)
	}
	return plays, problems
}

// importKeys name an import_playbook entry.
var importKeys = []string{"import_playbook", "ansible.builtin.import_playbook", "ansible.legacy.import_playbook"}

func readPlay(rel string, index int, n *yaml.Node) (*model.Play, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("entry %d is not a play", index)
	}
	p := &model.Play{Playbook: rel, Index: index, Source: model.Source{Path: rel, Line: n.Line}}
	p.Name = strings.TrimSpace(scalar(get(n, "name")))
	for _, k := range importKeys {
		if imp := get(n, k); imp != nil {
			p.ImportPlaybook = scalar(imp)
			if p.Name == "" {
				p.Name = "import_playbook " + p.ImportPlaybook
			}
			p.Tags = stringList(get(n, "tags"))
			p.Vars = vars(get(n, "vars"))
			return p, nil
		}
	}
	hosts := get(n, "hosts")
	if hosts == nil {
		return nil, fmt.Errorf("play %d has no hosts", index)
	}
	if hosts.Kind == yaml.SequenceNode {
		p.Hosts = strings.Join(stringList(hosts), ",")
	} else {
		p.Hosts = strings.TrimSpace(scalar(hosts))
	}
	if p.Name == "" {
		p.Name = p.Hosts // what ansible-playbook prints for an unnamed play
	}
	p.Tags = stringList(get(n, "tags"))
	p.Become = boolValue(get(n, "become"))
	p.Vars = vars(get(n, "vars"))
	p.Roles = roleUses(rel, get(n, "roles"), "roles")
	tr := taskReader{rel: rel}
	for _, section := range []string{"pre_tasks", "tasks", "post_tasks", "handlers"} {
		p.Tasks = tr.tasks(get(n, section), section, nil, p.Tasks)
	}
	for _, t := range p.Tasks {
		switch shortAction(t.Action) {
		case "import_role", "include_role":
			if t.Role != "" {
				p.Roles = append(p.Roles, model.RoleUse{Name: t.Role, How: shortAction(t.Action), Tags: t.Tags, Source: t.Source})
			}
		}
	}
	return p, nil
}

// roleUses reads a roles: or dependencies: list: names, or mappings with
// role: (or name:) and tags:.
func roleUses(rel string, n *yaml.Node, how string) []model.RoleUse {
	var out []model.RoleUse
	for _, r := range items(n) {
		u := model.RoleUse{How: how, Source: model.Source{Path: rel, Line: r.Line}}
		if r.Kind == yaml.ScalarNode {
			u.Name = r.Value
		} else {
			u.Name = scalar(get(r, "role"))
			if u.Name == "" {
				u.Name = scalar(get(r, "name"))
			}
			u.Tags = stringList(get(r, "tags"))
		}
		if u.Name = strings.TrimSpace(u.Name); u.Name != "" {
			out = append(out, u)
		}
	}
	return out
}

// LooksLikePlaybook reports whether the head of a YAML file is a list of
// plays: its first entry starts at column 0 and the head names hosts: or
// import_playbook:. It decides without parsing, so that most YAML files
// (vars, inventories, CI configs) are rejected at a glance.
func LooksLikePlaybook(head []byte) bool {
	if !bytes.Contains(head, []byte("hosts:")) && !bytes.Contains(head, []byte("import_playbook:")) {
		return false
	}
	for line := range bytes.Lines(head) {
		t := bytes.TrimRight(line, "\r\n")
		switch {
		case len(bytes.TrimSpace(t)) == 0, t[0] == '#', bytes.HasPrefix(t, []byte("---")), bytes.HasPrefix(t, []byte("%")):
			continue
		}
		return bytes.HasPrefix(t, []byte("- ")) || bytes.Equal(t, []byte("-"))
	}
	return false
}

// roleDirs are where ansible looks for a role used by the playbook at
// playbookRel: roles/ beside it, then rolesPath (relative to the
// repository root), then the playbook's own directory.
func roleDirs(playbookRel string, rolesPath []string) []string {
	dir := path.Dir(playbookRel)
	out := []string{path.Join(dir, "roles")}
	out = append(out, rolesPath...)
	return append(out, dir)
}
