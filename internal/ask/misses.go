package ask

import (
	"fmt"
	"handover/internal/nearest"
	"strings"
)

// Values lists the values of a keyword field; *index.Store has it.
type Values interface {
	Values(field string) []string
}

// HostMiss is the error for a host name nothing has: err (a not-found
// error) with the nearest host names appended.
func HostMiss(v Values, name string, err error) error {
	msg := fmt.Sprintf("no host named %q", name)
	if s := nearest.Names(v.Values("name"), name); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, ", ") + "?"
	}
	return missError{err: err, msg: msg}
}

type missError struct {
	err error
	msg string
}

func (e missError) Error() string { return e.msg }
func (e missError) Unwrap() error { return e.err }
