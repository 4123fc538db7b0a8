package index

import (
	"context"
	"fmt"
)

// MaxEach bounds how many documents one Each reads: a repository with more
// documents of a kind than this is not something a summary should walk.
const MaxEach = 200_000

// TooManyError is returned by Each when more than Limit documents match:
// the caller asked for everything and everything is too much.
type TooManyError struct {
	Filter Filter
	Limit  int
}

func (e *TooManyError) Error() string {
	what := "documents"
	if e.Filter.Kind != "" {
		what = e.Filter.Kind + "s"
	}
	repo := "the index"
	if e.Filter.Repo != "" {
		repo = fmt.Sprintf("repository %q", e.Filter.Repo)
	}
	return fmt.Sprintf("%s has more than %d %s", repo, e.Limit, what)
}

// Each calls fn for every document matching f, in index order (repository,
// module or file, name), until fn returns false. It pages through the
// index, so a large repository is never held in one result; more than
// MaxEach matches is a *TooManyError, reported before fn has seen them all.
func (s *Store) Each(ctx context.Context, f Filter, fn func(Hit) bool) error {
	token := ""
	for n := 0; n < MaxEach; {
		res, err := s.Search(ctx, Query{Filter: f, PageSize: maxPageSize, PageToken: token})
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if !fn(h) {
				return nil
			}
		}
		n += len(res.Hits)
		if token = res.NextPageToken; token == "" {
			return nil
		}
	}
	return &TooManyError{Filter: f, Limit: MaxEach}
}
