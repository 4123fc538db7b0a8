package summary

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"handover/internal/model"
)

const (
	maxAuthors         = 3  // top authors named per area
	maxHostLines       = 10 // host lines listed per person in a handoff
	maxHostLinesPerson = 5  // and in an onboarding, where everyone is listed
)

// Area kinds, in the order the owners section lists them.
const (
	areaInventory = "inventory"
	areaTerraform = "terraform"
	areaSOPs      = "sops"
	areaIncidents = "incidents"
)

var areaRank = map[string]int{areaInventory: 0, areaTerraform: 1, areaSOPs: 2, areaIncidents: 3}

// area is a part of the repository someone can own: an inventory, a
// Terraform directory, the SOPs, the incident reports.
type area struct {
	kind  string
	path  string   // the inventory file or the directory
	files []string // the files in it handover knows, sorted
}

func (a area) label() string {
	switch a.kind {
	case areaInventory:
		return "inventory " + a.path
	case areaTerraform:
		return "Terraform " + a.path
	case areaSOPs:
		return "SOPs in " + a.path
	}
	return "incident reports in " + a.path
}

// areas lists the inventories, Terraform directories, SOP and incident
// directories, each with its files: those something was read from, and
// those git knows in the same place.
func (in *Input) areas() []area {
	type key struct{ kind, path string }
	files := map[key]map[string]bool{}
	add := func(kind, p, file string) {
		k := key{kind, p}
		if files[k] == nil {
			files[k] = map[string]bool{}
		}
		if file != "" {
			files[k][file] = true
		}
	}
	var gitFiles []string
	if in.History != nil {
		gitFiles = sortedKeys(in.History.Files)
	}
	for _, h := range in.Hosts {
		add(areaInventory, h.Inventory, h.Source.Path)
	}
	for _, g := range in.Groups {
		add(areaInventory, g.Inventory, g.Source.Path)
	}
	for _, r := range in.Resources {
		add(areaTerraform, r.Module, r.Source.Path)
	}
	for _, m := range in.Modules {
		add(areaTerraform, m.Module, m.Source.Path)
	}
	for _, s := range in.SOPs {
		add(areaSOPs, dirOf(s.Source.Path), s.Source.Path)
	}
	for _, inc := range in.Incidents {
		add(areaIncidents, dirOf(inc.Source.Path), inc.Source.Path)
	}
	var out []area
	for k, fs := range files {
		a := area{kind: k.kind, path: k.path}
		for _, f := range gitFiles {
			if a.contains(f, fs) {
				fs[f] = true
			}
		}
		a.files = sortedKeys(fs)
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b area) int {
		return cmp.Or(cmp.Compare(areaRank[a.kind], areaRank[b.kind]), strings.Compare(a.path, b.path))
	})
	return out
}

// contains reports whether a file git knows belongs to the area, given
// the files read from it.
func (a area) contains(f string, read map[string]bool) bool {
	if a.kind != areaInventory {
		return dirOf(f) == a.path
	}
	dir := a.path
	if read[a.path] {
		dir = dirOf(a.path) // the inventory is a file: its group_vars sit beside it
	}
	if dir == "." {
		return strings.HasPrefix(f, "group_vars/") || strings.HasPrefix(f, "host_vars/")
	}
	return under(f, dir)
}

// authorship is what git says about a set of files.
type authorship struct {
	authors []authorStat // most commits first
	last    *model.Commit
	lastIn  string // the file of the last commit
}

type authorStat struct {
	name    string // as People names them
	commits int
	last    time.Time
}

func (in *Input) authorship(people []Person, files []string) authorship {
	var a authorship
	if in.History == nil {
		return a
	}
	stats := map[string]*authorStat{}
	for _, f := range files {
		fh := in.History.Files[f]
		if fh == nil {
			continue
		}
		for _, s := range fh.Authors {
			name := nameOf(people, mention{name: s.Name, email: strings.ToLower(s.Email)})
			st := stats[name]
			if st == nil {
				st = &authorStat{name: name}
				stats[name] = st
			}
			st.commits += s.Commits
			if s.Last.After(st.last) {
				st.last = s.Last
			}
		}
		if len(fh.Commits) > 0 && (a.last == nil || fh.Commits[0].Date.After(a.last.Date)) {
			a.last, a.lastIn = &fh.Commits[0], f
		}
	}
	for _, st := range stats {
		a.authors = append(a.authors, *st)
	}
	slices.SortFunc(a.authors, func(x, y authorStat) int {
		return cmp.Or(cmp.Compare(y.commits, x.commits), y.last.Compare(x.last), strings.Compare(x.name, y.name))
	})
	return a
}

func (s authorStat) String() string {
	return fmt.Sprintf("%s (%s, last %s)", s.name, plural(s.commits, "commit"), day(s.last))
}

func commitLine(c *model.Commit, people []Person) string {
	return fmt.Sprintf("%s %s by %s: %s", day(c.Date), shortHash(c.Hash), nameOf(people, mention{name: c.Author, email: strings.ToLower(c.Email)}), c.Subject)
}

func (in *Input) owners(people []Person) Section {
	s := Section{ID: SectionOwners, Title: "Who owns what, and whom to ask",
		Intro: "For each part of the repository: its owners in CODEOWNERS, the owners written in the SOPs, and who changed it most in git. Ask the first name given."}
	if in.History == nil {
		s.Intro = "This repository is not a git work tree, so handover knows no authors or CODEOWNERS: only the owners written in the SOPs."
	}
	for _, a := range in.areas() {
		s.Lines = append(s.Lines, in.areaLine(a, people))
	}
	if hl := in.hostLinesByPerson(people); len(hl) > 0 {
		top := Line{Text: "Host lines, by who changed them last (ask them about those hosts)"}
		top.Lines = hl
		s.Lines = append(s.Lines, top)
	}
	return s
}

func (in *Input) areaLine(a area, people []Person) Line {
	l := Line{Source: model.Source{Path: a.path}}
	var ask []string
	for _, o := range ownersOf(in.History, a.files) {
		name := ownerName(people, o.owner)
		ask = append(ask, name)
		l.Lines = append(l.Lines, Line{Text: "CODEOWNERS: " + name, Source: o.rule.Source})
	}
	if a.kind == areaSOPs {
		count := map[string]int{}
		for _, sop := range in.SOPs {
			if dirOf(sop.Source.Path) != a.path {
				continue
			}
			for _, o := range sop.Owners {
				count[nameOf(people, wordMention(o))]++
			}
		}
		names := sortedKeys(count)
		slices.SortStableFunc(names, func(x, y string) int { return cmp.Compare(count[y], count[x]) })
		var parts []string
		for _, n := range names {
			parts = append(parts, fmt.Sprintf("%s (%s)", n, plural(count[n], "SOP")))
			ask = append(ask, n)
		}
		if len(parts) > 0 {
			l.Lines = append(l.Lines, Line{Text: "SOP owners: " + strings.Join(parts, ", ")})
		}
	}
	au := in.authorship(people, a.files)
	if len(au.authors) > 0 {
		var parts []string
		for i, st := range au.authors {
			if i == maxAuthors {
				parts = append(parts, fmt.Sprintf("and %d more", len(au.authors)-maxAuthors))
				break
			}
			parts = append(parts, st.String())
			ask = append(ask, st.name)
		}
		l.Lines = append(l.Lines, Line{Text: "Most commits: " + strings.Join(parts, ", ")})
	}
	if au.last != nil {
		l.Lines = append(l.Lines, Line{Text: "Last change: " + commitLine(au.last, people), Source: model.Source{Path: au.lastIn}})
	}
	if len(au.authors) == 1 {
		l.Lines = append(l.Lines, Line{
			Text:  fmt.Sprintf("only %s has changed it: bus factor 1", au.authors[0].name),
			Level: LevelWarning,
		})
	}
	l.Text = a.label()
	if len(ask) > 0 {
		l.Text += ": ask " + ask[0]
	} else {
		l.Text += ": no owner known"
		l.Level = LevelWarning
	}
	return l
}

// ownerName is a CODEOWNERS owner with the person's name when known:
// "Marta Kowalska (@marta-acme)", else as written.
func ownerName(people []Person, owner string) string {
	if p := personOf(people, ownerMention(owner)); p != nil && !strings.HasPrefix(p.Name, "@") && p.Name != owner {
		return p.Name + " (" + owner + ")"
	}
	return owner
}

// declared is one host line, the hosts it declares and its last change.
type declared struct {
	src    model.Source
	names  []string
	change model.LineChange
}

// hostLinesChanged are the host lines git blame knows, in source order.
func (in *Input) hostLinesChanged() []declared {
	if in.History == nil {
		return nil
	}
	byLine := map[model.Source]*declared{}
	var out []*declared
	for _, h := range in.Hosts {
		c, ok := in.History.Lines[h.Source.Path][h.Source.Line]
		if !ok {
			continue
		}
		src := model.Source{Path: h.Source.Path, Line: h.Source.Line}
		d := byLine[src]
		if d == nil {
			d = &declared{src: src, change: c}
			byLine[src] = d
			out = append(out, d)
		}
		d.names = append(d.names, h.Name)
	}
	slices.SortFunc(out, func(a, b *declared) int { return bySource(a.src, b.src) })
	res := make([]declared, len(out))
	for i, d := range out {
		res[i] = *d
	}
	return res
}

func (d declared) hosts() string {
	if len(d.names) <= 3 {
		return strings.Join(d.names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(d.names[:2], ", "), len(d.names)-2)
}

func (in *Input) hostLinesByPerson(people []Person) []Line {
	by := map[string][]declared{}
	for _, d := range in.hostLinesChanged() {
		name := nameOf(people, mention{name: d.change.Author, email: strings.ToLower(d.change.Email)})
		by[name] = append(by[name], d)
	}
	names := sortedKeys(by)
	slices.SortStableFunc(names, func(a, b string) int { return cmp.Compare(len(by[b]), len(by[a])) })
	var out []Line
	for _, n := range names {
		ds := by[n]
		newest := ds[0].change.Date
		var lines []Line
		for _, d := range ds {
			if d.change.Date.After(newest) {
				newest = d.change.Date
			}
			lines = append(lines, Line{Text: fmt.Sprintf("%s: %s, %s", d.hosts(), day(d.change.Date), d.change.Subject), Source: d.src})
		}
		out = append(out, Line{
			Text:  fmt.Sprintf("%s last changed %s (newest %s)", n, plural(len(ds), "host line"), day(newest)),
			Lines: capLines(lines, maxHostLinesPerson, "host lines"),
		})
	}
	return out
}
