package ask

import (
	"context"
	"fmt"

	"handover/internal/index"
	"handover/internal/model"
)

// maxOtherSOPs is how many runner-up SOPs FindSOP names.
const maxOtherSOPs = 4

// FindSOP returns the SOP that best matches a few words, and the
// runners-up: the emergency path, so one query when it can be. A title
// match counts most; words that match nothing are tried again with one
// edit allowed each, since they may be misspelt under stress ("breech",
// "failovr"). No match is index.ErrNotFound.
func FindSOP(ctx context.Context, s Searcher, words, repo string) (*model.SOP, []*model.SOP, error) {
	q := index.Query{
		Text:       words,
		Filter:     index.Filter{Repo: repo, Kind: string(model.KindSOP)},
		BoostTitle: true,
		PageSize:   1 + maxOtherSOPs,
	}
	res, err := s.Search(ctx, q)
	if err == nil && len(res.Hits) == 0 {
		q.Fuzzy = true
		res, err = s.Search(ctx, q)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(res.Hits) == 0 {
		return nil, nil, fmt.Errorf("%w: no SOP matches %q", index.ErrNotFound, words)
	}
	others := make([]*model.SOP, 0, len(res.Hits)-1)
	for _, h := range res.Hits[1:] {
		if sop, ok := h.Item.(*model.SOP); ok {
			others = append(others, sop)
		}
	}
	best, ok := res.Hits[0].Item.(*model.SOP)
	if !ok {
		return nil, nil, fmt.Errorf("%w: no SOP matches %q", index.ErrNotFound, words)
	}
	return best, others, nil
}
