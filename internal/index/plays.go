package index

import (
	"path"
	"strings"

	"handover/internal/model"
)

// This file converts Ansible plays and roles to entries. Their vars,
// defaults and free text are redacted like any other.

// playName and roleName are what the name field holds: the playbook or
// role directory with the name, never a bare word, so that a play or
// role called nginx is not taken for a host by a question's words.
func playName(p *model.Play) string { return p.Playbook + " › " + p.Name }

func redactTasks(tasks []model.Task, repo string, text *strings.Builder) []model.Task {
	if len(tasks) == 0 {
		return nil
	}
	out := make([]model.Task, len(tasks))
	for i, t := range tasks {
		t.Name = redactText(t.Name)
		t.Source.Repo = repo
		text.WriteString(t.Name)
		text.WriteByte('\n')
		out[i] = t
	}
	return out
}

func stampRoleUses(uses []model.RoleUse, repo string) []model.RoleUse {
	if len(uses) == 0 {
		return nil
	}
	out := make([]model.RoleUse, len(uses))
	for i, u := range uses {
		u.Source.Repo = repo
		out[i] = u
	}
	return out
}

// runsOn are the hosts a play's or role's links say it runs on.
func runsOn(links []model.Link) []string {
	var hosts []string
	for _, l := range links {
		if l.Rel == model.RelRunsOn && l.Kind == model.KindHost {
			hosts = appendUnique(hosts, l.Name)
		}
	}
	return hosts
}

func playEntry(repo string, p *model.Play) (entry, error) {
	c := *p
	c.Source.Repo = repo
	c.Name = redactText(p.Name) // a name given in the playbook is free text
	c.Vars = redactVars(p.Vars)
	c.Links = redactLinks(p.Links, repo)
	c.Roles = stampRoleUses(p.Roles, repo)
	var body strings.Builder
	c.Tasks = redactTasks(p.Tasks, repo, &body)
	var roles []string
	for _, r := range c.Roles {
		roles = append(roles, r.Name)
	}
	return marshalEntry(entry{
		Kind:        model.KindPlay,
		Repo:        repo,
		Inventory:   p.Playbook,
		Name:        playName(&c),
		IDName:      playName(&c) + "#" + p.Source.String(),
		Source:      c.Source,
		Hosts:       runsOn(c.Links),
		Tags:        p.Tags,
		NameText:    c.Name + " " + strings.TrimSuffix(path.Base(p.Playbook), path.Ext(p.Playbook)) + " " + strings.Join(roles, " "),
		PurposeText: p.ImportPlaybook,
		GroupsText:  strings.NewReplacer(":", " ", ",", " ", "&", " ", "!", " ").Replace(p.Hosts) + " " + strings.Join(p.Tags, " "),
		VarsText:    varsText(c.Vars),
		BodyText:    body.String(),
	}, &c)
}

func roleEntry(repo string, r *model.Role) (entry, error) {
	c := *r
	c.Source.Repo = repo
	if c.ReadmeSource.Path != "" {
		c.ReadmeSource.Repo = repo
	}
	c.Readme = redactText(r.Readme)
	c.Description = redactText(r.Description)
	c.Defaults = redactVars(r.Defaults)
	c.Vars = redactVars(r.Vars)
	c.Links = redactLinks(r.Links, repo)
	c.Dependencies = stampRoleUses(r.Dependencies, repo)
	var body strings.Builder
	c.Tasks = redactTasks(r.Tasks, repo, &body)
	c.Handlers = redactTasks(r.Handlers, repo, &body)
	body.WriteString(strings.Join(r.Templates, "\n"))
	var deps []string
	for _, d := range c.Dependencies {
		deps = append(deps, d.Name)
	}
	return marshalEntry(entry{
		Kind:        model.KindRole,
		Repo:        repo,
		Inventory:   r.Dir,
		Name:        r.Dir,
		Source:      c.Source,
		Hosts:       runsOn(c.Links),
		NameText:    r.Name + " " + r.Dir,
		PurposeText: strings.TrimSpace(c.Description + "\n" + c.Readme),
		GroupsText:  strings.Join(deps, " "),
		VarsText:    varsText(c.Defaults) + varsText(c.Vars),
		BodyText:    body.String(),
	}, &c)
}
