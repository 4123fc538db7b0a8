package ask

import (
	"context"

	"handover/internal/index"
	"handover/internal/model"
)

const (
	// linkedHosts is how many of the answer's hosts have their links
	// followed: enough for "where does jenkins run", not a whole fleet.
	linkedHosts = 10
	// maxRelated bounds each kind of related document.
	maxRelated = 5
)

// related fills the answer's related items: first what its hosts link to,
// then the candidates that got no card, the answer's repository first
// (hits are in that order already). A question of places only ("what
// runs in production on aws") gets the Terraform of those places.
func related(ctx context.Context, s Searcher, ans *Answer, hits []index.Hit, carded map[string]bool) error {
	c := collector{ctx: ctx, s: s, seen: carded, ans: ans}
	for _, h := range ans.linked {
		for _, l := range h.Links {
			if err := c.follow(h.Source.Repo, l); err != nil {
				return err
			}
		}
	}
	for _, h := range hits {
		c.add(h)
	}
	p := ans.Plan
	if len(hits) == 0 && (p.Env != "" || p.Cloud != "") {
		res, err := s.Search(ctx, index.Query{PageSize: maxRelated, Filter: index.Filter{
			Repo: p.Filter.Repo, Kind: string(model.KindResource), Env: p.Env, Cloud: p.Cloud}})
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			c.add(h)
		}
	}
	return nil
}

func nonEmpty(ss ...string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

type collector struct {
	ctx  context.Context
	s    Searcher
	seen map[string]bool // document ids already in the answer
	ans  *Answer
}

// follow adds the document a host's link points to.
func (c *collector) follow(repo string, l model.Link) error {
	switch l.Kind {
	case model.KindResource, model.KindSOP, model.KindIncident:
	default:
		return nil
	}
	res, err := c.s.Search(c.ctx, index.Query{PageSize: 20, Filter: index.Filter{Repo: repo, Kind: string(l.Kind), Name: l.Name}})
	if err != nil {
		return err
	}
	for _, h := range res.Hits {
		if h.Item.Declared().Path == l.Source.Path {
			c.add(h)
		}
	}
	return nil
}

func (c *collector) add(h index.Hit) {
	if c.seen[h.ID] {
		return
	}
	a := c.ans
	switch it := h.Item.(type) {
	case *model.Resource:
		a.Resources = appendMax(a.Resources, it)
	case *model.SOP:
		a.SOPs = appendMax(a.SOPs, it)
	case *model.Incident:
		a.Incidents = appendMax(a.Incidents, it)
	case *model.Doc:
		a.Docs = appendMax(a.Docs, it)
	case *model.Host:
		if len(a.Hosts) > 0 {
			return // the answer lists hosts already
		}
		a.Others = appendMax(a.Others, h.Item)
	default:
		a.Others = appendMax(a.Others, h.Item)
	}
	c.seen[h.ID] = true
}

// appendMax appends it unless the list holds maxRelated already.
func appendMax[T any](list []T, it T) []T {
	if len(list) < maxRelated {
		list = append(list, it)
	}
	return list
}
