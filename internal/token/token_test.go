package token

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNewAndCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tokens")
	alice, aliceLine, err := New("alice", Read)
	if err != nil {
		t.Fatal(err)
	}
	ci, ciLine, err := New("ci", Admin)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(aliceLine, alice) || !strings.HasPrefix(aliceLine, "alice read sha256:") {
		t.Fatalf("line %q must hold the hash, not the token", aliceLine)
	}
	if err := os.WriteFile(path, []byte("# team tokens\n"+aliceLine+"\n\n"+ciLine+"  # the deploy job\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	defer func(d time.Duration) { recheck = d }(recheck)
	recheck = 0 // every Check looks at the file
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		tok  string
		want Identity
		ok   bool
	}{
		{alice, Identity{"alice", Read}, true},
		{ci, Identity{"ci", Admin}, true},
		{alice + "x", Identity{}, false},
		{"", Identity{}, false},
	} {
		got, ok, err := f.Check(tt.tok)
		if err != nil || ok != tt.ok || got != tt.want {
			t.Errorf("Check(%q) = %v, %v, %v; want %v, %v", tt.tok, got, ok, err, tt.want, tt.ok)
		}
	}

	// Revoking alice is removing her line; the file is read again.
	if err := os.WriteFile(path, []byte(ciLine+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := f.Check(alice); ok {
		t.Error("a removed token still works")
	}
	// A broken edit keeps the last good tokens and says so.
	if err := os.WriteFile(path, []byte("ci admin "+ci+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	id, ok, err := f.Check(ci)
	if !ok || id.Name != "ci" || err == nil || strings.Contains(err.Error(), ci) {
		t.Errorf("after a bad edit: %v %v %v; want ci kept and an error that does not echo the token", id, ok, err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ data, err string }{
		{"alice read", "tokens:1: want NAME SCOPE sha256:HEX, got 2 fields"},
		{"alice write sha256:00", "tokens:1: scope \"write\": want read or admin"},
		{"\nalice read hot_plain", "tokens:2: the hash of alice is not sha256:HEX"},
		{"a read " + Hash("x") + "\na admin " + Hash("y"), "tokens:2: token a already defined on line 1"},
	} {
		if _, err := Parse("tokens", []byte(tt.data)); err == nil || !strings.HasPrefix(err.Error(), tt.err) {
			t.Errorf("Parse(%q) = %v, want %q", tt.data, err, tt.err)
		}
	}
	if _, _, err := New("two words", Read); err == nil {
		t.Error("a name with a space is accepted")
	}
}
