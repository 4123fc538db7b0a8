// Package reload keeps a value read from files current without a restart:
// handoverd's tokens file and its TLS certificate, key and client CA. A
// caller asks for the value as often as it likes; at most once an interval
// the files' modification times and sizes are compared with what was read,
// and on a change they are read again. A read that fails keeps the last
// good value in force and says why, so a half-copied certificate or a
// typo in the tokens file never takes the service down.
package reload

import (
	"os"
	"sync"
	"time"
)

// Value is what load made of a set of files, read again when they change.
type Value[T any] struct {
	load  func() (T, error)
	paths []string
	every time.Duration

	mu      sync.Mutex
	val     T
	stamps  []stamp
	checked time.Time
}

// stamp is what tells a file changed: its modification time and size.
type stamp struct {
	mod  time.Time
	size int64
}

// New reads the value for the first time; unlike a later reload, a
// failure here is returned, since there is no good value to keep.
func New[T any](load func() (T, error), every time.Duration, paths ...string) (*Value[T], error) {
	v := &Value[T]{load: load, paths: paths, every: every}
	stamps, err := v.stat()
	if err != nil {
		return nil, err
	}
	if v.val, err = load(); err != nil {
		return nil, err
	}
	v.stamps, v.checked = stamps, time.Now()
	return v, nil
}

// Get returns the current value. err is a reload that failed; the value
// returned with it is the last good one.
func (v *Value[T]) Get() (T, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	now := time.Now()
	if now.Sub(v.checked) < v.every {
		return v.val, nil
	}
	v.checked = now
	stamps, err := v.stat()
	if err != nil || equal(stamps, v.stamps) {
		return v.val, err
	}
	val, err := v.load()
	if err != nil {
		return v.val, err
	}
	v.val, v.stamps = val, stamps
	return val, nil
}

func (v *Value[T]) stat() ([]stamp, error) {
	out := make([]stamp, len(v.paths))
	for i, p := range v.paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		out[i] = stamp{fi.ModTime(), fi.Size()}
	}
	return out, nil
}

func equal(a, b []stamp) bool {
	for i := range a {
		if !a[i].mod.Equal(b[i].mod) || a[i].size != b[i].size {
			return false
		}
	}
	return len(a) == len(b)
}
