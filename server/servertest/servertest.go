// Package servertest runs a real handoverd for the tests of its clients
// (the CLI, the MCP server): on 127.0.0.1, over real repositories, with a
// fresh index in the test's temporary directory, the way net/http/httptest
// runs a real HTTP server. It is for tests only.
package servertest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"handover/internal/config"
	pb "handover/proto/handover/v1"
	"handover/server"
)

// Start runs handoverd over repos until the test ends and returns its
// address once every repository is indexed. Its log is discarded.
func Start(t testing.TB, repos ...config.Repo) string {
	t.Helper()
	return New(t, Options{}, repos...).Addr
}

// Options change how New runs handoverd.
type Options struct {
	// LogLevel is the least level of the log Server.Log keeps; the zero
	// value keeps info and above.
	LogLevel slog.Level
	// CaptureLog keeps the log for Server.Log instead of discarding it.
	CaptureLog bool
}

// Server is a handoverd running for a test.
type Server struct {
	Addr    string // 127.0.0.1:port
	DataDir string // its index, in the test's temporary directory

	log  *lockedBuffer
	stop func()
}

// New runs handoverd over repos until the test ends or Stop, and returns it
// once every repository is indexed.
func New(t testing.TB, opts Options, repos ...config.Repo) *Server {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: lis.Addr().String(), DataDir: t.TempDir(), log: &lockedBuffer{}}
	var w io.Writer = io.Discard
	if opts.CaptureLog {
		w = s.log
	}
	cfg := &config.Config{DataDir: s.DataDir, Repos: repos}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	logger := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: opts.LogLevel}))
	go func() { done <- server.Run(ctx, cfg, lis, logger) }()
	var once sync.Once
	s.stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(s.stop)
	conn, err := grpc.NewClient(s.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rs := pb.NewRepositoryServiceClient(conn)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := rs.ListRepositories(ctx, &pb.ListRepositoriesRequest{}); err == nil && indexed(resp.GetRepos()) == len(repos) {
			return s
		}
	}
	t.Fatal("repositories were not indexed in 20s")
	return nil
}

// Stop shuts handoverd down and waits until it has closed its index, so
// that the data directory can be read as a whole.
func (s *Server) Stop() { s.stop() }

// Log is what handoverd logged so far, when Options.CaptureLog is set.
func (s *Server) Log() string { return s.log.String() }

func indexed(repos []*pb.Repository) int {
	n := 0
	for _, r := range repos {
		if r.GetIndexedAt() != nil {
			n++
		}
	}
	return n
}

// lockedBuffer is a bytes.Buffer the server's goroutines write to at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
