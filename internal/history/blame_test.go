package history

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"
	"time"

	"handover/internal/history/historytest"
)

// TestBlameFallbackMatchesGit blames a random history of inserted, deleted
// and rewritten lines with the git binary and without it, and wants the same
// commit for every line, uncommitted edits included.
func TestBlameFallbackMatchesGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git binary to compare with")
	}
	rng := rand.New(rand.NewPCG(7, 11))
	names := []string{"a.ini", "dir/b.tf", "dir/sub/c.md"}
	files := map[string][]string{}
	t0 := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	var commits []historytest.Commit
	for c := range 150 {
		changed := map[string]string{}
		for range 1 + rng.IntN(2) {
			name := names[rng.IntN(len(names))]
			lines := files[name]
			for op := range 1 + rng.IntN(3) {
				text := fmt.Sprintf("line %d.%d", c, op) // unique, so every diff has one answer
				switch k := rng.IntN(len(lines) + 1); {
				case len(lines) == 0 || rng.IntN(2) == 0:
					lines = append(lines[:k:k], append([]string{text}, lines[k:]...)...)
				case rng.IntN(3) == 0 && k < len(lines):
					lines = append(lines[:k:k], lines[k+1:]...)
				case k < len(lines):
					lines[k] = text
				}
			}
			files[name] = lines
			changed[name] = strings.Join(lines, "\n") + "\n"
		}
		who := rng.IntN(3)
		commits = append(commits, historytest.Commit{
			Author: fmt.Sprintf("Dev %d", who), Email: fmt.Sprintf("dev%d@example.com", who),
			Date: t0.Add(time.Duration(c) * time.Hour), Message: fmt.Sprintf("Change %d", c), Files: changed,
		})
	}
	dir := t.TempDir()
	start := time.Now()
	historytest.Build(t, dir, commits)
	t.Logf("built in %v", time.Since(start))
	a := files["a.ini"]
	writeFile(t, dir, "a.ini", "uncommitted\n"+strings.Join(a[:len(a)/2], "\n")+"\nalso uncommitted\n"+strings.Join(a[len(a)/2:], "\n")+"\n")

	lines := map[string][]int{}
	for _, name := range names {
		for n := range len(files[name]) + 3 {
			lines[name] = append(lines[name], n+1)
		}
	}
	start = time.Now()
	withGit, err := Read(context.Background(), dir, nil, lines, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("git in %v", time.Since(start))
	t.Setenv("PATH", "")
	start = time.Now()
	without, err := Read(context.Background(), dir, nil, lines, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fallback in %v", time.Since(start))
	compared := 0
	for _, name := range names {
		g, w := withGit.Lines[name], without.Lines[name]
		if len(g) == 0 {
			t.Fatalf("%s: git blamed nothing", name)
		}
		for _, n := range lines[name] {
			if g[n] != w[n] && !(g[n].Hash == w[n].Hash && g[n].Date.Equal(w[n].Date)) {
				t.Errorf("%s:%d: git says %q (%.7s), fallback says %q (%.7s)", name, n, g[n].Subject, g[n].Hash, w[n].Subject, w[n].Hash)
			}
			if _, ok := g[n]; ok {
				compared++
			}
		}
	}
	if _, ok := withGit.Lines["a.ini"][1]; ok {
		t.Errorf("an uncommitted line was blamed")
	}
	t.Logf("%d lines agree", compared)
}
