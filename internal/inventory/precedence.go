package inventory

import (
	"cmp"
	"slices"

	"handover/internal/model"
)

// Effective variables are what `ansible-inventory --list` prints in
// _meta.hostvars: VariableManager.get_vars with the default
// VARIABLE_PRECEDENCE, for a host and no play. In order, later winning key
// by key (no deep merge):
//
//  1. the "all" group's inline vars
//  2. the inline vars of the host's other groups, sorted by (depth, priority, name)
//  3. group_vars/all
//  4. group_vars of the host's other groups, in the same order
//  5. the host's inline vars
//  6. host_vars of the host
//
// and then ansible-inventory drops its internal names (_remove_internal).
// Steps 1-4 depend only on the host's groups, so hosts with the same
// groups share them.

// isInternalVar reports whether ansible-inventory removes the name from
// what it shows. A switch, which the compiler turns into comparisons of
// lengths and bytes, rather than a map: every variable of every host is
// asked.
func isInternalVar(name string) bool {
	switch name {
	case "ansible_diff_mode", "ansible_config_file", "ansible_facts",
		"ansible_forks", "ansible_inventory_sources", "ansible_limit",
		"ansible_playbook_python", "ansible_run_tags", "ansible_skip_tags",
		"ansible_verbosity", "ansible_version", "inventory_dir",
		"inventory_file", "inventory_hostname", "inventory_hostname_short",
		"groups", "group_names", "omit", "playbook_dir":
		return true
	}
	return false
}

// sortGroups is ansible's sort_groups: by depth, then priority, then name.
func (d *inventoryData) sortGroups(ids []int32) {
	slices.SortFunc(ids, func(a, b int32) int {
		ga, gb := d.groups[a], d.groups[b]
		if c := cmp.Compare(ga.depth, gb.depth); c != 0 {
			return c
		}
		if c := cmp.Compare(ga.priority, gb.priority); c != 0 {
			return c
		}
		return cmp.Compare(ga.name, gb.name)
	})
}

// ancestry returns the groups a host with the given direct groups belongs
// to (the direct groups and all their ancestors), without "all".
func (d *inventoryData) ancestry(direct []int32) []int32 {
	seen := make(map[int32]bool, 8)
	var out []int32
	var walk func(id int32)
	walk = func(id int32) {
		if seen[id] {
			return
		}
		seen[id] = true
		if id != allGroup {
			out = append(out, id)
		}
		for _, p := range d.groups[id].parents {
			walk(p)
		}
	}
	for _, id := range direct {
		walk(id)
	}
	return out
}

// mergeVars applies layers in order, later winning by name, and returns the
// result sorted by name without ansible-inventory's internal names.
func mergeVars(layers ...[]model.Var) []model.Var {
	n := 0
	for _, l := range layers {
		n += len(l)
	}
	if n == 0 {
		return nil
	}
	all := make([]model.Var, 0, n)
	for _, l := range layers {
		all = append(all, l...)
	}
	return dedupeSorted(all)
}

// dedupeSorted sorts vars by name, stably, and keeps the last of each name.
func dedupeSorted(vars []model.Var) []model.Var {
	sortVars(vars)
	out := vars[:0]
	for i := 0; i < len(vars); i++ {
		if i+1 < len(vars) && vars[i+1].Name == vars[i].Name {
			continue
		}
		if isInternalVar(vars[i].Name) {
			continue
		}
		out = append(out, vars[i])
	}
	return out[:len(out):len(out)]
}

// readyVars reports whether vars are what dedupeSorted would make of
// them: sorted by name, each name once, none of ansible's internal ones.
func readyVars(vars []model.Var) bool {
	for i, v := range vars {
		if i > 0 && vars[i-1].Name >= v.Name || isInternalVar(v.Name) {
			return false
		}
	}
	return true
}

// sortVars sorts vars by name, stably.
func sortVars(vars []model.Var) {
	if len(vars) <= 12 {
		// Insertion sort: stable, and quick for a host's few variables.
		for i := 1; i < len(vars); i++ {
			for j := i; j > 0 && vars[j].Name < vars[j-1].Name; j-- {
				vars[j], vars[j-1] = vars[j-1], vars[j]
			}
		}
	} else {
		slices.SortStableFunc(vars, func(a, b model.Var) int { return cmp.Compare(a.Name, b.Name) })
	}
}
