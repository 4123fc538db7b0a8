package index

import (
	"errors"
	"fmt"
	"sync"

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
// (ENOSPC), retries for ever, holding back the callback the build waits
// for: the reindex spun both cores until its time budget. It reports each
// failure to a callback it finds by name in a registry of its package, so
// every build registers one under a name of its own that fails the build,
// and removes it when the build ends. The registry is bleve's, global by
// its design; asyncErrorsMu guards our writes to it and the index opens
// that read them.
var asyncErrorsMu sync.Mutex

// openReportingErrors runs open, which opens the scorch index of a new
// generation at dir, with the name of a callback that passes every error
// scorch has writing it in the background to fail; unregister removes the
// callback once the generation is built. Failing to clean up old files is
// no reason to fail.
func openReportingErrors(dir string, fail func(error), open func(callback string) error) (unregister func(), err error) {
	name := "handover:" + dir
	asyncErrorsMu.Lock()
	defer asyncErrorsMu.Unlock()
	scorch.RegistryAsyncErrorCallbacks[name] = func(err error, path string) {
		if !errors.Is(err, scorch.ErrCleanup) {
			fail(fmt.Errorf("write %s: %w", path, err))
		}
	}
	unregister = func() {
		asyncErrorsMu.Lock()
		delete(scorch.RegistryAsyncErrorCallbacks, name)
		asyncErrorsMu.Unlock()
	}
	if err := open(name); err != nil {
		delete(scorch.RegistryAsyncErrorCallbacks, name)
		return nil, err
	}
	return unregister, nil
}
