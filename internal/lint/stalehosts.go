package lint

import (
	"bufio"
	"bytes"
	"regexp"
	"slices"
	"strings"

	"handover/internal/limits"
	"handover/internal/model"
)

// A document names a host that is gone when a word of it is written in
// the repository's own host naming (letters, then a number of as many
// digits as a host's: pg03 beside pg01 and pg02, metal4 beside metal0) and no inventory has a
// host of that name; a group when a --limit or a code span names one with
// the prefix of the repository's groups (prod-db beside prod-web and
// prod-ci). Ordinary words have no digits and no group prefix, so they are
// never taken for either.

// hostShape splits a short host name into its letters and its number.
var hostShape = regexp.MustCompile(`^([a-z][a-z_-]*[a-z])-?([0-9]+)$`)

// limitArg is a --limit or -l argument, and codeSpan a one-word code span.
var (
	limitArg = regexp.MustCompile(`(?:--limit[ =]|\s-l )['"]?([A-Za-z0-9_,:&!*-]+)`)
	codeSpan = regexp.MustCompile("`([A-Za-z][A-Za-z0-9_-]*)`")
	wordRE   = regexp.MustCompile(`[A-Za-z0-9][A-Za-z0-9._-]*`)
)

// naming is what the repository's inventories call things.
type naming struct {
	known  map[string]bool         // every host name, short name and alias, group and Name tag, lower case
	shapes map[string]*model.Host  // "pg/2": a host whose name has that shape
	groups map[string]*model.Group // a group prefix shared by two groups or more ("prod-"): one of them
}

func newNaming(snap *model.Snapshot) *naming {
	n := &naming{known: map[string]bool{}, shapes: map[string]*model.Host{}, groups: map[string]*model.Group{}}
	prefixes := map[string]int{}
	for _, inv := range snap.Inventories {
		if inv == nil {
			continue
		}
		for _, h := range inv.Hosts {
			names := append([]string{h.Name}, model.HostAliases(h)...)
			for _, name := range names {
				name = strings.ToLower(name)
				short, _, _ := strings.Cut(name, ".")
				n.known[name], n.known[short] = true, true
				if key := shapeKey(short); key != "" && n.shapes[key] == nil {
					n.shapes[key] = h
				}
			}
		}
		for _, g := range inv.Groups {
			name := strings.ToLower(g.Name)
			n.known[name] = true
			if p := groupPrefix(name); p != "" {
				prefixes[p]++
				if n.groups[p] == nil {
					n.groups[p] = g
				}
			}
		}
	}
	// A machine Terraform names (a Name tag) is not gone, even when no
	// inventory lists it yet.
	for _, m := range snap.Terraform {
		if m == nil {
			continue
		}
		for _, r := range m.Resources {
			if name := strings.ToLower(r.Tags["Name"]); name != "" {
				n.known[name] = true
			}
		}
	}
	for p := range n.groups {
		if prefixes[p] < 2 {
			delete(n.groups, p)
		}
	}
	return n
}

// shapeKey is "letters/digits" of a host-like word, "" for other words.
func shapeKey(word string) string {
	m := hostShape.FindStringSubmatch(word)
	// One digit after two letters is too common a word (ec2, s3, v1).
	if m == nil || len(m[2]) == 1 && len(m[1]) < 3 {
		return ""
	}
	return m[1] + "/" + string(rune('0'+len(m[2])))
}

// groupPrefix is a group name's part up to its first - or _, with it.
func groupPrefix(name string) string {
	if i := strings.IndexAny(name, "-_"); i > 1 && i < len(name)-1 {
		return name[:i+1]
	}
	return ""
}

// staleMentions reports hosts, groups and Terraform resources that
// documents name and the repository no longer has. Without inventories
// there is no host naming to judge by, without Terraform no resources.
func (c *checker) staleMentions() {
	if c.root == "" {
		return
	}
	var paths []string
	for _, s := range c.snap.SOPs {
		paths = append(paths, s.Source.Path)
	}
	for _, inc := range c.snap.Incidents {
		paths = append(paths, inc.Source.Path)
	}
	for _, d := range c.snap.Docs {
		paths = append(paths, d.Source.Path)
	}
	paths = slices.DeleteFunc(paths, func(p string) bool { return !c.reports(p) })
	// The naming of 100k hosts is built only when there are documents to
	// judge by it: an editor's inventory buffer has none.
	if len(paths) == 0 {
		return
	}
	var n *naming
	if len(c.snap.Inventories) > 0 {
		if n = newNaming(c.snap); len(n.shapes) == 0 && len(n.groups) == 0 {
			n = nil
		}
	}
	tf := newResourceNaming(c.snap)
	if n == nil && len(tf.byType) == 0 && len(tf.calls) == 0 {
		return
	}
	for _, p := range paths {
		c.staleNames(n, tf, p)
	}
}

func (c *checker) staleNames(n *naming, tf *resourceNaming, rel string) {
	// Read as the parser read it: inside the repository, a regular file,
	// bounded. The file may have changed since (a symlink out, a pipe).
	data, _, ok := limits.Default().ReadText(c.root, rel)
	if !ok {
		return // the parser reported it
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	reported := map[string]bool{}
	inDiff := false
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if fence := strings.TrimSpace(text); strings.HasPrefix(fence, "```") || strings.HasPrefix(fence, "~~~") {
			lang, _, _ := strings.Cut(strings.TrimLeft(fence, "`~ "), " ")
			inDiff = !inDiff && (lang == "diff" || lang == "patch")
			continue
		}
		if inDiff && strings.HasPrefix(text, "+") {
			continue // a line a change adds: a host to be, not one that was
		}
		src := model.Source{Path: rel, Line: line}
		for _, g := range tf.mentions(text) {
			if !reported[g.name] {
				reported[g.name] = true
				c.reportText(ruleStaleResource, src, g.fix, g.message)
			}
		}
		if n == nil {
			continue
		}
		for _, w := range wordRE.FindAllString(text, -1) {
			short, _, _ := strings.Cut(strings.ToLower(strings.TrimRight(w, ".-_")), ".")
			h := n.shapes[shapeKey(short)]
			if h == nil || n.known[short] || reported[short] {
				continue
			}
			reported[short] = true
			c.report(ruleStaleHost, src, "update the text to the host that does the job today, or say that "+short+" was retired",
				"names host %s, which no inventory has (hosts are named like %s, at %s)", short, h.Name, h.Source)
		}
		for _, name := range groupWords(text) {
			g := n.groups[groupPrefix(name)]
			if g == nil || n.known[name] || reported[name] {
				continue
			}
			reported[name] = true
			c.report(ruleStaleHost, src, "update the text to the group used today",
				"names group %s, which no inventory has (groups are named like %s, at %s)", name, g.Name, g.Source)
		}
	}
}

// groupWords are the lower-case names a line gives as groups: the parts of
// a --limit pattern, and one-word code spans.
func groupWords(text string) []string {
	var out []string
	for _, m := range limitArg.FindAllStringSubmatch(text, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return strings.ContainsRune(",:&!", r) }) {
			if !strings.Contains(p, "*") {
				out = append(out, strings.ToLower(p))
			}
		}
	}
	for _, m := range codeSpan.FindAllStringSubmatch(text, -1) {
		out = append(out, strings.ToLower(m[1]))
	}
	return out
}
