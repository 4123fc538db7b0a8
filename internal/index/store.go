// Package index is handover's search index: an embedded Bleve (scorch)
// index on disk per repository, rebuilt from a model.Snapshot as a whole
// and swapped in atomically, and the searches the server and the question
// parser run on it (text, filters, facets, highlights, paging, lookups).
//
// The index is where secrets are stopped: every variable value and every
// comment is redacted before anything is stored or indexed.
//
// It is not a parser (package inventory and friends produce the model) and
// it knows nothing of gRPC (package server maps its errors to status
// codes). A repository is indexed whole into a new generation (Replace);
// a change to a few of its files is applied in place, in one batch
// (Update).
package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"handover/internal/model"
)

var (
	// ErrInvalidArgument wraps errors about a bad filter, field, page
	// token or snapshot.
	ErrInvalidArgument = errors.New("invalid argument")
	// ErrNotFound wraps errors about an unknown repository or host.
	ErrNotFound = errors.New("not found")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("index closed")
)

// schemaVersion changes whenever documents are indexed differently; Open
// skips generations of another version, and reindexing replaces them.
const schemaVersion = 3

// RepoInfo describes the live index of one repository. It is stored beside
// the index, so it survives a restart.
type RepoInfo struct {
	Schema      int                `json:"schema"`
	Name        string             `json:"name"`
	Root        string             `json:"root"`
	Generation  string             `json:"generation"`
	IndexedAt   time.Time          `json:"indexed_at"`
	Docs        map[model.Kind]int `json:"docs"`  // documents by kind
	Hosts       int                `json:"hosts"` // distinct host names
	Inventories int                `json:"inventories"`
	Files       int                `json:"files"`
	// Problems are the snapshot's and its inventories' problems, redacted.
	Problems []model.Problem `json:"problems,omitempty"`
	// Findings are the snapshot's lint findings, redacted.
	Findings []model.Finding `json:"findings,omitempty"`
	// History is what git said at the indexed HEAD, commit subjects
	// redacted; nil outside git.
	History *model.History `json:"history,omitempty"`
}

// Store holds the indexes of all repositories under one data directory.
// It is safe for concurrent use.
type Store struct {
	dir     string
	mapping *mapping.IndexMappingImpl
	builder *documentBuilder

	mu       sync.RWMutex
	live     map[string]*generation // by repository name
	building map[string]*sync.Mutex // one Replace at a time per repository
	closed   bool
	openErrs []error

	closing context.Context // done once Close starts: running Replaces stop
	stop    context.CancelFunc
	wg      sync.WaitGroup // open generations and running Replaces
	unlock  func() error   // releases the data directory

	queryLimits QueryLimits // checked before a query string is parsed
	faults      WriteFaults // nil but in tests
}

// generation is one complete index of one repository. The Store holds one
// reference while it is live, each running query one more; the last
// release closes it, and removes its directory once it was superseded.
type generation struct {
	name  string
	dir   string
	index bleve.Index
	info  RepoInfo

	refs   atomic.Int64
	remove atomic.Bool
	done   func()
	writes *writeErrors // what scorch reports writing it

	valuesMu sync.Mutex
	values   map[string]*fieldVocabulary // Values per field, read once per Update

	// ranks break ties of ranked searches (topn.go).
	ranks idRanks

	// fingerprints, for a generation built in this process, let Update
	// change it in place; updates counts the changes so far. Both are
	// used under the repository's build lock.
	fingerprints *fingerprints
	updates      int
	// history is the history (not redacted) that info's was made of by
	// the last Update; nil before.
	history *model.History
}

func (s *Store) newGeneration(name, dir string, idx bleve.Index, info RepoInfo, writes *writeErrors) *generation {
	s.wg.Add(1)
	g := &generation{name: name, dir: dir, index: idx, info: info, done: s.wg.Done, writes: writes}
	g.refs.Store(1)
	return g
}

func (g *generation) release() {
	if g.refs.Add(-1) == 0 {
		// Closing waits for scorch's background work; no query should.
		go g.close()
	}
}

func (g *generation) close() {
	defer g.done()
	g.writes.close()
	// Errors are dropped: nothing reads this index again, and Open removes
	// any directory current does not name.
	_ = g.index.Close()
	if g.remove.Load() {
		_ = os.RemoveAll(g.dir)
	}
}

func newStore(dataDir string, opts Options) *Store {
	m := newMapping()
	s := &Store{
		dir:      dataDir,
		mapping:  m,
		builder:  newDocumentBuilder(m.AnalyzerNamed(textAnalyzer)),
		live:     map[string]*generation{},
		building: map[string]*sync.Mutex{},
		faults:   opts.Faults,
	}
	s.closing, s.stop = context.WithCancel(context.Background())
	return s
}

// boltTimeout keeps a second process on the same data directory from
// waiting forever for scorch's root file lock.
const boltTimeout = "2s"

// Open opens the live index of every repository found under dataDir, which
// is created if missing. Directories of generations that were never
// completed are removed. A repository whose live index cannot be opened is
// skipped and reported by OpenErrors; reindexing it repairs it.
func Open(dataDir string) (*Store, error) { return OpenWith(dataDir, Options{}) }

// OpenWith is Open with options.
func OpenWith(dataDir string, opts Options) (*Store, error) {
	root := filepath.Join(dataDir, reposDir)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	unlock, err := lockDataDir(dataDir)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		unlock()
		return nil, err
	}
	s := newStore(dataDir, opts)
	s.unlock = unlock
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		g, err := s.openRepo(filepath.Join(root, e.Name()))
		if err != nil {
			s.openErrs = append(s.openErrs, err)
			continue
		}
		if g == nil {
			continue
		}
		if other := s.live[g.info.Name]; other != nil {
			g.release()
			s.openErrs = append(s.openErrs, fmt.Errorf("%s: repository %q also in %s", g.dir, g.info.Name, other.dir))
			continue
		}
		s.live[g.info.Name] = g
	}
	return s, nil
}

// openRepo opens the generation current names and removes the others. It
// returns nil when no generation was ever completed.
func (s *Store) openRepo(repoDir string) (*generation, error) {
	cur, err := readCurrent(repoDir)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	entries, err := os.ReadDir(repoDir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.Name() != currentFile && e.Name() != cur {
			if err := os.RemoveAll(filepath.Join(repoDir, e.Name())); err != nil {
				return nil, err
			}
		}
	}
	if cur == "" {
		return nil, os.Remove(repoDir)
	}
	dir := filepath.Join(repoDir, cur)
	info, err := readMeta(dir)
	if err != nil {
		return nil, err
	}
	if info.Schema != schemaVersion {
		return nil, fmt.Errorf("%s: index schema %d, want %d: reindex %q", dir, info.Schema, schemaVersion, info.Name)
	}
	var idx bleve.Index
	writes, err := openReportingErrors(dir, nil, func(callback string) (err error) {
		idx, err = bleve.OpenUsing(dir, map[string]any{"bolt_timeout": boltTimeout, "asyncErrorCallbackName": callback})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return s.newGeneration(cur, dir, idx, info, writes), nil
}

// OpenErrors reports the repositories Open could not open.
func (s *Store) OpenErrors() []error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]error(nil), s.openErrs...)
}

// Close stops running Replaces, then waits for running queries and closes
// every index. The indexes stay on disk.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	live := s.live
	s.live = map[string]*generation{}
	s.mu.Unlock()
	s.stop()
	for _, g := range live {
		g.release()
	}
	s.wg.Wait()
	return s.unlock()
}

// acquire returns the live generations a query on repo ("" for all) reads,
// each with a reference the caller must release.
func (s *Store) acquire(repo string) ([]*generation, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, ErrClosed
	}
	if repo != "" {
		g := s.live[repo]
		if g == nil {
			return nil, fmt.Errorf("%w: repository %q", ErrNotFound, repo)
		}
		g.refs.Add(1)
		return []*generation{g}, nil
	}
	gens := make([]*generation, 0, len(s.live))
	for _, g := range s.live {
		g.refs.Add(1)
		gens = append(gens, g)
	}
	sort.Slice(gens, func(i, j int) bool { return gens[i].info.Name < gens[j].info.Name })
	return gens, nil
}

func releaseAll(gens []*generation) {
	for _, g := range gens {
		g.release()
	}
}

// Repos describes the live index of every repository, by name.
func (s *Store) Repos() []RepoInfo {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]RepoInfo, 0, len(s.live))
	for _, g := range s.live {
		info := g.info
		info.Docs = make(map[model.Kind]int, len(g.info.Docs))
		for k, v := range g.info.Docs {
			info.Docs[k] = v
		}
		info.Problems = append([]model.Problem(nil), g.info.Problems...)
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Replace builds a fresh index of snap in a new generation directory, in
// batches, and then swaps it in atomically: queries running meanwhile see
// the old index (or none), never a part of the new one. The old generation
// is closed and removed once no query uses it. On error, including a
// cancelled ctx, the old index stays live and the new directory is removed.
// progress, when not nil, is called with done/total documents after every
// batch. snap.Findings are redacted in place and kept by the index.
func (s *Store) Replace(ctx context.Context, snap *model.Snapshot, progress func(done, total int)) error {
	if snap == nil || snap.Repo == "" {
		return fmt.Errorf("%w: snapshot without a repository name", ErrInvalidArgument)
	}
	lock, err := s.buildLock(snap.Repo)
	if err != nil {
		return err
	}
	defer s.wg.Done()
	lock.Lock()
	defer lock.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(s.closing, cancel)()

	repoDir := filepath.Join(s.dir, reposDir, escapeRepo(snap.Repo))
	if err := os.MkdirAll(repoDir, 0o755); err != nil {
		return err
	}
	name, err := nextGeneration(repoDir)
	if err != nil {
		return err
	}
	dir := filepath.Join(repoDir, name)
	g, err := s.build(ctx, name, dir, snap, progress)
	if err != nil {
		return fmt.Errorf("index %s: %w", snap.Repo, err)
	}
	discard := func(err error) error {
		g.remove.Store(true)
		g.release()
		return fmt.Errorf("index %s: %w", snap.Repo, err)
	}
	if err := s.writeMeta(dir, g.info); err != nil {
		return discard(err)
	}
	if err := ctx.Err(); err != nil {
		return discard(err)
	}
	if err := s.writeCurrent(repoDir, name); err != nil {
		return discard(err)
	}

	s.mu.Lock()
	if s.closed {
		// current names the new generation: it is live at the next Open.
		s.mu.Unlock()
		g.release()
		return nil
	}
	old := s.live[snap.Repo]
	s.live[snap.Repo] = g
	s.mu.Unlock()
	if old != nil {
		old.remove.Store(true)
		old.release()
	}
	return nil
}
