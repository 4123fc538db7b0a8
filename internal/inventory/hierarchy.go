package inventory

import (
	"fmt"
	"slices"
	"strings"

	"handover/internal/model"
)

// The client's inventories nest environment, cloud and purpose groups:
// production:children -> prod-aws:children -> prod-ci. Group names carry
// the first two as tokens (split on - _ .), so a host's environment and
// cloud are read from the names of its groups and their ancestors, and its
// purpose groups are its direct groups that are not merely env/cloud.

// nameClass is what a group name says about environment and cloud.
type nameClass struct {
	envs, clouds []string
	pure         bool // every token is an env or cloud token
}

func classifyName(name string) nameClass {
	var c nameClass
	tokens := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	c.pure = len(tokens) > 0
	for i := 0; i < len(tokens); i++ {
		t := tokens[i]
		if t == "on" && i+1 < len(tokens) && tokens[i+1] == "prem" {
			t = "onprem" // on-prem, on_prem
			i++
		}
		env, cloud := model.EnvWord(t), model.CloudWord(t)
		switch {
		case env != "":
			c.envs = appendUnique(c.envs, env)
		case cloud != "":
			c.clouds = appendUnique(c.clouds, cloud)
		default:
			c.pure = false
		}
	}
	return c
}

func appendUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// normalizeTag maps a var value such as "prod" or "Production" through the
// word table, keeping unknown values as written (lower-cased).
func normalizeTag(v any, table func(string) string) string {
	s, ok := v.(string)
	if !ok {
		return ""
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if t := table(s); t != "" {
		return t
	}
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' }) {
		if t := table(tok); t != "" {
			return t
		}
	}
	return s
}

// varFallback is the first of names found in vars (sorted by name),
// normalised.
func varFallback(vars layeredVars, table func(string) string, names ...string) string {
	for _, n := range names {
		if v, found := vars.lookup(n); found {
			if t := normalizeTag(v.Value, table); t != "" {
				return t
			}
		}
	}
	return ""
}

// layeredVars are name-sorted lists of variables, the first that has a
// name deciding it: a host's own and inherited variables.
type layeredVars [][]model.Var

func (l layeredVars) lookup(name string) (model.Var, bool) {
	for _, vars := range l {
		if i, found := slices.BinarySearchFunc(vars, name, func(v model.Var, n string) int { return strings.Compare(v.Name, n) }); found {
			return vars[i], true
		}
	}
	return model.Var{}, false
}

// hierarchy is the env/cloud/purpose reading of one set of groups.
type hierarchy struct {
	envs, clouds  []string // sorted, distinct
	purposeGroups []string
}

// readHierarchy reads env and cloud from the given groups (a host's groups
// with ancestors, or a group with its ancestors), and purpose groups from
// the direct ones.
func (d *inventoryData) readHierarchy(groups, direct []int32, classes []nameClass) hierarchy {
	var h hierarchy
	for _, id := range groups {
		if id == allGroup || id == ungroupedGroup {
			continue
		}
		c := classes[id]
		for _, e := range c.envs {
			h.envs = appendUnique(h.envs, e)
		}
		for _, cl := range c.clouds {
			h.clouds = appendUnique(h.clouds, cl)
		}
	}
	slices.Sort(h.envs)
	slices.Sort(h.clouds)
	for _, id := range direct {
		if id == allGroup || id == ungroupedGroup || classes[id].pure {
			continue
		}
		h.purposeGroups = append(h.purposeGroups, d.groups[id].name)
	}
	slices.Sort(h.purposeGroups)
	return h
}

// ambiguities appends a warning for each of environment and cloud that the
// host's groups give more than one of.
func (h hierarchy) ambiguities(problems []model.Problem, host *model.Host) []model.Problem {
	if len(h.envs) < 2 && len(h.clouds) < 2 {
		return problems
	}
	for _, c := range []struct {
		what       string
		candidates []string
	}{
		{"environment", h.envs}, {"cloud", h.clouds},
	} {
		if len(c.candidates) > 1 {
			problems = append(problems, model.Problem{Source: host.Source, Severity: model.SeverityWarning,
				Message: fmt.Sprintf("host %s is in groups of more than one %s (%s); using %s", host.Name, c.what, strings.Join(c.candidates, ", "), c.candidates[0])})
		}
	}
	return problems
}

// tags picks the environment and cloud: the first of the candidates in
// sorted order, else what the env/environment and cloud/cloud_provider
// variables say.
func (h hierarchy) tags(vars layeredVars) (env, cloud string) {
	if len(h.envs) > 0 {
		env = h.envs[0]
	} else {
		env = varFallback(vars, model.EnvWord, "env", "environment")
	}
	if len(h.clouds) > 0 {
		cloud = h.clouds[0]
	} else {
		cloud = varFallback(vars, model.CloudWord, "cloud", "cloud_provider")
	}
	return env, cloud
}
