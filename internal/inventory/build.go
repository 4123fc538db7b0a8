package inventory

import (
	"fmt"
	"slices"
	"sync"

	"handover/internal/model"
)

// groupSet is what hosts with the same direct groups share: their groups,
// the variables those groups give them, and the env/cloud/purpose reading.
type groupSet struct {
	direct    []string
	groups    []string
	vars      []model.Var
	hierarchy hierarchy
}

// build turns the reconciled data into a model.Inventory, reading
// group_vars and host_vars and applying ansible's variable precedence.
func (d *inventoryData) build(root, rel string, gv, hv *varsDir) *model.Inventory {
	var problems []model.Problem
	inv := &model.Inventory{Path: rel, Dynamic: d.dynamic}
	for _, s := range d.dynamic {
		s.Inventory = rel
	}

	classes := make([]nameClass, len(d.groups))
	fileVars := make([][]model.Var, len(d.groups))
	for id, g := range d.groups {
		classes[id] = classifyName(g.name)
		fileVars[id] = loadVars(root, gv.files(g.name), d.lim, &problems)
		if d.varsAsInventory && len(fileVars[id]) > 0 {
			// The files' variables win over the group's own, and then rank
			// as the group's own among the other groups.
			g.vars, fileVars[id] = mergeVars(g.vars, fileVars[id]), nil
		}
	}

	// The group models and the two halves of the hosts are built on both
	// cores: each reads the reconciled data and writes its own part.
	var wg sync.WaitGroup
	wg.Go(func() { inv.Groups = d.buildGroups(rel, classes, fileVars) })
	sets := d.groupSets(classes, fileVars)
	hosts := make([]*model.Host, len(d.hosts))
	mid := len(d.hosts) / 2
	var first, second []*model.Host
	var firstProblems []model.Problem
	wg.Go(func() { first, firstProblems = d.buildHosts(root, rel, hv, d.hosts[:mid], sets[:mid], hosts[:0:mid]) })
	second, moreProblems := d.buildHosts(root, rel, hv, d.hosts[mid:], sets[mid:], hosts[mid:mid])
	wg.Wait()
	// Both are in hosts: second moves down to follow first.
	inv.Hosts = append(hosts[:len(first)], second...)
	inv.Problems = append(append(problems, firstProblems...), moreProblems...)
	return inv
}

// buildGroups makes the groups' models.
func (d *inventoryData) buildGroups(rel string, classes []nameClass, fileVars [][]model.Var) []*model.Group {
	groups := make([]*model.Group, len(d.groups))
	slab := make([]model.Group, len(d.groups))
	for id, g := range d.groups {
		mg := &slab[id]
		groups[id] = mg
		*mg = model.Group{
			Name: g.name, Inventory: rel, Source: g.src, Comment: g.comment,
			Parents: d.groupNames(g.parents), Children: d.groupNames(g.children),
			Hosts: d.hostNames(g.hosts), Depth: g.depth, Priority: g.priority,
			Vars: mergeVars(g.vars, fileVars[id]),
		}
		h := d.readHierarchy(d.ancestry([]int32{int32(id)}), nil, classes)
		mg.Env, mg.Cloud = h.tags(layeredVars{mg.Vars})
	}
	return groups
}

// groupSets returns the groupSet of each host, nil for a host in no group.
func (d *inventoryData) groupSets(classes []nameClass, fileVars [][]model.Var) []*groupSet {
	out := make([]*groupSet, len(d.hosts))
	sets := map[string]*groupSet{}
	var key, lastKey []byte
	var scratch []int32
	var gs *groupSet
	for i, h := range d.hosts {
		if len(h.groups) == 0 {
			continue
		}
		scratch = append(scratch[:0], h.groups...)
		slices.Sort(scratch)
		key = key[:0]
		for _, id := range scratch {
			key = append(key, byte(id), byte(id>>8), byte(id>>16), byte(id>>24))
		}
		// Hosts come in runs from the same section.
		if gs == nil || string(key) != string(lastKey) {
			gs = sets[string(key)]
			if gs == nil {
				gs = d.newGroupSet(scratch, classes, fileVars)
				sets[string(key)] = gs
			}
			lastKey = append(lastKey[:0], key...)
		}
		out[i] = gs
	}
	return out
}

// buildHosts completes the models of hosts, whose group sets are sets,
// with their host_vars files, and appends those ansible lists to out.
func (d *inventoryData) buildHosts(root, rel string, hv *varsDir, hosts []*invHost, sets []*groupSet, out []*model.Host) ([]*model.Host, []model.Problem) {
	var problems []model.Problem
	for i, h := range hosts {
		gs := sets[i]
		if gs == nil {
			// Only reconcile takes a host out of every group (when
			// "ungrouped" has a parent): ansible then no longer lists it.
			problems = append(problems, model.Problem{Source: h.m.Source, Severity: model.SeverityWarning,
				Message: fmt.Sprintf("host %s is in no group after ansible's reconciliation and is not listed by ansible-inventory", h.m.Name)})
			continue
		}
		mh := h.m
		hostFile := loadVars(root, hv.files(mh.Name), d.lim, &problems)
		if len(h.vars) > 0 || len(hostFile) > 0 {
			switch {
			case len(hostFile) == 0 && len(h.vars) == h.ready:
				mh.Vars = h.vars[:len(h.vars):len(h.vars)]
			case len(hostFile) == 0:
				mh.Vars = dedupeSorted(h.vars) // h.vars is not needed after this
			default:
				mh.Vars = mergeVars(h.vars, hostFile)
			}
		}

		out = append(out, mh)
		mh.Inventory = rel
		mh.DirectGroups, mh.Groups = gs.direct, gs.groups
		mh.PurposeGroups = gs.hierarchy.purposeGroups
		mh.InheritedVars = gs.vars
		mh.Env, mh.Cloud = gs.hierarchy.tags(layeredVars{mh.Vars, mh.InheritedVars})
		problems = gs.hierarchy.ambiguities(problems, mh)
	}
	return out, problems
}

func (d *inventoryData) newGroupSet(direct []int32, classes []nameClass, fileVars [][]model.Var) *groupSet {
	groups := d.ancestry(direct)
	d.sortGroups(groups)
	layers := make([][]model.Var, 0, 2*len(groups)+2)
	layers = append(layers, d.groups[allGroup].vars)
	for _, id := range groups {
		layers = append(layers, d.groups[id].vars)
	}
	layers = append(layers, fileVars[allGroup])
	for _, id := range groups {
		layers = append(layers, fileVars[id])
	}
	gs := &groupSet{vars: mergeVars(layers...)}
	for _, id := range direct {
		if id != allGroup {
			gs.direct = append(gs.direct, d.groups[id].name)
		}
	}
	for _, id := range groups {
		gs.groups = append(gs.groups, d.groups[id].name)
	}
	slices.Sort(gs.direct)
	slices.Sort(gs.groups)
	gs.hierarchy = d.readHierarchy(groups, direct, classes)
	return gs
}

func (d *inventoryData) groupNames(ids []int32) []string {
	return namesOf(ids, func(id int32) string { return d.groups[id].name })
}

func (d *inventoryData) hostNames(ids []int32) []string {
	return namesOf(ids, func(id int32) string { return d.hosts[id].m.Name })
}

func namesOf(ids []int32, name func(int32) string) []string {
	if len(ids) == 0 {
		return nil
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = name(id)
	}
	return out
}
