// Package servertest runs a real handoverd for the tests of its clients
// (the CLI, the MCP server): on 127.0.0.1, over real repositories, with a
// fresh index in the test's temporary directory, the way net/http/httptest
// runs a real HTTP server. It is for tests only.
package servertest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"handover/internal/config"
	pb "handover/proto/handover/v1"
	"handover/server"
)

// Start runs handoverd over repos until the test ends and returns its
// address once every repository is indexed.
func Start(t testing.TB, repos ...config.Repo) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{DataDir: t.TempDir(), Repos: repos}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, cfg, lis, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	t.Cleanup(func() { cancel(); <-done })
	addr := lis.Addr().String()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rs := pb.NewRepositoryServiceClient(conn)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := rs.ListRepositories(ctx, &pb.ListRepositoriesRequest{}); err == nil && indexed(resp.GetRepos()) == len(repos) {
			return addr
		}
	}
	t.Fatal("repositories were not indexed in 20s")
	return ""
}

func indexed(repos []*pb.Repository) int {
	n := 0
	for _, r := range repos {
		if r.GetIndexedAt() != nil {
			n++
		}
	}
	return n
}
