package ask

import (
	"fmt"
	"path"
	"strings"

	"handover/internal/index"
	"handover/internal/model"
)

// This file builds the Ansible parts of cards: a role's and a play's card,
// and the roles line of a host's.

// maxRunsOn bounds the hosts a role or play card lists.
const maxRunsOn = 10

// hostRoles adds the roles that run on a host, one line per play that
// applies them, citing the play: where to read why they run here.
func hostRoles(links []model.Link, add func(string, string, model.Source)) {
	plays := map[string]model.Source{}
	for _, l := range links {
		if l.Rel == model.RelRuns && l.Kind == model.KindPlay {
			plays["play "+l.Name] = l.Source
		}
	}
	var vias []string
	roles := map[string][]string{}
	src := map[string]model.Source{}
	for _, l := range links {
		if l.Rel != model.RelRuns || l.Kind != model.KindRole {
			continue
		}
		if _, ok := roles[l.Via]; !ok {
			vias = append(vias, l.Via)
			src[l.Via] = l.Source
			if s, ok := plays[l.Via]; ok {
				src[l.Via] = s
			}
		}
		roles[l.Via] = append(roles[l.Via], l.Name)
	}
	for _, via := range vias {
		text := strings.Join(roles[via], ", ")
		if via != "" {
			text += "  (" + via + ")"
		}
		add("roles", text, src[via])
	}
}

// roleFacts: what the role is for (meta description, README), where it
// runs, its dependencies, tasks and defaults (redacted by the index).
func (b *cardBuilder) roleFacts(c *Card, r *model.Role, add func(string, string, model.Source)) {
	c.Title = r.Name
	c.Subtitle = "role in " + r.Dir
	add("about", r.Description, model.Source{Path: path.Join(r.Dir, "meta/main.yml")})
	add("readme", r.Readme, r.ReadmeSource)
	runsOnFacts(r.Links, add)
	roleUsesFact("needs", r.Dependencies, add)
	taskFacts(r.Tasks, add)
	defaults := model.Source{Path: path.Join(r.Dir, "defaults/main.yml")}
	for i, v := range r.Defaults {
		if i == maxFacts {
			add("...", fmt.Sprintf("%d more defaults", len(r.Defaults)-i), defaults)
			break
		}
		add("default", v.Name+"="+valueText(v.Value), defaults)
	}
}

// playFacts: the hosts pattern, the roles it applies, where it runs and
// its own tasks.
func (b *cardBuilder) playFacts(c *Card, p *model.Play, add func(string, string, model.Source)) {
	c.Title = p.Name
	c.Subtitle = "play in " + p.Playbook
	add("hosts", p.Hosts, p.Source)
	add("imports", p.ImportPlaybook, p.Source)
	roleUsesFact("roles", p.Roles, add)
	runsOnFacts(p.Links, add)
	taskFacts(p.Tasks, add)
	add("tags", strings.Join(p.Tags, ", "), p.Source)
}

// roleUsesFact adds the roles a play applies or a role depends on as one
// line, citing the first use.
func roleUsesFact(label string, uses []model.RoleUse, add func(string, string, model.Source)) {
	if len(uses) == 0 {
		return
	}
	names := make([]string, len(uses))
	for i, u := range uses {
		names[i] = u.Name
	}
	add(label, strings.Join(names, ", "), uses[0].Source)
}

// runsOnFacts adds the plays a role runs in and the hosts a role or play
// runs on, up to maxRunsOn hosts.
func runsOnFacts(links []model.Link, add func(string, string, model.Source)) {
	hosts := 0
	for _, l := range links {
		if l.Rel != model.RelRunsOn {
			continue
		}
		switch l.Kind {
		case model.KindPlay:
			add("play", l.Name, l.Source)
		case model.KindHost:
			hosts++
			if hosts <= maxRunsOn {
				add("runs on", strings.TrimSpace(l.Name+"  "+l.Via), l.Source)
			}
		}
	}
	if hosts > maxRunsOn {
		add("...", fmt.Sprintf("%d more hosts", hosts-maxRunsOn), model.Source{})
	}
	if hosts == 0 {
		add("runs on", "none of the inventories' hosts", model.Source{})
	}
}

// taskFacts says how many tasks there are and names the first few.
func taskFacts(tasks []model.Task, add func(string, string, model.Source)) {
	if len(tasks) == 0 {
		return
	}
	const first = 4
	names := make([]string, 0, first)
	for _, t := range tasks[:min(len(tasks), first)] {
		names = append(names, t.Name)
	}
	text := fmt.Sprintf("%d: %s", len(tasks), strings.Join(names, "; "))
	if len(tasks) > first {
		text += "; ..."
	}
	add("tasks", text, tasks[0].Source)
}

// inventorySourceFacts: the plugin, what it reads (accounts, regions,
// filters) and how it names and groups the hosts it finds.
func inventorySourceFacts(c *Card, s *model.InventorySource, add func(string, string, model.Source)) {
	c.Title = s.Path
	c.Subtitle = "dynamic inventory source · " + s.Plugin + " · never run by handover"
	add("about", s.Comment, s.Source)
	add("plugin", s.Plugin, s.Source)
	add("accounts", strings.Join(s.Accounts, ", "), s.Source)
	add("regions", strings.Join(s.Regions, ", "), s.Source)
	for _, f := range s.Filters {
		add("filter", f.Name+"="+valueText(f.Value), s.Source)
	}
	for _, k := range s.KeyedGroups {
		add("keyed group", k, s.Source)
	}
	for _, g := range s.Groups {
		add("group", g.Name+" if "+valueText(g.Value), s.Source)
	}
	add("hostnames", strings.Join(s.Hostnames, ", "), s.Source)
	for _, v := range s.Compose {
		add("compose", v.Name+" = "+valueText(v.Value), s.Source)
	}
}

// dynamicFacts adds the dynamic sources of a group's inventory: its hosts
// may come from them too, when ansible runs them.
func (b *cardBuilder) dynamicFacts(repo, inv string, add func(string, string, model.Source)) {
	res, err := b.s.Search(b.ctx, index.Query{PageSize: maxFacts, Sort: "name", Filter: index.Filter{
		Repo: repo, Kind: string(model.KindInventorySource), Inventory: inv}})
	if err != nil {
		return
	}
	for _, hit := range res.Hits {
		if s, ok := hit.Item.(*model.InventorySource); ok {
			add("dynamic", "hosts may also come from "+model.DescribeInventorySource(s), s.Source)
		}
	}
}
