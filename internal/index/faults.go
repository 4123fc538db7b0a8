package index

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Writing a generation can fail half-way, most often because the disk is
// full. Then the generation is abandoned: its directory is removed, the
// previous one stays live, and the error names the path that could not be
// written, for the log.

// WriteFaults decides whether a write of a generation fails, as a full
// disk would make it fail. The Store asks it before each batch it hands to
// bleve and before writing repo.json and current, with the path written.
// handoverd has none; tests fill the disk with one.
type WriteFaults interface {
	BeforeWrite(path string) error
}

// Options tune a Store.
type Options struct {
	Faults WriteFaults // nil: writes fail only when the disk says so
}

// checkWrite asks the Store's WriteFaults about a write to path.
func (s *Store) checkWrite(path string) error {
	if s.faults == nil {
		return nil
	}
	if err := s.faults.BeforeWrite(path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// scorch persists batches in the background and, when a write fails
// (ENOSPC), retries at once and for ever, holding back the callbacks that
// wait for it: a full disk spun both cores. It reports each failure to a
// callback it takes, when the index is opened, from a registry of its
// package by name. Every generation registers one under a name of its own
// for the open (the registry is bleve's, global by its design;
// asyncErrorsMu guards our writes to it and the opens that read it); the
// callback is the generation's writeErrors.report for as long as it is
// open.
var asyncErrorsMu sync.Mutex

// retryPause is how long scorch waits, after a failed write, before it
// tries again: long enough not to spin, short enough that a disk with
// room again is written to at once.
const retryPause = time.Second

// writeErrors receives what scorch reports writing one generation in the
// background: while it is built, each error fails the build; after, an
// Update waiting for its batch to be written is told, and scorch's next
// try waits retryPause.
type writeErrors struct {
	mu      sync.Mutex
	fail    func(error) // the build's, while it runs
	waiting chan error  // an Update's, while it waits
	closed  chan struct{}
	once    sync.Once
}

// openReportingErrors runs open, which opens the scorch index at dir with
// the name of the callback to pass to scorch; fail, when not nil, fails
// the build that writes it, until built is called.
func openReportingErrors(dir string, fail func(error), open func(callback string) error) (*writeErrors, error) {
	w := &writeErrors{fail: fail, closed: make(chan struct{})}
	name := "handover:" + dir
	asyncErrorsMu.Lock()
	defer asyncErrorsMu.Unlock()
	// scorch looks the callback up when it opens the index, not after.
	scorch.RegistryAsyncErrorCallbacks[name] = w.report
	defer delete(scorch.RegistryAsyncErrorCallbacks, name)
	if err := open(name); err != nil {
		return nil, err
	}
	return w, nil
}

// report is scorch's callback. Failing to clean up old files is no reason
// to fail.
func (w *writeErrors) report(err error, path string) {
	if errors.Is(err, scorch.ErrCleanup) {
		return
	}
	err = fmt.Errorf("write %s: %w", path, err)
	w.mu.Lock()
	fail, waiting := w.fail, w.waiting
	w.mu.Unlock()
	if fail != nil {
		fail(err) // the build closes the index: scorch stops trying
		return
	}
	if waiting != nil {
		select {
		case waiting <- err:
		default:
		}
	}
	select {
	case <-time.After(retryPause):
	case <-w.closed:
	}
}

// built ends the build: errors no longer fail it.
func (w *writeErrors) built() {
	w.mu.Lock()
	w.fail = nil
	w.mu.Unlock()
}

// wait makes the channel the next errors go to, until done is called.
func (w *writeErrors) wait() (errs chan error, done func()) {
	ch := make(chan error, 1)
	w.mu.Lock()
	w.waiting = ch
	w.mu.Unlock()
	return ch, func() {
		w.mu.Lock()
		w.waiting = nil
		w.mu.Unlock()
	}
}

// close stops scorch's waits before the index closes.
func (w *writeErrors) close() { w.once.Do(func() { close(w.closed) }) }

// UnsavedError is returned by Update when the change is applied and
// served, but could not be written to disk, most often because the disk
// is full. scorch writes it once it can, trying again every retryPause;
// until then a restart serves the index as it was before the change.
type UnsavedError struct {
	Repo string
	Err  error
}

func (e *UnsavedError) Error() string {
	return fmt.Sprintf("index %s: the change is served but not written to disk (tried again every %s): %v", e.Repo, retryPause, e.Err)
}

func (e *UnsavedError) Unwrap() error { return e.Err }

// Served reports that the change is in the index being served.
func (e *UnsavedError) Served() bool { return true }
