package server

import (
	"context"
	"io"
	"log/slog"
	"math"
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
