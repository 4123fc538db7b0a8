package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"handover/internal/config"
	"handover/internal/index"
)

// BenchmarkUpdate100k times one live update in process, stage by stage,
// on the repository of server's BenchmarkLiveChange100k: 100,000 hosts in
// one INI file and 10,000 markdown documents, each iteration rewriting one
// document. It reports the median of each stage; the change must be found
// by a search when Update returns.
//
//	go test -run '^$' -bench Update100k -benchtime 20x ./internal/ingest/
func BenchmarkUpdate100k(b *testing.B) {
	root := b.TempDir()
	write := fileWriter(b, root)
	var inv strings.Builder
	inv.WriteString("[prod-web]\n")
	for i := range 100_000 {
		fmt.Fprintf(&inv, "# web server %d: serves the shop's storefront and checkout\nweb%05d.prod.example.internal ansible_host=10.0.%d.%d\n", i, i, i/250, i%250)
	}
	write("hosts.ini", inv.String())
	note := func(i int) string {
		return fmt.Sprintf("docs/area-%02d/note-%05d.md", i%100, i)
	}
	for i := range 10_000 {
		write(note(i), fmt.Sprintf("# Note %d on web%05d\n\n## Context\n\nThe storefront on web%05d.prod.example.internal serves checkout %d.\n\n## Steps\n\n1. Restart the service.\n", i, i, i, i))
	}
	store, err := index.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	r := NewReindexer(store, []config.Repo{{Name: "load", Path: root}}, slog.New(slog.DiscardHandler))
	r.Live = true
	ctx := context.Background()
	res, err := r.Reindex(ctx, nil, nil)
	if err != nil || res[0].Err != nil {
		b.Fatal(err, res[0].Err)
	}
	var total []time.Duration
	var scan, read, link, idx []time.Duration
	i := 0
	for b.Loop() {
		i++
		word := fmt.Sprintf("visible%dword", i)
		rel := note(i * 37 % 10_000)
		write(rel, fmt.Sprintf("# Note changed %d\n\n## Context\n\nNow about %s.\n", i, word))
		start := time.Now()
		res, err := r.Update(ctx, "load", []string{rel}, false)
		if err != nil || !res.Updated {
			b.Fatalf("update: %v, updated %v", err, res.Updated)
		}
		total = append(total, time.Since(start))
		scan, read, link, idx = append(scan, res.stages.scan), append(read, res.stages.read), append(link, res.stages.link), append(idx, res.stages.index)
		found, err := store.Search(ctx, index.Query{Text: word})
		if err != nil || found.Total == 0 {
			b.Fatalf("%s not found after the update (%v)", word, err)
		}
	}
	median := func(ds []time.Duration) float64 {
		slices.Sort(ds)
		return float64(ds[len(ds)/2].Microseconds()) / 1000
	}
	b.ReportMetric(median(total), "p50-ms")
	b.ReportMetric(median(scan), "scan-ms")
	b.ReportMetric(median(read), "read-ms")
	b.ReportMetric(median(link), "link-ms")
	b.ReportMetric(median(idx), "index-ms")
}
