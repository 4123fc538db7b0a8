package lint

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"handover/internal/inventory"
	"handover/internal/model"
)

// The client's standard: "Ansible inventory always needs to be divided
// into the following strict hierarchy: environment type, cloud type,
// purpose." production:children -> prod-aws:children -> prod-ci, hosts in
// prod-ci. Group names say which level a group is (internal/inventory
// reads env and cloud tokens from them): a name of env and cloud tokens
// only is an environment or cloud group, any other a purpose group.

// groupLevel is a group's place in the hierarchy.
type groupLevel int

const (
	levelSpecial groupLevel = iota // all, ungrouped
	levelEnv                       // production, dev
	levelCloud                     // prod-aws, aws
	levelPurpose                   // prod-ci, webservers
)

func levelOf(name string) groupLevel {
	if name == "all" || name == "ungrouped" {
		return levelSpecial
	}
	env, cloud, pure := inventory.GroupNameKind(name)
	switch {
	case !pure:
		return levelPurpose
	case cloud != "":
		return levelCloud
	case env != "":
		return levelEnv
	}
	return levelPurpose
}

// ancestors are a group's parents, their parents and so on, without all
// and ungrouped.
func (v *inventoryView) ancestors(g *model.Group) []*model.Group {
	var out []*model.Group
	seen := map[string]bool{g.Name: true}
	stack := slices.Clone(g.Parents)
	for len(stack) > 0 {
		name := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		p := v.groups[name]
		if seen[name] || p == nil || levelOf(name) == levelSpecial {
			continue
		}
		seen[name] = true
		out = append(out, p)
		stack = append(stack, p.Parents...)
	}
	return out
}

func hasLevel(groups []*model.Group, l groupLevel) bool {
	return slices.ContainsFunc(groups, func(g *model.Group) bool { return levelOf(g.Name) == l })
}

func (c *checker) hierarchy(v *inventoryView) {
	if !c.on(ruleHierarchy) {
		return
	}
	for _, h := range v.inv.Hosts {
		if !v.notHosts[h.Name] {
			c.hostHierarchy(v, h)
		}
	}
	for _, g := range v.inv.Groups {
		switch levelOf(g.Name) {
		case levelCloud:
			if !hasLevel(v.ancestors(g), levelEnv) {
				env, _, _ := inventory.GroupNameKind(g.Name)
				c.report(ruleHierarchy, g.Source,
					fmt.Sprintf("list %s under [%s:children]", g.Name, envGroupFor(v, env)),
					"cloud group %s is not under an environment group: the inventory should read environment -> cloud -> purpose", g.Name)
			}
		case levelPurpose:
			if len(g.Hosts) == 0 {
				continue // a group of groups; its children are checked
			}
			up := v.ancestors(g)
			hasEnv, hasCloud := hasLevel(up, levelEnv), hasLevel(up, levelCloud)
			switch {
			case hasCloud:
				// The cloud group's own place is checked above.
			case hasEnv:
				c.report(ruleHierarchy, g.Source,
					fmt.Sprintf("put a cloud group between them: [%s-aws:children] (or gcp, azure, ...) listing %s, under the environment group", envPrefix(v, g, up), g.Name),
					"purpose group %s is under an environment group but no cloud group: the inventory should read environment -> cloud -> purpose", g.Name)
			default:
				c.report(ruleHierarchy, g.Source,
					fmt.Sprintf("list %s under a cloud group such as [%s-aws:children], itself under an environment group such as [%s:children]", g.Name, envPrefix(v, g, up), envGroupFor(v, g.Env)),
					"purpose group %s is not under an environment and a cloud group: the inventory should read environment -> cloud -> purpose", g.Name)
			}
		}
	}
}

func (c *checker) hostHierarchy(v *inventoryView, h *model.Host) {
	var direct []*model.Group
	for _, name := range h.DirectGroups {
		if g := v.groups[name]; g != nil && levelOf(name) != levelSpecial {
			direct = append(direct, g)
		}
	}
	if len(direct) == 0 {
		c.report(ruleHierarchy, h.Source,
			"put it in a purpose group (what it does, e.g. prod-web) listed under its cloud group and environment group",
			"host %s is in no group: the inventory should say its environment, cloud and purpose", h.Name)
		return
	}
	for _, g := range direct {
		l := levelOf(g.Name)
		if l != levelEnv && l != levelCloud {
			continue
		}
		kind := "environment"
		if l == levelCloud {
			kind = "cloud"
		}
		fix := fmt.Sprintf("move %s into a purpose group (what it does, e.g. [%s-web]) and list that group under [%s:children]", h.Name, shortEnv(g.Name), g.Name)
		if l == levelEnv {
			fix = fmt.Sprintf("move %s into a purpose group (what it does, e.g. [%s-web]) listed under a cloud group such as [%s:children], itself listed under [%s:children]",
				h.Name, shortEnv(g.Name), cloudGroupFor(v, g), g.Name)
		}
		c.report(ruleHierarchy, v.declaredIn(h, g.Name), fix,
			"host %s sits directly in %s group %s: hosts belong in purpose groups below environment -> cloud", h.Name, kind, g.Name)
	}
	// A host has one set of variables: in two environments it gets one
	// environment's, or a mix of both.
	for _, axis := range []struct {
		what string
		of   func(*model.Group) string
	}{
		{"environments", func(g *model.Group) string { return g.Env }},
		{"clouds", func(g *model.Group) string { return g.Cloud }},
	} {
		var parts []string
		seen := map[string]bool{}
		for _, g := range direct {
			if val := axis.of(g); val != "" && !seen[val] {
				seen[val] = true
				parts = append(parts, fmt.Sprintf("%s (%s)", val, g.Name))
			}
		}
		if len(parts) > 1 {
			c.report(ruleHierarchy, h.Source,
				"keep the host in one environment and cloud; if these are different machines, give them different names",
				"host %s is in groups of different %s, %s: ansible makes them one host with one set of variables", h.Name, axis.what, joinAnd(parts))
		}
	}
}

// envGroupFor names the environment group for env as this inventory
// spells it (dev, not development), or the canonical word.
func envGroupFor(v *inventoryView, env string) string {
	if env == "" {
		return "production"
	}
	if g := envGroup(v, env, ""); g != "" {
		return g
	}
	return env
}

// envPrefix is the short environment prefix for a group's names: prod
// for a group under production, read from its own name or its ancestors.
func envPrefix(v *inventoryView, g *model.Group, up []*model.Group) string {
	for _, a := range append([]*model.Group{g}, up...) {
		if tok := envToken(a.Name); tok != "" {
			return tok
		}
	}
	if g.Env != "" {
		return g.Env
	}
	return "prod"
}

// shortEnv is the environment token of a group name (prod in prod-aws),
// or the whole name when it has none.
func shortEnv(name string) string { return cmp.Or(envToken(name), name) }

// envToken is the environment token of a group name as written, or "".
func envToken(name string) string {
	for _, tok := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		if model.EnvWord(tok) != "" {
			return tok
		}
	}
	return ""
}

// cloudGroupFor suggests a cloud group below the environment group g: one
// it has, else a made-up one.
func cloudGroupFor(v *inventoryView, g *model.Group) string {
	for _, child := range g.Children {
		if levelOf(child) == levelCloud {
			return child
		}
	}
	return shortEnv(g.Name) + "-aws"
}
