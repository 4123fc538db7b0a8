package inventory

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"handover/internal/model"
)

// The constructed plugin (ansible.builtin.constructed) adds variables
// (compose) and groups (groups, keyed_groups) to the hosts that the
// sources before it in a directory have read, evaluating Jinja over each
// host's variables at that moment: its own and those of its groups, not
// group_vars/host_vars files (use_vars_plugins is off by default), and
// not "all"'s, which only reconciliation makes every group's parent.
// Without strict, an entry that fails for a host (an undefined variable)
// is skipped for it, as ansible does. An expression handover does not
// evaluate is reported with its line and applied to no host.

// constructedEntry is one option entry: a compose variable, a group's
// condition or a keyed group's key.
type constructedEntry struct {
	name string // the variable or group name
	expr *jinjaExpr
	bare bool // the expression is one variable's name
	src  model.Source
	// keyed groups only
	prefix, separator, parent, defaultValue string
	hasDefault, leadingSep, trailingSep     bool
}

// isConstructed reports whether a plugin name is the constructed plugin.
func isConstructed(plugin string) bool {
	return plugin == "constructed" || plugin == "ansible.builtin.constructed"
}

// runConstructed evaluates a constructed configuration over d's hosts.
func (d *inventoryData) runConstructed(rel string, root *yaml.Node) {
	root = deref(root)
	pairs, err := mappingPairs(root)
	if err != nil {
		d.problem(model.Source{Path: rel}, model.SeverityError, "%v", err)
		return
	}
	var compose, groups, keyed []constructedEntry
	strict := false
	for _, p := range lastWins(pairs) {
		key, _ := yamlValueString(p.key)
		switch key {
		case "strict":
			v, _ := yamlValue(p.value)
			strict, _ = truth(v)
		case "compose", "groups":
			for _, e := range d.constructedMap(rel, p.value) {
				if key == "compose" {
					compose = append(compose, e)
				} else {
					groups = append(groups, e)
				}
			}
		case "keyed_groups":
			keyed = d.keyedEntries(rel, p.value)
		case "use_vars_plugins", "use_extra_vars":
			if v, _ := yamlValue(p.value); v == true {
				d.problem(model.Source{Path: rel, Line: p.key.Line}, model.SeverityWarning, "constructed: %s is not applied; values from it are unknown", key)
			}
		}
	}
	depths := &groupDepths{d: d}
	for hid, h := range d.hosts {
		vars := d.constructedVars(h, depths)
		for _, e := range compose {
			v, err := e.compose(vars)
			if err != nil {
				if strict {
					d.problem(e.src, model.SeverityError, "constructed: compose %s fails for host %s, and strict makes ansible fail", e.name, h.m.Name)
				}
				continue
			}
			src := e.src
			h.vars.set(e.name, v, &src)
		}
		vars = d.constructedVars(h, depths)
		for _, e := range groups {
			v, err := e.expr.eval(vars)
			t := false
			if err == nil {
				t, err = truth(v)
			}
			if err != nil {
				if strict {
					d.problem(e.src, model.SeverityError, "constructed: group %s fails for host %s, and strict makes ansible fail", e.name, h.m.Name)
				}
				continue
			}
			if t {
				d.addHostToGroup(d.constructedGroup(safeGroupName(e.name), e.src), int32(hid))
			}
		}
		for _, e := range keyed {
			if err := d.keyedGroup(int32(hid), e, vars, strict); err != nil {
				d.problem(e.src, model.SeverityError, "constructed: %v; ansible stops this plugin at host %s", err, h.m.Name)
				return
			}
		}
		if anyParent(keyed) {
			depths.memo = nil // new parents change depths below them
		}
	}
}

// compose is the plugin's _compose: "{{ expr }}" templated as ansible
// 2.x does. A bare variable holding a number or bool keeps it; anything
// else is rendered to text, and text that reads as a list, a mapping or
// True/False is read back (ansible_eval_concat), so numbers become text.
func (e constructedEntry) compose(vars map[string]any) (any, error) {
	v, err := e.expr.eval(vars)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case undefined:
		return nil, errEval
	case int64, float64:
		if e.bare {
			return v, nil
		}
		return pyStr(x), nil
	case nil:
		return "None", nil
	}
	return v, nil
}

func anyParent(keyed []constructedEntry) bool {
	return slices.ContainsFunc(keyed, func(e constructedEntry) bool { return e.parent != "" })
}

// constructedMap reads compose or groups: name -> expression.
func (d *inventoryData) constructedMap(rel string, n *yaml.Node) []constructedEntry {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return nil
	}
	pairs, err := mappingPairs(n)
	if err != nil {
		return nil
	}
	var out []constructedEntry
	for _, p := range lastWins(pairs) {
		name, _ := yamlValueString(p.key)
		v, _ := yamlValue(p.value)
		src := model.Source{Path: rel, Line: p.key.Line}
		if e, ok := d.parseEntry(src, name, v); ok {
			out = append(out, constructedEntry{name: name, expr: e, src: src, bare: isBareName(v)})
		}
	}
	return out
}

// parseEntry parses one expression, reporting what is not evaluated.
func (d *inventoryData) parseEntry(src model.Source, what string, v any) (*jinjaExpr, bool) {
	text, ok := v.(string)
	if !ok {
		text = pyStr(v) // a YAML number or bool is its text to Jinja
	}
	e, err := parseJinja(text)
	if err != nil {
		d.problem(src, model.SeverityWarning, "constructed: %s = %q is not evaluated (%v): its hosts are not known", what, text, strings.TrimPrefix(err.Error(), errUnsupported.Error()+": "))
		return nil, false
	}
	return e, true
}

func (d *inventoryData) keyedEntries(rel string, n *yaml.Node) []constructedEntry {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []constructedEntry
	for _, item := range n.Content {
		v, _ := yamlValue(item)
		m, ok := v.(map[string]any)
		src := model.Source{Path: rel, Line: item.Line}
		if !ok || m["key"] == nil {
			continue // ansible skips an entry without a key
		}
		e, ok := d.parseEntry(src, "keyed_groups key", m["key"])
		if !ok {
			continue
		}
		str := func(k, def string) string {
			if x, ok := m[k]; ok && x != nil {
				return pyStr(x)
			}
			return def
		}
		flag := func(k string) bool {
			if x, ok := m[k]; ok {
				t, _ := truth(x)
				return t
			}
			return true
		}
		_, hasDefault := m["default_value"]
		out = append(out, constructedEntry{name: str("key", ""), expr: e, src: src, bare: isBareName(m["key"]),
			prefix: str("prefix", ""), separator: str("separator", "_"), parent: str("parent_group", ""),
			defaultValue: str("default_value", ""), hasDefault: hasDefault,
			leadingSep: flag("leading_separator"), trailingSep: flag("trailing_separator")})
	}
	return out
}

// errKeyType is ansible's "Invalid group name format": it stops the plugin.
var errKeyType = errors.New("keyed group key")

// keyedGroup is _add_host_to_keyed_groups for one entry and host.
func (d *inventoryData) keyedGroup(hid int32, e constructedEntry, vars map[string]any, strict bool) error {
	h := d.hosts[hid]
	key, err := e.compose(vars)
	if err != nil {
		if strict {
			d.problem(e.src, model.SeverityError, "constructed: keyed group %s fails for host %s, and strict makes ansible fail", e.name, h.m.Name)
		}
		return nil
	}
	if t, _ := truth(key); !t && !(key == "" && e.hasDefault) {
		return nil
	}
	var names []string
	switch k := key.(type) {
	case string:
		if k == "" && e.hasDefault {
			k = e.defaultValue
		}
		names = append(names, k)
	case []any:
		for _, x := range k {
			s := pyStr(x)
			if s == "" && e.hasDefault {
				s = e.defaultValue
			}
			names = append(names, s)
		}
	case map[string]any:
		keys := make([]string, 0, len(k))
		for name := range k {
			keys = append(keys, name)
		}
		slices.Sort(keys) // Python keeps insertion order; YAML mappings come sorted from yamlValue
		for _, name := range keys {
			val := pyStr(k[name])
			bare := name + e.separator + val
			if val == "" {
				switch {
				case e.hasDefault:
					bare = name + e.separator + e.defaultValue
				case !e.trailingSep:
					bare = name
				}
			}
			names = append(names, bare)
		}
	default:
		return fmt.Errorf("%w %s gives %s, not a string, list or mapping", errKeyType, e.name, pyTypeOf(key))
	}
	for _, bare := range names {
		sep := e.separator
		if e.prefix == "" && !e.leadingSep {
			sep = ""
		}
		gid := d.constructedGroup(safeGroupName(e.prefix+sep+bare), e.src)
		d.addHostToGroup(gid, hid)
		if e.parent != "" {
			pid := d.constructedGroup(safeGroupName(e.parent), e.src)
			d.addChild(pid, gid, e.src)
		}
	}
	return nil
}

// constructedGroup returns the group of that name, adding it.
func (d *inventoryData) constructedGroup(name string, src model.Source) int32 {
	if id, ok := d.groupIndex[name]; ok {
		return id
	}
	return d.addGroup(name, src)
}

// constructedVars are a host's variables as constructed sees them: its
// groups' (sorted by depth, priority and name, later winning), then its
// own, then inventory_hostname, inventory_hostname_short and group_names.
func (d *inventoryData) constructedVars(h *invHost, depth *groupDepths) map[string]any {
	groups := d.ancestryWithAll(h.groups)
	slices.SortStableFunc(groups, func(a, b int32) int {
		ga, gb := d.groups[a], d.groups[b]
		if c := depth.of(a) - depth.of(b); c != 0 {
			return c
		}
		if c := ga.priority - gb.priority; c != 0 {
			return c
		}
		return strings.Compare(ga.name, gb.name)
	})
	vars := map[string]any{}
	var names []string
	for _, g := range groups {
		for _, v := range d.groups[g].vars {
			vars[v.Name] = v.Value
		}
		if g != allGroup {
			names = append(names, d.groups[g].name)
		}
	}
	for _, v := range h.vars {
		vars[v.Name] = v.Value
	}
	slices.Sort(names)
	groupNames := make([]any, len(names))
	for i, n := range names {
		groupNames[i] = n
	}
	vars["inventory_hostname"] = h.m.Name
	vars["inventory_hostname_short"] = strings.SplitN(h.m.Name, ".", 2)[0]
	vars["group_names"] = groupNames
	return vars
}

// ancestryWithAll is ancestry, keeping "all" when a host reaches it.
func (d *inventoryData) ancestryWithAll(direct []int32) []int32 {
	out := d.ancestry(direct)
	for _, id := range direct {
		if id == allGroup || d.isAncestor(allGroup, id) {
			return append(out, allGroup)
		}
	}
	return out
}

// groupDepths is each group's depth before reconciliation, the longest
// path from a group without parents, worked out as asked and kept until
// the graph changes.
type groupDepths struct {
	d    *inventoryData
	memo map[int32]int
}

func (g *groupDepths) of(id int32) int {
	if g.memo == nil {
		g.memo = map[int32]int{}
	}
	return g.walk(id, map[int32]bool{})
}

func (g *groupDepths) walk(id int32, seen map[int32]bool) int {
	if n, ok := g.memo[id]; ok {
		return n
	}
	if seen[id] {
		return 0
	}
	seen[id] = true
	best := 0
	for _, p := range g.d.groups[id].parents {
		best = max(best, g.walk(p, seen)+1)
	}
	delete(seen, id)
	g.memo[id] = best
	return best
}

// isBareName reports whether an expression is one variable's name, which
// ansible's templar looks up without rendering.
func isBareName(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	s = strings.TrimSpace(s)
	return s != "" && !jinjaKeywords[s] && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) < 0
}

// safeGroupName is ansible's to_safe_group_name with force: characters
// that cannot be in a Python identifier, and a leading digit, become "_".
func safeGroupName(name string) string {
	b := []byte(name)
	for i, c := range b {
		word := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !word || i == 0 && c >= '0' && c <= '9' {
			b[i] = '_'
		}
	}
	return string(b)
}
