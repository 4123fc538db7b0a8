package index

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestRunRankedKeepsTheOrder checks the lazy collector against bleve's own
// sort by score then id: the same hits in the same order, whatever the
// page size, in one repository and across two, with hundreds of documents
// of equal score on either side of the page's end.
func TestRunRankedKeepsTheOrder(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	for _, repo := range []string{"one", "two"} {
		if err := s.Replace(ctx, genSnapshot(repo, 900), nil); err != nil {
			t.Fatal(err)
		}
	}
	queries := map[string]query.Query{
		"mail relay":        rankedQuery([][]string{{"mail", "smtp", "postfix"}, {"relay"}}, nil),
		"database, hinted":  rankedQuery([][]string{{"database", "db"}}, []Hint{{Field: fieldEnv, Value: "production"}}),
		"rack, many scores": rankedQuery([][]string{{"rack"}, {"7"}, {"portal"}}, nil),
		"no match":          rankedQuery([][]string{{"zzzz"}}, nil),
	}
	for _, repo := range []string{"", "two"} {
		gens, err := s.acquire(repo)
		if err != nil {
			t.Fatal(err)
		}
		// Close waits for the generations a failed check holds.
		t.Cleanup(func() { releaseAll(gens) })
		for name, q := range queries {
			for _, size := range []int{1, 2, 7, 41, 300} {
				req := bleve.NewSearchRequestOptions(q, size, 0, false)
				req.SortBy([]string{"-_score", "_id"})
				want, err := run(ctx, gens, req)
				if err != nil {
					t.Fatal(err)
				}
				got, err := runRanked(ctx, gens, req)
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
					t.Fatalf("repo %q, %s, size %d: %d hits of %d, want %d of %d", repo, name, size, len(got.Hits), got.Total, len(want.Hits), want.Total)
				}
				for i := range want.Hits {
					if g, w := got.Hits[i], want.Hits[i]; g.ID != w.ID || g.Score != w.Score {
						t.Fatalf("repo %q, %s, size %d: hit %d is %q (%v), want %q (%v)", repo, name, size, i, g.ID, g.Score, w.ID, w.Score)
					}
				}
				if name == "mail relay" && size == 300 && want.Hits[40].Score != want.Hits[41].Score {
					t.Errorf("repo %q: no tie across the end of a page of 41: the test tests nothing", repo)
				}
			}
		}
	}
}
