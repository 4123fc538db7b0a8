package index

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// bleveRankedQuery is rankedQuery made of bleve's own queries, as it was
// before coordQuery: a disjunction of disjunctions of match queries, and
// the hints, when apart from the words, in a conjunction with a filter
// of the words that scores nothing.
func bleveRankedQuery(words [][]string, hints []Hint) query.Query {
	var should []query.Query
	for _, alts := range words {
		should = append(should, query.NewDisjunctionQuery(synonymClauses(alts)))
	}
	found, apart := len(should) > 0, false
	for _, h := range hints {
		should = append(should, hintTerm(h))
		apart = apart || !slices.ContainsFunc(words, func(alts []string) bool { return slices.Contains(alts, h.Value) })
	}
	if !found || !apart {
		return query.NewDisjunctionQuery(should)
	}
	var any []query.Query
	for _, alts := range words {
		for _, w := range alts {
			m := query.NewMatchQuery(w)
			m.SetOperator(query.MatchQueryOperatorAnd)
			m.SetBoost(0)
			any = append(any, m)
		}
	}
	return query.NewConjunctionQuery([]query.Query{query.NewDisjunctionQuery(should), query.NewDisjunctionQuery(any)})
}

// TestCoordQueryScoresAsBleve checks rankedQuery against the same query
// made of bleve's disjunctions: the same documents with the same scores,
// with synonyms that match nothing, synonyms that analyse alike
// (database, databases), two words of one synonym group, a word of
// several tokens, a stop word, and hints among the words or apart from
// them.
func TestCoordQueryScoresAsBleve(t *testing.T) {
	s := openStore(t, t.TempDir())
	replace(t, s, genSnapshot("gen", 600))
	gens, err := s.acquire("")
	if err != nil {
		t.Fatal(err)
	}
	defer releaseAll(gens)
	db := []string{"postgres", "db", "database", "databases", "postgresql", "pg", "mysql", "mariadb"}
	cases := []struct {
		name  string
		words [][]string
		hints []Hint
	}{
		{"synonyms, hints apart", [][]string{db, {"database", "db", "databases", "postgres"}, {"postgresdatabase"}}, []Hint{{fieldEnv, "production"}, {fieldCloud, "aws"}}},
		{"two words of one synonym group", [][]string{db, {"database", "db", "databases", "postgres", "postgresql", "pg", "mysql", "mariadb"}, {"primary"}}, []Hint{{fieldEnv, "production"}}},
		{"hint among the words", [][]string{{"mail", "smtp", "email", "postfix"}, {"relay"}, {"mailrelay"}}, []Hint{{fieldPurpose, "mail"}}},
		{"tokens and a stop word", [][]string{{"prod-db-aws"}, {"the"}, {"rack", "racks"}, {"7"}}, nil},
		{"nothing", [][]string{{"zzzz", "yyyy"}}, []Hint{{fieldEnv, "staging"}}},
	}
	for _, c := range cases {
		get := func(q query.Query) map[string]float64 {
			req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
			sr, err := run(context.Background(), gens, req)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]float64{}
			for _, h := range sr.Hits {
				out[h.ID] = h.Score
			}
			return out
		}
		got, want := get(rankedQuery(c.words, c.hints)), get(bleveRankedQuery(c.words, c.hints))
		if len(got) != len(want) {
			t.Errorf("%s: %d documents, want %d", c.name, len(got), len(want))
		}
		for id, w := range want {
			if g, ok := got[id]; !ok || math.Abs(g-w) > 1e-9*w {
				t.Errorf("%s: %s scores %v, want %v", c.name, id, g, w)
			}
		}
		if c.name != "nothing" && len(want) == 0 {
			t.Errorf("%s: nothing found: the test tests nothing", c.name)
		}
	}
}
