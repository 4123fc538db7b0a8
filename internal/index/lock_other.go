//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package index

// lockDataDir does nothing where flock is missing; scorch's own file lock
// (with boltTimeout) still keeps two processes off one live index.
func lockDataDir(string) (func() error, error) { return func() error { return nil }, nil }
