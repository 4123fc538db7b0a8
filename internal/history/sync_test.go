package history

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"handover/internal/history/historytest"
)

func TestSync(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("local clones need git-upload-pack")
	}
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "src")
	historytest.Build(t, src, smallHistory[:3])

	for _, url := range []string{src, "file://" + filepath.ToSlash(src)} {
		dst := filepath.Join(t.TempDir(), "clone")
		head, changed, err := Sync(ctx, url, "", dst)
		if err != nil {
			t.Fatalf("Sync(%s): %v", url, err)
		}
		if !changed || head != headOf(t, src) {
			t.Errorf("first Sync(%s) = %s, %v; want %s, true", url, head, changed, headOf(t, src))
		}
		sameFiles(t, dst, src)
	}

	dst := filepath.Join(t.TempDir(), "clone")
	if _, _, err := Sync(ctx, src, "main", dst); err != nil {
		t.Fatal(err)
	}
	head, changed, err := Sync(ctx, src, "main", dst)
	if err != nil || changed || head != headOf(t, src) {
		t.Errorf("Sync with nothing new = %s, %v, %v; want %s, false", head, changed, err, headOf(t, src))
	}

	historytest.Build(t, src, smallHistory[3:]) // README.md changes, inv/hosts.ini too
	historytest.Build(t, src, []historytest.Commit{{Author: "Ann", Email: "ann@example.com", Date: day("2024-06-01"),
		Message: "Move README", Files: map[string]string{"README.md": "", "docs/README.md": "moved\n"}}})
	head, changed, err = Sync(ctx, src, "", dst)
	if err != nil {
		t.Fatal(err)
	}
	if !changed || head != headOf(t, src) {
		t.Errorf("Sync after new commits = %s, %v; want %s, true", head, changed, headOf(t, src))
	}
	sameFiles(t, dst, src)

	// A force-push: the remote branch goes back and forks.
	repo, err := git.PlainOpen(src)
	if err != nil {
		t.Fatal(err)
	}
	log := mustLog(t, repo)
	first := log[len(log)-1]
	if err := repo.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName("main"), first)); err != nil {
		t.Fatal(err)
	}
	historytest.Build(t, src, []historytest.Commit{{Author: "Bob", Email: "bob@example.com", Date: day("2024-07-01"),
		Message: "Rewrite", Files: map[string]string{"inv/hosts.ini": "rewritten\n"}}})
	head, changed, err = Sync(ctx, src, "", dst)
	if err != nil || !changed || head != headOf(t, src) {
		t.Errorf("Sync after a force-push = %s, %v, %v; want %s, true", head, changed, err, headOf(t, src))
	}
	sameFiles(t, dst, src)

	h, err := Read(ctx, dst, []string{"inv/hosts.ini"}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Head.Hash != head || h.Files["inv/hosts.ini"].Total != 2 || h.Remote != src {
		t.Errorf("Read(clone): head %s, hosts.ini %d commits, remote %q; want the full history", h.Head.Hash, h.Files["inv/hosts.ini"].Total, h.Remote)
	}

	// The configured branch changes to one the clone has never seen.
	release := log[1]
	if err := repo.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName("release"), release)); err != nil {
		t.Fatal(err)
	}
	head, changed, err = Sync(ctx, src, "release", dst)
	if err != nil || !changed || head != release.String() {
		t.Errorf("Sync to branch release = %s, %v, %v; want %s, true", head, changed, err, release)
	}
	if h, err := Read(ctx, dst, nil, nil, Options{}); err != nil || h.Branch != "release" {
		t.Errorf("after switching: branch %q, %v", h.Branch, err)
	}
	if got := readFiles(t, dst)["README.md"]; got != "readme3\n" {
		t.Errorf("README.md = %q, want release's", got)
	}
}

func TestSyncErrors(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("local clones need git-upload-pack")
	}
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "src")
	historytest.Build(t, src, smallHistory[:1])

	notEmpty := t.TempDir()
	writeFile(t, notEmpty, "x.txt", "x\n")
	if _, _, err := Sync(ctx, src, "", notEmpty); err == nil {
		t.Errorf("Sync into a non-empty directory gave no error")
	}

	dst := filepath.Join(t.TempDir(), "clone")
	if _, _, err := Sync(ctx, src, "no-such-branch", dst); err == nil {
		t.Errorf("Sync of a missing branch gave no error")
	}
	if _, err := os.Stat(dst); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed clone left %s behind", dst)
	}

	missing := "https://marta:hunter2@127.0.0.1:1/acme/infra.git"
	_, _, err := Sync(ctx, missing, "", filepath.Join(t.TempDir(), "clone"))
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("Sync(unreachable) = %v; want an error without the password", err)
	}
}

// mustLog is the hashes of the log from HEAD, newest first.
func mustLog(t *testing.T, repo *git.Repository) []plumbing.Hash {
	t.Helper()
	iter, err := repo.Log(&git.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var hashes []plumbing.Hash
	for c, err := iter.Next(); err == nil; c, err = iter.Next() {
		hashes = append(hashes, c.Hash)
	}
	return hashes
}

func headOf(t *testing.T, dir string) string {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	return ref.Hash().String()
}

// sameFiles checks that two work trees hold the same files, .git aside.
func sameFiles(t *testing.T, got, want string) {
	t.Helper()
	g, w := readFiles(t, got), readFiles(t, want)
	if !maps.Equal(g, w) {
		t.Errorf("%s holds %v, want %v", got, g, w)
	}
}

func readFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
