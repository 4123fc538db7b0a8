package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"handover/client"
	pb "handover/proto/handover/v1"
)

// BenchmarkLiveChange100k measures how long a one-file change takes to be
// found in answers, from the write, with handoverd (its own process)
// serving 100,000 hosts and 10,000 markdown documents: each iteration
// changes one document to carry a new word and searches for it until it
// is found, while 4 other clients ask and search without pause; any of
// their calls failing fails the benchmark. p50 and p99 are reported
// besides the mean, the other clients' queries per second, and
// handoverd's CPU time per query.
//
//	go test -run '^$' -bench LiveChange100k -benchtime 50x -timeout 30m ./server/
func BenchmarkLiveChange100k(b *testing.B) {
	repo := loadRepo(b, 100_000)
	for i := range 10_000 {
		p := filepath.Join(repo, "docs", fmt.Sprintf("area-%02d", i%100), fmt.Sprintf("note-%05d.md", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		text := fmt.Sprintf("# Note %d on web%05d\n\n## Context\n\nThe storefront on web%05d.prod.example.internal serves checkout %d.\n\n## Steps\n\n1. Restart the service.\n", i, i, i, i)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	s, pid := startDaemon(b, repo)
	c := dial(b, client.Options{Addr: s.addr})
	stop := queryWhile(b, s.addr, 4)
	cpu0 := procCPU(b, pid)
	var took []time.Duration
	i := 0
	for b.Loop() {
		i++
		word := fmt.Sprintf("visible%dword", i)
		n := i * 37 % 10_000
		p := filepath.Join(repo, "docs", fmt.Sprintf("area-%02d", n%100), fmt.Sprintf("note-%05d.md", n))
		text := fmt.Sprintf("# Note changed %d\n\n## Context\n\nNow about %s.\n", i, word)
		start := time.Now()
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			if _, total := hits(b, c, word, pb.DocumentKind_DOCUMENT_KIND_UNSPECIFIED); total > 0 {
				break
			}
			if time.Since(start) > time.Minute {
				b.Fatalf("%s not found a minute after the write", word)
			}
			time.Sleep(2 * time.Millisecond)
		}
		took = append(took, time.Since(start))
	}
	elapsed := b.Elapsed()
	queries, failed := stop()
	cpu := procCPU(b, pid) - cpu0
	if len(failed) > 0 {
		b.Fatalf("%d of %d queries of the other clients failed, the first: %v", len(failed), queries, failed[0])
	}
	b.ReportMetric(float64(queries)/elapsed.Seconds(), "queries/s")
	// handoverd's CPU per query of the other clients, the updates and
	// the searches for the changed word included: the machine's load
	// does not change it as it changes the times.
	b.ReportMetric(float64(cpu.Milliseconds())/float64(queries), "daemon-cpu-ms/query")
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(slices.Max(took).Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(peakRSS(b, pid))/(1<<20), "peak-RSS-MB")
}

// queryWhile starts n clients of the server at addr that ask and search in
// turn until stop is called, which returns how many calls they made and
// the errors of those that failed.
func queryWhile(b *testing.B, addr string, n int) (stop func() (int, []error)) {
	var calls atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var failed []error
	var wg sync.WaitGroup
	for range n {
		c := dial(b, client.Options{Addr: addr})
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				call, cancelCall := context.WithTimeout(ctx, 10*time.Second)
				var err error
				if i%2 == 0 {
					_, err = c.Ask(call, "where does the storefront run", 0)
				} else {
					_, err = c.Search.Search(call, &pb.SearchRequest{Query: "checkout", PageSize: 20})
				}
				cancelCall()
				if err != nil && ctx.Err() == nil {
					mu.Lock()
					failed = append(failed, err)
					mu.Unlock()
				}
				calls.Add(1)
			}
		})
	}
	return func() (int, []error) {
		cancel()
		wg.Wait()
		return int(calls.Load()), failed
	}
}
