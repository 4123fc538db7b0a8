package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"handover/internal/config"
	"handover/internal/history"
	"handover/internal/model"
)

// Replacer stores a snapshot in place of the repository's previous one;
// *index.Store is the one used in production.
type Replacer interface {
	Replace(ctx context.Context, snap *model.Snapshot, progress func(done, total int)) error
}

// Reindexer rebuilds repositories' indexes, one build per repository at a
// time: a request for a repository already being rebuilt waits for that
// build and then runs its own, so the last request always sees the newest
// files.
type Reindexer struct {
	store Replacer
	log   *slog.Logger
	repos map[string]config.Repo
	order []string

	// Lint, when set, checks every snapshot before it is indexed; its
	// findings are stored with the index.
	Lint func(*model.Snapshot) []model.Finding
	// Reindexed, when set, is told of every rebuild and update as it ends,
	// whoever asked for it: the server's metrics count them.
	Reindexed func(Result)
	// Live keeps what was read of each repository after a rebuild, so that
	// Update can read again only what a change touches. It costs the
	// memory of the model.
	Live bool

	mu    sync.Mutex
	locks map[string]*sync.Mutex
	live  map[string]*liveRepo // by name, under the repository's lock
	// unsaved are the repositories whose last update is served but not
	// written to disk; under mu.
	unsaved map[string]bool
	// linting holds, per repository being linted in the background, the
	// snapshot to lint next (nil when none); under mu.
	linting map[string]*model.Snapshot
	// lintQuiet, when not zero, replaces the constant lintQuiet (tests).
	lintQuiet time.Duration
}

// liveRepo is what was read of a repository for its live index.
type liveRepo struct {
	rd   *reading
	snap *model.Snapshot
}

// NewReindexer serves the given repositories.
func NewReindexer(store Replacer, repos []config.Repo, log *slog.Logger) *Reindexer {
	r := &Reindexer{store: store, log: log, repos: map[string]config.Repo{}, locks: map[string]*sync.Mutex{}, live: map[string]*liveRepo{}, unsaved: map[string]bool{}}
	for _, rp := range repos {
		r.repos[rp.Name] = rp
		r.order = append(r.order, rp.Name)
		r.locks[rp.Name] = &sync.Mutex{}
	}
	return r
}

// Repos returns the configured repositories in configuration order.
func (r *Reindexer) Repos() []config.Repo {
	out := make([]config.Repo, 0, len(r.order))
	for _, n := range r.order {
		out = append(out, r.repos[n])
	}
	return out
}

// UnknownRepoError is returned for a repository name not in the configuration.
type UnknownRepoError struct{ Name string }

func (e *UnknownRepoError) Error() string { return fmt.Sprintf("unknown repository %q", e.Name) }

// Result is the outcome of rebuilding one repository.
type Result struct {
	Repo     string
	Snapshot *model.Snapshot // nil when reading failed
	Err      error
	Took     time.Duration
	// Updated is true for a live update, which read again only what a
	// change touched; Indexed and Deleted count its documents.
	Updated          bool
	Indexed, Deleted int
	stages           stages // of an update
}

// Event reports progress of one repository's rebuild.
type Event struct {
	Repo        string
	Phase       Phase
	Done, Total int
}

// Reindex rebuilds the named repositories (all when names is empty) one
// after the other, calling onEvent with progress, and returns one Result per
// repository. A repository that fails keeps its previous index.
func (r *Reindexer) Reindex(ctx context.Context, names []string, onEvent func(Event)) ([]Result, error) {
	if len(names) == 0 {
		names = r.order
	}
	for _, n := range names {
		if _, ok := r.repos[n]; !ok {
			return nil, &UnknownRepoError{Name: n}
		}
	}
	if onEvent == nil {
		onEvent = func(Event) {}
	}
	results := make([]Result, 0, len(names))
	for _, n := range names {
		res, _ := r.reindexOne(ctx, r.repos[n], onEvent, false)
		results = append(results, res)
	}
	return results, nil
}

// reindexOne fetches a repository given by URL, then reads and indexes it,
// all under the repository's lock, so that two fetches never share a
// checkout. With onlyIfMoved, a repository given by URL is left as it is
// when its branch did not move or the fetch failed; reindexed is false
// then.
func (r *Reindexer) reindexOne(ctx context.Context, rp config.Repo, onEvent func(Event), onlyIfMoved bool) (res Result, reindexed bool) {
	lock := r.locks[rp.Name]
	lock.Lock()
	defer lock.Unlock()
	return r.rebuild(ctx, rp, onEvent, onlyIfMoved)
}

// rebuild is reindexOne under the repository's lock.
func (r *Reindexer) rebuild(ctx context.Context, rp config.Repo, onEvent func(Event), onlyIfMoved bool) (res Result, reindexed bool) {
	// A repository that takes longer than its budget fails; its previous
	// index is kept, and the next reindex tries again.
	budget := rp.Limits.OrDefault().ReindexTime
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	defer func() {
		if res.Err != nil && parent.Err() == nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			res.Err = fmt.Errorf("reindex took longer than %s (limits: reindex-time); previous index kept: %w", budget, res.Err)
		}
	}()

	start := time.Now()
	res = Result{Repo: rp.Name}
	var snap *model.Snapshot
	var rd *reading
	var err error
	var kept *history.KeptError
	if rp.URL != "" {
		onEvent(Event{Repo: rp.Name, Phase: PhaseFetching})
		var changed bool
		_, changed, err = history.Sync(ctx, rp.URL, rp.Branch, rp.Path)
		switch {
		case errors.As(err, &kept) && onlyIfMoved:
			r.log.Warn("work tree left as it is", "repo", rp.Name, "reason", kept.Reason)
			return res, false
		case errors.As(err, &kept):
			// The user's work tree is read as it stands, with a problem
			// that says why it was not updated.
			err = nil
		case err != nil && onlyIfMoved:
			r.log.Error("pull failed, previous index kept", "repo", rp.Name, "url", history.RedactURL(rp.URL), "err", err)
			return res, false
		case err != nil:
			err = fmt.Errorf("fetch %s: %w", history.RedactURL(rp.URL), err)
		case !changed && onlyIfMoved:
			return res, false
		}
	}
	if err == nil {
		snap, rd, err = read(ctx, rp, func(p Phase, done, total int) {
			onEvent(Event{Repo: rp.Name, Phase: p, Done: done, Total: total})
		})
	}
	if err == nil && kept != nil {
		snap.Problems = append(snap.Problems, model.Problem{
			Source: model.Source{Repo: rp.Name, Path: "."}, Severity: model.SeverityWarning,
			Message: "work tree not updated from the remote: " + kept.Reason + "; indexed as it stands",
		})
	}
	if err == nil {
		res.Snapshot = snap
		if r.Lint != nil {
			snap.Findings = r.Lint(snap)
		}
		err = r.store.Replace(ctx, snap, func(done, total int) {
			onEvent(Event{Repo: rp.Name, Phase: PhaseIndexing, Done: done, Total: total})
		})
	}
	res.Err = err
	res.Took = time.Since(start)
	if err != nil {
		r.log.Error("reindex failed, previous index kept", "repo", rp.Name, "err", err)
	} else {
		r.log.Info("reindexed", "repo", rp.Name, "counts", CountSnapshot(snap), "took", res.Took.Round(time.Millisecond))
		r.keep(rp.Name, rd, snap)
	}
	if r.Reindexed != nil {
		r.Reindexed(res)
	}
	return res, true
}

// Refresh brings the repositories that ask to be pulled up to date: one
// given by URL is fetched and reindexed when its branch moved; a local one
// is reindexed, since its files may have changed. It returns the results
// of the repositories it reindexed.
func (r *Reindexer) Refresh(ctx context.Context, names []string) []Result {
	var out []Result
	for _, n := range names {
		rp, ok := r.repos[n]
		if !ok {
			continue
		}
		if res, reindexed := r.reindexOne(ctx, rp, func(Event) {}, true); reindexed {
			out = append(out, res)
		}
	}
	return out
}

// PullDue runs Refresh for each repository with a pull interval, every
// interval, until ctx ends.
func (r *Reindexer) PullDue(ctx context.Context) {
	due := map[string]time.Time{}
	now := time.Now()
	for _, n := range r.order {
		if p := r.repos[n].Pull; p > 0 {
			due[n] = now.Add(p)
		}
	}
	if len(due) == 0 {
		return
	}
	tick := time.NewTicker(30 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			var names []string
			for n, at := range due {
				if !now.Before(at) {
					names = append(names, n)
					due[n] = now.Add(r.repos[n].Pull)
				}
			}
			r.Refresh(ctx, names)
		}
	}
}
