package inventory

import (
	"iter"
	"strings"
	"unicode/utf8"

	"handover/internal/model"
)

// iniParser is ansible's INI inventory plugin (plugins/inventory/ini.py),
// line for line where it matters: the same states, the same pending
// declarations, the same messages. Where ansible stops at the first error
// we record a problem and read on, so that the rest of the file is kept.
type iniParser struct {
	d       *inventoryData
	path    string // relative to the repository root
	lineno  int
	group   int32
	state   string // "hosts", "vars" or "children"
	pending []*pendingDecl
	byName  map[string]*pendingDecl
	block   commentBlock
	tokens  []string
	names   []string
	pairs   []string
	values  []any
	// repeated holds the values last parsed at each place of a host line.
	repeated valueCache
	// ahead reads host lines ahead of the parser in a large file; nil
	// when the file is read by one goroutine.
	ahead *readAhead
	// childComments are comments written above a child line, kept for the
	// group's Comment when its own header has none.
	childComments map[string]string
}

// pendingDecl is a group used before it is declared: as a child, or by a
// [x:vars] section. An entry still pending at the end is an error.
type pendingDecl struct {
	name    string
	line    int
	state   string
	parents []int32
	done    bool
}

// parseINI reads one INI inventory file into d.
func parseINI(d *inventoryData, path, text string) {
	p := &iniParser{
		d: d, path: path, group: ungroupedGroup, state: "hosts",
		byName: map[string]*pendingDecl{}, childComments: map[string]string{},
	}
	p.parse(text)
}

func (p *iniParser) src() model.Source { return model.Source{Path: p.path, Line: p.lineno} }

func (p *iniParser) fail(format string, args ...any) {
	p.d.problem(p.src(), model.SeverityError, format, args...)
}

func (p *iniParser) parse(text string) {
	// Most lines of a large inventory are hosts or their comments.
	p.d.expectHosts(min(strings.Count(text, "\n")/2, p.d.lim.InventoryHosts))
	lines := newLineScanner(text)
	if len(text) >= p.d.readAheadMin {
		p.ahead = startReadAhead(*lines, p.path, p.d.lim.RangeHosts)
		defer p.ahead.close()
	}
	for {
		raw, ok := lines.next()
		if !ok {
			break
		}
		p.lineno++
		line := pyStrip(raw)
		if line == "" {
			p.block.reset()
			continue
		}
		if line[0] == '#' || line[0] == ';' {
			p.block.add(line, p.lineno)
			continue
		}
		if line[0] == '[' {
			if name, state, ok := matchSection(line); ok {
				p.section(name, state)
				continue
			}
			if line[len(line)-1] == ']' {
				p.block.reset()
				p.fail("Invalid section entry: '%s'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters", line)
				// Ansible stops here. We keep the hosts that follow, in no
				// group, and skip variable and child lines we cannot place.
				p.group, p.state = -1, afterInvalidSection(line)
				continue
			}
		}
		switch p.state {
		case "hosts":
			p.hostLine(line)
		case "vars":
			p.block.reset()
			p.varLine(line)
		case "children":
			p.childLine(line)
		default:
			p.block.reset()
		}
	}
	p.finish()
}

// matchSection matches ansible's section pattern
// ^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:\#.*)?$ on a stripped line.
func matchSection(line string) (name, state string, ok bool) {
	i := 1
	for i < len(line) {
		c := line[i]
		if c == ':' || c == ']' {
			break
		}
		if c < utf8.RuneSelf {
			if isPySpace(rune(c)) {
				return "", "", false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(line[i:])
		if isPySpace(r) {
			return "", "", false
		}
		i += size
	}
	if i == 1 || i >= len(line) {
		return "", "", false
	}
	name = line[1:i]
	if line[i] == ':' {
		j := i + 1
		for j < len(line) {
			c := line[j]
			if c == '_' || c >= '0' && c <= '9' || isASCIILetter(c) {
				j++
				continue
			}
			if c < utf8.RuneSelf {
				break
			}
			r, size := utf8.DecodeRuneInString(line[j:])
			if !isPyWordRune(r) {
				break
			}
			j += size
		}
		if j == i+1 {
			return "", "", false
		}
		state, i = line[i+1:j], j
	}
	if i >= len(line) || line[i] != ']' {
		return "", "", false
	}
	rest := strings.TrimLeft(line[i+1:], " \t\f\v\r\n")
	if rest != "" && rest[0] != '#' {
		return "", "", false
	}
	return name, state, true
}

// sectionState is the state a section header of that type puts the parser
// in: "skip" for an unknown type, whose lines ansible never gets to.
func sectionState(typ string) string {
	switch typ {
	case "":
		return "hosts"
	case "hosts", "children", "vars":
		return typ
	}
	return "skip"
}

// sectionLine reads a line as a section header the way the parser does:
// ok says it is one, valid or rejected; state is the state it leaves the
// parser in, and group the group it names ("" for a rejected header).
func sectionLine(line string) (group, state string, ok bool) {
	if line[0] != '[' {
		return "", "", false
	}
	if name, typ, ok := matchSection(line); ok {
		return name, sectionState(typ), true
	}
	if line[len(line)-1] == ']' {
		return "", afterInvalidSection(line), true
	}
	return "", "", false
}

// iniLines yields the stripped lines of an INI text that are neither
// blank nor comments, with their 1-based numbers.
func iniLines(lines lineScanner) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for lineno := 1; ; lineno++ {
			raw, ok := lines.next()
			if !ok {
				return
			}
			line := pyStrip(raw)
			if line == "" || line[0] == '#' || line[0] == ';' {
				continue
			}
			if !yield(lineno, line) {
				return
			}
		}
	}
}

// afterInvalidSection is the state after a header ansible rejects: the
// host lines that follow are kept, in no group; variable and child lines
// cannot be placed.
func afterInvalidSection(line string) string {
	if strings.Contains(line, ":vars") || strings.Contains(line, ":children") {
		return "skip"
	}
	return "hosts"
}

func (p *iniParser) section(name, typ string) {
	comment, _ := p.block.take()
	state := sectionState(typ)
	if state == "skip" {
		p.fail("Section [%s:%s] has unknown type: %s", name, typ, typ)
		// Ansible stops here; we skip the section's lines.
		p.state = state
		return
	}
	p.state = state
	id, exists := p.d.groupIndex[name]
	if !exists {
		// [x] and [x:children] declare a group; [x:vars] only may use one
		// that is declared somewhere in the file.
		if state == "vars" && p.byName[name] == nil {
			p.addPending(&pendingDecl{name: name, line: p.lineno, state: state})
		}
		id = p.d.addGroup(name, p.src())
	}
	p.group = id
	if comment == "" {
		comment = p.childComments[name]
	}
	p.d.declareGroup(id, p.src(), comment, state != "vars")
	if pd := p.byName[name]; pd != nil && !pd.done && state != "vars" {
		if pd.state == "children" {
			p.addPendingChildren(pd)
		} else {
			p.resolve(pd)
		}
	}
}

func (p *iniParser) addPending(pd *pendingDecl) {
	p.pending = append(p.pending, pd)
	p.byName[pd.name] = pd
}

func (p *iniParser) resolve(pd *pendingDecl) {
	pd.done = true
	delete(p.byName, pd.name)
}

// addPendingChildren is _add_pending_children: a group that was used as a
// child before its declaration joins the parents that named it.
func (p *iniParser) addPendingChildren(pd *pendingDecl) {
	child := p.d.groupIndex[pd.name]
	for _, parent := range pd.parents {
		p.d.addChild(parent, child, model.Source{Path: p.path, Line: pd.line})
		if pp := p.byName[p.d.groups[parent].name]; pp != nil && !pp.done && pp.state == "children" {
			p.addPendingChildren(pp)
		}
	}
	p.resolve(pd)
}

func (p *iniParser) hostLine(line string) {
	purpose, purposeLine := p.block.take()
	if ph := p.ahead.prepared(p.lineno); ph != nil && p.adopt(ph) {
		if purpose != "" {
			ph.h.setPurpose(purpose, model.Source{Path: p.path, Line: purposeLine})
		}
		return
	}
	var err error
	p.tokens, err = shlexSplit(p.tokens[:0], line)
	if err != nil {
		p.fail("Error parsing host definition '%s': %s", line, err)
		return
	}
	if len(p.tokens) == 0 {
		return // ansible fails on tokens[0]; only a lone comment gets here, and it cannot
	}
	pattern := p.tokens[0]
	names, port, err := expandHostPattern(p.names[:0], pattern, p.d.lim.RangeHosts)
	p.names = names
	if err != nil {
		p.fail("%s", err)
		return
	}
	if port < 0 && strings.HasSuffix(pyStrip(pattern), ":") {
		p.fail("Invalid host pattern '%s' supplied, ending in ':' is not allowed, this character is reserved to provide a port.", pattern)
		return
	}
	for _, n := range names {
		if pyStrip(n) == "---" {
			p.fail("Invalid host pattern '%s' supplied, '---' is normally a sign this is a YAML file.", pattern)
			return
		}
	}
	// All key=value pairs are checked before any host is added, as in
	// ansible's _parse_host_definition.
	pairs, values := p.pairs[:0], p.values[:0]
	for i, t := range p.tokens[1:] {
		k, v, ok := strings.Cut(t, "=")
		if !ok {
			p.fail("Expected key=value host variable assignment, got: %s", t)
			return
		}
		pairs = append(pairs, k)
		values = append(values, p.repeated.value(i, v))
	}
	p.pairs, p.values = pairs, values
	src := p.src()
	for _, name := range names {
		if name == "" {
			p.fail("Invalid empty host name provided: %s", name)
			continue
		}
		id := p.d.addHost(name, p.group, port, src)
		if id < 0 {
			return
		}
		h := p.d.hosts[id]
		if purpose != "" {
			h.setPurpose(purpose, model.Source{Path: p.path, Line: purposeLine})
		}
		if len(pairs) == 0 {
			continue
		}
		if gid, clash := p.d.groupIndex[name]; clash {
			// set_variable finds a group of that name before the host.
			for i, k := range pairs {
				p.d.setGroupVariable(gid, k, values[i], src)
			}
			continue
		}
		p.d.alloc.reserveVars(h, len(pairs))
		// The vars of a line share one source: the host's own when this
		// is the line that declares it.
		vsrc := &h.m.Source
		if *vsrc != src {
			vsrc = &model.Source{Path: src.Path, Line: src.Line}
		}
		for i, k := range pairs {
			h.vars.set(k, values[i], vsrc)
		}
	}
}

// valueCache holds the values last parsed at each place of a host line.
type valueCache struct {
	raw    []string
	values []any
}

// value is pyValue(raw) for the i-th key=value of a host line. Host lines
// in a row often repeat a value in the same place (ansible_user=deploy),
// and then share it: each value of a new string is an allocation, which a
// hundred thousand hosts make the garbage collector pay for again. Values
// are read-only once parsed, so sharing is safe.
func (c *valueCache) value(i int, raw string) any {
	if i < len(c.raw) && c.raw[i] == raw {
		return c.values[i]
	}
	v := pyValue(raw)
	for len(c.raw) <= i {
		c.raw, c.values = append(c.raw, ""), append(c.values, nil)
	}
	c.raw[i], c.values[i] = raw, v
	return v
}

func (p *iniParser) varLine(line string) {
	k, v, ok := strings.Cut(line, "=")
	if !ok {
		p.fail("Expected key=value, got: %s", line)
		return
	}
	p.d.setGroupVariable(p.group, pyStrip(k), pyValue(pyStrip(v)), p.src())
}

func (p *iniParser) childLine(line string) {
	comment, _ := p.block.take()
	child, ok := matchGroupName(line)
	if !ok {
		p.fail("Expected group name, got: %s", line)
		return
	}
	id, exists := p.d.groupIndex[child]
	if !exists {
		pd := p.byName[child]
		if pd == nil {
			pd = &pendingDecl{name: child, line: p.lineno, state: "children"}
			p.addPending(pd)
		}
		pd.parents = append(pd.parents, p.group)
		if comment != "" && p.childComments[child] == "" {
			p.childComments[child] = comment
		}
		return
	}
	if g := p.d.groups[id]; g.comment == "" {
		g.comment = comment
	}
	p.d.addChild(p.group, id, p.src())
}

// matchGroupName matches ^([^:\]\s]+)\s*(?:\#.*)?$.
func matchGroupName(line string) (string, bool) {
	end := strings.IndexFunc(line, func(r rune) bool { return r == ':' || r == ']' || isPySpace(r) })
	if end == 0 {
		return "", false
	}
	if end < 0 {
		return line, true
	}
	name := line[:end]
	rest := strings.TrimLeftFunc(line[end:], isPySpace)
	if rest != "" && rest[0] != '#' {
		return "", false
	}
	return name, true
}

// finish reports declarations still pending at the end of the file, in the
// order ansible would (it raises for the first only).
func (p *iniParser) finish() {
	for _, pd := range p.pending {
		if pd.done {
			continue
		}
		src := model.Source{Path: p.path, Line: pd.line}
		switch pd.state {
		case "vars":
			p.d.problem(src, model.SeverityError, "Section [%s:vars] not valid for undefined group: %s", pd.name, pd.name)
		case "children":
			parent := p.d.groups[pd.parents[len(pd.parents)-1]].name
			p.d.problem(src, model.SeverityError, "Section [%s:children] includes undefined group: %s", parent, pd.name)
		}
	}
}
