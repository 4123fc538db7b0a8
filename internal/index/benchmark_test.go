package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"handover/internal/model"
)

var benchSizes = []struct {
	name  string
	hosts int
}{{"1k", 1000}, {"10k", 10000}, {"100k", 100000}}

func docCount(snap *model.Snapshot) int {
	n := 0
	for _, inv := range snap.Inventories {
		n += len(inv.Hosts) + len(inv.Groups)
	}
	return n
}

// BenchmarkReplace indexes a snapshot the way the server does: redaction,
// documents, batches, persistence, swap.
func BenchmarkReplace(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			if size.hosts > 10000 && testing.Short() {
				b.Skip("-short")
			}
			snap := genSnapshot("bench", size.hosts)
			s := openStore(b, b.TempDir())
			ctx := context.Background()
			b.ResetTimer()
			for b.Loop() {
				if err := s.Replace(ctx, snap, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(docCount(snap)*b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// entryMap is an entry as a plain value for bleve's mapping to walk.
func entryMap(e *entry) map[string]any {
	m := map[string]any{
		fieldRepo: e.Repo, fieldKind: string(e.Kind), fieldInventory: e.Inventory,
		fieldPath: e.Source.Path, fieldName: e.Name,
		fieldPurpose: e.Purposes, fieldGroup: e.Groups, fieldHost: e.Hosts,
		fieldDoc: string(e.Blob),
	}
	if e.Members != "" {
		m[fieldMembers] = e.Members
	}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	set(fieldEnv, e.Env)
	set(fieldCloud, e.Cloud)
	set(fieldNameText, e.NameText)
	set(fieldPurposeText, e.PurposeText)
	set(fieldGroupsText, e.GroupsText)
	set(fieldVarsText, e.VarsText)
	if e.Source.Line > 0 {
		m[fieldLine] = float64(e.Source.Line)
	}
	return m
}

// rawDocs converts snap to the equivalent plain documents, ahead of time.
func rawDocs(b *testing.B, snap *model.Snapshot) (ids []string, docs []map[string]any) {
	for _, inv := range snap.Inventories {
		groups := map[string]*model.Group{}
		for _, g := range inv.Groups {
			groups[g.Name] = g
		}
		for _, h := range inv.Hosts {
			e, err := hostEntry(snap.Repo, inv.Path, h)
			if err != nil {
				b.Fatal(err)
			}
			ids, docs = append(ids, e.id()), append(docs, entryMap(&e))
		}
		for _, g := range inv.Groups {
			e, err := groupEntry(snap.Repo, inv.Path, g, groups, true)
			if err != nil {
				b.Fatal(err)
			}
			ids, docs = append(ids, e.id()), append(docs, entryMap(&e))
		}
	}
	return ids, docs
}

// BenchmarkRawBleveBatch is the baseline: plain bleve batches of the same
// documents, built beforehand, with the same mapping and index settings.
func BenchmarkRawBleveBatch(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			if size.hosts > 10000 && testing.Short() {
				b.Skip("-short")
			}
			ids, docs := rawDocs(b, genSnapshot("bench", size.hosts))
			m := newMapping()
			dir := b.TempDir()
			b.ResetTimer()
			n := 0
			for b.Loop() {
				n++
				idx, err := bleve.NewUsing(filepath.Join(dir, fmt.Sprint(n)), m, scorch.Name, scorch.Name,
					map[string]any{"unsafe_batch": true})
				if err != nil {
					b.Fatal(err)
				}
				batch := idx.NewBatch()
				persisted := make(chan error, 1)
				for i, d := range docs {
					if err := batch.Index(ids[i], d); err != nil {
						b.Fatal(err)
					}
					if batch.Size() >= batchSize || i == len(docs)-1 {
						if i == len(docs)-1 {
							batch.SetPersistedCallback(func(err error) { persisted <- err })
						}
						if err := idx.Batch(batch); err != nil {
							b.Fatal(err)
						}
						batch.Reset()
					}
				}
				if err := <-persisted; err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				idx.Close()
				os.RemoveAll(filepath.Join(dir, fmt.Sprint(n)))
				b.StartTimer()
			}
			b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// queryStore is a 100k-host index built once per process for
// BenchmarkQuery.
var queryStore struct {
	once sync.Once
	dir  string
	s    *Store
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if queryStore.s != nil {
		queryStore.s.Close()
		os.RemoveAll(queryStore.dir)
	}
	os.Exit(code)
}

func benchStore(b *testing.B) *Store {
	queryStore.once.Do(func() {
		queryStore.dir, queryStore.err = os.MkdirTemp("", "handover-index-bench")
		if queryStore.err != nil {
			return
		}
		queryStore.s, queryStore.err = Open(queryStore.dir)
		if queryStore.err != nil {
			return
		}
		start := time.Now()
		queryStore.err = queryStore.s.Replace(context.Background(), genSnapshot("bench", 100000), nil)
		built := time.Since(start)
		segments := settle(queryStore.s, "bench")
		runtime.GC() // the build's garbage is not the queries'

		b.Logf("built the 100k index in %v; merges settled after %v more, %s segments", built, time.Since(start)-built, segments)
	})
	if queryStore.err != nil {
		b.Fatal(queryStore.err)
	}
	return queryStore.s
}

// settle returns the number of segments of repo: Replace returns once
// scorch has stopped merging them, so queries are measured in the steady
// state.
func settle(s *Store, repo string) string {
	gens, err := s.acquire(repo)
	if err != nil {
		return err.Error()
	}
	defer releaseAll(gens)
	st, _ := gens[0].index.StatsMap()["index"].(map[string]any)
	return fmt.Sprint(st["num_root_filesegments"])
}

// BenchmarkQuery runs selective queries on 100k hosts and reports latency
// percentiles in microseconds.
func BenchmarkQuery(b *testing.B) {
	if testing.Short() {
		b.Skip("-short: needs a 100k index")
	}
	s := benchStore(b)
	ctx := context.Background()
	_, _, _, _, _, someHost := genHost(4242)
	queries := []struct {
		name string
		run  func() (int, error)
	}{
		{"filter-env-cloud-purpose", func() (int, error) {
			r, err := s.Search(ctx, Query{Filter: Filter{Env: "production", Cloud: "aws", Purpose: "web"}})
			return hits(r), err
		}},
		{"text-purpose-word", func() (int, error) {
			r, err := s.Search(ctx, Query{Text: "replicas"})
			return hits(r), err
		}},
		{"text-filter-facets-highlight", func() (int, error) {
			r, err := s.Search(ctx, Query{Text: "wireguard", Filter: Filter{Env: "staging"}, Facets: []string{"cloud", "purpose"}, Highlight: true})
			return hits(r), err
		}},
		{"host-lookup", func() (int, error) {
			h, err := s.Host(ctx, "", someHost)
			return len(h), err
		}},
		{"hosts-page-filter", func() (int, error) {
			h, _, _, err := s.Hosts(ctx, Filter{Env: "development", Purpose: "db"}, 50, "")
			return len(h), err
		}},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			var lat []time.Duration
			for b.Loop() {
				start := time.Now()
				n, err := q.run()
				lat = append(lat, time.Since(start))
				if err != nil || n == 0 {
					b.Fatalf("%d hits, %v", n, err)
				}
			}
			slices.Sort(lat)
			pct := func(p float64) float64 {
				return float64(lat[int(p*float64(len(lat)-1))].Microseconds())
			}
			b.ReportMetric(pct(0.50), "p50-µs")
			b.ReportMetric(pct(0.99), "p99-µs")
		})
	}
}

func hits(r *Result) int {
	if r == nil {
		return 0
	}
	return len(r.Hits)
}
