// Package server is handoverd's gRPC layer, its edge and nothing more: it
// checks requests, maps each RPC's filter to the index's, converts answers
// with internal/pbconv, turns domain errors into status codes in one table
// (errors.go), reports health, recovers panics and logs calls. The work
// itself, reading the index for summaries and statistics included, happens
// in internal/ packages.
package server

import (
	"context"
	"log/slog"
	"runtime/debug"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"handover/internal/explain"
	"handover/internal/index"
	"handover/internal/ingest"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// Server implements every handover.v1 service.
type Server struct {
	pb.UnimplementedRepositoryServiceServer
	pb.UnimplementedSearchServiceServer
	pb.UnimplementedHostServiceServer
	pb.UnimplementedAskServiceServer
	pb.UnimplementedSOPServiceServer
	pb.UnimplementedIncidentServiceServer
	pb.UnimplementedResourceServiceServer
	pb.UnimplementedLintServiceServer
	pb.UnimplementedStatsServiceServer
	pb.UnimplementedSummaryServiceServer
	pb.UnimplementedExplainServiceServer

	store     *index.Store
	reindexer *ingest.Reindexer
	explainer *explain.Explainer
	settings  Settings
	log       *slog.Logger
	health    *health.Server
}

// New returns a Server over store, rebuilding repositories with reindexer.
func New(store *index.Store, reindexer *ingest.Reindexer, settings Settings, log *slog.Logger) *Server {
	return &Server{store: store, reindexer: reindexer, explainer: explain.New(store), settings: settings, log: log, health: health.NewServer()}
}

// NewGRPCServer returns a grpc.Server with s, health and reflection
// registered and the recovery and logging interceptors installed.
func (s *Server) NewGRPCServer(opts ...grpc.ServerOption) *grpc.Server {
	opts = append(opts,
		grpc.ChainUnaryInterceptor(s.unaryInterceptor),
		grpc.ChainStreamInterceptor(s.streamInterceptor),
	)
	g := grpc.NewServer(opts...)
	pb.RegisterRepositoryServiceServer(g, s)
	pb.RegisterSearchServiceServer(g, s)
	pb.RegisterHostServiceServer(g, s)
	pb.RegisterAskServiceServer(g, s)
	pb.RegisterSOPServiceServer(g, s)
	pb.RegisterIncidentServiceServer(g, s)
	pb.RegisterResourceServiceServer(g, s)
	pb.RegisterLintServiceServer(g, s)
	pb.RegisterStatsServiceServer(g, s)
	pb.RegisterSummaryServiceServer(g, s)
	pb.RegisterExplainServiceServer(g, s)
	healthpb.RegisterHealthServer(g, s.health)
	reflection.Register(g)
	// Every service registered above is serving, and "" (the server as a
	// whole): a service added later is reported without another list.
	s.health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	for name := range g.GetServiceInfo() {
		s.health.SetServingStatus(name, healthpb.HealthCheckResponse_SERVING)
	}
	return g
}

// Shutdown marks every service as not serving, for graceful stops.
func (s *Server) Shutdown() { s.health.Shutdown() }

func (s *Server) unaryInterceptor(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
	defer s.finishCall(info.FullMethod, time.Now(), &err)
	resp, err = handler(ctx, req)
	if m, ok := resp.(proto.Message); ok {
		pbconv.ValidUTF8(m) // one invalid byte must not fail the whole answer
	}
	return resp, err
}

func (s *Server) streamInterceptor(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
	defer s.finishCall(info.FullMethod, time.Now(), &err)
	return handler(srv, ss)
}

// finishCall, deferred by the interceptors, turns the handler's error into
// a status (toStatus) and a panic into Internal (the server stays up), and
// logs the call.
func (s *Server) finishCall(method string, start time.Time, err *error) {
	if r := recover(); r != nil {
		s.log.Error("panic in handler", "method", method, "panic", r, "stack", string(debug.Stack()))
		*err = status.Error(codes.Internal, "internal error")
	}
	*err = toStatus(*err)
	code := status.Code(*err)
	level := slog.LevelDebug
	if code != codes.OK && code != codes.NotFound && code != codes.InvalidArgument {
		level = slog.LevelWarn
	}
	s.log.Log(context.Background(), level, "rpc", "method", method, "code", code.String(), "took", time.Since(start))
}
