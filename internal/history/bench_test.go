package history

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"testing"
	"time"

	"handover/internal/history/historytest"
)

const (
	benchCommits = 2000
	benchFiles   = 1000
)

// BenchmarkRead reads a 2,000-commit history of 1,000 files (20 directories
// of 50, three files changed per commit, eight authors): log only, with
// blame of 20 files by the git binary and without it; on the pack
// historytest writes (no deltas) and again after `git gc` has
// delta-compressed it the way a real clone is.
func BenchmarkRead(b *testing.B) {
	dir := b.TempDir()
	start := time.Now()
	historytest.Build(b, dir, benchHistory())
	b.Logf("built %d commits x %d files in %v", benchCommits, benchFiles, time.Since(start))

	files := make([]string, benchFiles)
	for i := range files {
		files[i] = benchPath(i)
	}
	lines := map[string][]int{}
	for i := range 20 {
		lines[files[i*benchFiles/20]] = []int{1, 2, 3, 4, 5}
	}
	run := func(name string, lines map[string][]int, noGit bool) {
		b.Run(name, func(b *testing.B) {
			if noGit {
				b.Setenv("PATH", "")
			}
			for b.Loop() {
				h, err := Read(context.Background(), dir, files, lines, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if len(h.Files) != benchFiles || len(h.Lines) != len(lines) {
					b.Fatalf("read %d files and %d blamed, want %d and %d", len(h.Files), len(h.Lines), benchFiles, len(lines))
				}
			}
		})
	}
	run("pack/log", nil, false)
	run("pack/log+blame20", lines, false)
	run("pack/log+blame20-nogit", lines, true)
	gitBin, err := exec.LookPath("git")
	if err != nil {
		b.Log("no git binary: not measuring a delta-compressed pack")
		return
	}
	if out, err := exec.Command(gitBin, "-C", dir, "gc", "--quiet").CombinedOutput(); err != nil {
		b.Fatalf("git gc: %v\n%s", err, out)
	}
	run("gc/log", nil, false)
	run("gc/log+blame20", lines, false)
	run("gc/log+blame20-nogit", lines, true)
}

func benchPath(i int) string { return fmt.Sprintf("dir%02d/file%03d.txt", i%20, i) }

// benchHistory creates every file in the first commit and then changes
// three random files per commit, appending a line to each.
func benchHistory() []historytest.Commit {
	rng := rand.New(rand.NewPCG(1, 2))
	content := make([]string, benchFiles)
	first := map[string]string{}
	for i := range content {
		content[i] = fmt.Sprintf("line 1 of file %d\nline 2\nline 3\nline 4\nline 5\n", i)
		first[benchPath(i)] = content[i]
	}
	t0 := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	commits := []historytest.Commit{{Author: "Author 0", Email: "a0@example.com", Date: t0, Message: "Initial", Files: first}}
	for c := 1; c < benchCommits; c++ {
		changed := map[string]string{}
		for range 3 {
			i := rng.IntN(benchFiles)
			content[i] += fmt.Sprintf("change %d\n", c)
			changed[benchPath(i)] = content[i]
		}
		a := rng.IntN(8)
		commits = append(commits, historytest.Commit{
			Author: fmt.Sprintf("Author %d", a), Email: fmt.Sprintf("a%d@example.com", a),
			Date: t0.Add(time.Duration(c) * time.Hour), Message: fmt.Sprintf("Change %d", c), Files: changed,
		})
	}
	return commits
}
