package lint

import (
	"fmt"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"handover/internal/inventory"
	"handover/internal/model"
	"handover/internal/redact"
)

// inventoryView is one inventory with what lint looks up in it.
type inventoryView struct {
	inv    *model.Inventory
	groups map[string]*model.Group
	hosts  map[string]*model.Host
	// decl is what the files say line by line; nil when they could not be
	// re-read (a snapshot built in memory), and then the rules that need
	// it say nothing rather than guess.
	decl  *inventory.Declarations
	lines map[string][]inventory.HostDeclaration // by host
	// notHosts are names ansible reads as hosts that are not meant as
	// hosts (groups listed under [all]): the host rules leave them to
	// all-lists-groups.
	notHosts map[string]bool
}

func (c *checker) inventory(inv *model.Inventory) {
	v := &inventoryView{inv: inv, groups: map[string]*model.Group{}, hosts: map[string]*model.Host{},
		lines: map[string][]inventory.HostDeclaration{}, notHosts: map[string]bool{}}
	for _, g := range inv.Groups {
		v.groups[g.Name] = g
	}
	for _, h := range inv.Hosts {
		v.hosts[h.Name] = h
	}
	if c.root != "" {
		if d, err := inventory.ReadDeclarations(c.root, inv.Path); err == nil {
			v.decl = d
			for _, h := range d.Hosts {
				v.lines[h.Host] = append(v.lines[h.Host], h)
			}
		}
	}
	c.inventoryProblems(inv)
	c.allListsGroups(v)
	c.hostGroupClash(v)
	c.groupNames(v)
	c.hierarchy(v)
	c.hostLines(v)
	c.hostConflicts(v)
	c.inventorySecrets(v)
}

// Ansible's wording for an undefined child group, in the INI plugin and
// the YAML one. The inventory package records these; lint does not check
// again, it explains.
var (
	undefinedChildINI  = regexp.MustCompile(`^Section \[(.+):children\] includes undefined group: (.+)$`)
	undefinedChildYAML = regexp.MustCompile(`^(.+) is not a known host nor group$`)
)

// reportedByRules are inventory warnings that a rule reports in its own
// words; the problem itself would say the same thing twice.
var reportedByRules = []string{
	"Found both group and host with same name: ", // host-group-clash, all-lists-groups
	" is in groups of more than one environment", // hierarchy
	" is in groups of more than one cloud",       // hierarchy
}

func (c *checker) inventoryProblems(inv *model.Inventory) {
	for _, p := range inv.Problems {
		if m := undefinedChildINI.FindStringSubmatch(p.Message); m != nil {
			parent, child := m[1], m[2]
			c.report(ruleUndefinedChild, p.Source,
				fmt.Sprintf("define [%s] (it may stay empty until it has hosts), or delete this line", child),
				"[%s:children] lists %s, but no group %s is defined: ansible rejects the whole file (%q)",
				parent, child, child, p.Message)
			continue
		}
		if m := undefinedChildYAML.FindStringSubmatch(p.Message); m != nil {
			c.report(ruleUndefinedChild, p.Source,
				fmt.Sprintf("define the group %s (a key with hosts: or children:), or delete this line", m[1]),
				"children: lists %s, which is neither a group nor a host: ansible rejects the whole file (%q)", m[1], p.Message)
			continue
		}
		if slices.ContainsFunc(reportedByRules, func(s string) bool { return strings.Contains(p.Message, s) }) {
			continue
		}
		c.problem(p)
	}
}

// isYAMLPath guesses from the name whether an inventory file is YAML, to
// word messages as the file is written.
func isYAMLPath(p string) bool {
	switch path.Ext(p) {
	case ".yml", ".yaml", ".json":
		return true
	}
	return false
}

// declaredIn is the host's declaration in group, or its first one, or
// the host's own Source when the file was not re-read.
func (v *inventoryView) declaredIn(h *model.Host, group string) model.Source {
	for _, d := range v.lines[h.Name] {
		if d.Group == group {
			return d.Source
		}
	}
	return h.Source
}

// allListsGroups finds group names under [all], where ansible reads them
// as hosts: the seed's "[all] production development".
func (c *checker) allListsGroups(v *inventoryView) {
	all := v.groups["all"]
	if all == nil {
		return
	}
	for _, name := range all.Hosts {
		h := v.hosts[name]
		if h == nil {
			continue
		}
		src := v.declaredIn(h, "all")
		where, children := "[all]", "[all:children]"
		if isYAMLPath(src.Path) {
			where, children = "all: hosts:", "all: children:"
		}
		fix := fmt.Sprintf("delete the line: every group is under all already (or move it to %s if you meant the group)", children)
		if g := v.groups[name]; g != nil {
			v.notHosts[name] = true
			c.report(ruleAllListsGroups, src, fix,
				"%s lists %s, which is a group (%s): ansible reads it as a new host named %s, not as the group",
				where, name, place(src, g.Source), name)
			continue
		}
		env, cloud := model.EnvWord(name), model.CloudWord(name)
		if env == "" && cloud == "" {
			continue
		}
		v.notHosts[name] = true
		msg := fmt.Sprintf("%s lists %s, which ansible reads as a host named %s; it looks like a group name", where, name, name)
		if g := envGroup(v, env, cloud); g != "" {
			msg += fmt.Sprintf(" (the group is %s)", g)
		}
		c.reportText(ruleAllListsGroups, src, fix, msg)
	}
}

// envGroup is the environment (or cloud) group of the inventory that a
// word such as "development" means: dev, when that is how it is named.
func envGroup(v *inventoryView, env, cloud string) string {
	for _, g := range v.inv.Groups {
		e, cl, pure := inventory.GroupNameKind(g.Name)
		if pure && e == env && cl == cloud && v.hosts[g.Name] == nil {
			return g.Name
		}
	}
	return ""
}

func (c *checker) hostGroupClash(v *inventoryView) {
	for _, h := range v.inv.Hosts {
		g := v.groups[h.Name]
		if g == nil || v.notHosts[h.Name] {
			continue
		}
		c.report(ruleHostGroupClash, h.Source, "rename the host or the group",
			"%s is both a host and a group (%s): ansible warns, and a pattern such as -l %s matches both",
			h.Name, place(h.Source, g.Source), h.Name)
	}
}

// groupNames reports names ansible's TRANSFORM_INVALID_GROUP_CHARS check
// warns about: anything but letters, digits and '_', or a leading digit.
func (c *checker) groupNames(v *inventoryView) {
	for _, g := range v.inv.Groups {
		if g.Name == "all" || g.Name == "ungrouped" {
			continue
		}
		if g.Name == "" {
			continue
		}
		bad := invalidGroupChars(g.Name)
		leadingDigit := unicode.IsDigit([]rune(g.Name)[0])
		if len(bad) == 0 && !leadingDigit {
			continue
		}
		var what []string
		if len(bad) > 0 {
			quoted := make([]string, len(bad))
			for i, r := range bad {
				quoted[i] = strconv.QuoteRune(r)
			}
			what = append(what, "has "+strings.Join(quoted, ", "))
		}
		if leadingDigit {
			what = append(what, "starts with a digit")
		}
		c.report(ruleGroupName, g.Source,
			fmt.Sprintf("rename it to %s everywhere it is used, or leave it if dashes are your convention", safeGroupName(g.Name)),
			"group name %s %s, which ansible warns about (\"Invalid characters were found in group names but not replaced\")",
			g.Name, strings.Join(what, " and "))
	}
}

func isGroupNameRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// invalidGroupChars returns the distinct characters of name that are not
// allowed, in order of appearance.
func invalidGroupChars(name string) []rune {
	var bad []rune
	for _, r := range name {
		if !isGroupNameRune(r) && !slices.Contains(bad, r) {
			bad = append(bad, r)
		}
	}
	return bad
}

// safeGroupName is what ansible would rename the group to if told to.
func safeGroupName(name string) string {
	s := strings.Map(func(r rune) rune {
		if isGroupNameRune(r) {
			return r
		}
		return '_'
	}, name)
	if unicode.IsDigit([]rune(s)[0]) {
		s = "_" + s
	}
	return s
}

// place names other for a message about a finding at from: "line 5", or
// "path:5" in another file.
func place(from, other model.Source) string {
	if other.Path != from.Path {
		return other.String()
	}
	return fmt.Sprintf("line %d", other.Line)
}

// effective is a host's effective variable.
func effective(h *model.Host, name string) (any, bool) {
	for v := range h.AllVars() {
		if v.Name == name {
			return v.Value, true
		}
	}
	return nil, false
}

// formatValue writes a variable's value for a message.
func formatValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

// hostConflicts reports a variable given two values on two lines of the
// same host: Host2 with the production key and with the development key.
func (c *checker) hostConflicts(v *inventoryView) {
	if !c.on(ruleHostConflict) {
		return
	}
	for _, h := range v.inv.Hosts {
		lines := v.lines[h.Name]
		if len(lines) < 2 {
			continue
		}
		byVar := map[string][]setting{}
		var names []string
		for _, d := range lines {
			for _, vr := range d.Vars {
				if _, ok := byVar[vr.Name]; !ok {
					names = append(names, vr.Name)
				}
				byVar[vr.Name] = append(byVar[vr.Name], setting{vr.Value, d})
			}
		}
		for _, name := range names {
			settings := byVar[name]
			if !slices.ContainsFunc(settings[1:], func(s setting) bool { return !reflect.DeepEqual(s.value, settings[0].value) }) {
				continue
			}
			at, msg := conflictMessage(h, name, settings)
			c.reportText(ruleHostConflict, at,
				"keep one value: a host has one set of variables whatever group lists it; if these are two machines, give them two names",
				msg)
		}
	}
}

// setting is one line's value for a host variable.
type setting struct {
	value any
	decl  inventory.HostDeclaration
}

// conflictMessage says which lines give name which values and which one
// ansible uses, without the values when the name looks secret. The
// finding goes where a value is lost, which is what the author of that
// line needs to see.
func conflictMessage(h *model.Host, name string, settings []setting) (model.Source, string) {
	secret := redact.IsSecretName(name)
	eff, hasEff := effective(h, name)
	used := -1
	if hasEff {
		used = slices.IndexFunc(settings, func(s setting) bool { return reflect.DeepEqual(s.value, eff) })
	}
	at := settings[0].decl.Source
	lost := -1
	if used >= 0 {
		lost = slices.IndexFunc(settings, func(s setting) bool { return !reflect.DeepEqual(s.value, eff) })
		at = settings[lost].decl.Source
	}
	var parts []string
	for _, s := range settings {
		where := place(at, s.decl.Source)
		if secret {
			parts = append(parts, fmt.Sprintf("%s ([%s])", where, s.decl.Group))
		} else {
			parts = append(parts, fmt.Sprintf("%s on %s ([%s])", formatValue(s.value), where, s.decl.Group))
		}
	}
	msg := fmt.Sprintf("host %s is declared %s with different %s: %s", h.Name, times(len(settings)), name, joinAnd(parts))
	switch {
	case secret:
		msg += " (values not shown: the name looks secret); ansible uses one of them for every group"
	case !hasEff:
	case used < 0:
		msg += fmt.Sprintf("; ansible uses %s, set in host_vars or group vars, for every group", formatValue(eff))
	default:
		msg += fmt.Sprintf("; ansible uses %s (%s) for every group, so the value on %s is never used",
			formatValue(eff), place(at, settings[used].decl.Source), place(at, at))
	}
	return at, msg
}

func times(n int) string {
	if n == 2 {
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}

// joinAnd joins "a", "b and c".
func joinAnd(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
