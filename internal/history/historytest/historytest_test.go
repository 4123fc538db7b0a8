package historytest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d.Add(10 * time.Hour)
}

func TestBuild(t *testing.T) {
	dir := t.TempDir()
	Build(t, dir, []Commit{
		{Author: "Ann", Email: "ann@example.com", Date: day("2024-01-01"), Message: "first",
			Files: map[string]string{"a.txt": "a\n", "d/e/f.txt": "f\n", "gone.txt": "x\n"}},
		{Author: "Bob", Email: "bob@example.com", Date: day("2024-02-01"), Message: "second\n\nbody",
			Files: map[string]string{"a.txt": "a2\n", "gone.txt": "", "d/e/f.txt": ""}},
	})
	Build(t, dir, []Commit{ // appends to the history
		{Author: "Ann", Email: "ann@example.com", Date: day("2024-03-01"), Message: "third",
			Files: map[string]string{"b.txt": "b\n"}},
	})

	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	if head.Name().Short() != "main" {
		t.Errorf("branch = %s, want main", head.Name().Short())
	}
	iter, err := repo.Log(&git.LogOptions{From: head.Hash()})
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for c, err := iter.Next(); err == nil; c, err = iter.Next() {
		subjects = append(subjects, strings.SplitN(c.Message, "\n", 2)[0]+"/"+c.Author.Name+"/"+c.Committer.When.UTC().Format(time.DateOnly))
	}
	if got, want := strings.Join(subjects, " "), "third/Ann/2024-03-01 second/Bob/2024-02-01 first/Ann/2024-01-01"; got != want {
		t.Errorf("log = %s, want %s", got, want)
	}

	got, err := readTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a.txt": "a2\n", "b.txt": "b\n"}
	if len(got) != len(want) || got["a.txt"] != want["a.txt"] || got["b.txt"] != want["b.txt"] {
		t.Errorf("work tree = %q, want %q", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "d")); !os.IsNotExist(err) {
		t.Errorf("directory d left behind after its only file was deleted: %v", err)
	}
	if gitBin, err := exec.LookPath("git"); err == nil {
		// The real git agrees: objects are sound and the work tree is clean.
		for _, args := range [][]string{{"fsck", "--strict"}, {"diff", "--quiet", "HEAD"}} {
			cmd := exec.Command(gitBin, append([]string{"-C", dir}, args...)...)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
	}
}

func TestAcme(t *testing.T) {
	src := filepath.Join("..", "..", "..", "examples", "acme-infra")
	dir := Acme(t, src)
	want, err := readTree(src)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := want["CODEOWNERS"]; !ok {
		want["CODEOWNERS"] = AcmeCodeowners
	}
	got, err := readTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	for p, content := range want {
		if got[p] != content {
			t.Errorf("%s differs from src", p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s is not in src", p)
		}
	}

	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	iter, err := repo.Log(&git.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := day("2024-03-01").Add(-10*time.Hour), day("2026-02-28").Add(14*time.Hour)
	n := 0
	for c, err := iter.Next(); err == nil; c, err = iter.Next() {
		n++
		if when := c.Author.When; when.Before(lo) || when.After(hi) {
			t.Errorf("%s: date %s outside the story", c.Hash, when)
		}
	}
	if n < 20 {
		t.Errorf("%d commits, want the whole story", n)
	}
}

func TestSplitHosts(t *testing.T) {
	final := `[prod-aws:children]
prod-ci
prod-frontend

[prod-ci]
# Jenkins controller
jenkins01 a=1 b=2

[prod-frontend]
# storefront
web01 a=1 b=2
# background worker
worker01 a=1
`
	h := splitHosts(final)
	if got := h.version(true, true, true); got != final {
		t.Errorf("final version differs:\n%s", got)
	}
	want := `[prod-aws:children]
prod-frontend

[prod-frontend]
# storefront
web01 a=1
`
	if got := h.version(false, false, false); got != want {
		t.Errorf("first version:\n%s\nwant:\n%s", got, want)
	}
}
