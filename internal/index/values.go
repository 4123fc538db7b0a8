package index

import (
	"slices"
)

// Values returns the distinct values of a keyword field (repo, kind,
// inventory, path, name, env, cloud, purpose, group, host) across all
// repositories, sorted; nil for another field. The question parser uses
// them to recognise words; they are read once per index generation.
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
// keyword field: the question parser's test of a word, which must not copy
// a vocabulary of 100k host names per question as Values does.
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
		// The dictionary is in byte order, so it is searchable as read.
		if _, ok := slices.BinarySearch(g.fieldValues(field), value); ok {
			return true
		}
	}
	return false
}

// fieldValues reads the terms of field from the index once; the
// generation never changes.
func (g *generation) fieldValues(field string) []string {
	g.valuesMu.Lock()
	defer g.valuesMu.Unlock()
	if v, ok := g.values[field]; ok {
		return v
	}
	dict, err := g.index.FieldDict(field)
	if err != nil {
		return nil
	}
	defer dict.Close()
	var out []string
	for {
		e, err := dict.Next()
		if err != nil {
			return nil // not cached: the next call tries again
		}
		if e == nil {
			break
		}
		out = append(out, e.Term)
	}
	if g.values == nil {
		g.values = map[string][]string{}
	}
	g.values[field] = out
	return out
}
