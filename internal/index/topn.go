package index

import (
	"container/heap"
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	bindex "github.com/blevesearch/bleve_index_api"
)

// A ranked search orders its hits by score, then by document id, so that
// equal scores come in the same order every time (a merge of segments
// reorders bleve's own tie-break, the internal document number). Asked
// for that sort, bleve reads the id of every matching document and sorts
// it through its general comparison: with a question word that matches
// tens of thousands of hosts, that is three quarters of the search
// (BenchmarkAsk100k). runRanked keeps the order and collects the top
// hits itself, reading a document's id only to break a tie with the
// worst hit kept so far.

// runRanked runs req, whose sort is by score then id and which has no
// facets and no search-after, as runs would, on each generation with a
// collector that reads ids lazily, and merges the generations' hits.
func runRanked(ctx context.Context, gens []*generation, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	k := req.From + req.Size
	fast := *req
	fast.SortBy([]string{"-_score"})
	merged := &bleve.SearchResult{}
	for _, g := range gens {
		gctx := context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(
			func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
				return newLazyTopN(sctx, k).handle, false, nil
			}))
		sr, err := run(gctx, []*generation{g}, &fast)
		if err != nil {
			return nil, err
		}
		merged.Total += sr.Total
		merged.Hits = append(merged.Hits, sr.Hits...)
	}
	// Each generation's hits are its best k in order; the best k of all
	// are among them.
	slices.SortStableFunc(merged.Hits, func(a, b *search.DocumentMatch) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	if len(merged.Hits) > k {
		merged.Hits = merged.Hits[:k]
	}
	merged.Hits = merged.Hits[min(req.From, len(merged.Hits)):]
	return merged, nil
}

// lazyTopN keeps the best k document matches by score, then id, in a
// heap whose root is the worst kept; it reads ids from the index reader
// only to compare equal scores.
type lazyTopN struct {
	k      int
	sctx   *search.SearchContext
	reader bindex.IndexReader
	kept   []*search.DocumentMatch
	err    error
	// flush hands the kept matches to bleve's own top-N handler at the
	// end, which loads their stored fields.
	flush search.DocumentMatchHandler
}

func newLazyTopN(sctx *search.SearchContext, k int) *lazyTopN {
	t := &lazyTopN{k: k, sctx: sctx, reader: sctx.IndexReader, kept: make([]*search.DocumentMatch, 0, k)}
	t.flush, _, t.err = collector.MakeTopNDocumentMatchHandler(sctx)
	return t
}

func (t *lazyTopN) id(d *search.DocumentMatch) string {
	if d.ID == "" && t.err == nil {
		d.ID, t.err = t.reader.ExternalID(d.IndexInternalID)
	}
	return d.ID
}

// before says a ranks before b: a higher score, or the same and a
// smaller id.
func (t *lazyTopN) before(a, b *search.DocumentMatch) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return t.id(a) < t.id(b)
}

// heap.Interface over kept, the worst at the root.
func (t *lazyTopN) Len() int           { return len(t.kept) }
func (t *lazyTopN) Less(i, j int) bool { return t.before(t.kept[j], t.kept[i]) }
func (t *lazyTopN) Swap(i, j int)      { t.kept[i], t.kept[j] = t.kept[j], t.kept[i] }
func (t *lazyTopN) Push(x any)         { t.kept = append(t.kept, x.(*search.DocumentMatch)) }
func (t *lazyTopN) Pop() any {
	d := t.kept[len(t.kept)-1]
	t.kept = t.kept[:len(t.kept)-1]
	return d
}

func (t *lazyTopN) handle(d *search.DocumentMatch) error {
	if t.err != nil || t.flush == nil {
		return t.err
	}
	if d == nil {
		return t.finish()
	}
	switch {
	case t.k <= 0:
		t.sctx.DocumentMatchPool.Put(d)
	case len(t.kept) < t.k:
		heap.Push(t, d)
	case t.before(d, t.kept[0]):
		worst := t.kept[0]
		t.kept[0] = d
		heap.Fix(t, 0)
		t.sctx.DocumentMatchPool.Put(worst)
	default:
		t.sctx.DocumentMatchPool.Put(d)
	}
	return t.err
}

// finish passes the kept matches, best first, to bleve's handler, their
// hit numbers (its tie-break) renumbered in that order.
func (t *lazyTopN) finish() error {
	slices.SortFunc(t.kept, func(a, b *search.DocumentMatch) int {
		if t.before(a, b) {
			return -1
		}
		return 1
	})
	if t.err != nil {
		return t.err
	}
	for i, d := range t.kept {
		d.HitNumber = uint64(i + 1)
		if err := t.flush(d); err != nil {
			return err
		}
	}
	return t.flush(nil)
}
