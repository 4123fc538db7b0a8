package index

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	bindex "github.com/blevesearch/bleve_index_api"
)

// coordQuery scores a document as bleve's disjunction of the same clauses
// does, the sum of the scores of the clauses it matches times the share of
// clauses it matches, with fewer searchers at work. A question word
// expands into a clause per synonym and field, most of which match
// nothing in a repository, and bleve's disjunction visits every clause
// for every document it scores (BenchmarkAsk100k). Here:
//
//   - a clause that matches no document is left out of the search, still
//     counted in the share and in the query norm;
//   - match clauses alike (the same field and analysed words: "database"
//     and "databases") run once with their boosts added and count as many;
//   - a passive clause (a hint) adds to the score of the documents the
//     others find and finds none itself: it skips to them instead of
//     walking every document of production.
type coordQuery struct {
	clauses []query.Query
	passive []bool // by clause; nil: none
}

func (q *coordQuery) add(c query.Query, passive bool) {
	if passive && q.passive == nil {
		q.passive = make([]bool, len(q.clauses))
	}
	q.clauses = append(q.clauses, c)
	if q.passive != nil {
		q.passive = append(q.passive, passive)
	}
}

// coordChild is a clause's searcher, how many clauses it stands for, and
// whether it finds documents.
type coordChild struct {
	s       search.Searcher
	n       int
	extra   float64 // see mergedClause
	passive bool
	curr    *search.DocumentMatch
	at      uint64 // curr's document number
	done    bool   // no more matches
}

type byCount []coordChild

func (c byCount) Len() int           { return len(c) }
func (c byCount) Less(i, j int) bool { return c[i].s.Count() < c[j].s.Count() }
func (c byCount) Swap(i, j int)      { c[i], c[j] = c[j], c[i] }

func (q *coordQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s := &coordSearcher{total: len(q.clauses), scorer: scorer.NewDisjunctionQueryScorer(options)}
	for _, c := range q.merged(m) {
		cs, err := c.q.Searcher(ctx, r, m, options)
		if err != nil {
			s.Close()
			return nil, err
		}
		if cs.Count() == 0 {
			s.absent += cs.Weight() * (1 + c.extra)
			_ = cs.Close()
			continue
		}
		s.children = append(s.children, coordChild{s: cs, n: c.n, extra: c.extra, passive: c.passive})
	}
	sort.Sort(byCount(s.children))
	s.matching = make([]*search.DocumentMatch, 0, len(s.children))
	// Normalised as bleve's disjunction is, so that scores are the same.
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s, nil
}

// mergedClause is a clause standing for n alike, and the share of its
// weight the merge lost: each clause weighs its boost squared, the merged
// one their sum squared.
type mergedClause struct {
	q       query.Query
	n       int
	extra   float64
	passive bool
}

// merged returns the clauses with those alike merged: match clauses of
// the same field and analysed words, and groups of the same such clauses
// (two question words of one synonym group). A merged group scores what
// the two did together: each has the same share of its clauses matching,
// and a match clause's score grows with its boost. A match clause of one
// word becomes the term query bleve would run inside a conjunction of
// one.
func (q *coordQuery) merged(m mapping.IndexMapping) []mergedClause {
	type sums struct {
		at           int
		squares, sum float64
	}
	var out []mergedClause
	byKey := map[string]*sums{}
	for i, c := range q.clauses {
		passive := q.passive != nil && q.passive[i]
		if g, ok := c.(*coordQuery); ok && !passive {
			key := g.signature(m)
			if sm := byKey[key]; key != "" && sm != nil {
				mc := &out[sm.at]
				prev := mc.q.(*coordQuery)
				mc.q = &coordQuery{clauses: slices.Concat(prev.clauses, g.clauses)}
				mc.n++
				continue
			} else if key != "" {
				byKey[key] = &sums{at: len(out)}
			}
		}
		mq, ok := c.(*query.MatchQuery)
		var field string
		var terms []string
		if ok && !passive {
			field, terms = matchTerms(mq, m)
		}
		if terms == nil {
			out = append(out, mergedClause{q: c, n: 1, passive: passive})
			continue
		}
		key := field + "\x00" + strings.Join(terms, "\x00")
		b := mq.Boost()
		sm := byKey[key]
		if sm == nil {
			sm = &sums{at: len(out)}
			byKey[key] = sm
			out = append(out, mergedClause{})
		}
		sm.sum += b
		sm.squares += b * b
		mc := &out[sm.at]
		mc.n++
		mc.extra = sm.squares/(sm.sum*sm.sum) - 1
		if len(terms) == 1 {
			t := query.NewTermQuery(terms[0])
			t.SetField(field)
			t.SetBoost(sm.sum)
			mc.q = t
		} else {
			merged := *mq
			merged.SetBoost(sm.sum)
			mc.q = &merged
		}
	}
	return out
}

// signature is the set of a group's match clauses' fields and words, or
// "" when it has clauses of another kind.
func (q *coordQuery) signature(m mapping.IndexMapping) string {
	keys := make([]string, 0, len(q.clauses))
	for i, c := range q.clauses {
		mq, ok := c.(*query.MatchQuery)
		if !ok || q.passive != nil && q.passive[i] {
			return ""
		}
		field, terms := matchTerms(mq, m)
		if terms == nil {
			return ""
		}
		keys = append(keys, field+"\x00"+strings.Join(terms, "\x00"))
	}
	slices.Sort(keys)
	return "group\x01" + strings.Join(slices.Compact(keys), "\x01")
}

// matchTerms are the field a match query of all its words searches and
// its analysed words, or nil when it is not matched by its words alone.
func matchTerms(mq *query.MatchQuery, m mapping.IndexMapping) (string, []string) {
	if mq.Fuzziness != 0 || mq.Prefix != 0 || mq.Operator != query.MatchQueryOperatorAnd {
		return "", nil
	}
	field := mq.Field()
	if field == "" {
		field = m.DefaultSearchField()
	}
	name := mq.Analyzer
	if name == "" {
		name = m.AnalyzerNameForPath(field)
	}
	a := m.AnalyzerNamed(name)
	if a == nil {
		return "", nil
	}
	var terms []string
	for _, t := range a.Analyze([]byte(mq.Match)) {
		terms = append(terms, string(t.Term))
	}
	return field, terms
}

// coordSearcher is coordQuery's searcher: a disjunction of the children
// that are not passive, each match scored with the passive ones that
// have the document too.
type coordSearcher struct {
	children []coordChild
	total    int     // clauses, the absent and merged included
	absent   float64 // the weight of clauses not searched
	scorer   *scorer.DisjunctionQueryScorer
	matching []*search.DocumentMatch
	min      bindex.IndexInternalID // the document scored, for Advance
	started  bool
}

func (s *coordSearcher) start(ctx *search.SearchContext) error {
	s.started = true
	s.min = make(bindex.IndexInternalID, 8)
	for i := range s.children {
		c := &s.children[i]
		if c.passive {
			continue
		}
		d, err := c.s.Next(ctx)
		if err != nil {
			return err
		}
		c.set(d)
	}
	return nil
}

// set makes d the child's current match; nil when it has no more.
func (c *coordChild) set(d *search.DocumentMatch) {
	c.curr, c.done = d, d == nil
	if d != nil {
		c.at = d.IndexInternalID.Value()
	}
}

func (s *coordSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	var min uint64
	found := false
	for i := range s.children {
		if c := &s.children[i]; !c.passive && c.curr != nil && (!found || c.at < min) {
			min, found = c.at, true
		}
	}
	if !found {
		return nil, nil
	}
	s.min.SetValue(min)
	s.matching = s.matching[:0]
	count := 0
	for i := range s.children {
		c := &s.children[i]
		if c.passive && !c.done && (c.curr == nil || c.at < min) {
			if c.curr != nil {
				ctx.DocumentMatchPool.Put(c.curr)
			}
			d, err := c.s.Advance(ctx, s.min)
			if err != nil {
				return nil, err
			}
			c.set(d)
		}
		if c.curr != nil && c.at == min {
			s.matching = append(s.matching, c.curr)
			count += c.n
		}
	}
	rv := s.scorer.Score(ctx, s.matching, count, s.total)
	for i := range s.children {
		c := &s.children[i]
		if c.curr == nil || c.at != min {
			continue
		}
		if c.curr != rv {
			ctx.DocumentMatchPool.Put(c.curr)
		}
		d, err := c.s.Next(ctx)
		if err != nil {
			return nil, err
		}
		c.set(d)
	}
	return rv, nil
}

func (s *coordSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	to := id.Value()
	for i := range s.children {
		c := &s.children[i]
		if c.passive || c.curr == nil || c.at >= to {
			continue
		}
		ctx.DocumentMatchPool.Put(c.curr)
		d, err := c.s.Advance(ctx, id)
		if err != nil {
			return nil, err
		}
		c.set(d)
	}
	return s.Next(ctx)
}

// Weight is what bleve's disjunction of the clauses would weigh: the sum
// of their weights, the absent ones' included.
func (s *coordSearcher) Weight() float64 {
	w := s.absent
	for _, c := range s.children {
		w += c.s.Weight() * (1 + c.extra)
	}
	return w
}

func (s *coordSearcher) SetQueryNorm(norm float64) {
	for _, c := range s.children {
		c.s.SetQueryNorm(norm)
	}
}

func (s *coordSearcher) Count() uint64 {
	var n uint64
	for _, c := range s.children {
		if !c.passive {
			n += c.s.Count()
		}
	}
	return n
}

func (s *coordSearcher) Min() int { return 0 }

func (s *coordSearcher) Size() int {
	n := 64 + s.scorer.Size()
	for _, c := range s.children {
		n += c.s.Size()
	}
	return n
}

func (s *coordSearcher) DocumentMatchPoolSize() int {
	n := len(s.children)
	for _, c := range s.children {
		n += c.s.DocumentMatchPoolSize()
	}
	return n
}

func (s *coordSearcher) Close() error {
	var err error
	for _, c := range s.children {
		if e := c.s.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}
