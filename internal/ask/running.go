package ask

import (
	"context"
	"slices"
	"strings"

	"handover/internal/index"
	"handover/internal/model"
)

const (
	// maxRunners bounds the roles and plays a question's words pick.
	maxRunners = 10
	// maxMatched bounds the hosts read to tell the linked ones apart.
	maxMatched = 1000
)

// addRunningHosts answers "where does nginx run" with the hosts whose plays
// apply a role named by one of the question's words, or that run a play
// whose name has the word, besides those the text matched: a host running
// the nginx role need not say nginx in its purpose. They come after the
// matched hosts, within the plan's env, cloud, purpose and group, and
// count in the total.
func addRunningHosts(ctx context.Context, s Searcher, q index.Query, plan Plan, ans *Answer, limit int, why func(*model.Host) (string, model.Source)) error {
	if plan.Text == "" || plan.Host != "" {
		return nil
	}
	type hostKey struct{ repo, inventory, name string }
	var seen map[hostKey]bool
	for _, word := range strings.Fields(plan.Text) {
		links, err := runnerLinks(ctx, s, word)
		if err != nil {
			return err
		}
		if len(links) > 0 && seen == nil {
			// Every host the text matched, not only the page shown, is
			// in the total already.
			seen = map[hostKey]bool{}
			q.PageSize = min(ans.Total, maxMatched)
			res, err := s.Search(ctx, q)
			if err != nil {
				return err
			}
			for _, hit := range res.Hits {
				if h, ok := hit.Item.(*model.Host); ok {
					seen[hostKey{h.Source.Repo, h.Inventory, h.Name}] = true
				}
			}
		}
		for _, l := range links {
			host, err := linkedHost(ctx, s, l)
			if err != nil {
				return err
			}
			if host == nil || !plan.admits(host) {
				continue
			}
			k := hostKey{host.Source.Repo, host.Inventory, host.Name}
			if seen[k] {
				continue
			}
			seen[k] = true
			ans.Total++
			if len(ans.Hosts) < limit {
				ha := HostAnswer{Host: *host}
				ha.Why, ha.WhySource = why(host)
				ans.Hosts = append(ans.Hosts, ha)
			}
		}
	}
	return nil
}

// runnerLinks are the runs-on host links of the roles called word and of
// the plays whose name has it as a word.
func runnerLinks(ctx context.Context, s Searcher, word string) ([]model.Link, error) {
	var out []model.Link
	for _, kind := range []model.Kind{model.KindRole, model.KindPlay} {
		res, err := s.Search(ctx, index.Query{Text: word, PageSize: maxRunners, Filter: index.Filter{Kind: string(kind)}})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			var links []model.Link
			switch it := h.Item.(type) {
			case *model.Role:
				if strings.EqualFold(it.Name, word) {
					links = it.Links
				}
			case *model.Play:
				if slices.Contains(words(it.Name), word) {
					links = it.Links
				}
			}
			for _, l := range links {
				if l.Rel == model.RelRunsOn && l.Kind == model.KindHost {
					out = append(out, l)
				}
			}
		}
	}
	return out, nil
}

// linkedHost is the host a link points to, nil when it is gone.
func linkedHost(ctx context.Context, s Searcher, l model.Link) (*model.Host, error) {
	res, err := s.Search(ctx, index.Query{PageSize: 20, Filter: index.Filter{Repo: l.Source.Repo, Kind: string(model.KindHost), Name: l.Name}})
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		if host, ok := h.Item.(*model.Host); ok && host.Source.Path == l.Source.Path {
			return host, nil
		}
	}
	return nil, nil
}

// admits reports whether a host found by its links is within the plan's
// filters.
func (p Plan) admits(h *model.Host) bool {
	return (p.Env == "" || h.Env == p.Env) && (p.Cloud == "" || h.Cloud == p.Cloud) &&
		(p.Purpose == "" || slices.Contains(h.PurposeGroups, p.Purpose)) &&
		(p.Group == "" || slices.Contains(h.Groups, p.Group))
}
