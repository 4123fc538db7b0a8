package server

import (
	"context"
	"fmt"
	"strings"

	"google.golang.org/grpc/metadata"

	"handover/internal/token"
	pb "handover/proto/handover/v1"
)

// Who called is kept in the call's context for the request log.
type identityKey struct{}

// scopeOf is the scope a method needs; open methods (health, for load
// balancers and probes that hold no token) need none. Reindex writes the
// index, so it needs admin; everything else, reflection included, reads.
func scopeOf(method string) (scope token.Scope, open bool) {
	switch {
	case strings.HasPrefix(method, "/grpc.health.v1.Health/"):
		return 0, true
	case method == pb.RepositoryService_Reindex_FullMethodName:
		return token.Admin, false
	}
	return token.Read, false
}

// authenticate checks the call's bearer token against the token file when
// there is one, and returns ctx with the caller's identity.
func (s *Server) authenticate(ctx context.Context, method string) (context.Context, error) {
	need, open := scopeOf(method)
	if s.settings.Tokens == nil || open {
		return ctx, nil
	}
	tok, ok := bearer(ctx)
	if !ok {
		return ctx, &unauthenticatedError{"a token is required: pass --token-file FILE or set HANDOVER_TOKEN"}
	}
	id, ok, err := s.settings.Tokens.Check(tok)
	if err != nil {
		s.log.Warn("token file unreadable, last good tokens kept", "err", err)
	}
	if !ok {
		return ctx, &unauthenticatedError{"token not recognised (revoked, or for another server)"}
	}
	if id.Scope < need {
		return ctx, &permissionError{fmt.Sprintf("%s needs a token of scope %s; %s's is %s", shortMethod(method), need, id.Name, id.Scope)}
	}
	return context.WithValue(ctx, identityKey{}, id.Name), nil
}

// bearer reads "authorization: Bearer TOKEN" from the call's metadata.
func bearer(ctx context.Context) (string, bool) {
	md, _ := metadata.FromIncomingContext(ctx)
	for _, v := range md.Get("authorization") {
		if tok, ok := strings.CutPrefix(v, "Bearer "); ok && tok != "" {
			return tok, true
		}
	}
	return "", false
}

// shortMethod is "Reindex" for "/handover.v1.RepositoryService/Reindex".
func shortMethod(method string) string {
	return method[strings.LastIndexByte(method, '/')+1:]
}
