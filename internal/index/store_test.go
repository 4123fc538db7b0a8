package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"handover/internal/model"
)

// generationSnapshot has 30+7*gen hosts, each with a var naming gen, so a
// result shows which generation answered it.
func generationSnapshot(gen int) *model.Snapshot {
	snap := genSnapshot("r", 30+7*gen)
	for _, inv := range snap.Inventories {
		for _, h := range inv.Hosts {
			h.Vars = append(h.Vars, model.Var{Name: "generation", Value: fmt.Sprintf("gen%d", gen)})
		}
	}
	return snap
}

func generationOf(h *model.Host) string {
	for _, v := range h.Vars {
		if v.Name == "generation" {
			return v.Value.(string)
		}
	}
	return ""
}

func TestReplaceIsAtomicUnderQueries(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	ctx := context.Background()
	const gens = 6

	var stop atomic.Bool
	var queries, empty atomic.Int64
	var seen sync.Map // generations answering
	var wg sync.WaitGroup
	errc := make(chan error, 8)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				res, err := s.Search(ctx, Query{Text: "generation", Filter: Filter{Kind: "host"}, PageSize: 200, Facets: []string{"env"}})
				if err != nil {
					errc <- err
					return
				}
				queries.Add(1)
				if len(res.Hits) == 0 {
					empty.Add(1) // before the first generation
					continue
				}
				g := generationOf(hostOf(res.Hits[0]))
				seen.Store(g, true)
				var n int
				if _, err := fmt.Sscanf(g, "gen%d", &n); err != nil {
					errc <- fmt.Errorf("hit without generation: %+v", hostOf(res.Hits[0]))
					return
				}
				if want := uint64(30 + 7*n); res.Total != want {
					errc <- fmt.Errorf("%s: total %d, want %d", g, res.Total, want)
					return
				}
				for _, h := range res.Hits {
					if generationOf(hostOf(h)) != g {
						errc <- fmt.Errorf("hits of %s and %s in one result", g, generationOf(hostOf(h)))
						return
					}
				}
			}
		}()
	}
	for g := 1; g <= gens; g++ {
		var last [2]int
		err := s.Replace(ctx, generationSnapshot(g), func(done, total int) { last = [2]int{done, total} })
		if err != nil {
			t.Fatal(err)
		}
		if want := 30 + 7*g + 3*(1+len(genClouds)+len(genPurposes)); last != [2]int{want, want} {
			t.Errorf("last progress = %v, want %d of %d", last, want, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop.Store(true)
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	answering := 0
	seen.Range(func(any, any) bool { answering++; return true })
	if answering < 2 {
		t.Errorf("%d generations answered queries, want several", answering)
	}
	t.Logf("%d queries, %d before the first generation", queries.Load(), empty.Load())

	// Superseded generations are removed once their last query ended.
	repoDir := filepath.Join(dir, reposDir, escapeRepo("r"))
	waitFor(t, func() bool { return slices.Equal(dirNames(t, repoDir), []string{currentFile, genName(gens)}) })
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for i := 0; i < 500; i++ {
		if ok() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not reached in 5s")
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestReopenKeepsData(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	replace(t, s, acmeSnapshot())
	replace(t, s, genSnapshot("gen", 100))
	before := s.Repos()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Search(context.Background(), Query{}); !errors.Is(err, ErrClosed) {
		t.Errorf("search after close: %v", err)
	}

	s = openStore(t, dir)
	after := s.Repos()
	if len(after) != 2 || len(before) != 2 {
		t.Fatalf("repos before %+v, after %+v", before, after)
	}
	for i := range after {
		if after[i].Name != before[i].Name || !after[i].IndexedAt.Equal(before[i].IndexedAt) || after[i].Docs[model.KindHost] != before[i].Docs[model.KindHost] {
			t.Errorf("repo %d: before %+v, after %+v", i, before[i], after[i])
		}
	}
	res, err := s.Search(context.Background(), Query{Text: "postgresql", Filter: Filter{Repo: "acme"}})
	if err != nil || len(res.Hits) != 1 || hostOf(res.Hits[0]).Name != "db-01" {
		t.Errorf("search after reopen: %+v, %v", res, err)
	}
	if got := s.Values("repo"); !slices.Equal(got, []string{"acme", "gen"}) {
		t.Errorf("repos = %q", got)
	}
}

func TestFailedReplaceKeepsOldIndex(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	replace(t, s, generationSnapshot(1))
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := s.Replace(ctx, generationSnapshot(1000), func(done, total int) {
		calls++
		cancel() // after the first batch
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Fatalf("err = %v after %d batches, want context.Canceled after 1", err, calls)
	}
	res, err := s.Search(context.Background(), Query{Filter: Filter{Kind: "host"}, PageSize: 1})
	if err != nil || res.Total != 37 || generationOf(hostOf(res.Hits[0])) != "gen1" {
		t.Errorf("after failed replace: %+v, %v", res, err)
	}
	repoDir := filepath.Join(dir, reposDir, escapeRepo("r"))
	if got := dirNames(t, repoDir); !slices.Equal(got, []string{currentFile, genName(1)}) {
		t.Errorf("repo dir = %q", got)
	}

	// Already cancelled: nothing happens.
	if err := s.Replace(ctx, generationSnapshot(2), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled replace: %v", err)
	}
	replace(t, s, generationSnapshot(3))
	if res, err := s.Search(context.Background(), Query{Filter: Filter{Kind: "host"}}); err != nil || res.Total != 51 {
		t.Errorf("after a good replace: %+v, %v", res, err)
	}
}

func TestReposStayApart(t *testing.T) {
	s := openStore(t, t.TempDir())
	a, b := acmeSnapshot(), acmeSnapshot()
	b.Repo = "acme/legacy" // escaped on disk
	b.Inventories = b.Inventories[:1]
	replace(t, s, a)
	replace(t, s, b)
	ctx := context.Background()

	hosts, err := s.Host(ctx, "", "web-01")
	if err != nil || len(hosts) != 3 {
		t.Fatalf("web-01 everywhere = %+v, %v", hosts, err)
	}
	var repos []string
	for _, h := range hosts {
		repos = append(repos, h.Source.Repo)
	}
	slices.Sort(repos)
	if !slices.Equal(repos, []string{"acme", "acme", "acme/legacy"}) {
		t.Errorf("repos of web-01 = %q", repos)
	}
	if hosts, err := s.Host(ctx, "acme/legacy", "web-01"); err != nil || len(hosts) != 1 {
		t.Errorf("web-01 in legacy = %+v, %v", hosts, err)
	}
	res, err := s.Search(ctx, Query{Text: "website", Facets: []string{"repo"}})
	if err != nil || res.Total != 3 {
		t.Fatalf("website = %+v, %v", res, err)
	}
	f := res.Facets["repo"]
	sortFacets(f)
	if !slices.Equal(f, []FacetCount{{"acme", 2}, {"acme/legacy", 1}}) {
		t.Errorf("repo facet = %v", f)
	}
	res, err = s.Search(ctx, Query{Text: "website", Filter: Filter{Repo: "acme/legacy"}})
	if err != nil || res.Total != 1 || res.Hits[0].Repo != "acme/legacy" {
		t.Errorf("website in legacy = %+v, %v", res, err)
	}

	// Reindexing one leaves the other alone.
	b.Inventories[0].Hosts = b.Inventories[0].Hosts[:1]
	replace(t, s, b)
	if hosts, err := s.Host(ctx, "acme", "db-01"); err != nil || len(hosts) != 1 {
		t.Errorf("db-01 in acme = %+v, %v", hosts, err)
	}
	if _, err := s.Host(ctx, "acme/legacy", "db-01"); !errors.Is(err, ErrNotFound) {
		t.Errorf("db-01 in legacy: %v", err)
	}
}

func TestOpenRemovesUnfinishedGenerations(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	replace(t, s, acmeSnapshot())
	s.Close()

	repoDir := filepath.Join(dir, reposDir, escapeRepo("acme"))
	// A crash while building generation 2, and while writing current.
	mustWrite(t, filepath.Join(repoDir, genName(2), "store", "half.zap"), "junk")
	mustWrite(t, filepath.Join(repoDir, ".current.tmp123"), genName(2))
	// A crash during the first build of another repository.
	mustWrite(t, filepath.Join(dir, reposDir, "new", genName(1), "index_meta.json"), "{")

	s = openStore(t, dir)
	if errs := s.OpenErrors(); len(errs) != 0 {
		t.Errorf("open errors: %v", errs)
	}
	if got := dirNames(t, repoDir); !slices.Equal(got, []string{currentFile, genName(1)}) {
		t.Errorf("repo dir = %q", got)
	}
	if got := dirNames(t, filepath.Join(dir, reposDir)); !slices.Equal(got, []string{"acme"}) {
		t.Errorf("repos dir = %q", got)
	}
	if hosts, err := s.Host(context.Background(), "acme", "db-01"); err != nil || len(hosts) != 1 {
		t.Errorf("db-01 = %+v, %v", hosts, err)
	}
	// The next generation does not collide with anything left.
	replace(t, s, acmeSnapshot())
	waitFor(t, func() bool { return slices.Equal(dirNames(t, repoDir), []string{currentFile, genName(2)}) })

	// A live generation that cannot be read is skipped, not fatal.
	s.Close()
	if err := os.Remove(filepath.Join(repoDir, genName(2), metaFile)); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, dir)
	if len(s.OpenErrors()) != 1 || len(s.Repos()) != 0 {
		t.Errorf("open errors %v, repos %+v", s.OpenErrors(), s.Repos())
	}
	replace(t, s, acmeSnapshot()) // reindexing repairs it
	if len(s.Repos()) != 1 {
		t.Errorf("repos after reindex = %+v", s.Repos())
	}
}

func mustWrite(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOpenLocksDataDir(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if other, err := Open(dir); err == nil {
		other.Close()
		t.Error("opened a data directory twice")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir)
	if err != nil {
		t.Fatalf("after close: %v", err)
	}
	s.Close()
}

func TestEscapeRepo(t *testing.T) {
	for in, want := range map[string]string{
		"acme": "acme", "acme/legacy": "acme%2Flegacy", "..": "%2E%2E", "a b_c-d": "a%20b_c-d",
	} {
		if got := escapeRepo(in); got != want {
			t.Errorf("escapeRepo(%q) = %q, want %q", in, got, want)
		}
	}
}
