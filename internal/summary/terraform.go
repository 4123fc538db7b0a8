package summary

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"handover/internal/model"
)

// How much of Terraform a summary lists.
const (
	maxTypes         = 8 // resource types named per provider and region
	maxMainResources = 8 // resources with their why per provider and region
)

// providerOf is a resource's provider: as configured, else the prefix of
// its type (aws_instance -> aws).
func providerOf(r *model.Resource) string {
	if r.Provider != "" {
		return r.Provider
	}
	if i := strings.IndexByte(r.Type, '_'); i > 0 {
		return r.Type[:i]
	}
	return r.Type
}

// createsHost reports whether the resource creates a host of an inventory.
func createsHost(r *model.Resource) bool {
	for _, l := range r.Links {
		if l.Rel == model.RelCreates {
			return true
		}
	}
	return false
}

func (in *Input) terraform() Section {
	s := Section{ID: SectionTerraform, Title: "What Terraform manages"}
	type key struct{ provider, region string }
	groups := map[key][]*model.Resource{}
	dirs := map[string]int{}
	data := 0
	for i := range in.Resources {
		r := &in.Resources[i]
		if r.Mode == "data" {
			data++
			continue
		}
		region := strings.ToLower(r.Region)
		if region == "" && in.calledModule(r.Module) {
			region = "region set by the caller"
		}
		k := key{providerOf(r), region}
		groups[k] = append(groups[k], r)
		dirs[r.Module]++
	}
	managed := len(in.Resources) - data
	if managed == 0 && len(in.Modules) == 0 {
		s.Intro = "No Terraform resources were found."
		return s
	}
	s.Intro = fmt.Sprintf("%s in %s (%s), by provider and region, and %s read but not managed. The comment above a block says why it exists: those are listed, the rest are only counted.",
		plural(managed, "managed resource"), plural(len(dirs), "directory"), strings.Join(sortedKeys(dirs), ", "), plural(data, "data source"))

	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.provider, b.provider), compareCloud(a.region, b.region))
	})
	for _, k := range keys {
		rs := groups[k]
		slices.SortFunc(rs, func(a, b *model.Resource) int { return bySource(a.Source, b.Source) })
		s.Lines = append(s.Lines, resourceGroup(k.provider, k.region, rs))
	}
	if len(in.Modules) > 0 {
		calls := Line{Text: "Module calls: " + plural(len(in.Modules), "module block")}
		mods := slices.Clone(in.Modules)
		slices.SortFunc(mods, func(a, b model.ModuleCall) int { return bySource(a.Source, b.Source) })
		for _, m := range mods {
			t := fmt.Sprintf("%s in %s, from %s", m.Address, m.Module, m.From)
			if m.Version != "" {
				t += " " + m.Version
			}
			if why := firstSentence(m.Why.Text); why != "" {
				t += ": " + why
			}
			calls.Lines = append(calls.Lines, Line{Text: t, Source: m.Source})
		}
		calls.Lines = capLines(calls.Lines, maxMainResources, "module blocks")
		s.Lines = append(s.Lines, calls)
	}
	return s
}

// calledModule reports whether a module block elsewhere uses dir: its
// provider configuration, and so its region, comes from the caller.
func (in *Input) calledModule(dir string) bool {
	for _, m := range in.Modules {
		if path.Join(m.Module, m.From) == dir {
			return true
		}
	}
	return false
}

// resourceGroup is one provider and region: its resource types with
// counts, then the resources that say why they exist, hosts first.
func resourceGroup(provider, region string, rs []*model.Resource) Line {
	dirs := map[string]bool{}
	types := map[string]int{}
	for _, r := range rs {
		dirs[r.Module] = true
		types[r.Type]++
	}
	top := Line{Text: fmt.Sprintf("%s, %s: %s in %s", provider, orNone(region, "no region set"), plural(len(rs), "resource"), strings.Join(sortedKeys(dirs), ", "))}
	if len(dirs) == 1 {
		top.Source = model.Source{Path: rs[0].Module}
	}
	names := sortedKeys(types)
	slices.SortStableFunc(names, func(a, b string) int { return cmp.Compare(types[b], types[a]) })
	var parts []string
	for i, t := range names {
		if i == maxTypes {
			parts = append(parts, fmt.Sprintf("and %d more types", len(names)-maxTypes))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", t, types[t]))
	}
	top.Lines = append(top.Lines, Line{Text: "by type: " + strings.Join(parts, ", ")})

	var main []*model.Resource
	for _, r := range rs {
		if strings.TrimSpace(r.Why.Text) != "" {
			main = append(main, r)
		}
	}
	slices.SortStableFunc(main, func(a, b *model.Resource) int {
		ha, hb := createsHost(a), createsHost(b)
		switch {
		case ha && !hb:
			return -1
		case hb && !ha:
			return 1
		}
		return 0
	})
	var lines []Line
	for _, r := range main {
		t := r.Address
		if len(dirs) > 1 {
			t += " (" + r.Module + ")"
		}
		lines = append(lines, Line{Text: t + ": " + firstSentence(r.Why.Text), Source: r.Source})
	}
	top.Lines = append(top.Lines, capLines(lines, maxMainResources, "with a comment")...)
	if len(main) == 0 {
		top.Lines = append(top.Lines, Line{Text: "none of them has a comment saying why it exists", Level: LevelWarning})
	}
	return top
}
