package inventory

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"

	"handover/internal/limits"
	"handover/internal/model"
)

// inventoryData is what ansible's InventoryData holds while plugins parse
// sources into it: groups and hosts by name, group membership and each
// object's own variables. Ids index the slices; group 0 is "all" and group 1
// "ungrouped", which ansible always creates.
type inventoryData struct {
	groups     []*invGroup
	groupIndex map[string]int32
	hosts      []*invHost
	hostIndex  map[string]int32
	problems   []model.Problem
	dynamic    []*model.InventorySource // plugin configurations and scripts, never run

	// lim bounds what one source may produce; fileProblems counts the
	// problems of each file, so that a garbage file reports a bounded
	// number of them, and hostsCapped says the host cap was reported.
	lim          limits.Limits
	fileProblems map[string]int
	hostsCapped  bool

	// varsAsInventory merges each group's group_vars into its own
	// variables, as ansible.cfg's [vars_host_group_vars] stage = inventory
	// has ansible do (varsplugin.go).
	varsAsInventory bool

	// Hosts, their variables and group lists come from slabs: inventories
	// of a hundred thousand hosts would otherwise make that many small
	// allocations, and the garbage collector would spend its time on them.
	alloc     hostAlloc
	groupSlab []int32

	// readAheadMin is the size of INI text from which a second goroutine
	// reads host lines ahead of the parser (readahead.go); readAheadUsed
	// counts the hosts it prepared that the parser took.
	readAheadMin  int
	readAheadUsed int
}

// hostAlloc hands out hosts and their variable lists from slabs.
type hostAlloc struct {
	hosts  []invHost
	models []model.Host
	vars   []model.Var
}

// newHost returns a host of that name declared at src.
func (a *hostAlloc) newHost(name string, src model.Source) *invHost {
	if len(a.hosts) == cap(a.hosts) {
		a.hosts = make([]invHost, 0, 1024)
		a.models = make([]model.Host, 0, 1024)
	}
	// The slabs are zeroed: setting the fields in place spares writing
	// (and, while the collector runs, barrier-checking) a whole Host.
	a.models = a.models[:len(a.models)+1]
	m := &a.models[len(a.models)-1]
	m.Name, m.Source = name, src
	a.hosts = a.hosts[:len(a.hosts)+1]
	h := &a.hosts[len(a.hosts)-1]
	h.m = m
	return h
}

// reserveVars makes room for n more variables on a host without an
// allocation of its own.
func (a *hostAlloc) reserveVars(h *invHost, n int) {
	if cap(h.vars)-len(h.vars) >= n {
		return
	}
	if len(h.vars) > 0 {
		h.vars = slices.Grow(h.vars, n)
		return
	}
	if cap(a.vars)-len(a.vars) < n {
		a.vars = make([]model.Var, 0, max(n, 4096))
	}
	start := len(a.vars)
	a.vars = a.vars[:start+n]
	h.vars = a.vars[start : start : start+n]
}

// setPort gives a new host the port of its pattern, as ansible's
// Host(name, port) does.
func (a *hostAlloc) setPort(h *invHost, port int64) {
	if port > 0 {
		a.reserveVars(h, 1)
		h.vars.set("ansible_port", port, &h.m.Source)
	}
}

const (
	allGroup       int32 = 0
	ungroupedGroup int32 = 1
)

type invGroup struct {
	name     string
	src      model.Source // where it is declared; Line 0 for implicit groups
	declared bool
	comment  string
	vars     varList
	priority int
	children []int32
	parents  []int32
	hosts    []int32
	depth    int
}

// invHost is a host being read. Its name, source and purpose go straight
// into the model.Host that Load returns; the rest is filled in by build.
type invHost struct {
	m      *model.Host
	vars   varList
	groups []int32 // groups that list the host directly, in order
	// ready is the length of vars when they were found sorted by name and
	// free of ansible's internal names: while vars keep that length, build
	// has nothing to do with them (and need not read them again).
	ready int
}

// setPurpose keeps the first purpose a host is given.
func (h *invHost) setPurpose(text string, src model.Source) {
	if h.m.Purpose == "" && text != "" {
		h.m.Purpose, h.m.PurposeSource = text, src
	}
}

// varList is an object's variables in the order they were first set, as a
// Python dict keeps them; setting a name again replaces its value.
type varList []model.Var

// set keeps the place of the name's first setting, as a Python dict
// does, and the source of its last.
func (l *varList) set(name string, value any, src *model.Source) {
	for i := range *l {
		if (*l)[i].Name == name {
			(*l)[i].Value, (*l)[i].Source = value, src
			return
		}
	}
	*l = append(*l, model.Var{Name: name, Value: value, Source: src})
}

func newInventoryData(src model.Source, lim limits.Limits) *inventoryData {
	d := &inventoryData{groupIndex: map[string]int32{}, hostIndex: map[string]int32{}, lim: lim.OrDefault(), fileProblems: map[string]int{},
		readAheadMin: readAheadBytes}
	if runtime.GOMAXPROCS(0) < 2 {
		d.readAheadMin = math.MaxInt // a second goroutine would only take turns
	}
	d.addGroup("all", src)
	d.addGroup("ungrouped", src)
	d.addChild(allGroup, ungroupedGroup, src)
	return d
}

// problem records a problem, or only counts it once its file has had
// lim.FileProblems (see summarizeProblems).
func (d *inventoryData) problem(src model.Source, sev model.Severity, format string, args ...any) {
	d.fileProblems[src.Path]++
	if d.fileProblems[src.Path] > d.lim.FileProblems {
		return
	}
	d.problems = append(d.problems, model.Problem{Source: src, Severity: sev, Message: fmt.Sprintf(format, args...)})
}

// summarizeProblems adds one problem per file whose problems were cut.
func (d *inventoryData) summarizeProblems() {
	for _, p := range d.problems[:len(d.problems):len(d.problems)] {
		if n := d.fileProblems[p.Source.Path]; n > d.lim.FileProblems {
			d.problems = append(d.problems, limits.MoreProblems(p.Source.Path, n-d.lim.FileProblems, d.lim.FileProblems))
			d.fileProblems[p.Source.Path] = d.lim.FileProblems
		}
	}
}

// expectHosts sizes the host index for about n more hosts, so that a large
// inventory does not rehash it over and over.
func (d *inventoryData) expectHosts(n int) {
	if len(d.hostIndex) > 0 || n < 1024 {
		return
	}
	d.hostIndex = make(map[string]int32, n)
	d.hosts = make([]*invHost, 0, n)
}

// addGroup returns the id of the named group, creating it if needed.
func (d *inventoryData) addGroup(name string, src model.Source) int32 {
	if id, ok := d.groupIndex[name]; ok {
		return id
	}
	id := int32(len(d.groups))
	d.groups = append(d.groups, &invGroup{name: name, src: src, priority: 1})
	d.groupIndex[name] = id
	return id
}

// declareGroup records where a group is declared: the first [x] or
// [x:children] header (strong), else the first [x:vars] header.
func (d *inventoryData) declareGroup(id int32, src model.Source, comment string, strong bool) {
	g := d.groups[id]
	if !g.declared && (strong || g.src.Line == 0) {
		g.declared = strong
		g.src = src
	}
	if g.comment == "" {
		g.comment = comment
	}
}

// addHost returns the id of the named host, creating it with ansible_port
// set when port > 0 (as ansible's Host(name, port): a port on a later
// line for the same host is ignored), and adds it to group when group >= 0.
// A new host beyond lim.InventoryHosts is not added: the id is -1 and the
// first such host is reported.
func (d *inventoryData) addHost(name string, group int32, port int64, src model.Source) int32 {
	id, ok := d.hostIndex[name]
	if !ok && len(d.hosts) >= d.lim.InventoryHosts {
		if !d.hostsCapped {
			d.hostsCapped = true
			d.problem(src, model.SeverityError, "more than %d hosts in this inventory (limits: inventory-hosts); %s and the hosts after it are not read", d.lim.InventoryHosts, name)
		}
		return -1
	}
	if ok {
		if group >= 0 {
			d.addHostToGroup(group, id)
		}
		return id
	}
	h := d.alloc.newHost(name, src)
	d.alloc.setPort(h, port)
	return d.register(h, group)
}

// register adds a new host, made by hostAlloc.newHost, to the inventory
// and to group when group >= 0.
func (d *inventoryData) register(h *invHost, group int32) int32 {
	id := int32(len(d.hosts))
	d.hosts = append(d.hosts, h)
	d.hostIndex[h.m.Name] = id
	if group >= 0 {
		d.addHostToGroup(group, id)
	}
	return id
}

func (d *inventoryData) addHostToGroup(group, host int32) {
	h := d.hosts[host]
	for _, g := range h.groups {
		if g == group {
			return
		}
	}
	if h.groups == nil {
		if len(d.groupSlab)+2 > cap(d.groupSlab) {
			d.groupSlab = make([]int32, 0, 8192)
		}
		start := len(d.groupSlab)
		d.groupSlab = d.groupSlab[:start+2]
		h.groups = d.groupSlab[start : start : start+2]
	}
	h.groups = append(h.groups, group)
	g := d.groups[group]
	g.hosts = append(g.hosts, host)
}

// addChild makes child a child group of parent, refusing what ansible
// refuses: a group in itself and dependency loops.
func (d *inventoryData) addChild(parent, child int32, src model.Source) bool {
	p, c := d.groups[parent], d.groups[child]
	if parent == child {
		d.problem(src, model.SeverityError, "can't add group to itself")
		return false
	}
	for _, x := range p.children {
		if x == child {
			return true
		}
	}
	if d.isAncestor(child, parent) {
		d.problem(src, model.SeverityError, "Adding group '%s' as child to '%s' creates a recursive dependency loop.", c.name, p.name)
		return false
	}
	p.children = append(p.children, child)
	c.parents = append(c.parents, parent)
	return true
}

// isAncestor reports whether a is a (transitive) parent of g.
func (d *inventoryData) isAncestor(a, g int32) bool {
	seen := map[int32]bool{}
	stack := append([]int32(nil), d.groups[g].parents...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == a {
			return true
		}
		if !seen[x] {
			seen[x] = true
			stack = append(stack, d.groups[x].parents...)
		}
	}
	return false
}

// setVariable is InventoryData.set_variable: the name is looked up among the
// groups first, so a host var for a host that shares its name with a group
// lands on the group, as in ansible.
func (d *inventoryData) setVariable(entity string, name string, value any, src model.Source) {
	if id, ok := d.groupIndex[entity]; ok {
		d.setGroupVariable(id, name, value, src)
		return
	}
	if id, ok := d.hostIndex[entity]; ok {
		d.hosts[id].vars.set(name, value, &src)
	}
}

// setGroupVariable is Group.set_variable: ansible_group_priority sets the
// priority (through Python's int()) and is not kept as a variable.
func (d *inventoryData) setGroupVariable(id int32, name string, value any, src model.Source) {
	g := d.groups[id]
	if name != "ansible_group_priority" {
		g.vars.set(name, value, &src)
		return
	}
	n, err := pyIntOf(value)
	if err != nil {
		d.problem(src, model.SeverityError, "%s", err)
		return
	}
	g.priority = int(n)
}

// pyIntOf is Python's int(value) for the values a variable can hold.
func pyIntOf(v any) (int64, error) {
	switch v := v.(type) {
	case int64:
		return v, nil
	case bool:
		if v {
			return 1, nil
		}
		return 0, nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("cannot convert float %s to integer", pyFloatRepr(v))
		}
		return int64(v), nil
	case string:
		return pyInt(v)
	case nil:
		return 0, fmt.Errorf("int() argument must be a string, a bytes-like object or a real number, not 'NoneType'")
	case []any:
		return 0, fmt.Errorf("int() argument must be a string, a bytes-like object or a real number, not 'list'")
	case map[string]any:
		return 0, fmt.Errorf("int() argument must be a string, a bytes-like object or a real number, not 'dict'")
	}
	return 0, fmt.Errorf("int() argument must be a string, a bytes-like object or a real number, not %T", v)
}

// reconcile is InventoryData.reconcile_inventory: groups without a parent
// become children of "all", hosts in no group but "all" go to "ungrouped",
// and hosts that are in other groups leave "ungrouped". Then it computes
// each group's depth, the longest path from "all", as ansible's incremental
// updates end up with.
func (d *inventoryData) reconcile() {
	for id := int32(1); id < int32(len(d.groups)); id++ {
		if len(d.groups[id].parents) == 0 {
			d.addChild(allGroup, id, d.groups[id].src)
		}
	}
	// Which groups have "ungrouped" among their ancestors-or-self, and
	// whether "ungrouped" has a parent other than "all". Recomputed when
	// the loop below changes the graph.
	var underUngrouped []bool
	ungroupedHasOther := false
	survey := func() {
		underUngrouped = make([]bool, len(d.groups))
		for id := range d.groups {
			underUngrouped[id] = int32(id) == ungroupedGroup || d.isAncestor(ungroupedGroup, int32(id))
			if int32(id) > ungroupedGroup && d.isAncestor(int32(id), ungroupedGroup) {
				ungroupedHasOther = true
			}
		}
	}
	survey()
	ug := d.groups[ungroupedGroup]
	drop := map[int32]bool{}
	for hid, h := range d.hosts {
		inUngrouped, other := false, false
		for _, g := range h.groups {
			if underUngrouped[g] {
				inUngrouped = true
			}
			if g != allGroup && g != ungroupedGroup || g == ungroupedGroup && ungroupedHasOther {
				other = true
			}
		}
		switch {
		case inUngrouped && other:
			drop[int32(hid)] = true
		case !inUngrouped && !other:
			if gid, clash := d.groupIndex[h.m.Name]; clash {
				// add_child('ungrouped', name) finds the group of that
				// name before the host: the group joins "ungrouped".
				if d.addChild(ungroupedGroup, gid, h.m.Source) {
					survey()
				}
				continue
			}
			d.addHostToGroup(ungroupedGroup, int32(hid))
		}
	}
	if len(drop) > 0 {
		kept := ug.hosts[:0]
		for _, hid := range ug.hosts {
			if !drop[hid] {
				kept = append(kept, hid)
				continue
			}
			h := d.hosts[hid]
			for i, g := range h.groups {
				if g == ungroupedGroup {
					h.groups = append(h.groups[:i:i], h.groups[i+1:]...)
					break
				}
			}
		}
		ug.hosts = kept
	}
	for _, g := range d.groups {
		if id, clash := d.hostIndex[g.name]; clash {
			h := d.hosts[id].m
			d.problem(h.Source, model.SeverityWarning, "Found both group and host with same name: %s", h.Name)
		}
	}
	d.computeDepths()
}

func (d *inventoryData) computeDepths() {
	depth := make([]int, len(d.groups))
	for i := range depth {
		depth[i] = -1
	}
	var visit func(id int32) int
	visit = func(id int32) int {
		if depth[id] >= 0 {
			return depth[id]
		}
		depth[id] = 0
		best := 0
		for _, p := range d.groups[id].parents {
			if v := visit(p) + 1; v > best {
				best = v
			}
		}
		depth[id] = best
		return best
	}
	for id := range d.groups {
		d.groups[id].depth = visit(int32(id))
	}
}

// formatValue renders a variable value the way ansible would print it in a
// message, for problems that quote values.
func formatValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return pyFloatRepr(v)
	case bool:
		if v {
			return "True"
		}
		return "False"
	case nil:
		return "None"
	}
	return fmt.Sprint(v)
}
