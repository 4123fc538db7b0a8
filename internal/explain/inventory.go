package explain

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"handover/internal/index"
	"handover/internal/inventory"
	"handover/internal/model"
	"handover/internal/redact"
)

// inventoryLine explains a line of an inventory file: a host line (or a
// variable on it, when the column points at one), a variable of a group
// or of a YAML host, or a group header.
func (e *Explainer) inventoryLine(ctx context.Context, rc *repoCache, inv inventorySource, f *fileText, req Request, a *Answer) error {
	var at *lineDeclarations
	var over *override
	if req.HasContent {
		d := inventory.FileDeclarations(f.rel, []byte(f.text))
		over = &override{rel: f.rel, decls: d}
		at = indexLines(d)[f.rel][req.Line]
	} else {
		lines, err := rc.lines(inv)
		if err != nil {
			return err
		}
		at = lines[f.rel][req.Line]
	}
	invs := []inventorySource{inv}
	if at != nil && len(at.hosts) > 0 {
		h := at.hosts[0]
		if v, ok := varAtColumn(h.Vars, f.line(req.Line), req.Column); ok {
			return e.variable(ctx, rc, invs, v, over, a)
		}
		a.Subject, a.Name, a.Source = SubjectHost, h.Host, h.Source
		host, err := e.host(ctx, rc.name, inv.path, h.Host)
		if host != nil {
			a.Item = host
		}
		return err
	}
	if at != nil && len(at.vars) > 0 {
		return e.variable(ctx, rc, invs, at.vars[0], over, a)
	}
	if name, ok := groupAt(f.line(req.Line), rc.groups[inv.path]); ok {
		a.Subject, a.Name = SubjectGroup, name
		if g := rc.groups[inv.path][name]; g != nil {
			a.Item, a.Source = g, g.Source
		}
	}
	return nil
}

// lineDeclarations are what one line of an inventory file declares: host
// lines, and variables on lines of their own (a group's, a YAML host's).
type lineDeclarations struct {
	hosts []inventory.HostDeclaration
	vars  []inventory.VarDeclaration
}

// indexLines indexes d's declarations by path and line.
func indexLines(d *inventory.Declarations) map[string]map[int]*lineDeclarations {
	out := map[string]map[int]*lineDeclarations{}
	at := func(src model.Source) *lineDeclarations {
		byLine := out[src.Path]
		if byLine == nil {
			byLine = map[int]*lineDeclarations{}
			out[src.Path] = byLine
		}
		l := byLine[src.Line]
		if l == nil {
			l = &lineDeclarations{}
			byLine[src.Line] = l
		}
		return l
	}
	for _, h := range d.Hosts {
		l := at(h.Source)
		l.hosts = append(l.hosts, h)
		for _, v := range h.Vars {
			if v.Source.Line != h.Source.Line {
				at(v.Source).vars = append(at(v.Source).vars, v)
			}
		}
	}
	for _, v := range d.GroupVars {
		at(v.Source).vars = append(at(v.Source).vars, v)
	}
	return out
}

// varsFileLine explains a line of a group_vars or host_vars file: the
// variable it sets (a line inside a variable's value belongs to it), or
// the group or host the file belongs to.
func (e *Explainer) varsFileLine(ctx context.Context, rc *repoCache, invs []inventorySource, vf inventory.VarsFile, f *fileText, req Request, a *Answer) error {
	vars := inventory.VarsFileDeclarations(f.rel, []byte(f.text), vf)
	var at *inventory.VarDeclaration
	for i, v := range vars {
		if v.Source.Line <= req.Line && (at == nil || v.Source.Line > at.Source.Line) {
			at = &vars[i]
		}
	}
	if at != nil {
		var over *override
		if req.HasContent {
			over = &override{rel: f.rel, decls: &inventory.Declarations{VarsFiles: vars}}
		}
		return e.variable(ctx, rc, invs, *at, over, a)
	}
	a.Name = vf.Owner
	if vf.Group {
		a.Subject = SubjectGroup
		for _, inv := range invs {
			if g := rc.groups[inv.path][vf.Owner]; g != nil {
				a.Item = g
				return nil
			}
		}
		return nil
	}
	a.Subject = SubjectHost
	host, err := e.host(ctx, rc.name, invs[0].path, vf.Owner)
	if host != nil {
		a.Item = host
	}
	return err
}

// variable explains one variable declaration: its value on the first
// hosts it reaches, and for each the chain of places that set it.
func (e *Explainer) variable(ctx context.Context, rc *repoCache, invs []inventorySource, v inventory.VarDeclaration, over *override, a *Answer) error {
	a.Subject, a.Name, a.Source = SubjectVariable, v.Name, v.Source
	what := "host"
	if v.Group {
		what = "group"
	}
	a.Detail = fmt.Sprintf("set for %s %s", what, v.Owner)
	for _, inv := range invs {
		vi, err := rc.varIndex(inv, over)
		if err != nil {
			return err
		}
		names, total := []string{v.Owner}, 1
		if v.Group {
			names, total = rc.reach(inv.path, v.Owner)
		}
		a.AffectedHosts += total
		for _, name := range names {
			if len(a.Values) == MaxValues {
				break
			}
			h, err := e.host(ctx, rc.name, inv.path, name)
			if err != nil {
				return err
			}
			if h == nil {
				continue
			}
			hv := hostValue(h, v.Name, vi, rc.groups[inv.path])
			for j := range hv.Chain {
				hv.Chain[j].Source.Repo = rc.name
			}
			a.Values = append(a.Values, hv)
		}
	}
	return nil
}

// hostValue is h's effective value of name and the chain behind it, in
// the order package inventory applies them (precedence.go): the inline
// vars of "all" and then of the host's groups by depth, priority and name;
// group_vars in the same order; the host's inline vars; host_vars.
func hostValue(h *model.Host, name string, vi *varIndex, groups map[string]*model.Group) HostValue {
	hv := HostValue{Host: h.Name, Inventory: h.Inventory}
	for v := range h.AllVars() {
		if v.Name == name {
			hv.Value, hv.Set = v.Value, true
		}
	}
	ordered := append([]string(nil), h.Groups...)
	rank := func(n string) (int, int) {
		if g := groups[n]; g != nil {
			return g.Depth, g.Priority
		}
		return 0, 0
	}
	slices.SortFunc(ordered, func(x, y string) int {
		dx, px := rank(x)
		dy, py := rank(y)
		return cmp.Or(cmp.Compare(dx, dy), cmp.Compare(px, py), cmp.Compare(x, y))
	})
	owners := vi.byName[name]
	var chain []Setting
	take := func(key string, file bool) {
		for _, s := range owners[key] {
			if s.file == file {
				chain = append(chain, Setting{Source: s.decl.Source, Value: redact.Value(name, s.decl.Value), Owner: s.decl.Owner, Group: s.decl.Group})
			}
		}
	}
	for _, file := range []bool{false, true} {
		take(ownerKey("all", true), file)
		for _, g := range ordered {
			if g != "all" {
				take(ownerKey(g, true), file)
			}
		}
	}
	take(ownerKey(h.Name, false), false)
	take(ownerKey(h.Name, false), true)
	slices.Reverse(chain)
	hv.Chain = chain
	return hv
}

// host returns the indexed host called name in inventory inv, nil when it
// is not indexed (a line the editor just added).
func (e *Explainer) host(ctx context.Context, repo, inv, name string) (*model.Host, error) {
	hosts, _, _, err := e.index.Hosts(ctx, index.Filter{Repo: repo, Inventory: inv, Name: name}, 5, "")
	if err != nil {
		return nil, err
	}
	for i := range hosts {
		if hosts[i].Name == name {
			return &hosts[i], nil
		}
	}
	return nil, nil
}

// varAtColumn returns the key=value variable of a host line that column
// points at.
func varAtColumn(vars []inventory.VarDeclaration, line string, column int) (inventory.VarDeclaration, bool) {
	if column < 1 {
		return inventory.VarDeclaration{}, false
	}
	for _, v := range vars {
		start := strings.Index(line, v.Name+"=")
		if start < 0 {
			continue
		}
		end := start + strings.IndexAny(line[start:]+" ", " \t")
		if column-1 >= start && column-1 < end {
			return v, true
		}
	}
	return inventory.VarDeclaration{}, false
}

var (
	iniHeader = regexp.MustCompile(`^\s*\[([^\]:]+)(?::[a-z]+)?\]`)
	yamlKey   = regexp.MustCompile(`^\s*([^\s:#][^:#]*?):\s*(?:#.*)?$`)
)

// groupAt returns the group an INI section header or a YAML key names.
func groupAt(line string, groups map[string]*model.Group) (string, bool) {
	if m := iniHeader.FindStringSubmatch(line); m != nil {
		return strings.TrimSpace(m[1]), true
	}
	if m := yamlKey.FindStringSubmatch(line); m != nil {
		name := strings.Trim(m[1], `"'`)
		if _, ok := groups[name]; ok || name == "all" {
			return name, true
		}
	}
	return "", false
}
