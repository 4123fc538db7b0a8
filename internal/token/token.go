// Package token issues and checks handoverd's bearer tokens. The token file
// holds one "NAME SCOPE sha256:HEX" line per token, never a token itself:
// a token is 32 random bytes, so a plain SHA-256 of it cannot be reversed
// or guessed, and a slow password hash would buy nothing but latency on
// every call. It knows nothing of gRPC; server/auth.go applies it.
package token

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"time"

	"handover/internal/reload"
)

// Scope is what a token may do. Admin includes Read.
type Scope int

const (
	Read  Scope = iota + 1 // every query, reflection
	Admin                  // Reindex, and anything else that writes
)

func (s Scope) String() string {
	switch s {
	case Read:
		return "read"
	case Admin:
		return "admin"
	}
	return fmt.Sprintf("Scope(%d)", int(s))
}

// ParseScope reads "read" or "admin".
func ParseScope(s string) (Scope, error) {
	switch s {
	case "read":
		return Read, nil
	case "admin":
		return Admin, nil
	}
	return 0, fmt.Errorf("scope %q: want read or admin", s)
}

// prefix marks a handover token, so that secret scanners and people know
// one when they see it.
const prefix = "hot_"

// New returns a fresh token for name with scope, and the line to append to
// the token file. The token is shown once; only its hash is kept.
func New(name string, scope Scope) (tok, line string, err error) {
	if err := checkName(name); err != nil {
		return "", "", err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	tok = prefix + base64.RawURLEncoding.EncodeToString(b)
	return tok, fmt.Sprintf("%s %s %s", name, scope, Hash(tok)), nil
}

// Hash is the form a token takes in the token file.
func Hash(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return "sha256:" + hex.EncodeToString(sum[:])
}

func checkName(name string) error {
	if name == "" || strings.ContainsAny(name, " \t\r\n#") {
		return fmt.Errorf("token name %q: want one word, no spaces or #", name)
	}
	return nil
}

// Identity is who a token belongs to.
type Identity struct {
	Name  string
	Scope Scope
}

type entry struct {
	Identity
	sum []byte // the SHA-256 of the token
}

// Parse reads a token file: blank lines and # comments are skipped.
func Parse(path string, data []byte) ([]Identity, error) {
	entries, err := parse(path, data)
	ids := make([]Identity, len(entries))
	for i, e := range entries {
		ids[i] = e.Identity
	}
	return ids, err
}

func parse(path string, data []byte) ([]entry, error) {
	var out []entry
	seen := map[string]int{}
	for i, line := range strings.Split(string(data), "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		errorf := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s", path, i+1, fmt.Sprintf(format, args...))
		}
		if len(f) != 3 {
			return nil, errorf("want NAME SCOPE sha256:HEX, got %d fields", len(f))
		}
		scope, err := ParseScope(f[1])
		if err != nil {
			return nil, errorf("%v", err)
		}
		hexSum, ok := strings.CutPrefix(f[2], "sha256:")
		sum, err := hex.DecodeString(hexSum)
		if !ok || err != nil || len(sum) != sha256.Size {
			// A plain token pasted here by mistake is not echoed back.
			return nil, errorf("the hash of %s is not sha256:HEX (64 hex digits); `handoverd token add` prints the line", f[0])
		}
		if first, ok := seen[f[0]]; ok {
			return nil, errorf("token %s already defined on line %d", f[0], first)
		}
		seen[f[0]] = i + 1
		out = append(out, entry{Identity: Identity{Name: f[0], Scope: scope}, sum: sum})
	}
	return out, nil
}

// File is a token file that is read again when it changes, so that tokens
// are added and revoked without a restart.
type File struct {
	entries *reload.Value[[]entry]
}

// recheck is how long a File trusts what it read before it looks at the
// file's modification time again.
var recheck = time.Second

// Open reads the token file at path.
func Open(path string) (*File, error) {
	entries, err := reload.New(func() ([]entry, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return parse(path, data)
	}, recheck, path)
	if err != nil {
		return nil, err
	}
	return &File{entries: entries}, nil
}

// Check returns the identity tok belongs to. A file that became unreadable
// or invalid after Open keeps its last good tokens: a bad edit must not
// lock everyone out, and err says what is wrong with it.
func (f *File) Check(tok string) (id Identity, ok bool, err error) {
	entries, err := f.entries.Get()
	sum := sha256.Sum256([]byte(tok))
	for _, e := range entries {
		if subtle.ConstantTimeCompare(e.sum, sum[:]) == 1 {
			return e.Identity, true, err
		}
	}
	return Identity{}, false, err
}
