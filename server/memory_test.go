package server

import (
	"context"
	"io"
	"log/slog"
	"runtime/debug"
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
func TestLimitMemory(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	before := debug.SetMemoryLimit(-1)
	const floor = 3 << 30
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { limitMemory(ctx, floor, log); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for debug.SetMemoryLimit(-1) != floor && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := debug.SetMemoryLimit(-1); got != floor {
		t.Errorf("limit while running: %d, want the floor %d", got, int64(floor))
	}
	cancel()
	<-done
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after: %d, want %d as before", got, before)
	}

	for _, env := range []string{"", "1GiB"} {
		t.Setenv("GOMEMLIMIT", env)
		floor := int64(-1)
		if env != "" {
			floor = 3 << 30
		}
		ctx, cancel := context.WithCancel(context.Background())
		go limitMemory(ctx, floor, log)
		time.Sleep(100 * time.Millisecond)
		if got := debug.SetMemoryLimit(-1); got != before {
			t.Errorf("GOMEMLIMIT=%q floor %d: limit %d, want %d untouched", env, floor, got, before)
		}
		cancel()
	}
}
