package ask

import (
	"cmp"
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

// runnerLinks are the runs-on host links of the roles a question's word
// names and of the plays whose name has one of its words, in repo when it
// is set: "where does nginx run" asks for the hosts whose plays apply the
// role nginx, though their purpose need not say nginx.
func runnerLinks(ctx context.Context, s Searcher, terms []string, repo string) ([]model.Link, error) {
	var out []model.Link
	for _, word := range terms {
		for _, kind := range []model.Kind{model.KindRole, model.KindPlay} {
			res, err := s.Search(ctx, index.Query{Text: word, PageSize: maxRunners, Filter: index.Filter{Kind: string(kind), Repo: repo}})
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
	}
	return out, nil
}

// runningHosts are the hosts the runner links point to that f admits (the
// hard filters and the hints that held), each once. A question that names
// a host asks about that host, not about what runs elsewhere.
func runningHosts(ctx context.Context, s Searcher, links []model.Link, f index.Filter) ([]index.Hit, error) {
	if f.Name != "" {
		return nil, nil
	}
	var out []index.Hit
	seen := map[string]bool{}
	for _, l := range links {
		lf := f
		lf.Kind, lf.Name, lf.Repo = string(model.KindHost), l.Name, cmp.Or(f.Repo, l.Source.Repo)
		res, err := s.Search(ctx, index.Query{PageSize: 20, Filter: lf})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			if h.Item.Declared().Path == l.Source.Path && !seen[h.ID] {
				seen[h.ID] = true
				out = append(out, h)
			}
		}
	}
	return out, nil
}

// addRunningHosts appends the running hosts the text did not match to the
// answer's hosts, after the matched ones, and counts them in its total.
// listed are the ids of the hosts listed; when the list is a page of more,
// every matched host is read to tell them apart.
func addRunningHosts(ctx context.Context, b *cardBuilder, ans *Answer, q index.Query, running []index.Hit, listed map[string]bool, limit int) error {
	if len(running) == 0 {
		return nil
	}
	matched := listed
	if len(ans.Hosts) < ans.Total {
		q.PageSize = min(ans.Total, maxMatched)
		res, err := b.s.Search(ctx, q)
		if err != nil {
			return err
		}
		matched = map[string]bool{}
		for _, hit := range res.Hits {
			matched[hit.ID] = true
		}
	}
	for _, hit := range running {
		host, ok := hit.Item.(*model.Host)
		if !ok || matched[hit.ID] {
			continue
		}
		ans.Total++
		if len(ans.Hosts) < limit {
			ans.Hosts = append(ans.Hosts, b.hostAnswer(hit, host))
		}
		if len(ans.linked) < linkedHosts {
			ans.linked = append(ans.linked, *host)
		}
	}
	return nil
}
