package history

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/utils/diff"
	"github.com/sergi/go-diff/diffmatchpatch"

	"handover/internal/limits"
	"handover/internal/model"
)

// blameJob is one file to blame and the lines wanted from it.
type blameJob struct {
	rel, repoPath string
	blob          plumbing.Hash // the file at HEAD
	want          map[int]bool
	out           map[int]model.LineChange
	err           error // from the git binary; blameFromEvents gets another try
}

// blameLines blames each file of lines that HEAD has, once, and keeps the
// lines asked for. events are the walk's changes to those files, for when
// the git binary is missing or fails.
func (wt *workTree) blameLines(ctx context.Context, head *object.Commit, lines map[string][]int, events map[string][]fileEvent) (map[string]map[int]model.LineChange, error) {
	tree, err := head.Tree()
	if err != nil {
		return nil, fmt.Errorf("%s: HEAD tree: %w", wt.top, err)
	}
	var jobs []*blameJob
	for _, rel := range slices.Sorted(maps.Keys(lines)) {
		p, ok := wt.repoPath(rel)
		if !ok || len(lines[rel]) == 0 {
			continue
		}
		entry, err := tree.FindEntry(p)
		if err != nil || !entry.Mode.IsFile() {
			continue // untracked, or not a file git knows
		}
		want := map[int]bool{}
		for _, n := range lines[rel] {
			want[n] = true
		}
		jobs = append(jobs, &blameJob{rel: path.Clean(rel), repoPath: p, blob: entry.Hash, want: want})
	}
	if len(jobs) == 0 {
		return nil, nil
	}

	if gitBin, err := exec.LookPath("git"); err == nil {
		wt.blameWithGit(ctx, gitBin, jobs)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	out := map[string]map[int]model.LineChange{}
	for _, j := range jobs {
		if j.out == nil {
			// No git binary, or it failed (an old git, a repository owned by
			// someone else): follow the walk's versions instead.
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if j.out, err = wt.blameFromEvents(j, events[j.rel]); err != nil {
				return nil, errors.Join(fmt.Errorf("%s: blame %s: %w", wt.top, j.repoPath, err), j.err)
			}
		}
		if len(j.out) > 0 {
			out[j.rel] = j.out
		}
	}
	return out, nil
}

// blameWithGit runs `git blame --line-porcelain` on the work tree copies,
// a few at a time. A job that fails keeps out nil.
func (wt *workTree) blameWithGit(ctx context.Context, gitBin string, jobs []*blameJob) {
	env := gitEnv()
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if ctx.Err() != nil {
				return
			}
			var stdout, stderr bytes.Buffer
			cmd := exec.CommandContext(ctx, gitBin, "-C", wt.top, "blame", "--line-porcelain", "--", j.repoPath)
			cmd.Env, cmd.Stdout, cmd.Stderr = env, &stdout, &stderr
			if err := cmd.Run(); err != nil {
				j.err = fmt.Errorf("git blame %s: %w: %s", j.repoPath, err, strings.TrimSpace(stderr.String()))
				return
			}
			out, err := parsePorcelain(&stdout, j.want, wt.mailmap)
			if err != nil {
				j.err = fmt.Errorf("git blame %s: %w", j.repoPath, err)
				return
			}
			j.out = out
		})
	}
	wg.Wait()
}

// gitEnv is the environment without GIT_* variables, which would point git
// at another repository when handover itself runs from a git hook.
func gitEnv() []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "GIT_") })
	return append(env, "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
}

var zeroHash = strings.Repeat("0", 40)

// parsePorcelain reads `git blame --line-porcelain`: per line a header
// "<hash> <orig line> <final line> [<group size>]", "key value" lines and the
// line itself after a tab. Lines not yet committed have the zero hash.
func parsePorcelain(r io.Reader, want map[int]bool, mm *mailmap) (map[int]model.LineChange, error) {
	out := map[int]model.LineChange{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var (
		cur      model.LineChange
		unixTime int64
		tz       string
		inLine   bool
	)
	for sc.Scan() {
		line := sc.Text()
		if !inLine {
			fields := strings.Fields(line)
			if len(fields) < 3 || len(fields[0]) < 40 {
				return nil, fmt.Errorf("bad porcelain header %q", line)
			}
			n, err := strconv.Atoi(fields[2])
			if err != nil {
				return nil, fmt.Errorf("bad porcelain header %q", line)
			}
			cur, unixTime, tz, inLine = model.LineChange{Commit: model.Commit{Hash: fields[0]}, Line: n}, 0, "", true
			continue
		}
		if strings.HasPrefix(line, "\t") {
			inLine = false
			if cur.Hash == zeroHash || !want[cur.Line] {
				continue
			}
			cur.Date = time.Unix(unixTime, 0).In(parseTZ(tz))
			cur.Author, cur.Email = mm.lookup(cur.Author, cur.Email)
			out[cur.Line] = cur
			continue
		}
		key, value, _ := strings.Cut(line, " ")
		switch key {
		case "author":
			cur.Author = value
		case "author-mail":
			cur.Email = strings.TrimSuffix(strings.TrimPrefix(value, "<"), ">")
		case "author-time":
			unixTime, _ = strconv.ParseInt(value, 10, 64)
		case "author-tz":
			tz = value
		case "summary":
			cur.Subject = value
		}
	}
	return out, sc.Err()
}

// parseTZ reads a git time zone, "+0130" or "-0800".
func parseTZ(tz string) *time.Location {
	if len(tz) != 5 || (tz[0] != '+' && tz[0] != '-') {
		return time.UTC
	}
	h, err1 := strconv.Atoi(tz[1:3])
	m, err2 := strconv.Atoi(tz[3:5])
	if err1 != nil || err2 != nil {
		return time.UTC
	}
	secs := (h*60 + m) * 60
	if tz[0] == '-' {
		secs = -secs
	}
	if secs == 0 {
		return time.UTC
	}
	return time.FixedZone(tz, secs)
}

// blameFromEvents is blame without the git binary. It starts from the
// lines asked for, mapped from the work tree onto HEAD's version, and goes
// back through the commits that changed the file: each version is diffed with
// the one before it, lines with no counterpart there were written by that
// commit, and the others are followed further back. Versions are chained by
// blob, so a branch merged unchanged is followed into; a merge that changed
// the file is compared with its first parent only, where git blame would
// look at every parent. go-git's own Blame re-walks the log per file and is
// a hundred times slower on long histories.
func (wt *workTree) blameFromEvents(j *blameJob, events []fileEvent) (map[int]model.LineChange, error) {
	worktree, err := (limits.Limits{}).ReadState(wt.top, j.repoPath) // the biggest cap: any file indexed is under it
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, limits.ErrOutside) {
		return map[int]model.LineChange{}, nil // deleted in the work tree: no lines to explain
	}
	if err != nil {
		return nil, err
	}
	blobs := map[plumbing.Hash]string{}
	content := func(h plumbing.Hash) (string, error) {
		if h.IsZero() {
			return "", nil
		}
		if c, ok := blobs[h]; ok {
			return c, nil
		}
		b, err := object.GetBlob(wt.repo.Storer, h)
		if err != nil {
			return "", err
		}
		r, err := b.Reader()
		if err != nil {
			return "", err
		}
		defer r.Close()
		var sb strings.Builder
		if _, err := io.Copy(&sb, r); err != nil {
			return "", err
		}
		blobs[h] = sb.String()
		return blobs[h], nil
	}

	cur := j.blob
	curText, err := content(cur)
	if err != nil {
		return nil, err
	}
	toHead := lineMapping(curText, string(worktree))
	pending := map[int]int{} // line in the version at hand -> work tree line
	for n := range j.want {
		if l := toHead(n); l > 0 {
			pending[l] = n
		}
	}
	out := map[int]model.LineChange{}
	for _, ev := range events {
		if len(pending) == 0 {
			break
		}
		if ev.to != cur {
			continue // another line of history
		}
		fromText, err := content(ev.from)
		if err != nil {
			return nil, err
		}
		back := lineMapping(fromText, curText)
		next := map[int]int{}
		for l, n := range pending {
			if f := back(l); f > 0 {
				next[f] = n
			} else {
				out[n] = model.LineChange{Commit: ev.commit, Line: n}
			}
		}
		pending, cur, curText = next, ev.from, fromText
	}
	// Lines still pending were never matched to a version (a history the
	// walk could not chain): unknown, so absent.
	return out, nil
}

// lineMapping returns a function from 1-based line numbers of to to those of
// from, 0 for lines only to has.
func lineMapping(from, to string) func(int) int {
	if from == to {
		total := countLines(to)
		return func(n int) int {
			if n < 1 || n > total {
				return 0
			}
			return n
		}
	}
	m := map[int]int{}
	a, b := 1, 1
	for _, d := range diff.Do(from, to) {
		n := countLines(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			for i := range n {
				m[b+i] = a + i
			}
			a, b = a+n, b+n
		case diffmatchpatch.DiffDelete:
			a += n
		case diffmatchpatch.DiffInsert:
			b += n
		}
	}
	return func(n int) int { return m[n] }
}

func countLines(s string) int {
	n := strings.Count(s, "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		n++
	}
	return n
}
