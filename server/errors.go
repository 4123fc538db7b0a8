package server

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"handover/internal/explain"
	"handover/internal/index"
	"handover/internal/ingest"
	"handover/internal/stats"
	"handover/internal/summary"
)

// invalidArgumentError is a request refused as written, before any work: a
// required field left empty, a page size out of range, a date that is not
// YYYY-MM-DD.
type invalidArgumentError struct{ msg string }

func (e *invalidArgumentError) Error() string { return e.msg }

func invalidArgument(format string, args ...any) error {
	return &invalidArgumentError{msg: fmt.Sprintf(format, args...)}
}

// toStatus is the server's one error table: handlers return domain errors
// and the interceptors turn them into the status clients see here. An
// error that already is a status (a failed stream.Send) passes through.
func toStatus(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := status.FromError(err); ok {
		return err
	}
	return status.Error(codeOf(err), err.Error())
}

// codeOf picks the status code of a domain error.
//
// An ambiguous person ("sam" matches two people) is InvalidArgument, like
// an unknown one is NotFound: the caller fixes it by naming the person in
// full, and sending the same request again never helps. A read too large
// to do (an *index.TooManyError) is ResourceExhausted, as gRPC reports a
// message over its size limit. A closed index only happens while the
// daemon stops: Unavailable, so clients say the server is not running.
func codeOf(err error) codes.Code {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return codes.DeadlineExceeded
	case errors.Is(err, context.Canceled):
		return codes.Canceled
	case isA[*invalidArgumentError](err), errors.Is(err, index.ErrInvalidArgument),
		isA[*summary.AmbiguousPersonError](err), isA[*stats.OptionsError](err), isA[*explain.RequestError](err):
		return codes.InvalidArgument
	case errors.Is(err, index.ErrNotFound), isA[*ingest.UnknownRepoError](err), isA[*summary.UnknownPersonError](err):
		return codes.NotFound
	case isA[*index.TooManyError](err):
		return codes.ResourceExhausted
	case errors.Is(err, index.ErrClosed):
		return codes.Unavailable
	}
	return codes.Internal
}

func isA[T error](err error) bool {
	_, ok := errors.AsType[T](err)
	return ok
}
