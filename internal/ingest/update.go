package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"handover/internal/history"
	"handover/internal/model"
)

// Updater applies a change to a repository's index in place;
// *index.Store is the one used in production. items are the items to
// index, units the units read again or gone (an inventory source, a
// Terraform module directory, a markdown file, a playbook, a role
// directory), whose other documents are deleted. An error with a method
// Served() bool that says true leaves the change served though not
// written to disk (a full disk), which the index writes once it can; any
// other leaves the index as it was.
//
// SetFindings follows each Update with the lint findings of its snapshot.
type Updater interface {
	Update(ctx context.Context, snap *model.Snapshot, items []model.Item, units []string) (indexed, deleted int, err error)
	SetFindings(repo string, findings []model.Finding) error
}

// keep holds on to what a rebuild read, for Update, when r is Live.
func (r *Reindexer) keep(name string, rd *reading, snap *model.Snapshot) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Live && rd != nil {
		// The index holds the findings (redacted); at 100,000 hosts they
		// can be as big as the model.
		snap.Findings = nil
		r.live[name] = &liveRepo{rd: rd, snap: snap}
	} else {
		delete(r.live, name)
	}
}

// setUnsaved notes whether repository name's last update is served but
// not on disk, and reports whether it was.
func (r *Reindexer) setUnsaved(name string, unsaved bool) (was bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	was = r.unsaved[name]
	if unsaved {
		r.unsaved[name] = true
	} else {
		delete(r.unsaved, name)
	}
	return was
}

func (r *Reindexer) liveRepo(name string) *liveRepo {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.live[name]
}

// Update brings repository name's index up to date with a change of the
// files changed (slash-separated, relative to the repository's root) by
// reading again only the units they touch and applying the difference in
// place, in one batch: a query sees the repository before or after the
// change, never a part. gitMoved says that .git's HEAD or refs changed:
// the files between the indexed commit and HEAD count as changed and the
// history is read again. When the repository cannot be updated in place
// (not read since start, no live index, a step failed), it is rebuilt
// whole; the last good index stays on failure. A change the index serves
// but cannot write to disk (a full disk) stays served and is logged: the
// index writes it once it can, and a rebuild could not be written either.
func (r *Reindexer) Update(ctx context.Context, name string, changed []string, gitMoved bool) (Result, error) {
	rp, ok := r.repos[name]
	if !ok {
		return Result{}, &UnknownRepoError{Name: name}
	}
	lock := r.locks[name]
	lock.Lock()
	defer lock.Unlock()

	ctx, cancel := context.WithTimeout(ctx, rp.Limits.OrDefault().ReindexTime)
	defer cancel()
	res, err := r.update(ctx, name, changed, gitMoved)
	switch {
	case servedError(err):
		// A rebuild could not be written either; the change stays.
		r.log.Error("live update served but not written to disk; a restart before it is written reindexes", "repo", name, "err", err)
		r.setUnsaved(name, true)
	case err != nil:
		r.log.Warn("live update not applied; rebuilding", "repo", name, "reason", err)
		r.keep(name, nil, nil)
		res, _ = r.rebuild(ctx, rp, func(Event) {}, false)
		return res, nil
	default:
		if r.setUnsaved(name, false) {
			r.log.Info("index written to disk again", "repo", name)
		}
		r.log.Info("updated", append([]any{"repo", name, "files", len(changed), "indexed", res.Indexed, "deleted", res.Deleted,
			"took", res.Took.Round(time.Millisecond)}, res.stages.logAttrs()...)...)
	}
	if r.Reindexed != nil {
		r.Reindexed(res)
	}
	return res, nil
}

// servedError reports whether err leaves the change served though not
// written to disk (see Updater).
func servedError(err error) bool {
	var served interface{ Served() bool }
	return errors.As(err, &served) && served.Served()
}

// errRebuild says why a change is not applied in place.
var errRebuild = errors.New("rebuild needed")

func (r *Reindexer) update(ctx context.Context, name string, changed []string, gitMoved bool) (Result, error) {
	start := time.Now()
	lr := r.liveRepo(name)
	u, ok := r.store.(Updater)
	if lr == nil || !ok {
		return Result{}, fmt.Errorf("%w: not read since start", errRebuild)
	}
	historyMoved := false
	switch h := lr.snap.History; {
	case !gitMoved:
	case h == nil || h.Head.Hash == "":
		historyMoved = true // not a git work tree before, or no commit yet
	default:
		head, files, ok, err := history.Moved(ctx, lr.rd.root, h.Head.Hash)
		switch {
		case err != nil || !ok:
			return Result{}, fmt.Errorf("%w: HEAD moved from %s to %q (%v)", errRebuild, h.Head.Hash, head, err)
		case head != h.Head.Hash:
			changed = append(changed, files...)
			historyMoved = true
		}
	}
	// update leaves lr.rd as it was on error; the links it rebuilt on
	// shared items are put right by the rebuild that follows.
	ch, err := lr.rd.update(ctx, lr.snap, changed, historyMoved)
	if err != nil {
		return Result{}, err
	}
	t0 := time.Now()
	indexed, deleted, err := u.Update(ctx, ch.snap, ch.items, ch.units)
	if err != nil && !servedError(err) {
		return Result{}, err
	}
	ch.took.index = time.Since(t0)
	r.keep(name, lr.rd, ch.snap)
	r.lintLater(name, ch.snap, u)
	return Result{Repo: name, Snapshot: ch.snap, Updated: true, Indexed: indexed, Deleted: deleted, Took: time.Since(start), Err: err, stages: ch.took}, err
}

// lintQuiet is how long a repository must stay unchanged before the
// background lint starts: while someone edits, changes come every few
// seconds, and each would start a lint that the next makes stale.
const lintQuiet = 2 * time.Second

// lintLater lints snap in the background and stores its findings, unless
// the repository changed again meanwhile: linting a whole repository can
// take longer than the change (seconds at 100,000 hosts), and the next
// change should not wait for it. One lint runs per repository, once the
// repository has been quiet for lintQuiet; of the snapshots that come
// meanwhile, only the last is linted.
func (r *Reindexer) lintLater(name string, snap *model.Snapshot, u Updater) {
	if r.Lint == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.linting == nil {
		r.linting = map[string]*model.Snapshot{}
	}
	_, running := r.linting[name]
	r.linting[name] = snap
	if running {
		return
	}
	go func() {
		var seen *model.Snapshot
		for {
			time.Sleep(cmp.Or(r.lintQuiet, lintQuiet))
			r.mu.Lock()
			snap := r.linting[name]
			switch snap {
			case nil:
				delete(r.linting, name)
				r.mu.Unlock()
				return
			case seen:
				r.linting[name] = nil
				r.mu.Unlock()
			default: // changed during the wait: wait for quiet again
				seen = snap
				r.mu.Unlock()
				continue
			}
			seen = nil

			lock := r.locks[name]
			lock.Lock()
			view := lintView(snap)
			lock.Unlock()
			findings := r.Lint(view)
			lock.Lock()
			if lr := r.liveRepo(name); lr != nil && lr.snap == snap {
				if err := u.SetFindings(name, findings); err != nil {
					r.log.Warn("lint findings not stored", "repo", name, "err", err)
				}
			}
			lock.Unlock()
		}
	}()
}

// lintView is snap as the background lint may read it while the next
// update runs: a live update relinks the SOPs and incidents a later
// snapshot shares with snap (their links, sorted in place), and lint reads
// their links, so it gets copies of them, made under the repository's
// lock. The rest of what lint reads an update replaces, never changes.
func lintView(snap *model.Snapshot) *model.Snapshot {
	v := *snap
	v.SOPs = cloneLinked(snap.SOPs, func(s *model.SOP) *[]model.Link { return &s.Links })
	v.Incidents = cloneLinked(snap.Incidents, func(inc *model.Incident) *[]model.Link { return &inc.Links })
	return &v
}

// cloneLinked copies each item of items with its own array of links.
func cloneLinked[T any](items []*T, links func(*T) *[]model.Link) []*T {
	out := make([]*T, len(items))
	for i, it := range items {
		if it == nil {
			continue
		}
		c := *it
		*links(&c) = slices.Clone(*links(it))
		out[i] = &c
	}
	return out
}

// ReindexChanged brings the named repositories (all when names is empty)
// up to date: a local repository read since start is read again whole but
// only its changed documents are written, in place (Update); the others
// are rebuilt (Reindex). onEvent is told of rebuilds' progress.
func (r *Reindexer) ReindexChanged(ctx context.Context, names []string, onEvent func(Event)) ([]Result, error) {
	if len(names) == 0 {
		names = r.order
	}
	var results []Result
	for _, n := range names {
		rp, ok := r.repos[n]
		if !ok {
			return nil, &UnknownRepoError{Name: n}
		}
		if rp.URL != "" || r.liveRepo(n) == nil {
			res, err := r.Reindex(ctx, []string{n}, onEvent)
			if err != nil {
				return nil, err
			}
			results = append(results, res...)
			continue
		}
		res, err := r.Update(ctx, n, []string{"."}, true)
		if err != nil {
			return nil, err
		}
		results = append(results, res)
	}
	return results, nil
}
