package ask

import (
	"context"
	"strings"

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

// related fills the answer's resources, SOPs, incidents and docs: first
// what the hosts link to, then what matches the question's words.
func related(ctx context.Context, s Searcher, plan Plan, hosts []HostAnswer, ans *Answer) error {
	c := collector{ctx: ctx, s: s, seen: map[string]bool{}, ans: ans}
	for i, h := range hosts {
		if i == linkedHosts {
			break
		}
		for _, l := range h.Host.Links {
			if err := c.follow(h.Host.Source.Repo, l); err != nil {
				return err
			}
		}
	}
	words := strings.Join(nonEmpty(plan.Text, plan.Host, plan.Purpose, plan.Group), " ")
	if words == "" && plan.Env == "" && plan.Cloud == "" {
		return nil
	}
	// Resources share env and cloud with hosts; SOPs, incidents and docs
	// are found by words alone.
	if err := c.search(index.Query{Text: words, BoostTitle: true, Filter: index.Filter{Kind: string(model.KindResource), Env: plan.Env, Cloud: plan.Cloud}}); err != nil {
		return err
	}
	if words == "" {
		return nil
	}
	for _, k := range []model.Kind{model.KindSOP, model.KindIncident, model.KindDoc} {
		if err := c.search(index.Query{Text: words, BoostTitle: true, Filter: index.Filter{Kind: string(k)}}); err != nil {
			return err
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
		if hitPath(h) == l.Source.Path {
			c.add(h)
		}
	}
	return nil
}

func (c *collector) search(q index.Query) error {
	q.PageSize = maxRelated
	res, err := c.s.Search(c.ctx, q)
	if err != nil {
		return err
	}
	for _, h := range res.Hits {
		c.add(h)
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
	default:
		return
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

// hitPath is the file that declares a hit's Terraform resource, SOP or
// incident.
func hitPath(h index.Hit) string {
	switch h.Item.(type) {
	case *model.Resource, *model.SOP, *model.Incident:
		return h.Item.Declared().Path
	}
	return ""
}
