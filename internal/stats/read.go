package stats

import (
	"context"

	"handover/internal/index"
	"handover/internal/model"
)

// Index is the part of the search index incidents are read from;
// *index.Store has it.
type Index interface {
	Each(ctx context.Context, f index.Filter, fn func(index.Hit) bool) error
}

// ReadIncidents reads every incident report of repo (of every repository
// when repo is empty) from idx, for Compute.
func ReadIncidents(ctx context.Context, idx Index, repo string) ([]*model.Incident, error) {
	var out []*model.Incident
	err := idx.Each(ctx, index.Filter{Repo: repo, Kind: string(model.KindIncident)}, func(h index.Hit) bool {
		if inc, ok := h.Item.(*model.Incident); ok {
			out = append(out, inc)
		}
		return true
	})
	return out, err
}
