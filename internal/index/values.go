package index

import (
	"context"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Values returns the distinct values of a keyword field (repo, kind,
// inventory, path, name, env, cloud, purpose, group, host) across all
// repositories, sorted; nil for another field. The question parser uses
// them to recognise words; they are read once per index generation and
// again after each Update.
func (s *Store) Values(field string) []string {
	if !keywordFields[field] {
		return nil
	}
	gens, err := s.acquire("")
	if err != nil {
		return nil
	}
	defer releaseAll(gens)
	var out []string
	for _, g := range gens {
		out = append(out, g.fieldValues(field)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Has reports whether some document of some repository has value in the
// keyword field: the question parser's test of a word. It looks the term
// up in the index as it is now rather than in a list of Values: an Update
// would make every question after it read the 100k host names again, and
// the questions of four clients kept both cores busy doing that.
func (s *Store) Has(field, value string) bool {
	if !keywordFields[field] {
		return false
	}
	gens, err := s.acquire("")
	if err != nil {
		return false
	}
	defer releaseAll(gens)
	for _, g := range gens {
		if g.has(field, value) {
			return true
		}
	}
	return false
}

// has counts the documents with value in field, less deleted ones: the
// term dictionaries keep the terms of a document an Update deleted until
// its segment is merged away.
func (g *generation) has(field, value string) bool {
	r, err := g.reader()
	if err != nil {
		return false
	}
	defer r.Close()
	tfr, err := r.TermFieldReader(context.Background(), []byte(value), field, false, false, false)
	if err != nil {
		return false
	}
	defer tfr.Close()
	return tfr.Count() > 0
}

func (g *generation) reader() (bindex.IndexReader, error) {
	idx, err := g.index.Advanced()
	if err != nil {
		return nil, err
	}
	return idx.Reader()
}

// fieldVocabulary is one field's values, read once by the first caller
// while the others wait for it rather than read them too.
type fieldVocabulary struct {
	once   sync.Once
	values []string
	ok     bool
}

// fieldValues returns the values of field, read from the index once per
// generation and Update (which drops g.values).
func (g *generation) fieldValues(field string) []string {
	g.valuesMu.Lock()
	v := g.values[field]
	if v == nil {
		v = &fieldVocabulary{}
		if g.values == nil {
			g.values = map[string]*fieldVocabulary{}
		}
		g.values[field] = v
	}
	g.valuesMu.Unlock()
	v.once.Do(func() { v.values, v.ok = g.liveTerms(field) })
	if !v.ok {
		// Not kept: the next call tries again.
		g.valuesMu.Lock()
		if g.values[field] == v {
			delete(g.values, field)
		}
		g.valuesMu.Unlock()
	}
	return v.values
}

// liveTerms reads the terms of field that some document not deleted has,
// sorted. A segment without deletions gives its whole dictionary; in one
// with deletions, a term counts when its postings less the deleted
// documents are not empty.
func (g *generation) liveTerms(field string) ([]string, bool) {
	r, err := g.reader()
	if err != nil {
		return nil, false
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, false
	}
	var out []string
	for _, ss := range snap.Segments() {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, false
		}
		deleted := ss.Deleted()
		if deleted != nil && deleted.IsEmpty() {
			deleted = nil
		}
		it := dict.AutomatonIterator(nil, nil, nil)
		for {
			e, err := it.Next()
			if err != nil {
				return nil, false
			}
			if e == nil {
				break
			}
			if deleted != nil && e.Count <= deleted.GetCardinality() {
				pl, err := dict.PostingsList([]byte(e.Term), deleted, nil)
				if err != nil {
					return nil, false
				}
				if pl.Count() == 0 {
					continue
				}
			}
			out = append(out, e.Term)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), true
}
