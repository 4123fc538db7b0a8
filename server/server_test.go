package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	"handover/internal/config"
	"handover/internal/index"
	"handover/internal/ingest"
	pb "handover/proto/handover/v1"
)

const inventory = `[production:children]
prod-aws

[prod-aws:children]
prod-ci

[prod-ci]
# Jenkins agent that builds the Docker images
jenkins-01 ansible_ssh_private_key_file=keys/prod.pem ansible_python_interpreter=/usr/bin/python3 ansible_password=hunter2
`

type testServer struct {
	conn  *grpc.ClientConn
	grpc  *grpc.Server
	srv   *Server
	store *index.Store
	repo  string
}

// start serves a one-inventory repository on 127.0.0.1 and waits until it
// is indexed.
func start(t *testing.T) *testServer {
	t.Helper()
	repo := t.TempDir()
	if err := os.WriteFile(filepath.Join(repo, "hosts.ini"), []byte(inventory), 0o644); err != nil {
		t.Fatal(err)
	}
	store, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	reindexer := ingest.NewReindexer(store, []config.Repo{{Name: "acme", Path: repo}}, log)
	if _, err := reindexer.Reindex(context.Background(), nil, nil); err != nil {
		t.Fatal(err)
	}
	srv := New(store, reindexer, Settings{}, log)
	g := srv.NewGRPCServer()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go g.Serve(lis)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(); g.Stop(); store.Close() })
	return &testServer{conn: conn, grpc: g, srv: srv, store: store, repo: repo}
}

func TestStatusCodes(t *testing.T) {
	ts := start(t)
	ctx := context.Background()
	hosts := pb.NewHostServiceClient(ts.conn)
	search := pb.NewSearchServiceClient(ts.conn)
	asker := pb.NewAskServiceClient(ts.conn)
	repos := pb.NewRepositoryServiceClient(ts.conn)

	tests := []struct {
		name string
		call func() error
		want codes.Code
	}{
		{"find hosts", func() error { _, err := hosts.FindHosts(ctx, &pb.FindHostsRequest{Name: "jenkins-01"}); return err }, codes.OK},
		{"find unknown host", func() error { _, err := hosts.FindHosts(ctx, &pb.FindHostsRequest{Name: "nope"}); return err }, codes.NotFound},
		{"find hosts without a name", func() error { _, err := hosts.FindHosts(ctx, &pb.FindHostsRequest{}); return err }, codes.InvalidArgument},
		{"negative page size", func() error {
			_, err := hosts.ListHosts(ctx, &pb.ListHostsRequest{PageSize: -1})
			return err
		}, codes.InvalidArgument},
		{"garbage page token", func() error {
			_, err := search.Search(ctx, &pb.SearchRequest{Query: "jenkins", PageToken: "%%%not-a-token"})
			return err
		}, codes.InvalidArgument},
		{"empty question", func() error { _, err := asker.Ask(ctx, &pb.AskRequest{Question: "  "}); return err }, codes.InvalidArgument},
		{"reindex unknown repo", func() error {
			stream, err := repos.Reindex(ctx, &pb.ReindexRequest{Repos: []string{"nope"}})
			if err != nil {
				return err
			}
			_, err = stream.Recv()
			return err
		}, codes.NotFound},
		{"handoff of nobody", func() error {
			_, err := pb.NewSummaryServiceClient(ts.conn).Handoff(ctx, &pb.HandoffRequest{Person: "zoe"})
			return err
		}, codes.NotFound},
		{"stats until before since", func() error {
			_, err := pb.NewStatsServiceClient(ts.conn).IncidentStats(ctx, &pb.IncidentStatsRequest{Since: "2025-02-01", Until: "2025-01-01"})
			return err
		}, codes.InvalidArgument},
		{"expired deadline", func() error {
			dctx, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
			defer cancel()
			_, err := asker.Ask(dctx, &pb.AskRequest{Question: "jenkins"})
			return err
		}, codes.DeadlineExceeded},
	}
	for _, tt := range tests {
		if got := status.Code(tt.call()); got != tt.want {
			t.Errorf("%s: code %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestAskAndSecrets(t *testing.T) {
	ts := start(t)
	resp, err := pb.NewAskServiceClient(ts.conn).Ask(context.Background(), &pb.AskRequest{Question: "what runs in production on aws"})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Hosts) != 1 || resp.Hosts[0].Host.Name != "jenkins-01" {
		t.Fatalf("hosts = %v, want jenkins-01", resp.Hosts)
	}
	a := resp.Hosts[0]
	if a.Why != "Jenkins agent that builds the Docker images" || a.WhySource.GetLine() != 8 {
		t.Errorf("why = %q at %v", a.Why, a.WhySource)
	}
	if a.Host.Env != "production" || a.Host.Cloud != "aws" || a.Host.SshPrivateKeyFile != "keys/prod.pem" ||
		a.Host.PythonInterpreter != "/usr/bin/python3" || a.Host.Source.GetLine() != 9 {
		t.Errorf("host = %+v", a.Host)
	}
	if strings.Contains(resp.String(), "hunter2") {
		t.Error("a password reached the answer")
	}
}

func TestReflectionAndHealth(t *testing.T) {
	ts := start(t)
	ctx := context.Background()
	h, err := healthpb.NewHealthClient(ts.conn).Check(ctx, &healthpb.HealthCheckRequest{Service: "handover.v1.AskService"})
	if err != nil || h.Status != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health: %v %v", h, err)
	}
	// Every registered service reports SERVING, those of handover.v1 by
	// their proto names.
	services := ts.grpc.GetServiceInfo()
	for _, want := range []string{"handover.v1.SummaryService", "handover.v1.StatsService", "handover.v1.LintService"} {
		if _, ok := services[want]; !ok {
			t.Errorf("%s is not registered", want)
		}
	}
	for name := range services {
		h, err := healthpb.NewHealthClient(ts.conn).Check(ctx, &healthpb.HealthCheckRequest{Service: name})
		if err != nil || h.Status != healthpb.HealthCheckResponse_SERVING {
			t.Errorf("health of %s: %v %v", name, h, err)
		}
	}
	stream, err := reflectionpb.NewServerReflectionClient(ts.conn).ServerReflectionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil {
		t.Fatal(err)
	}
	resp, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		names = append(names, s.Name)
	}
	for _, want := range []string{"handover.v1.AskService", "handover.v1.HostService", "handover.v1.RepositoryService",
		"handover.v1.SearchService", "grpc.health.v1.Health"} {
		if !slices.Contains(names, want) {
			t.Errorf("reflection lists %v, missing %s", names, want)
		}
	}
}

func TestPanicBecomesInternal(t *testing.T) {
	ts := start(t)
	_, err := ts.srv.unaryInterceptor(context.Background(), nil, &grpc.UnaryServerInfo{FullMethod: "/test/Panic"},
		func(context.Context, any) (any, error) { panic("boom") })
	if status.Code(err) != codes.Internal {
		t.Errorf("panic gave %v, want Internal", err)
	}
}

// A reindex that fails (the repository vanished) keeps the last good index.
func TestFailedReindexKeepsIndex(t *testing.T) {
	ts := start(t)
	ctx := context.Background()
	if err := os.RemoveAll(ts.repo); err != nil {
		t.Fatal(err)
	}
	stream, err := pb.NewRepositoryServiceClient(ts.conn).Reindex(ctx, &pb.ReindexRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var last *pb.ReindexResponse
	for {
		ev, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		last = ev
	}
	if last.GetPhase() != pb.ReindexPhase_REINDEX_PHASE_FAILED {
		t.Errorf("last event %v, want FAILED", last)
	}
	if _, err := pb.NewHostServiceClient(ts.conn).FindHosts(ctx, &pb.FindHostsRequest{Name: "jenkins-01"}); err != nil {
		t.Errorf("after a failed reindex the old index is gone: %v", err)
	}
}
