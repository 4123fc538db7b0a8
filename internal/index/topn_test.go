package index

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"handover/internal/model"
)

// TestRunRankedKeepsTheOrder checks the lazy collector against bleve's own
// sort by score then id (by id alone when nothing is scored): the same hits in the same order, whatever the
// page size, in one repository and across two, with hundreds of documents
// of equal score on either side of the page's end, some of them changed
// by an Update (deleted in one segment, added in another).
func TestRunRankedKeepsTheOrder(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	for _, repo := range []string{"one", "two"} {
		snap := genSnapshot(repo, 900)
		if err := s.Replace(ctx, snap, nil); err != nil {
			t.Fatal(err)
		}
		// The hosts of one inventory again, changed in a word that keeps
		// their scores, in a segment of their own until scorch merges it.
		inv := snap.Inventories[0]
		var items []model.Item
		for _, h := range inv.Hosts {
			h.Vars[1].Value = "deployer"
			items = append(items, h)
		}
		for _, g := range inv.Groups {
			items = append(items, g)
		}
		if _, _, err := s.Update(ctx, snap, items, []string{inv.Path}); err != nil {
			t.Fatal(err)
		}
	}
	queries := map[string]query.Query{
		"mail relay":        rankedQuery([][]string{{"mail", "smtp", "postfix"}, {"relay"}}, nil),
		"database, hinted":  rankedQuery([][]string{{"database", "db"}}, []Hint{{Field: fieldEnv, Value: "production"}}),
		"rack, many scores": rankedQuery([][]string{{"rack"}, {"7"}, {"portal"}}, nil),
		"no match":          rankedQuery([][]string{{"zzzz"}}, nil),
		// Nothing scored, by id alone: a listing's first page.
		"unscored, production": production(),
		"unscored, all":        query.NewMatchAllQuery(),
	}
	for _, repo := range []string{"", "two"} {
		gens, err := s.acquire(repo)
		if err != nil {
			t.Fatal(err)
		}
		// Close waits for the generations a failed check holds.
		t.Cleanup(func() { releaseAll(gens) })
		for name, q := range queries {
			for _, page := range [][2]int{{1, 0}, {2, 0}, {7, 0}, {41, 0}, {300, 0}, {7, 3}, {41, 40}} {
				size, from := page[0], page[1]
				req := bleve.NewSearchRequestOptions(q, size, from, false)
				req.SortBy([]string{"-_score", "_id"})
				if strings.HasPrefix(name, "unscored") {
					req.SortBy([]string{"_id"})
					req.Score = "none"
				}
				want, err := run(ctx, gens, req)
				if err != nil {
					t.Fatal(err)
				}
				got, err := runRanked(ctx, gens, req)
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
					t.Fatalf("repo %q, %s, size %d from %d: %d hits of %d, want %d of %d", repo, name, size, from, len(got.Hits), got.Total, len(want.Hits), want.Total)
				}
				for i := range want.Hits {
					if g, w := got.Hits[i], want.Hits[i]; g.ID != w.ID || g.Score != w.Score {
						t.Fatalf("repo %q, %s, size %d from %d: hit %d is %q (%v), want %q (%v)", repo, name, size, from, i, g.ID, g.Score, w.ID, w.Score)
					}
				}
				if name == "mail relay" && size == 300 && from == 0 && want.Hits[40].Score != want.Hits[41].Score {
					t.Errorf("repo %q: no tie across the end of a page of 41: the test tests nothing", repo)
				}
			}
		}
	}
}

func production() query.Query {
	q := query.NewTermQuery("production")
	q.SetField(fieldEnv)
	return q
}

// segments counts the scorch segments of g's index.
func segments(t *testing.T, g *generation) int {
	t.Helper()
	adv, err := g.index.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		t.Fatalf("index reader %T, want scorch's", r)
	}
	return len(snap.Segments())
}

// TestRunRankedTiesAcrossSegments checks the collector against bleve's
// sort on an index of several segments that scorch does not merge, every
// document of the same words (one score) and ids in no order of the
// segments': the ranks of each segment and the merge of their best.
func TestRunRankedTiesAcrossSegments(t *testing.T) {
	idx, err := bleve.NewUsing(t.TempDir(), newMapping(), scorch.Name, scorch.Name, map[string]any{
		"scorchMergePlanOptions": map[string]any{"MaxSegmentSize": 2}, // none small enough to merge
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	for seg := range 5 {
		b := idx.NewBatch()
		for i := range 600 { // ties enough for ranks (tiesBeforeRanks)
			n := (i*7919 + seg*104729) % 10000 // ids spread over the segments
			text := "mail relay"
			if i%3 == 0 {
				text = "mail relay for the invoices" // a second, lower score
			}
			if err := b.Index(fmt.Sprintf("doc-%04d-%d", n, seg), map[string]any{fieldNameText: text}); err != nil {
				t.Fatal(err)
			}
		}
		if err := idx.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	g := &generation{name: "segments", index: idx}
	if n := segments(t, g); n < 3 {
		t.Fatalf("%d segments, want several", n)
	}
	for i, size := range []int{1, 5, 41, 199, 250, 2100, 1, 41, 2100} {
		q := rankedQuery([][]string{{"mail"}, {"relay"}}, nil)
		req := bleve.NewSearchRequestOptions(q, size, 0, false)
		req.SortBy([]string{"-_score", "_id"})
		if i >= 6 { // nothing scored, by id alone
			req = bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), size, 0, false)
			req.SortBy([]string{"_id"})
			req.Score = "none"
		}
		want, err := run(context.Background(), []*generation{g}, req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := runRanked(context.Background(), []*generation{g}, req)
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
			t.Fatalf("size %d: %d hits of %d, want %d of %d", size, len(got.Hits), got.Total, len(want.Hits), want.Total)
		}
		for i := range want.Hits {
			if g, w := got.Hits[i], want.Hits[i]; g.ID != w.ID || g.Score != w.Score {
				t.Fatalf("size %d: hit %d is %q (%v), want %q (%v)", size, i, g.ID, g.Score, w.ID, w.Score)
			}
		}
	}
	if n := len(g.ranks.segs); n < 3 {
		t.Errorf("ties broken by rank in %d segments, want several", n)
	}
}
