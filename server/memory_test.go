package server

import (
	"context"
	"io"
	"log/slog"
	"math"
	"runtime"
	"sync"
	"testing"
	"time"
)

func TestMemoryLimit(t *testing.T) {
	for _, tt := range []struct {
		floor int64
		live  uint64
		want  int64
	}{
		{256 << 20, 10 << 20, 256 << 20},
		{256 << 20, 200 << 20, 300 << 20},
		{1 << 30, 200 << 20, 1 << 30},
	} {
		if got := memoryLimit(tt.floor, tt.live); got != tt.want {
			t.Errorf("memoryLimit(%d, %d) = %d, want %d", tt.floor, tt.live, got, tt.want)
		}
	}
}

// limitMemory sets the runtime's limit while it runs, not below the floor,
// and puts the one before back when it ends; off and GOMEMLIMIT leave it.
// A fake setter stands for the runtime's: other tests' servers set the
// process's limit too.
func TestLimitMemory(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	run := func(env string, floor int64) []int64 {
		t.Setenv("GOMEMLIMIT", env)
		var mu sync.Mutex
		limit, set := int64(math.MaxInt64), []int64{}
		setLimit := func(n int64) int64 {
			mu.Lock()
			defer mu.Unlock()
			old := limit
			if n >= 0 {
				limit = n
				set = append(set, n)
			}
			return old
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { followLiveHeap(ctx, floor, log, setLimit); close(done) }()
		time.Sleep(200 * time.Millisecond)
		cancel()
		<-done
		mu.Lock()
		defer mu.Unlock()
		return set
	}
	const floor = 3 << 30
	if set := run("", floor); len(set) < 2 || set[0] != floor || set[len(set)-1] != math.MaxInt64 {
		t.Errorf("limits set: %v, want the floor %d first and the one before (%d) last", set, int64(floor), int64(math.MaxInt64))
	}
	if set := run("", -1); len(set) > 0 {
		t.Errorf("off: limits set %v", set)
	}
	if set := run("1GiB", floor); len(set) > 0 {
		t.Errorf("with GOMEMLIMIT: limits set %v", set)
	}
}

// The limit follows the live heap as collections end, without a timer:
// after a collection with 64 MiB more live, the limit set is at least one
// and a half times that.
func TestLimitMemoryFollowsCollections(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var mu sync.Mutex
	var top int64
	setLimit := func(n int64) int64 {
		mu.Lock()
		defer mu.Unlock()
		top = max(top, n)
		return math.MaxInt64
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { followLiveHeap(ctx, 0, log, setLimit); close(done) }()
	defer func() { cancel(); runtime.GC(); <-done }()
	const live = 64 << 20
	keep := make([]byte, live)
	for i := range keep {
		keep[i] = byte(i)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		mu.Lock()
		got := top
		mu.Unlock()
		if got >= live*3/2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("highest limit set %d after collections with %d bytes live, want at least %d", got, live, live*3/2)
		}
	}
	runtime.KeepAlive(keep)
}
