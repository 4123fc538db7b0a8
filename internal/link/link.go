// Package link joins what the parsers read from one repository into a
// graph: the Terraform resource that creates a host, the hosts, groups and
// resources an incident report or SOP mentions, the SOP an incident
// produced. Every link is stored on both ends, so an answer about a host
// can show its resource, SOPs and incidents without another query.
//
// It works on a model.Snapshot in memory and knows nothing of the index.
// Matching is by exact names, never fuzzy: a wrong link misleads a
// newcomer more than a missing one.
package link

import (
	"cmp"
	"maps"
	"net"
	"path"
	"slices"
	"strings"

	"handover/internal/model"
)

// Build fills the Links of every host, group, resource, SOP, incident,
// play and role in snap. It replaces links from an earlier Build.
func Build(snap *model.Snapshot) { BuildGraph(snap) }

// Graph is the names of a snapshot's hosts, groups and resources that
// Build matched text against. It stays right for a later snapshot with
// the same inventories and Terraform modules, where Relink uses it.
type Graph = graph

// BuildGraph is Build, returning the graph for Relink.
func BuildGraph(snap *model.Snapshot) *Graph {
	g := newGraph(snap)
	g.clear()
	g.resourcesToHosts()
	g.playsToHosts()
	for _, inc := range snap.Incidents {
		g.mentions(incidentText(inc), model.KindIncident, inc.Title, inc.Source, &inc.Links)
		g.produced(inc)
	}
	for _, sop := range snap.SOPs {
		g.mentions(sopText(sop), model.KindSOP, sop.Title, sop.Source, &sop.Links)
	}
	g.runbooks()
	g.sort()
	return g
}

// Relink brings the links of snap up to date after only markdown files
// changed: snap's other items are those g was built from, with the links
// an earlier Build or Relink gave them, and its SOPs and incidents read
// from the files in changed are new (or gone). The links to and from the
// files in changed are dropped and made again; the rest stand. It returns
// the items read from the changed files and those whose links it changed
// or may have changed (a live update indexes them again). It costs what
// the changed files mention, not what the repository holds.
func (g *Graph) Relink(snap *model.Snapshot, changed map[string]bool) map[model.Item]bool {
	old := g.snap
	g.snap = snap
	g.touched = map[model.Item]bool{}
	defer func() { g.touched = nil }()
	inChanged := func(k model.Link) bool { return changed[k.Source.Path] }
	for _, it := range g.linkedTo(old, changed) {
		l := model.LinksOf(it)
		if l == nil || !slices.ContainsFunc(*l, inChanged) {
			continue
		}
		// A new array: the caller may hold the links as they were.
		*l = slices.DeleteFunc(slices.Clone(*l), inChanged)
		g.touched[it] = true
	}
	for _, it := range markdownItems(snap, changed) {
		if l := model.LinksOf(it); l != nil {
			*l = nil
		}
		g.touched[it] = true
	}
	for _, inc := range snap.Incidents {
		switch {
		case changed[inc.Source.Path]:
			g.mentions(incidentText(inc), model.KindIncident, inc.Title, inc.Source, &inc.Links)
			g.produced(inc)
		case !slices.ContainsFunc(inc.Links, func(k model.Link) bool { return k.Rel == model.RelProduced }):
			g.produced(inc) // its SOP may be one of the files changed
		}
	}
	for _, sop := range snap.SOPs {
		if changed[sop.Source.Path] {
			g.mentions(sopText(sop), model.KindSOP, sop.Title, sop.Source, &sop.Links)
		}
	}
	// An alert's runbook is chosen among all SOPs: choose again.
	runbook := func(k model.Link) bool { return k.Rel == model.RelRunbook || k.Rel == model.RelRunbookFor }
	for _, a := range snap.Alerts {
		a.Links = slices.DeleteFunc(slices.Clone(a.Links), runbook)
		g.touched[a] = true
	}
	for _, sop := range snap.SOPs {
		if slices.ContainsFunc(sop.Links, runbook) {
			sop.Links = slices.DeleteFunc(slices.Clone(sop.Links), runbook)
			g.touched[sop] = true
		}
	}
	g.runbooks()
	g.sort()
	return g.touched
}

// linkedTo are the items of g.snap that may hold links to the files in
// changed, as old, the snapshot before, had them: the other ends of the
// links of what old read from those files, since every link is stored on
// both ends. When an end cannot be looked up, it is every item with
// links.
func (g *graph) linkedTo(old *model.Snapshot, changed map[string]bool) []model.Item {
	var out []model.Item
	var markdown map[string][]model.Item // g.snap's SOPs and incidents by path, when needed
	for _, it := range markdownItems(old, changed) {
		l := model.LinksOf(it)
		if l == nil {
			continue
		}
		for _, k := range *l {
			same := func(s model.Source) bool { return s.Path == k.Source.Path && s.Line == k.Source.Line }
			key := strings.ToLower(k.Name)
			switch k.Kind {
			case model.KindHost:
				out = appendMatching(out, g.hosts[key], func(h *model.Host) bool { return same(h.Source) })
			case model.KindGroup:
				out = appendMatching(out, g.groups[key], func(gr *model.Group) bool { return same(gr.Source) })
			case model.KindResource:
				out = appendMatching(out, g.resources[key], func(r *model.Resource) bool { return same(r.Source) })
			case model.KindSOP, model.KindIncident:
				if markdown == nil {
					markdown = map[string][]model.Item{}
					for _, it := range markdownItems(g.snap, nil) {
						markdown[it.Declared().Path] = append(markdown[it.Declared().Path], it)
					}
				}
				out = append(out, markdown[k.Source.Path]...)
			case model.KindAlert:
				// Every alert's runbook is chosen again.
			default:
				return model.SnapshotItems(g.snap)
			}
		}
	}
	return out
}

func appendMatching[T model.Item](out []model.Item, items []T, match func(T) bool) []model.Item {
	for _, it := range items {
		if match(it) {
			out = append(out, it)
		}
	}
	return out
}

// markdownItems are the SOPs, incidents and docs of snap read from the
// files in paths, or all of them when paths is nil.
func markdownItems(snap *model.Snapshot, paths map[string]bool) []model.Item {
	var out []model.Item
	if snap == nil {
		return out
	}
	add := func(it model.Item) {
		if paths == nil || paths[it.Declared().Path] {
			out = append(out, it)
		}
	}
	for _, s := range snap.SOPs {
		add(s)
	}
	for _, i := range snap.Incidents {
		add(i)
	}
	for _, d := range snap.Docs {
		add(d)
	}
	return out
}

// graph indexes the snapshot's names for matching.
type graph struct {
	snap *model.Snapshot
	// touched, during a Relink, are the items whose links it changed:
	// only they are sorted again.
	touched map[model.Item]bool

	hosts     map[string][]*model.Host     // by name, short name and ansible_host, lower case
	groups    map[string][]*model.Group    // by name, lower case; only names specific enough to find in prose
	resources map[string][]*model.Resource // by address, lower case
}

func newGraph(snap *model.Snapshot) *graph {
	g := &graph{
		snap:      snap,
		hosts:     map[string][]*model.Host{},
		groups:    map[string][]*model.Group{},
		resources: map[string][]*model.Resource{},
	}
	for _, inv := range snap.Inventories {
		for _, h := range inv.Hosts {
			for _, k := range hostKeys(h) {
				g.hosts[k] = appendNew(g.hosts[k], h)
			}
		}
		for _, gr := range inv.Groups {
			if specificName(gr.Name) && gr.Name != "all" && gr.Name != "ungrouped" {
				k := strings.ToLower(gr.Name)
				g.groups[k] = append(g.groups[k], gr)
			}
		}
	}
	for _, m := range snap.Terraform {
		for _, r := range m.Resources {
			k := strings.ToLower(r.Address)
			g.resources[k] = append(g.resources[k], r)
		}
	}
	return g
}

// hostKeys are the lower-case names a host is known by: its inventory name,
// its short name, its ansible_host and hostname-like variables.
func hostKeys(h *model.Host) []string {
	keys := []string{strings.ToLower(h.Name)}
	if i := strings.IndexByte(h.Name, '.'); i > 0 && net.ParseIP(h.Name) == nil {
		keys = append(keys, strings.ToLower(h.Name[:i]))
	}
	for _, a := range model.HostAliases(h) {
		if s := strings.ToLower(a); !slices.Contains(keys, s) {
			keys = append(keys, s)
		}
	}
	return keys
}

// specificName reports whether a name is unlikely to be an ordinary word
// in prose: it has a digit, a dash, an underscore or a dot. "web" in
// "check the web server logs" is not the group web, nor is "production"
// or "monitoring" a group when a runbook says "production deploys".
func specificName(name string) bool {
	return strings.ContainsAny(name, "0123456789-_.")
}

// appendNew appends v unless it is s's last element: one host's keys are
// added together, so a host can only repeat at the end, and a key that
// thousands of hosts share costs no search.
func appendNew[T comparable](s []T, v T) []T {
	if len(s) > 0 && s[len(s)-1] == v {
		return s
	}
	return append(s, v)
}

// touch notes, during a Relink, that it is about to add to the links l
// of it: at the first time, l gets an array of its own, since the caller
// may hold the links as they were.
func (g *graph) touch(it model.Item, l *[]model.Link) {
	if g.touched != nil && !g.touched[it] {
		*l = slices.Clip(*l)
		g.touched[it] = true
	}
}

func (g *graph) clear() {
	for _, it := range model.SnapshotItems(g.snap) {
		if l := model.LinksOf(it); l != nil {
			*l = nil
		}
	}
}

// resourcesToHosts links each managed resource to the hosts it creates, by
// its Name tag, name, hostname or IP, in its configuration or its state.
func (g *graph) resourcesToHosts() {
	for _, m := range g.snap.Terraform {
		for _, r := range m.Resources {
			if r.Mode == "data" {
				continue
			}
			env, _ := model.PathPlace(r.Module)
			linked := newLinkSet(r.Links)
			for _, c := range resourceClues(r) {
				for _, h := range sameEnv(g.hosts[strings.ToLower(c.value)], env) {
					via := c.what + " " + c.value
					if !linked.add(model.KindHost, h.Name, h.Source) {
						continue
					}
					r.Links = append(r.Links, model.Link{Rel: model.RelCreates, Kind: model.KindHost, Name: h.Name, Source: h.Source, Via: via})
					h.Links = append(h.Links, model.Link{Rel: model.RelCreatedBy, Kind: model.KindResource, Name: r.Address, Source: r.Source, Via: via})
				}
			}
		}
	}
}

// sameEnv keeps the hosts of env when some are: web01 in production's
// Terraform creates production's web01, not staging's. With no env, or
// no host in it, all stay.
func sameEnv(hosts []*model.Host, env string) []*model.Host {
	if env == "" || len(hosts) < 2 {
		return hosts
	}
	var kept []*model.Host
	for _, h := range hosts {
		if h.Env == env {
			kept = append(kept, h)
		}
	}
	if len(kept) == 0 {
		return hosts
	}
	return kept
}

type clue struct{ what, value string }

// clueAttrs are the attributes that name or address a machine.
var clueAttrs = []string{
	"name", "hostname", "host_name", "fqdn", "computer_name",
	"private_ip", "public_ip", "private_dns", "public_dns", "network_ip", "nat_ip", "ipv4_address",
}

func resourceClues(r *model.Resource) []clue {
	var out []clue
	add := func(what string, v any) {
		if s, ok := v.(string); ok && s != "" && !slices.Contains(out, clue{what, s}) {
			out = append(out, clue{what, s})
		}
	}
	// Tags in key order: a map's order would make the link's via differ
	// from one reading to the next.
	for _, k := range slices.Sorted(maps.Keys(r.Tags)) {
		if strings.EqualFold(k, "name") || strings.EqualFold(k, "hostname") {
			add(k+" tag", r.Tags[k])
		}
	}
	addAttrs := func(attrs []model.Var) {
		for _, a := range attrs {
			// Nested addresses come as network_interface.network_ip.
			if slices.Contains(clueAttrs, a.Name[strings.LastIndexByte(a.Name, '.')+1:]) {
				add(a.Name, a.Value)
			}
			if a.Name == "tags" || a.Name == "labels" {
				if m, ok := a.Value.(map[string]any); ok {
					for _, k := range slices.Sorted(maps.Keys(m)) {
						if strings.EqualFold(k, "name") {
							add(k+" tag", m[k])
						}
					}
				}
			}
			if a.Name == "tags.Name" || a.Name == "labels.name" {
				add("Name tag", a.Value)
			}
		}
	}
	addAttrs(r.Attrs)
	for _, in := range r.Instances {
		addAttrs(in.Attrs)
	}
	for _, in := range r.Expanded {
		addAttrs(in.Attrs)
	}
	return out
}

// linkSet is the other ends an item links to already: a set, since a
// document can name thousands of hosts and a list would make linking it
// quadratic.
type linkSet map[linkEnd]struct{}

type linkEnd struct {
	kind   model.Kind
	name   string
	source model.Source
}

func newLinkSet(links []model.Link) linkSet {
	s := make(linkSet, len(links))
	for _, l := range links {
		s[linkEnd{l.Kind, l.Name, l.Source}] = struct{}{}
	}
	return s
}

// add adds an end and reports whether it was new.
func (s linkSet) add(kind model.Kind, name string, src model.Source) bool {
	e := linkEnd{kind, name, src}
	if _, ok := s[e]; ok {
		return false
	}
	s[e] = struct{}{}
	return true
}

// mentions links a document to every host, group and resource its text
// names, and each of those back to it.
func (g *graph) mentions(text string, kind model.Kind, title string, src model.Source, links *[]model.Link) {
	back := model.Link{Rel: model.RelMentionedIn, Kind: kind, Name: title, Source: src}
	ws := words(text)
	env := onlyEnv(ws)
	linked := newLinkSet(*links)
	for _, w := range ws {
		k := strings.ToLower(w)
		for _, h := range sameEnv(g.hosts[k], env) {
			if (specificName(k) || net.ParseIP(k) != nil) && linked.add(model.KindHost, h.Name, h.Source) {
				*links = append(*links, model.Link{Rel: model.RelMentions, Kind: model.KindHost, Name: h.Name, Source: h.Source, Via: w})
				g.touch(h, &h.Links)
				h.Links = append(h.Links, withVia(back, w))
			}
		}
		for _, gr := range g.groups[k] {
			if linked.add(model.KindGroup, gr.Name, gr.Source) {
				*links = append(*links, model.Link{Rel: model.RelMentions, Kind: model.KindGroup, Name: gr.Name, Source: gr.Source, Via: w})
				g.touch(gr, &gr.Links)
				gr.Links = append(gr.Links, withVia(back, w))
			}
		}
		for _, r := range g.resources[k] {
			if linked.add(model.KindResource, r.Address, r.Source) {
				*links = append(*links, model.Link{Rel: model.RelMentions, Kind: model.KindResource, Name: r.Address, Source: r.Source, Via: w})
				g.touch(r, &r.Links)
				r.Links = append(r.Links, withVia(back, w))
			}
		}
	}
}

// onlyEnv is the one environment a text speaks of, or "" when it names
// none or several: "web01" in a runbook about production is production's
// web01, not staging's.
func onlyEnv(ws []string) string {
	env := ""
	for _, w := range ws {
		e := model.EnvWord(w)
		switch {
		case e == "":
		case env == "":
			env = e
		case e != env:
			return ""
		}
	}
	return env
}

func withVia(l model.Link, via string) model.Link {
	l.Via = via
	return l
}

// words splits prose into the tokens a name can be: runs of letters,
// digits and ._-:[] with sentence punctuation trimmed from the ends, so
// "jenkins01." and "`aws_instance.jenkins`" are found.
func words(text string) []string {
	f := strings.FieldsFunc(text, func(r rune) bool {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return false
		}
		return !strings.ContainsRune("._-:[]", r)
	})
	out := f[:0]
	for _, w := range f {
		w = strings.Trim(w, ".:-[]")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// produced links an incident to the SOP it names, by path or title.
func (g *graph) produced(inc *model.Incident) {
	want := strings.TrimSpace(inc.SOP)
	if want == "" {
		return
	}
	for _, sop := range g.snap.SOPs {
		if !SameSOP(want, inc.Source.Path, sop) {
			continue
		}
		g.touch(inc, &inc.Links)
		g.touch(sop, &sop.Links)
		inc.Links = append(inc.Links, model.Link{Rel: model.RelProduced, Kind: model.KindSOP, Name: sop.Title, Source: sop.Source})
		sop.Links = append(sop.Links, model.Link{Rel: model.RelProducedBy, Kind: model.KindIncident, Name: inc.Title, Source: inc.Source})
		return
	}
}

// SameSOP reports whether ref, as an incident at incPath wrote it, names
// sop: a path from the repository root or from the incident's directory
// (with or without .md), or the title.
func SameSOP(ref, incPath string, sop *model.SOP) bool {
	if strings.EqualFold(ref, sop.Title) {
		return true
	}
	ref = strings.TrimPrefix(ref, "/")
	for _, p := range []string{path.Clean(ref), path.Join(path.Dir(incPath), ref)} {
		if p == sop.Source.Path || p+".md" == sop.Source.Path {
			return true
		}
	}
	return false
}

func incidentText(inc *model.Incident) string {
	var b strings.Builder
	for _, s := range []string{inc.Title, inc.Summary, inc.RootCause, inc.Involvement, inc.Reaction, inc.Fix, inc.FollowUp} {
		b.WriteString(s)
		b.WriteByte('\n')
	}
	for _, s := range inc.Sections {
		b.WriteString(s.Heading)
		b.WriteByte('\n')
		b.WriteString(s.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func sopText(sop *model.SOP) string {
	var b strings.Builder
	b.WriteString(sop.Title)
	b.WriteByte('\n')
	b.WriteString(sop.Summary)
	b.WriteByte('\n')
	var walk func([]model.Step)
	walk = func(steps []model.Step) {
		for _, s := range steps {
			b.WriteString(s.Text)
			b.WriteByte('\n')
			walk(s.Steps)
		}
	}
	for _, p := range sop.Steps {
		walk(p.Steps)
	}
	for _, s := range sop.Sections {
		b.WriteString(s.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// sort orders every document's links: rel, kind, name, place.
func (g *graph) sort() {
	// Field by field, the place as text last: a play's thousands of
	// links sort without building a key per comparison.
	order := func(a, b model.Link) int {
		if c := cmp.Or(strings.Compare(string(a.Rel), string(b.Rel)), strings.Compare(string(a.Kind), string(b.Kind)),
			strings.Compare(a.Name, b.Name)); c != 0 {
			return c
		}
		return strings.Compare(a.Source.String(), b.Source.String())
	}
	var items []model.Item
	if g.touched == nil {
		items = model.SnapshotItems(g.snap)
	}
	// During a Relink, the others were sorted by the Build or Relink that
	// linked them.
	for it := range g.touched {
		items = append(items, it)
	}
	for _, it := range items {
		l := model.LinksOf(it)
		if l == nil {
			continue
		}
		// A link's place is in the same repository, whether or not the
		// other end was stamped with it already (a live update links
		// items read earlier to items read now).
		for i := range *l {
			(*l)[i].Source.Repo = ""
		}
		slices.SortFunc(*l, order)
	}
	for _, a := range g.snap.Alerts {
		slices.SortFunc(a.Links, order)
	}
}
