package server

import (
	"context"
	"sync/atomic"
)

// admission bounds the calls running at once over all connections, so
// that 3,000 concurrent searches queue instead of each holding its own
// working memory (3.3 GB in issue 16). Calls past the running limit wait,
// until their deadline, in a queue that is bounded too; past that they
// are refused at once with ResourceExhausted.
type admission struct {
	running   chan struct{}
	queued    atomic.Int64
	maxQueued int64
}

func newAdmission(maxRunning, maxQueued int) *admission {
	return &admission{running: make(chan struct{}, maxRunning), maxQueued: int64(maxQueued)}
}

// enter waits for a slot; release gives it back.
func (a *admission) enter(ctx context.Context) (release func(), err error) {
	release = func() { <-a.running }
	select {
	case a.running <- struct{}{}:
		return release, nil
	default:
	}
	if a.queued.Add(1) > a.maxQueued {
		a.queued.Add(-1)
		return nil, &LimitError{Limit: "max-queued-rpcs", Max: int(a.maxQueued)}
	}
	defer a.queued.Add(-1)
	select {
	case a.running <- struct{}{}:
		return release, nil
	case <-ctx.Done():
		return nil, &LimitError{Limit: "max-concurrent-rpcs", Max: cap(a.running)}
	}
}
