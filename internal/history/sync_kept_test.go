package history

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"testing"

	"handover/internal/history/historytest"
)

// TestSyncKeepsUserWork: a work tree with anything of its own (changes,
// untracked files, local commits) is never moved; a clean one is
// fast-forwarded, and ignored files survive that.
func TestSyncKeepsUserWork(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("local clones need git-upload-pack")
	}
	ctx := context.Background()
	tests := []struct {
		name  string
		edit  func(t *testing.T, dir string)
		moved bool
	}{
		{"clean", func(t *testing.T, dir string) {}, true},
		{"ignored file", func(t *testing.T, dir string) {
			writeFile(t, dir, ".gitignore", "secret.env\n")
			gitIn(t, dir, "add", ".gitignore")
			gitIn(t, dir, "-c", "user.name=u", "-c", "user.email=u@x", "commit", "-qm", "ignore")
			gitIn(t, dir, "push", "-q", "origin", "HEAD:main")
			writeFile(t, dir, "secret.env", "mine\n")
		}, true},
		{"uncommitted change", func(t *testing.T, dir string) { writeFile(t, dir, "README.md", "my edit\n") }, false},
		{"untracked file", func(t *testing.T, dir string) { writeFile(t, dir, "notes.txt", "mine\n") }, false},
		{"local commit", func(t *testing.T, dir string) {
			writeFile(t, dir, "mine.txt", "mine\n")
			gitIn(t, dir, "add", "mine.txt")
			gitIn(t, dir, "-c", "user.name=u", "-c", "user.email=u@x", "commit", "-qm", "mine")
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := filepath.Join(t.TempDir(), "src")
			historytest.Build(t, src, smallHistory[:3])
			gitIn(t, src, "config", "receive.denyCurrentBranch", "updateInstead")
			dst := filepath.Join(t.TempDir(), "work")
			if _, _, err := Sync(ctx, src, "main", dst); err != nil {
				t.Fatal(err)
			}
			tt.edit(t, dst)
			before := readFiles(t, dst)
			historytest.Build(t, src, smallHistory[3:])

			head, changed, err := Sync(ctx, src, "main", dst)
			if !tt.moved {
				var kept *KeptError
				if !errors.As(err, &kept) || changed {
					t.Fatalf("Sync = %s, %v, %v; want a *KeptError", head, changed, err)
				}
				t.Log(err)
				if got := readFiles(t, dst); len(got) != len(before) {
					t.Errorf("work tree changed: %v, was %v", got, before)
				}
				for k, v := range before {
					if readFiles(t, dst)[k] != v {
						t.Errorf("%s changed", k)
					}
				}
				return
			}
			if err != nil || !changed || head != headOf(t, src) {
				t.Fatalf("Sync = %s, %v, %v; want %s, true", head, changed, err, headOf(t, src))
			}
			if v, ok := before["secret.env"]; ok && readFiles(t, dst)["secret.env"] != v {
				t.Error("the ignored secret.env was deleted")
			}
		})
	}
}

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}
