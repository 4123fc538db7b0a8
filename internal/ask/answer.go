package ask

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"handover/internal/index"
	"handover/internal/model"
)

// Searcher is the part of the index an answer needs; *index.Store has it.
type Searcher interface {
	Vocabulary
	Search(ctx context.Context, q index.Query) (*index.Result, error)
}

// Answer is what a question gets back.
type Answer struct {
	Plan    Plan
	Hosts   []HostAnswer
	Total   int
	Summary string

	// Related are the Terraform resources, SOPs, incidents and docs that
	// concern the hosts (by their links) or match the question's words:
	// linked ones first.
	Resources []*model.Resource
	SOPs      []*model.SOP
	Incidents []*model.Incident
	Docs      []*model.Doc
}

// HostAnswer is one host: what it is, where it runs and why.
type HostAnswer struct {
	Host      model.Host
	Why       string
	WhySource model.Source
}

// DefaultLimit is how many hosts an answer lists when the caller sets no limit.
const DefaultLimit = 50

// Ask answers question from the index.
func Ask(ctx context.Context, s Searcher, question string, limit int) (*Answer, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	plan := Parse(question, s)
	q := index.Query{
		Text:     plan.Text,
		PageSize: limit,
		Filter: index.Filter{
			Kind: string(model.KindHost), Env: plan.Env, Cloud: plan.Cloud,
			Purpose: plan.Purpose, Group: plan.Group, Name: plan.Host,
		},
	}
	res, err := s.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	ans := &Answer{Plan: plan, Total: int(res.Total)}
	why := whyFinder{ctx: ctx, s: s, cache: map[string]*model.Group{}}
	for _, hit := range res.Hits {
		host, ok := hit.Item.(*model.Host)
		if !ok {
			continue
		}
		ha := HostAnswer{Host: *host}
		ha.Why, ha.WhySource = why.of(host)
		ans.Hosts = append(ans.Hosts, ha)
	}
	if err := addRunningHosts(ctx, s, q, plan, ans, limit, why.of); err != nil {
		return nil, err
	}
	// A short answer (--limit 1) still shows what the first few matching
	// hosts link to: their Terraform, SOPs and incidents.
	linked := ans.Hosts
	if len(linked) < min(ans.Total, linkedHosts) {
		q.PageSize = linkedHosts
		more, err := s.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		linked = linked[:0:0]
		for _, hit := range more.Hits {
			if host, ok := hit.Item.(*model.Host); ok {
				linked = append(linked, HostAnswer{Host: *host})
			}
		}
	}
	if err := related(ctx, s, plan, linked, ans); err != nil {
		return nil, err
	}
	ans.Summary = summarise(plan, ans) + relatedSummary(ans)
	return ans, nil
}

// whyFinder explains a host: its purpose comment, else the comment above
// one of its purpose groups (or any of its groups, nearest first).
type whyFinder struct {
	ctx   context.Context
	s     Searcher
	cache map[string]*model.Group
}

func (w *whyFinder) of(h *model.Host) (string, model.Source) {
	if h.Purpose != "" {
		return h.Purpose, h.PurposeSource
	}
	candidates := append(append([]string{}, h.PurposeGroups...), h.DirectGroups...)
	candidates = append(candidates, h.Groups...)
	for _, name := range candidates {
		if g := w.group(h, name); g != nil && g.Comment != "" {
			return g.Comment, g.Source
		}
	}
	return "", model.Source{}
}

func (w *whyFinder) group(h *model.Host, name string) *model.Group {
	key := h.Source.Repo + "\x00" + h.Inventory + "\x00" + name
	if g, ok := w.cache[key]; ok {
		return g
	}
	var g *model.Group
	res, err := w.s.Search(w.ctx, index.Query{PageSize: 1, Filter: index.Filter{
		Kind: string(model.KindGroup), Repo: h.Source.Repo, Inventory: h.Inventory, Name: name,
	}})
	if err == nil && len(res.Hits) > 0 {
		g, _ = res.Hits[0].Item.(*model.Group)
	}
	w.cache[key] = g
	return g
}

// summarise says in one sentence what was found, grouped by where it runs.
func summarise(p Plan, a *Answer) string {
	subject := "hosts"
	if p.Text != "" {
		subject = fmt.Sprintf("hosts matching %q", p.Text)
	}
	if f := p.Filters(); len(f) > 0 {
		subject += " with " + strings.Join(f, ", ")
	}
	if a.Total == 0 {
		return "No " + subject + "."
	}
	counts := map[string]int{}
	for _, h := range a.Hosts {
		counts[where(h.Host)]++
	}
	places := make([]string, 0, len(counts))
	for k := range counts {
		places = append(places, k)
	}
	sort.Slice(places, func(i, j int) bool {
		if counts[places[i]] != counts[places[j]] {
			return counts[places[i]] > counts[places[j]]
		}
		return places[i] < places[j]
	})
	parts := make([]string, len(places))
	for i, pl := range places {
		parts[i] = fmt.Sprintf("%d in %s", counts[pl], pl)
	}
	n := fmt.Sprintf("%d %s", a.Total, subject)
	if a.Total == 1 {
		n = "1 " + strings.Replace(subject, "hosts", "host", 1)
	}
	if len(a.Hosts) < a.Total {
		return fmt.Sprintf("%s; the first %d: %s.", n, len(a.Hosts), strings.Join(parts, ", "))
	}
	return fmt.Sprintf("%s: %s.", n, strings.Join(parts, ", "))
}

// where names a host's place as env/cloud/purpose-group, leaving out what
// is unknown.
func where(h model.Host) string {
	var parts []string
	for _, s := range []string{h.Env, h.Cloud} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(h.PurposeGroups) > 0 {
		parts = append(parts, strings.Join(h.PurposeGroups, "+"))
	}
	if len(parts) == 0 {
		return h.Inventory
	}
	return strings.Join(parts, "/")
}

// relatedSummary counts the related documents, " Related: 1 Terraform
// resource, 2 SOPs." or "".
func relatedSummary(a *Answer) string {
	var parts []string
	for _, c := range []struct {
		n          int
		one, other string
	}{
		{len(a.Resources), "Terraform resource", "Terraform resources"},
		{len(a.SOPs), "SOP", "SOPs"},
		{len(a.Incidents), "incident", "incidents"},
		{len(a.Docs), "doc section", "doc sections"},
	} {
		switch c.n {
		case 0:
		case 1:
			parts = append(parts, "1 "+c.one)
		default:
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.other))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " Related: " + strings.Join(parts, ", ") + "."
}
