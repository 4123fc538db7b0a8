package ask

import (
	"cmp"
	"context"
	"fmt"
	"slices"
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

// Request is a question and how to narrow it by hand.
type Request struct {
	Question string
	Repo     string // only this repository
	Kind     string // only this kind of document
	Limit    int    // at most this many hosts; DefaultLimit when 0
}

// Answer is what a question gets back.
type Answer struct {
	Plan Plan
	// Repo is the repository answered from: --repo, or the one of the
	// best matches.
	Repo string
	// Cards are the answer: the best-scoring entity's card, and those of
	// the few next ones that score near it. Host answers are in Hosts.
	Cards []Card
	// Hosts are the matching hosts when the best match is a host (or the
	// question only names a place), each with its card.
	Hosts []HostAnswer
	Total int
	// Summary says in one sentence what was found.
	Summary string

	// Related are what else matches or what the hosts link to, the
	// answer's repository first: Terraform resources, SOPs, incidents,
	// doc sections, and Others of every other kind.
	Resources []*model.Resource
	SOPs      []*model.SOP
	Incidents []*model.Incident
	Docs      []*model.Doc
	Others    []model.Item

	// linked are the hosts whose links are followed: the first
	// linkedHosts matching, even when Hosts is cut shorter (--limit 1).
	linked []model.Host
}

// HostAnswer is one host: what it is, where it runs and why.
type HostAnswer struct {
	Host      model.Host
	Why       string
	WhySource model.Source
	Card      Card
}

// DefaultLimit is how many hosts an answer lists when the caller sets no limit.
const DefaultLimit = 50

// Cards after the first are shown for candidates scoring at least this
// share of the best: "the VPN VM and its firewall rule", not every match.
const nearBest = 0.5

// maxCards bounds the cards of an answer that is not a list of hosts: a
// question of two parts ("the VNet's range and the VPN's subnet") may
// need a card for each and their close rivals.
const maxCards = 4

// Ask answers a question from the index.
func Ask(ctx context.Context, s Searcher, req Request) (*Answer, error) {
	limit := cmp.Or(req.Limit, DefaultLimit)
	plan := Parse(req.Question, s)
	plan.Filter.Repo = cmp.Or(req.Repo, plan.Filter.Repo)
	plan.Filter.Kind = cmp.Or(req.Kind, plan.Filter.Kind)
	why := &whyFinder{ctx: ctx, s: s, cache: map[string]*model.Group{}}
	b := &cardBuilder{ctx: ctx, s: s, why: why, match: newMatcher(plan.Words)}
	b.match.why = plan.why
	ans := &Answer{Plan: plan}

	var hits []index.Hit
	if len(plan.Words) > 0 {
		var err error
		if hits, plan, err = candidates(ctx, s, plan); err != nil {
			return nil, err
		}
		ans.Plan = plan
	}
	var best model.Kind
	if len(hits) > 0 {
		best = hits[0].Kind
		ans.Repo = cmp.Or(plan.Filter.Repo, hits[0].Repo)
	}
	// "Where does nginx run" asks for the hosts a role or play runs on
	// when it is the best match; the role's card only when it runs nowhere.
	runs := (best == model.KindRole || best == model.KindPlay) && slices.Contains(plan.intent, model.KindHost)
	hostList := len(plan.Words) == 0 || best == model.KindHost || runs
	if hostList && (plan.Filter.Kind == "" || plan.Filter.Kind == string(model.KindHost)) {
		if err := listHosts(ctx, s, b, ans, limit); err != nil {
			return nil, err
		}
	}
	if runs && ans.Total == 0 {
		hostList = false
	}
	carded := map[string]bool{}
	if !hostList {
		for _, h := range hits {
			if len(ans.Cards) == maxCards || h.Score < nearBest*hits[0].Score || h.Repo != ans.Repo {
				break
			}
			if h.Kind == model.KindHost {
				continue
			}
			ans.Cards = append(ans.Cards, b.card(h))
			carded[h.ID] = true
		}
		// "Where does redis run" asks for a place: when an incident about
		// redis outranks the group that runs it, the group's card comes too,
		// from whichever repository keeps the inventory ("which hosts run
		// the orders database" when a Terraform resource of another
		// repository is named "orders database").
		if slices.Contains(plan.intent, model.KindGroup) {
			if h, ok := bestPlace(hits); ok && !carded[h.ID] {
				ans.Cards = append(ans.Cards, b.card(h))
				carded[h.ID] = true
			}
		}
	}
	if err := related(ctx, s, ans, hits, carded); err != nil {
		return nil, err
	}
	ans.Summary = summarise(ans) + relatedSummary(ans)
	return ans, nil
}

// bestPlace is the best-scoring host or group among the candidates,
// whatever their repository (hits come with the answer's repository
// first, so their order is not the scores'); the first of equals.
func bestPlace(hits []index.Hit) (best index.Hit, ok bool) {
	for _, h := range hits {
		if (h.Kind == model.KindHost || h.Kind == model.KindGroup) && (!ok || h.Score > best.Score) {
			best, ok = h, true
		}
	}
	return best, ok
}

// listHosts fills the answer's hosts: those matching the question's words
// ranked, then those running a role or play the words name, in the
// answer's repository, under the hints that held (as filters, relaxed in
// hintOrder while nothing matches).
func listHosts(ctx context.Context, s Searcher, b *cardBuilder, ans *Answer, limit int) error {
	p := ans.Plan
	runners, err := runnerLinks(ctx, s, p.Words, cmp.Or(p.Filter.Repo, ans.Repo))
	if err != nil {
		return err
	}
	// "Role" names the kind asked about, not a word of the hosts: it would
	// match every host of a group named no_linux_system_roles.
	kept := slices.DeleteFunc(slices.Clone(p.Words), func(w string) bool { return roleWords[w] })
	if len(kept) == 0 {
		kept = p.Words
	}
	words := Plan{Words: kept}.rankWords()
	for i := 0; ; i++ {
		f := p.Filter
		f.Kind = string(model.KindHost)
		f.Repo = cmp.Or(f.Repo, ans.Repo)
		f.Env, f.Cloud = cmp.Or(f.Env, p.Env), cmp.Or(f.Cloud, p.Cloud)
		f.Purpose, f.Group = cmp.Or(f.Purpose, p.Purpose), cmp.Or(f.Group, p.Group)
		f.Name = cmp.Or(f.Name, p.Host)
		q := index.Query{Words: words, Filter: f, PageSize: limit}
		res, err := s.Search(ctx, q)
		if err != nil {
			return err
		}
		running, err := runningHosts(ctx, s, runners, f)
		if err != nil {
			return err
		}
		if res.Total > 0 || len(running) > 0 || i == len(hintOrder) {
			ans.Plan, ans.Total = p, int(res.Total)
			listed := map[string]bool{}
			for _, hit := range res.Hits {
				host, ok := hit.Item.(*model.Host)
				if !ok {
					continue
				}
				// A long question's weaker words match many hosts; the
				// list keeps those near the best.
				if len(p.Words) > 1 && hit.Score < nearBest*res.Hits[0].Score {
					ans.Total = len(ans.Hosts)
					break
				}
				ans.Hosts = append(ans.Hosts, b.hostAnswer(hit, host))
				listed[hit.ID] = true
			}
			if ans.Repo == "" && len(res.Hits) > 0 {
				ans.Repo = res.Hits[0].Repo
			}
			if len(ans.Hosts) < min(ans.Total, linkedHosts) {
				q.PageSize = linkedHosts
				more, err := s.Search(ctx, q)
				if err != nil {
					return err
				}
				res = more
			}
			for _, hit := range res.Hits {
				if host, ok := hit.Item.(*model.Host); ok && len(ans.linked) < linkedHosts {
					ans.linked = append(ans.linked, *host)
				}
			}
			return addRunningHosts(ctx, b, ans, q, running, listed, limit)
		}
		for i < len(hintOrder) && p.hint(hintOrder[i]) == "" {
			i++
		}
		if i < len(hintOrder) {
			p = p.without(hintOrder[i])
		}
	}
}

// hostAnswer is a host of the list with its card and why.
func (b *cardBuilder) hostAnswer(hit index.Hit, host *model.Host) HostAnswer {
	ha := HostAnswer{Host: *host, Card: b.card(hit)}
	ha.Why, ha.WhySource = b.why.of(host)
	return ha
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

// summarise says in one sentence what was found: the hosts grouped by
// where they run, or what the cards are about.
func summarise(a *Answer) string {
	p := a.Plan
	if len(a.Cards) > 0 {
		c := a.Cards[0]
		s := fmt.Sprintf("Best match: %s %s in %s", c.Kind, c.Title, c.Repo)
		if len(a.Cards) > 1 {
			s += fmt.Sprintf(", and %d more close behind", len(a.Cards)-1)
		}
		return s + "."
	}
	subject := "hosts"
	if p.Text != "" {
		subject = fmt.Sprintf("hosts matching %q", p.Text)
	}
	if f := p.Filters(); len(f) > 0 {
		subject += " with " + strings.Join(f, ", ")
	}
	if a.Total == 0 {
		if len(a.Resources)+len(a.SOPs)+len(a.Incidents)+len(a.Docs)+len(a.Others) > 0 {
			return "No card: nothing matches well."
		}
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
		{len(a.Others), "other item", "other items"},
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
