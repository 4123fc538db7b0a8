package index

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"handover/internal/model"
)

func openStore(t testing.TB, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func replace(t testing.TB, s *Store, snap *model.Snapshot) {
	t.Helper()
	if err := s.Replace(context.Background(), snap, nil); err != nil {
		t.Fatal(err)
	}
}

// acmeSnapshot is small enough to know every answer: web-01 is in two
// inventories, db-01 in one.
func acmeSnapshot() *model.Snapshot {
	prod, stage := "inventories/prod/hosts.ini", "inventories/staging/hosts.ini"
	return &model.Snapshot{
		Repo: "acme", Root: "/srv/acme", Files: 4,
		Problems: []model.Problem{{Source: model.Source{Path: "ansible.cfg", Line: 3}, Severity: model.SeverityWarning, Message: "unknown key"}},
		Inventories: []*model.Inventory{
			{
				Path: prod,
				Hosts: []*model.Host{
					{
						Name: "web-01", Inventory: prod, Source: model.Source{Path: prod, Line: 5},
						Purpose: "Serves the public website and the shop.",
						Groups:  []string{"prod-web", "production"}, DirectGroups: []string{"prod-web"},
						Env: "production", Cloud: "aws", PurposeGroups: []string{"prod-web"},
						Vars: []model.Var{{Name: "ansible_host", Value: "10.0.0.1"}, {Name: "nginx_workers", Value: int64(8)}},
					},
					{
						Name: "db-01", Inventory: prod, Source: model.Source{Path: prod, Line: 9},
						Purpose: "Primary PostgreSQL database for billing.",
						Groups:  []string{"prod-db", "production"}, DirectGroups: []string{"prod-db"},
						Env: "production", Cloud: "aws", PurposeGroups: []string{"prod-db"},
						Vars: []model.Var{{Name: "ansible_host", Value: "10.0.0.2"}, {Name: "pg_version", Value: int64(16)}},
					},
				},
				Groups: []*model.Group{
					{Name: "production", Inventory: prod, Env: "production", Children: []string{"prod-web", "prod-db"}, Depth: 1},
					{Name: "prod-web", Inventory: prod, Env: "production", Parents: []string{"production"}, Hosts: []string{"web-01"}, Depth: 2, Comment: "Nginx in front of the shop."},
					{Name: "prod-db", Inventory: prod, Env: "production", Parents: []string{"production"}, Hosts: []string{"db-01"}, Depth: 2},
				},
			},
			{
				Path: stage,
				Hosts: []*model.Host{{
					Name: "web-01", Inventory: stage, Source: model.Source{Path: stage, Line: 2},
					Purpose: "Staging copy of the website.",
					Groups:  []string{"stage-web", "staging"}, Env: "staging", Cloud: "gcp", PurposeGroups: []string{"stage-web"},
				}},
				Groups: []*model.Group{
					{Name: "staging", Inventory: stage, Env: "staging", Children: []string{"stage-web"}, Depth: 1},
					{Name: "stage-web", Inventory: stage, Env: "staging", Parents: []string{"staging"}, Hosts: []string{"web-01"}, Depth: 2},
				},
				Problems: []model.Problem{{Source: model.Source{Path: stage, Line: 7}, Severity: model.SeverityError, Message: "bad line"}},
			},
		},
	}
}

// names lists hits as kind:name@inventory.
func names(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		_, kind, inv, name, _ := splitID(h.ID)
		out = append(out, string(kind)+":"+name+"@"+inv)
	}
	return out
}

func TestSearch(t *testing.T) {
	s := openStore(t, t.TempDir())
	replace(t, s, acmeSnapshot())
	ctx := context.Background()
	const prod, stage = "inventories/prod/hosts.ini", "inventories/staging/hosts.ini"

	tests := []struct {
		name string
		q    Query
		want []string // in order when ordered, else sorted
		ord  bool
	}{
		{"word in purpose", Query{Text: "postgresql"}, []string{"host:db-01@" + prod}, true},
		{"stemmed", Query{Text: "databases"}, []string{"host:db-01@" + prod}, true},
		{"host name as phrase", Query{Text: `"web-01"`, Filter: Filter{Kind: "host"}}, []string{"host:web-01@" + prod, "host:web-01@" + stage}, false},
		{"var value", Query{Text: "10.0.0.2"}, []string{"host:db-01@" + prod}, true},
		{"group comment and var name", Query{Text: "nginx"}, []string{"group:prod-web@" + prod, "host:web-01@" + prod}, false},
		{"var name word", Query{Text: "workers"}, []string{"host:web-01@" + prod}, true},
		{"query string", Query{Text: "+env:production +purpose:db"}, []string{"group:prod-db@" + prod, "host:db-01@" + prod}, false},
		{"fuzzy", Query{Text: "postgrsql", Fuzzy: true}, []string{"host:db-01@" + prod}, true},
		{"broken syntax falls back to words", Query{Text: "website +"}, []string{"host:web-01@" + prod, "host:web-01@" + stage}, false},
		{"bad regexp falls back to words", Query{Text: "name:/(/ website"}, []string{"host:web-01@" + prod, "host:web-01@" + stage}, false},
		{"keyword field in query string", Query{Text: "host:db-01"}, []string{"group:prod-db@" + prod, "host:db-01@" + prod}, false},
		{"filter env", Query{Filter: Filter{Env: "staging"}}, []string{"group:stage-web@" + stage, "group:staging@" + stage, "host:web-01@" + stage}, false},
		{"filter purpose without env", Query{Filter: Filter{Purpose: "web", Kind: "host"}}, []string{"host:web-01@" + prod, "host:web-01@" + stage}, false},
		{"filter purpose group", Query{Filter: Filter{Purpose: "prod-web"}}, []string{"group:prod-web@" + prod, "host:web-01@" + prod}, false},
		{"filter group ancestors", Query{Filter: Filter{Group: "production", Kind: "host"}}, []string{"host:db-01@" + prod, "host:web-01@" + prod}, false},
		{"filter cloud and inventory", Query{Filter: Filter{Cloud: "gcp", Inventory: stage}}, []string{"host:web-01@" + stage}, false},
		{"text and filter", Query{Text: "website", Filter: Filter{Env: "staging"}}, []string{"host:web-01@" + stage}, true},
		{"filter repo", Query{Filter: Filter{Repo: "acme", Kind: "group", Env: "staging"}}, []string{"group:stage-web@" + stage, "group:staging@" + stage}, false},
		{"nothing", Query{Text: "kubernetes"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			got := names(res.Hits)
			if !tt.ord {
				slices.Sort(got)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("hits = %q, want %q", got, tt.want)
			}
			if int(res.Total) != len(tt.want) {
				t.Errorf("total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func TestFiltersDoNotChangeScores(t *testing.T) {
	s := openStore(t, t.TempDir())
	replace(t, s, genSnapshot("gen", 300))
	ctx := context.Background()
	all, err := s.Search(ctx, Query{Text: "replicas OR wireguard", PageSize: 200})
	if err != nil || all.NextPageToken != "" {
		t.Fatalf("all: %d of %d, %v", len(all.Hits), all.Total, err)
	}
	scores := map[string]float64{}
	for _, h := range all.Hits {
		scores[h.ID] = h.Score
	}
	some, err := s.Search(ctx, Query{Text: "replicas OR wireguard", Filter: Filter{Env: "staging", Cloud: "gcp"}, PageSize: 200})
	if err != nil || len(some.Hits) == 0 {
		t.Fatalf("filtered: %+v, %v", some, err)
	}
	for _, h := range some.Hits {
		if want, ok := scores[h.ID]; !ok || h.Score != want {
			t.Errorf("%q: score %v filtered, %v not", h.ID, h.Score, want)
		}
	}
}

func TestSearchDecodesFacetsHighlights(t *testing.T) {
	s := openStore(t, t.TempDir())
	replace(t, s, acmeSnapshot())
	res, err := s.Search(context.Background(), Query{Text: "postgresql", Highlight: true, Facets: []string{"env", "kind"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || hostOf(res.Hits[0]) == nil {
		t.Fatalf("hits = %+v", res.Hits)
	}
	h := res.Hits[0]
	if h.Repo != "acme" || h.Kind != model.KindHost || hostOf(h).Name != "db-01" || hostOf(h).Source.Repo != "acme" || hostOf(h).Source.Line != 9 {
		t.Errorf("hit = %+v, host = %+v", h, hostOf(h))
	}
	if len(hostOf(h).Vars) != 2 || hostOf(h).Vars[1].Value != float64(16) {
		t.Errorf("vars = %+v", hostOf(h).Vars)
	}
	if frags := h.Fragments["purpose"]; len(frags) != 1 || !strings.Contains(frags[0], "<mark>PostgreSQL</mark>") {
		t.Errorf("fragments = %q", h.Fragments)
	}

	all, err := s.Search(context.Background(), Query{Facets: []string{"env", "kind", "purpose", "repo"}})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != 8 {
		t.Errorf("total = %d, want 8", all.Total)
	}
	want := map[string][]FacetCount{
		"env":     {{"production", 5}, {"staging", 3}},
		"kind":    {{"group", 5}, {"host", 3}},
		"purpose": {{"web", 4}, {"prod-web", 2}, {"stage-web", 2}, {"db", 2}, {"prod-db", 2}},
		"repo":    {{"acme", 8}},
	}
	for f, w := range want {
		got := all.Facets[f]
		sortFacets(got)
		sortFacets(w)
		if !slices.Equal(got, w) {
			t.Errorf("facet %s = %v, want %v", f, got, w)
		}
	}

	groups, err := s.Search(context.Background(), Query{Text: "nginx", Filter: Filter{Kind: "group"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(groups.Hits) != 1 || groupOf(groups.Hits[0]) == nil || groupOf(groups.Hits[0]).Comment != "Nginx in front of the shop." {
		t.Errorf("group hits = %+v", groups.Hits)
	}
}

func sortFacets(f []FacetCount) {
	slices.SortFunc(f, func(a, b FacetCount) int { return strings.Compare(a.Term, b.Term) })
}

func TestHostAndValues(t *testing.T) {
	s := openStore(t, t.TempDir())
	replace(t, s, acmeSnapshot())
	ctx := context.Background()

	hosts, err := s.Host(ctx, "", "web-01")
	if err != nil {
		t.Fatal(err)
	}
	if len(hosts) != 2 || hosts[0].Inventory == hosts[1].Inventory {
		t.Errorf("web-01 = %+v", hosts)
	}
	if hosts, err := s.Host(ctx, "acme", "db-01"); err != nil || len(hosts) != 1 || hosts[0].Purpose == "" {
		t.Errorf("db-01 = %+v, %v", hosts, err)
	}
	if _, err := s.Host(ctx, "acme", "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown host: %v", err)
	}
	if _, err := s.Host(ctx, "other", "web-01"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown repo: %v", err)
	}
	if _, err := s.Host(ctx, "acme", "prod-web"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a group is not a host: %v", err)
	}

	res, err := s.Search(ctx, Query{Text: "web-01"}) // web OR 01: exact names first
	if err != nil || len(res.Hits) < 2 || hostOf(res.Hits[0]) == nil || hostOf(res.Hits[0]).Name != "web-01" || hostOf(res.Hits[1]) == nil || hostOf(res.Hits[1]).Name != "web-01" {
		t.Errorf("web-01 unquoted = %q, %v", names(res.Hits), err)
	}

	for field, want := range map[string][]string{
		"env":     {"production", "staging"},
		"cloud":   {"aws", "gcp"},
		"purpose": {"db", "prod-db", "prod-web", "stage-web", "web"},
		"host":    {"db-01", "web-01"},
		"repo":    {"acme"},
		"group":   {"prod-db", "prod-web", "production", "stage-web", "staging"},
		"nope":    nil,
	} {
		if got := s.Values(field); !slices.Equal(got, want) {
			t.Errorf("Values(%s) = %q, want %q", field, got, want)
		}
	}

	info := s.Repos()
	if len(info) != 1 {
		t.Fatalf("repos = %+v", info)
	}
	r := info[0]
	if r.Name != "acme" || r.Root != "/srv/acme" || r.Docs[model.KindHost] != 3 || r.Docs[model.KindGroup] != 5 ||
		r.Hosts != 2 || r.Inventories != 2 || r.Files != 4 || len(r.Problems) != 2 || r.IndexedAt.IsZero() {
		t.Errorf("repo info = %+v", r)
	}
}

func TestInventoryFromParent(t *testing.T) {
	snap := acmeSnapshot()
	for _, inv := range snap.Inventories {
		for _, h := range inv.Hosts {
			h.Inventory = ""
		}
	}
	s := openStore(t, t.TempDir())
	replace(t, s, snap)
	hosts, err := s.Host(context.Background(), "acme", "web-01")
	if err != nil || len(hosts) != 2 || hosts[0].Inventory == "" || hosts[0].Inventory == hosts[1].Inventory {
		t.Errorf("web-01 = %+v, %v", hosts, err)
	}
}

func TestInvalidArguments(t *testing.T) {
	s := openStore(t, t.TempDir())
	replace(t, s, acmeSnapshot())
	ctx := context.Background()
	first, err := s.Search(ctx, Query{Text: "web", PageSize: 1})
	if err != nil || first.NextPageToken == "" {
		t.Fatalf("first page: %+v, %v", first, err)
	}
	for name, q := range map[string]Query{
		"facet on text":    {Facets: []string{"vars_text"}},
		"unknown facet":    {Facets: []string{"colour"}},
		"kind":             {Filter: Filter{Kind: "vm"}},
		"negative size":    {PageSize: -1},
		"garbage token":    {PageToken: "!!!"},
		"token not json":   {PageToken: "bm90IGpzb24"},
		"token of another": {Text: "shop", PageToken: first.NextPageToken},
	} {
		if _, err := s.Search(ctx, q); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
	if _, err := s.Search(ctx, Query{Filter: Filter{Repo: "other"}}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown repo: %v", err)
	}
	if _, _, _, err := s.Hosts(ctx, Filter{Kind: "group"}, 10, ""); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("Hosts of groups: %v", err)
	}
	if err := s.Replace(ctx, &model.Snapshot{}, nil); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("snapshot without repo: %v", err)
	}
}

func TestPaging(t *testing.T) {
	s := openStore(t, t.TempDir())
	replace(t, s, genSnapshot("big", 500))
	replace(t, s, genSnapshot("small", 40))
	ctx := context.Background()

	for _, q := range []Query{
		{Text: "database OR website OR runners"},
		{Text: "rack"}, // equal scores: the id breaks ties
		{},
		{Filter: Filter{Env: "production"}},
		{Text: "ssh", Filter: Filter{Repo: "big"}},
	} {
		for _, size := range []int{1, 7, 200} {
			seen := map[string]bool{}
			var total uint64
			q := q
			q.PageSize = size
			for pages := 0; ; pages++ {
				res, err := s.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				total = res.Total
				if len(res.Hits) > size {
					t.Fatalf("%q: %d hits on a page of %d", q.Text, len(res.Hits), size)
				}
				for _, h := range res.Hits {
					if seen[h.ID] {
						t.Fatalf("%+v size %d: %q twice", q, size, h.ID)
					}
					seen[h.ID] = true
				}
				if res.NextPageToken == "" {
					break
				}
				if pages > 1000 {
					t.Fatal("no end")
				}
				q.PageToken = res.NextPageToken
			}
			if uint64(len(seen)) != total || total == 0 {
				t.Errorf("%+v size %d: saw %d of %d", q, size, len(seen), total)
			}
		}
	}

	seen := map[string]bool{}
	token, prev := "", ""
	// Hosts come by repository, inventory and name.
	for {
		hosts, next, total, err := s.Hosts(ctx, Filter{Cloud: "aws"}, 33, token)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hosts {
			key := h.Source.Repo + "\x00" + h.Inventory + "\x00" + h.Name
			if seen[key] || h.Cloud != "aws" || key < prev {
				t.Fatalf("host %s: twice, wrong cloud or out of order", key)
			}
			seen[key] = true
			prev = key
		}
		if next == "" {
			want := 0
			for _, n := range []int{500, 40} {
				for i := 0; i < n; i++ {
					if _, _, cloud, _, _, _ := genHost(i); cloud == "aws" {
						want++
					}
				}
			}
			if len(seen) != total || total != want {
				t.Errorf("saw %d hosts of %d, want %d", len(seen), total, want)
			}
			break
		}
		token = next
	}
}

// TestHintsRankWhatWordsFind: a hint raises the documents the words find
// and finds none by itself (the hosts of production that do not say
// wireguard are no candidates), and the scores of those found are the
// ranked disjunction's, words and hints together.
func TestHintsRankWhatWordsFind(t *testing.T) {
	s := openStore(t, t.TempDir())
	replace(t, s, genSnapshot("gen", 300))
	ctx := context.Background()
	words, hints := [][]string{{"wireguard", "vpn"}}, []Hint{{Field: fieldEnv, Value: "production"}}
	got, err := s.Search(ctx, Query{Words: words, Hints: hints, PageSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := s.Search(ctx, Query{Words: words, PageSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != plain.Total || got.Total == 0 || got.Total > 100 {
		t.Fatalf("%d hits with the hint, %d without: want the same few", got.Total, plain.Total)
	}
	if env := envOf(got.Hits[0].Item); env != "production" {
		t.Errorf("best hit %q is of %q: the hint should rank production first", got.Hits[0].ID, env)
	}
	// The same scores as the disjunction of words and hints alone.
	should := append(wordClauses(words), hintTerm(hints[0]))
	gens, err := s.acquire("")
	if err != nil {
		t.Fatal(err)
	}
	defer releaseAll(gens)
	req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(should), 1000, 0, false)
	flat, err := run(ctx, gens, req)
	if err != nil {
		t.Fatal(err)
	}
	if flat.Total <= got.Total {
		t.Fatalf("the disjunction finds %d, no more than %d: the test tests nothing", flat.Total, got.Total)
	}
	scores := map[string]float64{}
	for _, dm := range flat.Hits {
		scores[dm.ID] = dm.Score
	}
	for _, h := range got.Hits {
		if want, ok := scores[h.ID]; !ok || h.Score != want {
			t.Errorf("%q: score %v, want the disjunction's %v", h.ID, h.Score, want)
		}
	}
}

func envOf(it model.Item) string {
	switch x := it.(type) {
	case *model.Host:
		return x.Env
	case *model.Group:
		return x.Env
	}
	return ""
}
