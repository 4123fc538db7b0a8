package index

import (
	"container/heap"
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A ranked search orders its hits by score, then by document id, so that
// equal scores come in the same order every time (a merge of segments
// reorders bleve's own tie-break, the internal document number). Asked
// for that sort, bleve reads the id of every matching document and sorts
// it through its general comparison: with a question word that matches
// tens of thousands of hosts, that is three quarters of the search
// (BenchmarkAsk100k). runRanked keeps the order and collects the top
// hits itself. Reading a document's id to break a tie is still most of
// the work when thousands of hosts score alike, so it keeps the best k
// of each scorch segment apart, breaking ties there by the rank of the
// document's id among the segment's ids (a segment never changes, so the
// ranks are computed once, once a search meets many ties in it, and kept
// on the generation), and reads the ids of those few only to merge the
// segments' best.

// unscoredRanked: an unscored search runs through runRanked with a size
// that keeps bleve from stopping at the first matches, for which bleve
// lays out 1,001 document matches (about 250 KB, cleared) at every
// search. A listing of thousands of hosts gains (no id read per match); a
// lookup by name, a few matches, loses, and runs as bleve sorts it
// (Explain's host lookups: p99 2.5 ms with run, 6 ms with runRanked).

// runRanked runs req, whose sort is by score then id (or by id alone, and
// then nothing is scored and every score is 0) and which has no facets
// and no search-after, as runs would, on each generation with a
// collector that reads ids lazily, and merges the generations' hits.
func runRanked(ctx context.Context, gens []*generation, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	k := req.From + req.Size
	fast := *req
	// Each generation's best k, from the first: the page starts at From
	// only once they are merged.
	fast.From, fast.Size = 0, k
	fast.SortBy([]string{"-_score"})
	if fast.Score == "none" {
		// Sorted by a score nothing computes, bleve would stop at the
		// first Size matches: the handler below keeps the best k itself.
		fast.Size = math.MaxInt32
	}
	merged := &bleve.SearchResult{}
	for _, g := range gens {
		gctx := context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(
			func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
				return newLazyTopN(sctx, k, &g.ranks).handle, false, nil
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

// idRanks keeps, for each scorch segment a generation's searches met a
// tie in, the rank of each of its documents' ids among the segment's ids
// (4 bytes a document).
type idRanks struct {
	mu   sync.Mutex
	segs map[segment.Segment]*segRanks
}

type segRanks struct {
	once sync.Once
	rank []uint32 // by local document number; nil when the ids could not be read
}

// of returns the ranks of seg, computing them the first time; live are
// the segments of the searcher's snapshot, and the ranks of segments no
// longer among them (merged away) are dropped.
func (r *idRanks) of(seg segment.Segment, live []*scorch.SegmentSnapshot) []uint32 {
	r.mu.Lock()
	sr := r.segs[seg]
	if sr == nil {
		if r.segs == nil {
			r.segs = map[segment.Segment]*segRanks{}
		}
		for s := range r.segs {
			if !slices.ContainsFunc(live, func(l *scorch.SegmentSnapshot) bool { return l.Segment() == s }) {
				delete(r.segs, s)
			}
		}
		sr = &segRanks{}
		r.segs[seg] = sr
	}
	r.mu.Unlock()
	sr.once.Do(func() { sr.rank = rankIDs(seg) })
	return sr.rank
}

// rankIDs reads every id of seg and returns each document's rank in their
// order, or nil if one cannot be read.
func rankIDs(seg segment.Segment) []uint32 {
	n := seg.Count()
	ids := make([]string, n)
	for i := range ids {
		id, err := seg.DocID(uint64(i))
		if err != nil {
			return nil
		}
		ids[i] = string(id)
	}
	order := make([]uint32, n)
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(ids[a], ids[b]) })
	rank := make([]uint32, n)
	for r, doc := range order {
		rank[doc] = uint32(r)
	}
	return rank
}

// lazyTopN keeps the best k document matches of each segment by score,
// then id, and merges them at the end.
type lazyTopN struct {
	k      int
	sctx   *search.SearchContext
	reader bindex.IndexReader
	ranks  *idRanks
	// live and offsets are the snapshot's segments and the global number
	// of each one's first document; nil when the reader is not scorch's,
	// and then all documents are one part whose ties read ids.
	live    []*scorch.SegmentSnapshot
	offsets []uint64
	parts   []*segTop
	err     error
	// flush hands the kept matches to bleve's own top-N handler at the
	// end, which loads their stored fields.
	flush search.DocumentMatchHandler
}

func newLazyTopN(sctx *search.SearchContext, k int, ranks *idRanks) *lazyTopN {
	t := &lazyTopN{k: k, sctx: sctx, reader: sctx.IndexReader, ranks: ranks}
	if snap, ok := sctx.IndexReader.(*scorch.IndexSnapshot); ok {
		t.live = snap.Segments()
		t.offsets = make([]uint64, len(t.live))
		var next uint64
		for i, s := range t.live {
			t.offsets[i] = next
			next += s.Segment().Count()
		}
	}
	t.parts = make([]*segTop, max(1, len(t.live)))
	t.flush, _, t.err = collector.MakeTopNDocumentMatchHandler(sctx)
	return t
}

func (t *lazyTopN) id(d *search.DocumentMatch) string {
	if d.ID == "" && t.err == nil {
		d.ID, t.err = t.reader.ExternalID(d.IndexInternalID)
	}
	return d.ID
}

// part is the segment d is in, its kept matches.
func (t *lazyTopN) part(d *search.DocumentMatch) *segTop {
	i := 0
	if len(t.offsets) > 0 {
		num := d.IndexInternalID.Value()
		i = sort.Search(len(t.offsets), func(x int) bool { return t.offsets[x] > num }) - 1
		i = max(0, i)
	}
	p := t.parts[i]
	if p == nil {
		p = &segTop{t: t, kept: make([]*search.DocumentMatch, 0, t.k)}
		if len(t.live) > 0 {
			p.seg, p.base = t.live[i].Segment(), t.offsets[i]
		}
		t.parts[i] = p
	}
	return p
}

func (t *lazyTopN) handle(d *search.DocumentMatch) error {
	if t.err != nil || t.flush == nil {
		return t.err
	}
	if d == nil {
		return t.finish()
	}
	if t.k <= 0 {
		t.sctx.DocumentMatchPool.Put(d)
		return nil
	}
	t.part(d).add(d)
	return t.err
}

// finish passes the best k of the segments' kept matches, best first, to
// bleve's handler, their hit numbers (its tie-break) renumbered in that
// order.
func (t *lazyTopN) finish() error {
	var all []*search.DocumentMatch
	for _, p := range t.parts {
		if p != nil {
			all = append(all, p.kept...)
		}
	}
	// Only those scoring at least the k-th best score can be kept: read
	// the ids of those alone.
	if len(all) > t.k {
		slices.SortFunc(all, func(a, b *search.DocumentMatch) int {
			if a.Score > b.Score {
				return -1
			} else if a.Score < b.Score {
				return 1
			}
			return 0
		})
		last := t.k
		for last < len(all) && all[last].Score == all[t.k-1].Score {
			last++
		}
		all = all[:last]
	}
	slices.SortFunc(all, func(a, b *search.DocumentMatch) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(t.id(a), t.id(b))
	})
	if t.err != nil {
		return t.err
	}
	for i, d := range all[:min(t.k, len(all))] {
		d.HitNumber = uint64(i + 1)
		if err := t.flush(d); err != nil {
			return err
		}
	}
	return t.flush(nil)
}

// segTop keeps the best k matches of one segment in a heap whose root is
// the worst kept, ties broken by the ranks of their ids in the segment
// (or by their ids, read, when the ranks are not known).
type segTop struct {
	t    *lazyTopN
	seg  segment.Segment // nil when not scorch's
	base uint64
	rank []uint32
	read bool // rank was asked for
	ties int  // ties broken by reading ids
	kept []*search.DocumentMatch
}

func (p *segTop) add(d *search.DocumentMatch) {
	t := p.t
	switch {
	case len(p.kept) < t.k:
		heap.Push(p, d)
	case p.before(d, p.kept[0]):
		worst := p.kept[0]
		p.kept[0] = d
		heap.Fix(p, 0)
		t.sctx.DocumentMatchPool.Put(worst)
	default:
		t.sctx.DocumentMatchPool.Put(d)
	}
}

// before says a ranks before b: a higher score, or the same and a
// smaller id.
func (p *segTop) before(a, b *search.DocumentMatch) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	if !p.read && p.seg != nil {
		p.ties++
		if p.ties > tiesBeforeRanks {
			p.read = true
			p.rank = p.t.ranks.of(p.seg, p.t.live)
		}
	}
	if p.rank != nil {
		return p.rank[p.local(a)] < p.rank[p.local(b)]
	}
	return p.t.id(a) < p.t.id(b)
}

// tiesBeforeRanks is how many ties of a segment are broken by reading
// ids before its ranks are computed (reading all its ids once): a search
// with few ties in a segment leaves it alone. Both give the same order.
const tiesBeforeRanks = 256

func (p *segTop) local(d *search.DocumentMatch) uint64 {
	return d.IndexInternalID.Value() - p.base
}

// heap.Interface over kept, the worst at the root.
func (p *segTop) Len() int           { return len(p.kept) }
func (p *segTop) Less(i, j int) bool { return p.before(p.kept[j], p.kept[i]) }
func (p *segTop) Swap(i, j int)      { p.kept[i], p.kept[j] = p.kept[j], p.kept[i] }
func (p *segTop) Push(x any)         { p.kept = append(p.kept, x.(*search.DocumentMatch)) }
func (p *segTop) Pop() any {
	d := p.kept[len(p.kept)-1]
	p.kept = p.kept[:len(p.kept)-1]
	return d
}
