package server

import (
	"context"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// limitMemory keeps the Go runtime's soft memory limit at one and a half
// times the live heap, and never below floor, until ctx ends. The runtime's
// default lets the heap grow to twice what is live before collecting, and
// keeps what it freed: at 100,000 hosts a rebuild's live heap of 300 MB
// took 830 MB of RSS. Following the live heap, rather than a fixed limit,
// keeps a repository that outgrows the limit from making the collector run
// without end (GOMEMLIMIT=200MiB took a 100k-host rebuild from 30 s to 254
// s). A GOMEMLIMIT in the environment is the operator's: it is left alone.
func limitMemory(ctx context.Context, floor int64, log *slog.Logger) {
	followLiveHeap(ctx, floor, log, debug.SetMemoryLimit)
}

// followLiveHeap is limitMemory with the runtime's setter given, so that a
// test sees what it sets without the other servers of its process.
func followLiveHeap(ctx context.Context, floor int64, log *slog.Logger, setLimit func(int64) int64) {
	if floor < 0 {
		return
	}
	if v := os.Getenv("GOMEMLIMIT"); v != "" {
		log.Info("memory limit from GOMEMLIMIT", "limit", v)
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	// The live heap changes only when a collection ends: wake then, not on
	// a timer, so that an idle server sleeps (the runtime collects at least
	// every two minutes).
	collected := afterEachGC(ctx)
	defer setLimit(setLimit(-1))
	last := int64(-1)
	for {
		metrics.Read(sample)
		if limit := memoryLimit(floor, sample[0].Value.Uint64()); limit != last {
			setLimit(limit)
			last = limit
		}
		select {
		case <-ctx.Done():
			return
		case <-collected:
		}
	}
}

// afterEachGC returns a channel that receives after each garbage
// collection, until ctx ends: a cleanup on an unreachable object runs once
// a collection has found it, and arms the next one.
func afterEachGC(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	var arm func()
	arm = func() {
		// Big enough to stay out of the tiny allocator, whose objects
		// share blocks and may never be found unreachable one by one.
		sentinel := new([64]byte)
		runtime.AddCleanup(sentinel, func(struct{}) {
			if ctx.Err() != nil {
				return
			}
			select {
			case ch <- struct{}{}:
			default: // one wake-up is pending already
			}
			arm()
		}, struct{}{})
	}
	arm()
	return ch
}

// memoryLimit is the limit for a live heap of live bytes: half as much
// again, for the garbage made between collections, and at least floor.
func memoryLimit(floor int64, live uint64) int64 {
	return max(floor, int64(live+live/2))
}
