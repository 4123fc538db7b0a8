// Package watch follows the files of local repositories with fsnotify and
// tells what changed: every directory of the repository is watched (new
// ones as they appear), bursts are gathered into one change, and inside
// .git only HEAD, packed-refs and refs/ count, as a sign that the
// checked-out commit may have moved. It decides nothing about what a file
// means; the receiver (ingest.Reindexer.Update) reads what it touches.
package watch

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"handover/internal/repo"
)

// Change is one gathered burst of changes to a repository.
type Change struct {
	// Paths are the files and directories created, written, removed or
	// renamed, slash-separated and relative to the root, sorted.
	Paths []string
	// GitMoved is true when .git's HEAD or refs changed.
	GitMoved bool
}

// Options tune Watch.
type Options struct {
	// Quiet is how long no event may come before a burst is handed on;
	// MaxDelay bounds how long a steady stream of events may hold it.
	Quiet, MaxDelay time.Duration
	// QuietOne is Quiet while the burst names one path only: a file
	// saved comes as one or two events microseconds apart, and waiting
	// the full Quiet for more would only delay it; an editor's save
	// through a temporary file names several paths, and so does a
	// checkout, and they wait Quiet.
	QuietOne time.Duration
	// QuietEmpty is Quiet while a file of the burst is empty. A file is
	// saved by truncating it, then writing it: a writer held up between
	// the two (a busy machine) would have its file read empty, its
	// documents deleted and made again a moment later, and the queries
	// in between find none of them.
	QuietEmpty time.Duration
	// Ignore are the repository's globs (handover.ini ignore), whose
	// directories are not watched.
	Ignore []string
	Log    *slog.Logger
}

func (o Options) orDefault() Options {
	if o.Quiet <= 0 {
		o.Quiet = 30 * time.Millisecond
	}
	if o.QuietOne <= 0 {
		o.QuietOne = min(10*time.Millisecond, o.Quiet)
	}
	if o.QuietEmpty <= 0 {
		o.QuietEmpty = max(100*time.Millisecond, o.Quiet)
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = time.Second
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// Watch watches the repository at root until ctx ends, calling apply with
// each burst of changes, one at a time; events that come while apply runs
// make the next burst. It returns once the watches are in place and the
// watching goes on in the background; ready-made errors (root cannot be
// watched) are returned at once.
func Watch(ctx context.Context, root string, opt Options, apply func(context.Context, Change)) error {
	opt = opt.orDefault()
	abs, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	w := &watcher{root: abs, opt: opt, fw: fw}
	if err := w.addTree(abs); err != nil {
		fw.Close()
		return err
	}
	w.addGit()
	go w.run(ctx, apply)
	return nil
}

type watcher struct {
	root string
	opt  Options
	fw   *fsnotify.Watcher
}

// watchDir puts a watch on the directory p (tests replace it).
var watchDir = func(fw *fsnotify.Watcher, p string) error { return fw.Add(p) }

// addTree watches dir and every directory below it that the walk reads.
// Directories below dir that cannot be watched (most often because the
// inotify limit, fs.inotify.max_user_watches, is reached) are logged in
// one line: changes below them are not seen until a full index.
func (w *watcher) addTree(dir string) error {
	var missed int
	var first string
	var firstErr error
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // gone or unreadable: the rescan reports it
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && (repo.SkippedDir(d.Name()) || w.ignored(p, d.Name())) {
			return filepath.SkipDir
		}
		if err := watchDir(w.fw, p); err != nil {
			if p == dir {
				return err
			}
			if missed == 0 {
				first, firstErr = p, err
			}
			missed++
		}
		return nil
	})
	if missed > 0 {
		w.unwatched(missed, first, firstErr)
	}
	return err
}

// unwatched logs that n directories, the first dir, are not watched.
func (w *watcher) unwatched(n int, dir string, err error) {
	w.opt.Log.Warn("directories not watched: changes below them are seen only by a full index (handover index --full); "+
		"if the error says no space left on device, raise fs.inotify.max_user_watches",
		"root", w.root, "directories", n, "first", w.rel(dir), "err", err)
}

// addGit watches .git and its refs, when the root is a git work tree's top.
func (w *watcher) addGit() {
	gitDir := filepath.Join(w.root, ".git")
	if fi, err := os.Stat(gitDir); err != nil || !fi.IsDir() {
		return
	}
	_ = w.fw.Add(gitDir)
	_ = filepath.WalkDir(filepath.Join(gitDir, "refs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = w.fw.Add(p)
		}
		return nil
	})
}

func (w *watcher) ignored(abs, name string) bool { return repo.Ignored(w.opt.Ignore, w.rel(abs), name) }

func (w *watcher) rel(abs string) string {
	r, err := filepath.Rel(w.root, abs)
	if err != nil {
		return abs
	}
	return filepath.ToSlash(r)
}

// run gathers events into bursts and hands each to apply.
func (w *watcher) run(ctx context.Context, apply func(context.Context, Change)) {
	defer w.fw.Close()
	pending := map[string]bool{}
	empty := map[string]bool{} // pending files that were empty at their last event
	gitMoved := false
	var first time.Time
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	flush := func() {
		if len(pending) == 0 && !gitMoved {
			return
		}
		ch := Change{GitMoved: gitMoved}
		for p := range pending {
			ch.Paths = append(ch.Paths, p)
		}
		slices.Sort(ch.Paths)
		clear(pending)
		clear(empty)
		gitMoved = false
		apply(ctx, ch)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: whatever may have changed, the
				// rescan of the root finds it.
				pending["."] = true
			}
			w.opt.Log.Warn("watch", "root", w.root, "err", err)
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if !w.take(ev, pending, &gitMoved) {
				continue
			}
			if emptyFile(ev) {
				empty[ev.Name] = true
			} else {
				delete(empty, ev.Name)
			}
			if first.IsZero() {
				first = time.Now()
			}
			if time.Since(first) >= w.opt.MaxDelay {
				quiet.Stop()
				first = time.Time{}
				flush()
				continue
			}
			switch {
			case len(empty) > 0:
				quiet.Reset(w.opt.QuietEmpty)
			case len(pending) == 1 && !gitMoved:
				quiet.Reset(w.opt.QuietOne)
			default:
				quiet.Reset(w.opt.Quiet)
			}
		case <-quiet.C:
			first = time.Time{}
			flush()
		}
	}
}

// take notes one event; it reports whether the event counts.
func (w *watcher) take(ev fsnotify.Event, pending map[string]bool, gitMoved *bool) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	rel := w.rel(ev.Name)
	if rel == ".git" || strings.HasPrefix(rel, ".git/") {
		in := strings.TrimPrefix(rel, ".git/")
		if in == "HEAD" || in == "packed-refs" || strings.HasPrefix(in, "refs/") {
			if ev.Op&fsnotify.Create != 0 && strings.HasPrefix(in, "refs/") {
				w.addIfDir(ev.Name)
			}
			*gitMoved = true
			return true
		}
		return false
	}
	if ev.Op&fsnotify.Create != 0 {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			if repo.SkippedDir(fi.Name()) || w.ignored(ev.Name, fi.Name()) {
				return false
			}
			// Files may be written into it before its watch is in place:
			// the directory itself stands for them, and the rescan finds
			// them.
			if err := w.addTree(ev.Name); err != nil {
				w.unwatched(1, ev.Name, err)
			}
		}
	}
	pending[rel] = true
	return true
}

// emptyFile reports whether ev wrote or made a regular file that is
// empty now.
func emptyFile(ev fsnotify.Event) bool {
	if !ev.Op.Has(fsnotify.Write) && !ev.Op.Has(fsnotify.Create) {
		return false
	}
	fi, err := os.Lstat(ev.Name)
	return err == nil && fi.Mode().IsRegular() && fi.Size() == 0
}

func (w *watcher) addIfDir(p string) {
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		_ = w.fw.Add(p)
	}
}
