package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"handover/internal/config"
	"handover/internal/index"
	"handover/internal/ingest"
	pb "handover/proto/handover/v1"
)

// BenchmarkExplain100k asks Explain over gRPC on 127.0.0.1 about a
// repository of 100,000 hosts in 100 groups (a 4 MB inventory: the
// repository walk skips files over 8 MB): host lines, group headers, a
// host's inline variable and group_vars reaching 1,000 and 100,000 hosts,
// in turn. The first request of each inventory reads its declarations
// (not timed: the warm-up).
//
// go test -run '^$' -bench Explain100k -benchtime 3000x ./server/
func BenchmarkExplain100k(b *testing.B) {
	root := b.TempDir()
	f, err := os.Create(filepath.Join(root, "hosts.ini"))
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for g := range 100 {
		fmt.Fprintf(w, "# app group %d\n[app%02d]\n", g, g)
		for h := range 1000 {
			fmt.Fprintf(w, "# server %d\napp%02d-%04d ansible_host=10.%d.%d.1\n", h, g, h, g, h%250)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	os.MkdirAll(filepath.Join(root, "group_vars"), 0o755)
	os.WriteFile(filepath.Join(root, "group_vars/all.yml"), []byte("ansible_user: deploy\nntp: pool.ntp.org\n"), 0o644)
	os.WriteFile(filepath.Join(root, "group_vars/app42.yml"), []byte("ansible_user: app\n"), 0o644)

	store, err := index.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	reindexer := ingest.NewReindexer(store, []config.Repo{{Name: "big", Path: root}}, log)
	if res, err := reindexer.Reindex(context.Background(), nil, nil); err != nil || res[0].Err != nil {
		b.Fatal(err, res[0].Err)
	}
	g := New(store, reindexer, Settings{}, log).NewGRPCServer()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go g.Serve(lis)
	defer g.Stop()
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	c := pb.NewExplainServiceClient(conn)
	reqs := []*pb.ExplainRequest{
		{Repo: "big", Path: "hosts.ini", Line: 42*2002 + 4},                // a host line of app42
		{Repo: "big", Path: "hosts.ini", Line: 42*2002 + 2},                // app42's header
		{Repo: "big", Path: "hosts.ini", Line: 77*2002 + 10, Column: 20},   // ansible_host of a host
		{Repo: "big", Path: "group_vars/app42.yml", Line: 1},               // reaches 1,000 hosts
		{Repo: "big", Path: "group_vars/all.yml", Line: 1},                 // reaches 100,000 hosts
		{Repo: "big", Path: "hosts.ini", Line: 99*2002 + 2000, Column: 15}, // another host's ansible_host
	}
	ctx := context.Background()
	for _, r := range reqs {
		if resp, err := c.Explain(ctx, r); err != nil || resp.GetName() == "" {
			b.Fatalf("%v: %v %v", r, resp, err)
		}
	}
	// Scorch merges the fresh index's segments in the background for a
	// while; the figures are for the index a server holds between
	// reindexes.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		c.Explain(ctx, reqs[0])
	}
	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := c.Explain(ctx, reqs[i%len(reqs)]); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	for _, p := range []float64{0.50, 0.99} {
		b.ReportMetric(float64(took[min(int(float64(len(took))*p), len(took)-1)].Microseconds())/1000, fmt.Sprintf("p%d-ms", int(p*100)))
	}
}
