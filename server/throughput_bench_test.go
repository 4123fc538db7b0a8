package server

import (
	"context"
	"fmt"
	"testing"

	"handover/client"
	"handover/internal/config"
	pb "handover/proto/handover/v1"
)

// BenchmarkThroughput is how many queries a second one handoverd answers
// over gRPC on 127.0.0.1 with the default limits, with many clients at
// once (b.SetParallelism), for an inventory of 5,000 and of 50,000 hosts:
// a search of one page of 20, and an Ask. docs/operations.md quotes it.
//
//	go test -run '^$' -bench Throughput -benchtime 5s ./server/
func BenchmarkThroughput(b *testing.B) {
	for _, hosts := range []int{5000, 50000} {
		s := startService(b, config.Service{}, loadRepo(b, hosts))
		c := dial(b, client.Options{Addr: s.addr})
		calls := map[string]func(context.Context) error{
			"search": func(ctx context.Context) error {
				_, err := c.Search.Search(ctx, &pb.SearchRequest{Query: "web storefront", PageSize: 20})
				return err
			},
			"ask": func(ctx context.Context) error {
				_, err := c.Asker.Ask(ctx, &pb.AskRequest{Question: "where does the checkout run", Limit: 5})
				return err
			},
		}
		for _, name := range []string{"search", "ask"} {
			b.Run(fmt.Sprintf("%s/hosts=%d", name, hosts), func(b *testing.B) {
				b.SetParallelism(16)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if err := calls[name](context.Background()); err != nil {
							b.Error(err)
							return
						}
					}
				})
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
			})
		}
	}
}
