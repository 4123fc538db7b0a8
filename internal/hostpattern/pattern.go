// Package hostpattern resolves Ansible host patterns (a play's hosts:,
// --limit) against one inventory with ansible's own rules, as
// ansible/inventory/manager.py applies them: groups and host names, shell
// globs and ~regexes, "," and ":" unions, ":&" intersections and ":!"
// exclusions applied in that order, [i] and [i:j] subscripts, all, * and
// ungrouped. It reads a model.Inventory and nothing else: it knows nothing
// of playbooks, files or the index.
package hostpattern

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"

	"handover/internal/model"
)

// Resolver resolves patterns against one inventory. It caches what it
// computes (each group's hosts, each single pattern's matches), so one
// Resolver serves every play of a repository; it is not safe for
// concurrent use.
type Resolver struct {
	inv        *model.Inventory
	hostIndex  map[string]int32 // host name -> index in inv.Hosts
	groupIndex map[string]int   // group name -> index in inv.Groups
	groupHosts map[string][]int32
	single     map[string][]int32 // single pattern (without & or !) -> hosts
	mark       []uint32           // per host: the generation it was last seen in
	gen        uint32
}

// NewResolver prepares inv for resolving.
func NewResolver(inv *model.Inventory) *Resolver {
	r := &Resolver{
		inv:        inv,
		hostIndex:  make(map[string]int32, len(inv.Hosts)),
		groupIndex: make(map[string]int, len(inv.Groups)),
		groupHosts: map[string][]int32{},
		single:     map[string][]int32{},
		mark:       make([]uint32, len(inv.Hosts)),
	}
	for i, h := range inv.Hosts {
		if _, dup := r.hostIndex[h.Name]; !dup {
			r.hostIndex[h.Name] = int32(i)
		}
	}
	for i, g := range inv.Groups {
		r.groupIndex[g.Name] = i
	}
	return r
}

// Hosts returns the hosts pattern selects, in ansible's order, each once.
// A pattern ansible rejects (a bad regex, a subscript past the end) is an
// error; a pattern that matches nothing is not.
func (r *Resolver) Hosts(pattern string) ([]*model.Host, error) {
	idx, err := r.resolve(pattern)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Host, len(idx))
	for i, x := range idx {
		out[i] = r.inv.Hosts[x]
	}
	return out, nil
}

// Split is ansible's split_host_pattern: a pattern with commas is split on
// them; one without is split on ":" unless it is a single host address
// (an IPv6 address, host:port, a [x:y] range).
func Split(pattern string) []string {
	var parts []string
	switch {
	case strings.Contains(pattern, ","):
		parts = strings.Split(pattern, ",")
	case isAddress(pattern):
		parts = []string{pattern}
	default:
		parts = colonParts.FindAllString(pattern, -1)
	}
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// colonParts is manager.py's fallback: runs of anything but whitespace,
// ':' and brackets, or whole bracketed expressions.
var colonParts = regexp.MustCompile(`(?:[^\s:\[\]]|\[[^\]]*\])+`)

// hostWithRanges is a host name with [a:b] ranges and an optional :port,
// what ansible's parse_address accepts with allow_ranges.
var hostWithRanges = regexp.MustCompile(`^(?:[a-zA-Z0-9_\-]|\[[a-zA-Z0-9]+:[a-zA-Z0-9]+(?::[0-9]+)?\])(?:[a-zA-Z0-9_.\-]|\[[a-zA-Z0-9]+:[a-zA-Z0-9]+(?::[0-9]+)?\])*(?::[0-9]+)?$`)

func isAddress(p string) bool {
	p = strings.TrimSpace(p)
	if net.ParseIP(p) != nil {
		return true
	}
	if strings.HasPrefix(p, "[") {
		if end := strings.Index(p, "]"); end > 0 && net.ParseIP(p[1:end]) != nil {
			return true
		}
	}
	return hostWithRanges.MatchString(p)
}

// order is manager.py's order_patterns: plain patterns, then &, then !;
// all when there is no plain one.
func order(patterns []string) []string {
	var plain, and, not []string
	for _, p := range patterns {
		switch p[0] {
		case '!':
			not = append(not, p)
		case '&':
			and = append(and, p)
		default:
			plain = append(plain, p)
		}
	}
	if len(plain) == 0 {
		plain = []string{"all"}
	}
	return append(append(plain, and...), not...)
}

func (r *Resolver) resolve(pattern string) ([]int32, error) {
	var hosts []int32
	for _, p := range order(Split(pattern)) {
		if i, ok := r.hostIndex[p]; ok {
			hosts = append(hosts, i)
			continue
		}
		that, err := r.matchOne(p)
		if err != nil {
			return nil, err
		}
		switch p[0] {
		case '!':
			r.markAll(that)
			hosts = r.keep(hosts, false)
		case '&':
			r.markAll(that)
			hosts = r.keep(hosts, true)
		default:
			r.markAll(hosts)
			for _, h := range that {
				if r.mark[h] != r.gen {
					hosts = append(hosts, h)
				}
			}
		}
	}
	return r.dedupe(hosts), nil
}

// markAll starts a new generation with hosts marked.
func (r *Resolver) markAll(hosts []int32) {
	r.gen++
	for _, h := range hosts {
		r.mark[h] = r.gen
	}
}

// keep filters hosts to the marked ones (or the unmarked ones), in place.
func (r *Resolver) keep(hosts []int32, marked bool) []int32 {
	out := hosts[:0]
	for _, h := range hosts {
		if (r.mark[h] == r.gen) == marked {
			out = append(out, h)
		}
	}
	return out
}

func (r *Resolver) dedupe(hosts []int32) []int32 {
	r.gen++
	out := make([]int32, 0, len(hosts))
	for _, h := range hosts {
		if r.mark[h] != r.gen {
			r.mark[h] = r.gen
			out = append(out, h)
		}
	}
	return out
}

// subscript is manager.py's PATTERN_WITH_SUBSCRIPT.
var subscript = regexp.MustCompile(`^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$`)

// matchOne is one pattern without its & or !, subscript applied.
func (r *Resolver) matchOne(p string) ([]int32, error) {
	if p[0] == '&' || p[0] == '!' {
		p = p[1:]
	}
	if hosts, ok := r.single[p]; ok {
		return hosts, nil
	}
	expr, from, to, sub := p, 0, 0, false
	if p != "" && p[0] != '~' {
		if m := subscript.FindStringSubmatch(p); m != nil {
			expr, sub = m[1], true
			if m[2] != "" {
				from, _ = strconv.Atoi(m[2])
				to = 0
			} else {
				from, _ = strconv.Atoi(m[3])
				to = -1
				if m[5] != "" {
					to, _ = strconv.Atoi(m[5])
				}
			}
		}
	}
	hosts, err := r.enumerate(expr)
	if err != nil {
		return nil, err
	}
	if sub && len(hosts) > 0 {
		switch {
		case to == -1:
			hosts = hosts[min(from, len(hosts)):]
		case to != 0:
			hosts = hosts[min(from, len(hosts)):min(to+1, len(hosts))]
		default: // a single index; [0:0] means it too, as in manager.py
			i := from
			if i < 0 {
				i += len(hosts)
			}
			if i < 0 || i >= len(hosts) {
				return nil, fmt.Errorf("no hosts matched the subscripted pattern %q", p)
			}
			hosts = []int32{hosts[i]}
		}
	}
	r.single[p] = hosts
	return hosts, nil
}

// enumerate is manager.py's _enumerate_matches: the hosts of every group
// the expression matches, and the hosts it matches by name when it
// matched no group or is a glob or regex.
func (r *Resolver) enumerate(expr string) ([]int32, error) {
	var out []int32
	if expr == "" {
		return nil, nil
	}
	literal := expr[0] != '~' && !strings.ContainsAny(expr, "*?[")
	matchedGroup := false
	if literal {
		if i, ok := r.groupIndex[expr]; ok {
			matchedGroup = true
			out = append(out, r.groupMembers(r.inv.Groups[i].Name)...)
		}
		if !matchedGroup || strings.Contains(expr, ".") {
			if i, ok := r.hostIndex[expr]; ok {
				out = append(out, i)
			}
		}
		return out, nil
	}
	re, err := compile(expr)
	if err != nil {
		return nil, err
	}
	for _, g := range r.inv.Groups {
		if re.MatchString(g.Name) {
			matchedGroup = true
			out = append(out, r.groupMembers(g.Name)...)
		}
	}
	for i, h := range r.inv.Hosts {
		if re.MatchString(h.Name) {
			out = append(out, int32(i))
		}
	}
	return out, nil
}

// compile turns a ~regex (matched at the start, as Python's re.match) or
// a shell glob (fnmatch.translate: the whole name) into a regexp.
func compile(expr string) (*regexp.Regexp, error) {
	var src string
	if expr[0] == '~' {
		src = `^(?:` + expr[1:] + `)`
	} else {
		src = `^(?s:` + globRegexp(expr) + `)$`
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, fmt.Errorf("invalid host list pattern: %s", expr)
	}
	return re, nil
}

// globRegexp is Python's fnmatch.translate without its anchors.
func globRegexp(glob string) string {
	var b strings.Builder
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; c {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteByte('.')
		case '[':
			j := i + 1
			if j < len(glob) && glob[j] == '!' {
				j++
			}
			if j < len(glob) && glob[j] == ']' {
				j++
			}
			for j < len(glob) && glob[j] != ']' {
				j++
			}
			if j >= len(glob) {
				b.WriteString(`\[`)
				continue
			}
			class := glob[i+1 : j]
			i = j
			class = strings.ReplaceAll(class, `\`, `\\`)
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			} else if strings.HasPrefix(class, "^") {
				class = `\` + class
			}
			b.WriteString("[" + class + "]")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	return b.String()
}

// groupMembers is ansible's Group.get_hosts: the group's own hosts, then
// those of its children in order, then theirs, each host once.
func (r *Resolver) groupMembers(name string) []int32 {
	if hosts, ok := r.groupHosts[name]; ok {
		return hosts
	}
	var out []int32
	r.gen++
	gen := r.gen
	seenGroup := map[string]bool{name: true}
	level := []string{name}
	for len(level) > 0 {
		var next []string
		for _, gname := range level {
			i, ok := r.groupIndex[gname]
			if !ok {
				continue
			}
			g := r.inv.Groups[i]
			for _, hn := range g.Hosts {
				if h, ok := r.hostIndex[hn]; ok && r.mark[h] != gen {
					r.mark[h] = gen
					out = append(out, h)
				}
			}
			for _, c := range g.Children {
				if !seenGroup[c] {
					seenGroup[c] = true
					next = append(next, c)
				}
			}
		}
		level = next
	}
	r.groupHosts[name] = out
	return out
}
