package watch

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// syncBuffer is a log the watch's goroutine and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestWatchLimitLogged: directories the kernel refuses to watch (the
// inotify limit reached) are logged with the reason, at start and when a
// new directory appears; the others are still watched.
func TestWatchLimitLogged(t *testing.T) {
	defer func(f func(*fsnotify.Watcher, string) error) { watchDir = f }(watchDir)
	watchDir = func(fw *fsnotify.Watcher, p string) error {
		if strings.HasPrefix(filepath.Base(p), "full") {
			return syscall.ENOSPC
		}
		return fw.Add(p)
	}
	root := t.TempDir()
	write(t, filepath.Join(root, "full-a/x.md"), "x\n")
	write(t, filepath.Join(root, "full-b/y.md"), "y\n")
	write(t, filepath.Join(root, "ok/z.md"), "z\n")
	logs := &syncBuffer{}
	ch := changesWith(t, root, Options{Quiet: 50 * time.Millisecond, QuietOne: 50 * time.Millisecond,
		Log: slog.New(slog.NewTextHandler(logs, nil))})
	if l := logs.String(); !strings.Contains(l, "directories not watched") || !strings.Contains(l, "directories=2") ||
		!strings.Contains(l, "first=full-a") || !strings.Contains(l, "no space left on device") {
		t.Errorf("log at start:\n%s\nwant one line naming 2 directories, full-a first, and the reason", l)
	}

	write(t, filepath.Join(root, "ok/z.md"), "z2\n")
	if c := next(t, ch); len(c.Paths) != 1 || c.Paths[0] != "ok/z.md" {
		t.Errorf("change in a watched directory: %+v", c)
	}
	write(t, filepath.Join(root, "full-c/w.md"), "w\n")
	next(t, ch)
	if l := logs.String(); !strings.Contains(l, "first=full-c") {
		t.Errorf("log after a new directory the kernel refuses:\n%s\nwant a line naming full-c", l)
	}
}
