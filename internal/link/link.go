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
func Build(snap *model.Snapshot) {
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
}

// graph indexes the snapshot's names for matching.
type graph struct {
	snap *model.Snapshot

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

func appendNew[T comparable](s []T, v T) []T {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
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
			for _, c := range resourceClues(r) {
				for _, h := range sameEnv(g.hosts[strings.ToLower(c.value)], env) {
					via := c.what + " " + c.value
					if hasLink(r.Links, model.KindHost, h.Name, h.Source) {
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

func hasLink(links []model.Link, kind model.Kind, name string, src model.Source) bool {
	return slices.ContainsFunc(links, func(l model.Link) bool {
		return l.Kind == kind && l.Name == name && l.Source == src
	})
}

// mentions links a document to every host, group and resource its text
// names, and each of those back to it.
func (g *graph) mentions(text string, kind model.Kind, title string, src model.Source, links *[]model.Link) {
	back := model.Link{Rel: model.RelMentionedIn, Kind: kind, Name: title, Source: src}
	ws := words(text)
	env := onlyEnv(ws)
	for _, w := range ws {
		k := strings.ToLower(w)
		for _, h := range sameEnv(g.hosts[k], env) {
			if !hasLink(*links, model.KindHost, h.Name, h.Source) && (specificName(k) || net.ParseIP(k) != nil) {
				*links = append(*links, model.Link{Rel: model.RelMentions, Kind: model.KindHost, Name: h.Name, Source: h.Source, Via: w})
				h.Links = append(h.Links, withVia(back, w))
			}
		}
		for _, gr := range g.groups[k] {
			if !hasLink(*links, model.KindGroup, gr.Name, gr.Source) {
				*links = append(*links, model.Link{Rel: model.RelMentions, Kind: model.KindGroup, Name: gr.Name, Source: gr.Source, Via: w})
				gr.Links = append(gr.Links, withVia(back, w))
			}
		}
		for _, r := range g.resources[k] {
			if !hasLink(*links, model.KindResource, r.Address, r.Source) {
				*links = append(*links, model.Link{Rel: model.RelMentions, Kind: model.KindResource, Name: r.Address, Source: r.Source, Via: w})
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
	for _, it := range model.SnapshotItems(g.snap) {
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
