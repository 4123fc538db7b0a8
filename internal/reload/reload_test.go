package reload

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestValueFollowsItsFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(a, "one")
	write(b, "x")
	loads := 0
	load := func() (string, error) {
		loads++
		da, err := os.ReadFile(a)
		if err != nil {
			return "", err
		}
		db, err := os.ReadFile(b)
		if err != nil {
			return "", err
		}
		if strings.Contains(string(da), "bad") {
			return "", errors.New("a is bad")
		}
		return string(da) + "+" + string(db), nil
	}
	v, err := New(load, 0, a, b)
	if err != nil {
		t.Fatal(err)
	}
	get := func(want string, wantErr bool) {
		t.Helper()
		got, err := v.Get()
		if got != want || (err != nil) != wantErr {
			t.Fatalf("Get = %q, %v; want %q (error %v)", got, err, want, wantErr)
		}
	}
	get("one+x", false)
	get("one+x", false)
	if loads != 1 {
		t.Errorf("unchanged files were read %d times, want once", loads)
	}
	write(b, "yy") // the second file changes: both are read again
	get("one+yy", false)
	write(a, "bad!") // a failed load keeps the last good value
	get("one+yy", true)
	if err := os.Remove(b); err != nil {
		t.Fatal(err)
	}
	get("one+yy", true) // so does a file gone missing
	write(b, "z")
	write(a, "two")
	get("two+z", false)

	// Within the interval the files are not looked at.
	slow, err := New(load, time.Hour, a, b)
	if err != nil {
		t.Fatal(err)
	}
	write(a, "three")
	if got, _ := slow.Get(); got != "two+z" {
		t.Errorf("within the interval Get = %q, want the value read at New", got)
	}
	if _, err := New(load, 0, filepath.Join(dir, "missing")); err == nil {
		t.Error("New on a missing file succeeded")
	}
}
