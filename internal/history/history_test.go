package history

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"

	"handover/internal/history/historytest"
	"handover/internal/model"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d.Add(9 * time.Hour)
}

// smallHistory is five commits by three people, one of whom changes names.
var smallHistory = []historytest.Commit{
	{Author: "Ann", Email: "ann@example.com", Date: day("2024-01-10"), Message: "Add hosts\n\nWith a body.",
		Files: map[string]string{"inv/hosts.ini": "a1\na2\na3\n", "README.md": "readme\n", "gone.txt": "x\n"}},
	{Author: "Bob", Email: "bob@example.com", Date: day("2024-02-10"), Message: "Edit line 2",
		Files: map[string]string{"inv/hosts.ini": "a1\nb2\na3\n", "gone.txt": ""}},
	{Author: "Ann Smith", Email: "ANN@example.com", Date: day("2024-03-10"), Message: "Edit line 3",
		Files: map[string]string{"inv/hosts.ini": "a1\nb2\nc3\n", "README.md": "readme2\n"}},
	{Author: "Cid", Email: "cid@old.example", Date: day("2024-04-10"), Message: "Touch readme",
		Files: map[string]string{"README.md": "readme3\n"}},
	{Author: "Bob", Email: "bob@example.com", Date: day("2024-05-10"), Message: "Add line 4",
		Files: map[string]string{"inv/hosts.ini": "a1\nb2\nc3\nd4\n"}},
}

// blameModes runs f with the git binary and again with go-git alone.
func blameModes(t *testing.T, f func(t *testing.T)) {
	t.Run("git", func(t *testing.T) {
		if _, err := exec.LookPath("git"); err != nil {
			t.Skip("no git binary")
		}
		f(t)
	})
	t.Run("go-git", func(t *testing.T) {
		t.Setenv("PATH", "")
		f(t)
	})
}

func TestRead(t *testing.T) {
	blameModes(t, func(t *testing.T) {
		dir := t.TempDir()
		historytest.Build(t, dir, smallHistory)
		writeFile(t, dir, "untracked.txt", "u\n")

		files := []string{"inv/hosts.ini", "README.md", "untracked.txt", "gone.txt", "nope.txt"}
		lines := map[string][]int{"inv/hosts.ini": {1, 2, 3, 4, 99}, "untracked.txt": {1}}
		h, err := Read(context.Background(), dir, files, lines, Options{CommitsPerFile: 3})
		if err != nil {
			t.Fatal(err)
		}
		if h.Head.Subject != "Add line 4" || h.Head.Author != "Bob" || len(h.Head.Hash) != 40 || !h.Head.Date.Equal(day("2024-05-10")) {
			t.Errorf("Head = %+v", h.Head)
		}
		if h.Branch != "main" || h.Remote != "" {
			t.Errorf("Branch, Remote = %q, %q; want main and none", h.Branch, h.Remote)
		}

		hosts := h.Files["inv/hosts.ini"]
		if hosts == nil {
			t.Fatalf("no history for inv/hosts.ini: %v", h.Files)
		}
		if hosts.Path != "inv/hosts.ini" || hosts.Total != 4 {
			t.Errorf("hosts.ini: path %q total %d, want 4", hosts.Path, hosts.Total)
		}
		if got, want := subjects(hosts.Commits), "Add line 4|Edit line 3|Edit line 2"; got != want {
			t.Errorf("hosts.ini commits = %s, want %s (newest 3)", got, want)
		}
		// Ann and Bob have two commits each; Bob's last is newer. Ann is
		// one person under two spellings, named as in her newest commit.
		if got, want := authors(hosts.Authors), "Bob <bob@example.com> 2 2024-05-10|Ann Smith <ANN@example.com> 2 2024-03-10"; got != want {
			t.Errorf("hosts.ini authors = %s, want %s", got, want)
		}
		if got, want := subjects(h.Files["README.md"].Commits), "Touch readme|Edit line 3|Add hosts"; got != want {
			t.Errorf("README.md commits = %s, want %s", got, want)
		}
		if g := h.Files["gone.txt"]; g == nil || g.Total != 2 {
			t.Errorf("gone.txt = %+v; a deleted file still has its 2 commits", g)
		}
		for _, p := range []string{"untracked.txt", "nope.txt"} {
			if _, ok := h.Files[p]; ok {
				t.Errorf("%s has a history", p)
			}
		}

		want := map[int]string{1: "Ann/Add hosts", 2: "Bob/Edit line 2", 3: "Ann Smith/Edit line 3", 4: "Bob/Add line 4"}
		checkLines(t, h.Lines["inv/hosts.ini"], want)
		if _, ok := h.Lines["untracked.txt"]; ok {
			t.Errorf("untracked.txt has blamed lines")
		}
		if lc := h.Lines["inv/hosts.ini"][2]; lc.Hash != hosts.Commits[2].Hash || !lc.Date.Equal(day("2024-02-10")) || lc.Email != "bob@example.com" {
			t.Errorf("line 2 = %+v, want commit %s", lc, hosts.Commits[2].Hash)
		}
	})
}

func TestReadUncommittedLines(t *testing.T) {
	blameModes(t, func(t *testing.T) {
		dir := t.TempDir()
		historytest.Build(t, dir, smallHistory)
		// A line inserted on top and line 3 edited, neither committed: the
		// other lines keep their authors under their new numbers.
		writeFile(t, dir, "inv/hosts.ini", "new\na1\nb2\nC3\nd4\n")
		h, err := Read(context.Background(), dir, nil, map[string][]int{"inv/hosts.ini": {1, 2, 3, 4, 5}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkLines(t, h.Lines["inv/hosts.ini"], map[int]string{2: "Ann/Add hosts", 3: "Bob/Edit line 2", 5: "Bob/Add line 4"})
	})
}

func TestReadSubdirectory(t *testing.T) {
	blameModes(t, func(t *testing.T) {
		dir := t.TempDir()
		historytest.Build(t, dir, smallHistory)
		h, err := Read(context.Background(), filepath.Join(dir, "inv"), []string{"hosts.ini", "../README.md"}, map[string][]int{"hosts.ini": {2}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if fh := h.Files["hosts.ini"]; fh == nil || fh.Total != 4 || fh.Path != "hosts.ini" {
			t.Errorf("hosts.ini = %+v, want 4 commits under its path relative to root", fh)
		}
		if len(h.Files) != 1 {
			t.Errorf("files = %v; paths outside root are not read", h.Files)
		}
		checkLines(t, h.Lines["hosts.ini"], map[int]string{2: "Bob/Edit line 2"})
	})
}

func TestReadSinceAndMailmap(t *testing.T) {
	dir := t.TempDir()
	historytest.Build(t, dir, smallHistory)
	writeFile(t, dir, ".mailmap", "# people\nCid Real <cid@example.com> <cid@old.example>\n")
	h, err := Read(context.Background(), dir, []string{"inv/hosts.ini", "README.md"}, nil, Options{Since: day("2024-03-01")})
	if err != nil {
		t.Fatal(err)
	}
	hosts := h.Files["inv/hosts.ini"]
	if hosts.Total != 4 || len(hosts.Commits) != 4 {
		t.Errorf("Since must not cut Total or Commits: %d, %d", hosts.Total, len(hosts.Commits))
	}
	if got, want := authors(hosts.Authors), "Bob <bob@example.com> 1 2024-05-10|Ann Smith <ANN@example.com> 1 2024-03-10"; got != want {
		t.Errorf("authors since March = %s, want %s", got, want)
	}
	if got, want := authors(h.Files["README.md"].Authors), "Cid Real <cid@example.com> 1 2024-04-10|Ann Smith <ANN@example.com> 1 2024-03-10"; got != want {
		t.Errorf("README.md authors = %s, want %s (mailmapped)", got, want)
	}
}

func TestReadRemoteRedacted(t *testing.T) {
	dir := t.TempDir()
	historytest.Build(t, dir, smallHistory)
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{"https://marta:hunter2@git.example.com/acme/infra.git"}}); err != nil {
		t.Fatal(err)
	}
	h, err := Read(context.Background(), dir, nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Remote != "https://git.example.com/acme/infra.git" {
		t.Errorf("Remote = %q", h.Remote)
	}
}

func TestReadNotGit(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.txt", "a\n")
	h, err := Read(context.Background(), dir, []string{"a.txt"}, map[string][]int{"a.txt": {1}}, Options{})
	if h != nil || err != nil {
		t.Errorf("Read(not a work tree) = %v, %v; want nil, nil", h, err)
	}
	if _, err := Read(context.Background(), filepath.Join(dir, "missing"), nil, nil, Options{}); err == nil {
		t.Errorf("Read(missing dir) gave no error")
	}
}

func TestReadEmptyAndBroken(t *testing.T) {
	dir := t.TempDir()
	if _, err := git.PlainInit(dir, false); err != nil {
		t.Fatal(err)
	}
	h, err := Read(context.Background(), dir, []string{"a"}, nil, Options{})
	if err != nil || h == nil || h.Head.Hash != "" || len(h.Files) != 0 {
		t.Errorf("Read(no commits) = %+v, %v; want an empty history", h, err)
	}

	historytest.Build(t, dir, smallHistory[:1])
	writeFile(t, dir, ".git/refs/heads/master", strings.Repeat("ab", 20)+"\n")
	if _, err := Read(context.Background(), dir, []string{"README.md"}, nil, Options{}); err == nil {
		t.Errorf("Read(HEAD names a missing commit) gave no error")
	}
}

func TestReadCancelled(t *testing.T) {
	dir := t.TempDir()
	historytest.Build(t, dir, smallHistory)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, dir, []string{"README.md"}, nil, Options{}); err == nil {
		t.Errorf("Read(cancelled) gave no error")
	}
}

// TestBlameWithGitBinary makes sure the git path really runs, rather than
// silently falling back to go-git.
func TestBlameWithGitBinary(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git binary")
	}
	dir := t.TempDir()
	historytest.Build(t, dir, smallHistory)
	wt, err := openWorkTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	j := &blameJob{rel: "inv/hosts.ini", repoPath: "inv/hosts.ini", want: map[int]bool{2: true}}
	wt.blameWithGit(context.Background(), gitBin, []*blameJob{j})
	if j.err != nil || j.out[2].Subject != "Edit line 2" {
		t.Errorf("git blame: %+v, %v", j.out, j.err)
	}
}

func TestParsePorcelainAndTZ(t *testing.T) {
	in := strings.Join([]string{
		"1234567890123456789012345678901234567890 1 1 2",
		"author Ann", "author-mail <ann@example.com>", "author-time 1700000000", "author-tz +0130",
		"committer Ann", "summary First", "filename a.txt", "\tline one",
		strings.Repeat("0", 40) + " 2 2",
		"author Not Committed Yet", "author-mail <not.committed.yet>", "author-time 1700000001", "author-tz +0000",
		"summary Version of a.txt from a.txt", "filename a.txt", "\tchanged",
		"",
	}, "\n")
	got, err := parsePorcelain(strings.NewReader(in), map[int]bool{1: true, 2: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("got %d lines, want only the committed one: %+v", len(got), got)
	}
	l := got[1]
	if l.Author != "Ann" || l.Email != "ann@example.com" || l.Subject != "First" || l.Line != 1 || l.Date.Unix() != 1700000000 {
		t.Errorf("line 1 = %+v", l)
	}
	if _, off := l.Date.Zone(); off != 90*60 {
		t.Errorf("zone offset %d, want +01:30", off)
	}
	if _, err := parsePorcelain(strings.NewReader("garbage\n"), nil, nil); err == nil {
		t.Errorf("no error for a bad header")
	}
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func subjects(cs []model.Commit) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.Subject)
	}
	return strings.Join(s, "|")
}

func authors(as []model.AuthorStat) string {
	var s []string
	for _, a := range as {
		s = append(s, a.Name+" <"+a.Email+"> "+strconv.Itoa(a.Commits)+" "+a.Last.Format(time.DateOnly))
	}
	return strings.Join(s, "|")
}

func checkLines(t *testing.T, got map[int]model.LineChange, want map[int]string) {
	t.Helper()
	for n, w := range want {
		lc, ok := got[n]
		if !ok {
			t.Errorf("line %d not blamed, want %s", n, w)
			continue
		}
		if g := lc.Author + "/" + lc.Subject; g != w || lc.Line != n {
			t.Errorf("line %d = %s (line %d), want %s", n, g, lc.Line, w)
		}
	}
	for n, lc := range got {
		if _, ok := want[n]; !ok {
			t.Errorf("line %d blamed to %s, want absent", n, lc.Author)
		}
	}
}

// TestReadMerge: a merge that takes each file from one side unchanged does
// not touch it, and blame follows the side branch.
func TestReadMerge(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("merges are made with the git binary")
	}
	dir := t.TempDir()
	historytest.Build(t, dir, []historytest.Commit{{Author: "Ann", Email: "ann@example.com", Date: day("2024-01-01"), Message: "Start",
		Files: map[string]string{"a.txt": "a1\na2\n", "b.txt": "b1\nb2\n"}}})
	gitRun := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command(gitBin, append([]string{"-C", dir, "-c", "user.name=Merger", "-c", "user.email=merger@example.com"}, args...)...)
		cmd.Env = append(gitEnv(), "GIT_AUTHOR_DATE="+date+"T10:00:00Z", "GIT_COMMITTER_DATE="+date+"T10:00:00Z")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	gitRun("2024-02-01", "checkout", "-q", "-b", "side")
	writeFile(t, dir, "a.txt", "A1 side\na2\n")
	gitRun("2024-02-01", "commit", "-q", "-a", "--author=Bob <bob@example.com>", "-m", "Side edit")
	gitRun("2024-02-02", "checkout", "-q", "main")
	writeFile(t, dir, "b.txt", "b1\nB2 main\n")
	gitRun("2024-02-02", "commit", "-q", "-a", "--author=Cid <cid@example.com>", "-m", "Main edit")
	gitRun("2024-02-03", "merge", "-q", "--no-ff", "-m", "Merge side", "side")

	blameModes(t, func(t *testing.T) {
		h, err := Read(context.Background(), dir, []string{"a.txt", "b.txt"}, map[string][]int{"a.txt": {1, 2}, "b.txt": {1, 2}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if h.Head.Subject != "Merge side" {
			t.Errorf("Head = %q", h.Head.Subject)
		}
		if got := subjects(h.Files["a.txt"].Commits); got != "Side edit|Start" {
			t.Errorf("a.txt commits = %s; the merge did not change a.txt", got)
		}
		if got := subjects(h.Files["b.txt"].Commits); got != "Main edit|Start" {
			t.Errorf("b.txt commits = %s", got)
		}
		checkLines(t, h.Lines["a.txt"], map[int]string{1: "Bob/Side edit", 2: "Ann/Start"})
		checkLines(t, h.Lines["b.txt"], map[int]string{1: "Ann/Start", 2: "Cid/Main edit"})
	})
}

// TestReadShallow: in a shallow clone (CI checkouts often are) the boundary
// commits count as roots instead of breaking the walk.
func TestReadShallow(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("shallow clones are made with the git binary")
	}
	src := t.TempDir()
	historytest.Build(t, src, smallHistory)
	dst := filepath.Join(t.TempDir(), "shallow")
	if out, err := exec.Command(gitBin, "clone", "-q", "--depth", "2", "file://"+src, dst).CombinedOutput(); err != nil {
		t.Fatalf("git clone --depth 2: %v\n%s", err, out)
	}
	blameModes(t, func(t *testing.T) {
		h, err := Read(context.Background(), dst, []string{"inv/hosts.ini"}, map[string][]int{"inv/hosts.ini": {1, 2, 3, 4}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := subjects(h.Files["inv/hosts.ini"].Commits); got != "Add line 4|Touch readme" {
			t.Errorf("hosts.ini commits = %s, want the two the clone has", got)
		}
		checkLines(t, h.Lines["inv/hosts.ini"], map[int]string{1: "Cid/Touch readme", 2: "Cid/Touch readme", 3: "Cid/Touch readme", 4: "Bob/Add line 4"})
	})
}
