package index_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"handover/internal/index"
	"handover/internal/ingest"
	"handover/internal/model"
	pb "handover/proto/handover/v1"
	"handover/server"
)

// addOthers adds n documents of the other kinds to snap, a quarter each:
// Terraform resources with a why and attributes, SOPs with steps,
// incidents with a root cause, and doc sections, worded like the hosts'
// purposes so that questions match some of each.
func addOthers(snap *model.Snapshot, n int) {
	words := []string{"web", "database", "ci", "cache", "queue", "search", "monitoring", "bastion", "mail", "vpn"}
	tf := &model.TerraformModule{Dir: "terraform/prod"}
	for i := range n / 4 {
		w := words[i%len(words)]
		src := model.Source{Path: fmt.Sprintf("terraform/prod/%s.tf", w), Line: 1 + i}
		tf.Resources = append(tf.Resources, &model.Resource{
			Mode: model.ModeManaged, Type: "aws_instance", Name: fmt.Sprintf("%s_%d", w, i), Address: fmt.Sprintf("aws_instance.%s_%d", w, i),
			Provider: "aws", Module: tf.Dir, Source: src, Region: "eu-west-1",
			Why:   model.Why{Text: fmt.Sprintf("The %s tier, sized for the sale of week %d.", w, i%52), Source: src},
			Attrs: []model.Var{{Name: "instance_type", Value: "m5.large"}, {Name: "ami", Value: fmt.Sprintf("ami-%08d", i)}},
		})
		snap.SOPs = append(snap.SOPs, &model.SOP{
			Title: fmt.Sprintf("Restart the %s service %d", w, i), Source: model.Source{Path: fmt.Sprintf("sops/%s-%d.md", w, i), Line: 1},
			Summary: fmt.Sprintf("When the %s service is down.", w),
			Steps:   []model.Procedure{{Steps: []model.Step{{Marker: "1.", Text: fmt.Sprintf("Run systemctl restart %s", w)}}}},
		})
		snap.Incidents = append(snap.Incidents, &model.Incident{
			Title: fmt.Sprintf("%s outage %d", w, i), Source: model.Source{Path: fmt.Sprintf("postmortems/%s-%d.md", w, i), Line: 1},
			Date: fmt.Sprintf("20%02d-%02d-%02d", 20+i%6, 1+i%12, 1+i%28), Summary: fmt.Sprintf("The %s tier went down for an hour.", w),
			RootCause: fmt.Sprintf("A full disk on the %s primary.", w),
		})
		snap.Docs = append(snap.Docs, &model.Doc{
			Title: fmt.Sprintf("The %s tier %d", w, i), Source: model.Source{Path: fmt.Sprintf("docs/%s-%d.md", w, i), Line: 1},
			Sections: []model.Section{{Heading: "Overview", Level: 2, Text: fmt.Sprintf("How the %s tier is deployed and monitored.", w), Source: model.Source{Path: fmt.Sprintf("docs/%s-%d.md", w, i), Line: 3}}},
		})
	}
	snap.Terraform = append(snap.Terraform, tf)
}

// serve runs handoverd's gRPC services over store on 127.0.0.1 until the
// benchmark ends and returns a connection to them.
func serve(b *testing.B, store *index.Store) *grpc.ClientConn {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := server.New(store, ingest.NewReindexer(store, nil, log), server.Settings{}, log).NewGRPCServer()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err == nil {
		go srv.Serve(lis)
		b.Cleanup(srv.Stop)
		var conn *grpc.ClientConn
		if conn, err = grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials())); err == nil {
			b.Cleanup(func() { conn.Close() })
			return conn
		}
	}
	b.Fatal(err)
	return nil
}

// BenchmarkAsk100k asks questions of every shape over gRPC on 127.0.0.1
// against a repository of 100,000 hosts and 10,000 other documents
// (resources, SOPs, incidents, doc sections): a host list, a group's
// card, a resource's, an incident's, a why-question and a miss. It reports
// the p50 and p99 latency the client sees, in milliseconds. The host names
// asked are genHost's: host 42 is prod-queue-azure-00042.
//
// go test -run '^$' -bench Ask100k -benchtime 2000x ./internal/index/
//
// HANDOVER_BENCH_STORE names a directory to keep the index in between runs
// (indexing takes minutes), so that two builds can be compared side by
// side on the same index; cpu-ms/op is the process's CPU time per question,
// client and server together, which a loaded machine changes less than the
// latencies. Each question's p50, slowest and CPU are logged: the slowest
// questions make the p99.
func BenchmarkAsk100k(b *testing.B) {
	dir := os.Getenv("HANDOVER_BENCH_STORE")
	if dir == "" {
		dir = b.TempDir()
	}
	store, err := index.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	if len(store.Repos()) == 0 {
		snap := index.GenSnapshot("big", 100000)
		addOthers(snap, 10000)
		if err := store.Replace(ctx, snap, nil); err != nil {
			b.Fatal(err)
		}
		index.Settle(store, "big")
	}
	runtime.GC()

	c := pb.NewAskServiceClient(serve(b, store))
	questions := []string{
		"where does the mail relay run",
		"which postgres database hosts are in production on aws",
		"what runs in staging on gcp",
		"how big is the vpn instance",
		"why did the cache go down",
		"prod-queue-azure-00042",
		"what address does stage-db-gcp-01003 use",
		"restart the queue service",
		"zzzz nothing matches this",
	}
	for _, q := range questions {
		if _, err := c.Ask(ctx, &pb.AskRequest{Question: q}); err != nil {
			b.Fatalf("%q: %v", q, err)
		}
	}
	cpu0 := cpuTime()
	var took []time.Duration
	// Each question's latencies, and the process's CPU while it was asked.
	byQuestion := make([][]time.Duration, len(questions))
	cpuByQuestion := make([]time.Duration, len(questions))
	for i := 0; b.Loop(); i++ {
		start, cpu := time.Now(), cpuTime()
		if _, err := c.Ask(ctx, &pb.AskRequest{Question: questions[i%len(questions)]}); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
		byQuestion[i%len(questions)] = append(byQuestion[i%len(questions)], took[len(took)-1])
		cpuByQuestion[i%len(questions)] += cpuTime() - cpu
	}
	for i, q := range questions {
		ts := slices.Sorted(slices.Values(byQuestion[i]))
		if len(ts) == 0 {
			continue
		}
		b.Logf("%-60q p50 %6.2f ms, max %6.2f ms, cpu %6.2f ms", q, ms(ts[len(ts)/2]), ms(ts[len(ts)-1]), ms(cpuByQuestion[i]/time.Duration(len(ts))))
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(took)), "cpu-ms/op")
	slices.Sort(took)
	for _, p := range []float64{0.50, 0.99} {
		b.ReportMetric(ms(took[min(int(float64(len(took))*p), len(took)-1)]), fmt.Sprintf("p%d-ms", int(p*100)))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
