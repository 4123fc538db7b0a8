package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"runtime/debug"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// requestIDHeader carries a call's request id: taken from the client when
// it sends a sane one (so a proxy's id follows the call), made up
// otherwise, and sent back in the response header either way.
const requestIDHeader = "x-request-id"

// call is one RPC as the interceptors see it, for its log line and metrics.
type call struct {
	method string
	id     string
	who    string // the token's name; "" without tokens
	start  time.Time
	peer   string
}

func (s *Server) unaryInterceptor(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
	c := newCall(ctx, info.FullMethod)
	_ = grpc.SetHeader(ctx, metadata.Pairs(requestIDHeader, c.id))
	defer s.finishCall(c, &err)
	ctx, done, err := s.admit(ctx, c)
	if err != nil {
		return nil, err
	}
	defer done()
	resp, err = handler(ctx, req)
	if m, ok := resp.(proto.Message); ok {
		pbconv.ValidUTF8(m) // one invalid byte must not fail the whole answer
	}
	return resp, err
}

func (s *Server) streamInterceptor(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
	c := newCall(ss.Context(), info.FullMethod)
	_ = ss.SetHeader(metadata.Pairs(requestIDHeader, c.id))
	defer s.finishCall(c, &err)
	ctx, done, err := s.admit(ss.Context(), c)
	if err != nil {
		return err
	}
	defer done()
	return handler(srv, contextStream{ss, ctx})
}

// contextStream is a stream with the context admit made: its deadline and
// the caller's identity.
type contextStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s contextStream) Context() context.Context { return s.ctx }

func newCall(ctx context.Context, method string) *call {
	c := &call{method: method, start: time.Now()}
	md, _ := metadata.FromIncomingContext(ctx)
	if ids := md.Get(requestIDHeader); len(ids) == 1 && saneID(ids[0]) {
		c.id = ids[0]
	} else {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		c.id = hex.EncodeToString(b)
	}
	if p, ok := peer.FromContext(ctx); ok {
		c.peer = p.Addr.String()
	}
	return c
}

// saneID keeps a client's request id out of the log unless it is short
// and printable.
func saneID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if r <= ' ' || r > '~' {
			return false
		}
	}
	return true
}

// admit is what every call passes before its handler: the token check,
// the server-side deadline, and a slot among the calls running at once.
// Health is open and unbounded, so that probes answer under any load.
func (s *Server) admit(ctx context.Context, c *call) (_ context.Context, done func(), err error) {
	if ctx, err = s.authenticate(ctx, c.method); err != nil {
		return ctx, nil, err
	}
	c.who, _ = ctx.Value(identityKey{}).(string)
	if _, open := scopeOf(c.method); open {
		return ctx, func() {}, nil
	}
	timeout := s.service.RPCTimeout
	if c.method == pb.RepositoryService_Reindex_FullMethodName {
		timeout = s.service.ReindexTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	release, err := s.admission.enter(ctx)
	if err != nil {
		cancel()
		return ctx, nil, err
	}
	return ctx, func() { release(); cancel() }, nil
}

// finishCall, deferred by the interceptors, turns the handler's error into
// a status (toStatus) and a panic into Internal (the server stays up),
// counts the call and logs it.
func (s *Server) finishCall(c *call, err *error) {
	if r := recover(); r != nil {
		s.log.Error("panic in handler", "method", c.method, "request_id", c.id, "panic", r, "stack", string(debug.Stack()))
		*err = status.Error(codes.Internal, "internal error")
	}
	*err = toStatus(*err)
	code := status.Code(*err)
	took := time.Since(c.start)
	s.settings.Metrics.observeRPC(c.method, code, took)
	level := slog.LevelDebug
	if code != codes.OK && code != codes.NotFound && code != codes.InvalidArgument {
		level = slog.LevelWarn
	}
	attrs := []any{"method", c.method, "code", code.String(), "took", took, "request_id", c.id, "peer", c.peer}
	if c.who != "" {
		attrs = append(attrs, "token", c.who)
	}
	if code != codes.OK {
		attrs = append(attrs, "err", status.Convert(*err).Message())
	}
	s.log.Log(context.Background(), level, "rpc", attrs...)
}
