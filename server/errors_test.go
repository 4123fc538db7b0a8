package server

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"handover/internal/index"
	"handover/internal/ingest"
	"handover/internal/stats"
	"handover/internal/summary"
)

func TestToStatus(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("reading acme: %w", err) }
	tests := []struct {
		name string
		err  error
		want codes.Code
	}{
		{"nil", nil, codes.OK},
		{"deadline", wrap(context.DeadlineExceeded), codes.DeadlineExceeded},
		{"canceled", wrap(context.Canceled), codes.Canceled},
		{"bad request", invalidArgument("name is required"), codes.InvalidArgument},
		{"bad page token", wrap(fmt.Errorf("%w: page token", index.ErrInvalidArgument)), codes.InvalidArgument},
		{"ambiguous person", wrap(&summary.AmbiguousPersonError{Query: "sam"}), codes.InvalidArgument},
		{"bad stats options", wrap(&stats.OptionsError{Err: errors.New("until before since")}), codes.InvalidArgument},
		{"unknown repository in the index", wrap(fmt.Errorf("%w: repository %q", index.ErrNotFound, "x")), codes.NotFound},
		{"unknown repository to reindex", wrap(&ingest.UnknownRepoError{Name: "x"}), codes.NotFound},
		{"unknown person", wrap(&summary.UnknownPersonError{Query: "zoe"}), codes.NotFound},
		{"too much to read", wrap(&index.TooManyError{Limit: 10}), codes.ResourceExhausted},
		{"index closed", wrap(index.ErrClosed), codes.Unavailable},
		{"already a status", status.Error(codes.Aborted, "stream broke"), codes.Aborted},
		{"anything else", errors.New("disk on fire"), codes.Internal},
	}
	for _, tt := range tests {
		got := toStatus(tt.err)
		if status.Code(got) != tt.want {
			t.Errorf("%s: %v became %s, want %s", tt.name, tt.err, status.Code(got), tt.want)
		}
		if _, isStatus := status.FromError(tt.err); !isStatus && status.Convert(got).Message() != tt.err.Error() {
			t.Errorf("%s: message %q, want the error's own %q", tt.name, status.Convert(got).Message(), tt.err)
		}
	}
}
