//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package index

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDataDir keeps a second process off the data directory: Open removes
// generations it does not know, which would be another process's build.
func lockDataDir(dataDir string) (unlock func() error, err error) {
	path := filepath.Join(dataDir, "LOCK")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: in use by another process: %w", path, err)
	}
	return f.Close, nil // closing the file releases the lock
}
