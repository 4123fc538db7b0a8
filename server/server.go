// Package server is handoverd's gRPC layer, its edge and nothing more: it
// checks requests, maps each RPC's filter to the index's, converts answers
// with internal/pbconv, turns domain errors into status codes in one table
// (errors.go), reports health, recovers panics and logs calls. The work
// itself, reading the index for summaries and statistics included, happens
// in internal/ packages.
package server

import (
	"log/slog"

	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"

	"handover/internal/config"
	"handover/internal/explain"
	"handover/internal/index"
	"handover/internal/ingest"
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
	service   config.Service // settings.Service with the defaults filled in
	admission *admission
	queries   index.QueryLimits
	log       *slog.Logger
	health    *health.Server
}

// New returns a Server over store, rebuilding repositories with reindexer.
func New(store *index.Store, reindexer *ingest.Reindexer, settings Settings, log *slog.Logger) *Server {
	svc := settings.Service.WithDefaults()
	queries := index.QueryLimits{MaxLength: svc.MaxQueryLength, MaxClauses: svc.MaxQueryClauses, MaxDepth: svc.MaxQueryDepth}
	store.SetQueryLimits(queries)
	return &Server{store: store, reindexer: reindexer, explainer: explain.New(store), settings: settings, service: svc,
		admission: newAdmission(svc.MaxConcurrentRPCs, svc.MaxQueuedRPCs), queries: queries, log: log, health: health.NewServer()}
}

// NewGRPCServer returns a grpc.Server with s, health and reflection
// registered, the interceptors installed (recovery, request log, metrics,
// tokens, deadline and concurrency; calls.go) and the per-connection
// limits set.
func (s *Server) NewGRPCServer(opts ...grpc.ServerOption) *grpc.Server {
	opts = append(opts,
		grpc.ChainUnaryInterceptor(s.unaryInterceptor),
		grpc.ChainStreamInterceptor(s.streamInterceptor),
		grpc.MaxConcurrentStreams(uint32(s.service.MaxConcurrentStreams)),
		grpc.MaxRecvMsgSize(s.service.MaxRequestBytes),
		grpc.ForceServerCodecV2(exactCodec{encoding.GetCodecV2("proto")}),
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
