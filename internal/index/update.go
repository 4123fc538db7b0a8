package index

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/document"

	"handover/internal/model"
)

// ErrNoLiveIndex is returned by Update when the repository has no index
// that can be updated in place: none yet, or one opened from disk, whose
// documents' fingerprints are not known. Replace it instead.
var ErrNoLiveIndex = errors.New("no index to update in place")

// unitDocs are the documents of one unit: their ids and fingerprints.
type unitDocs map[string]uint64

// fingerprints are every document's fingerprint by unit, kept with a
// generation built in this process so that Update can tell which
// documents changed and which are gone.
type fingerprints struct {
	seed  maphash.Seed
	units map[string]unitDocs
}

func newFingerprints() *fingerprints {
	return &fingerprints{seed: maphash.MakeSeed(), units: map[string]unitDocs{}}
}

// of fingerprints everything the index stores of d.
func (f *fingerprints) of(d *document.Document) uint64 {
	var h maphash.Hash
	h.SetSeed(f.seed)
	for _, fl := range d.Fields {
		h.WriteString(fl.Name())
		h.WriteByte(0)
		h.Write(fl.Value())
		h.WriteByte(0)
	}
	return h.Sum64()
}

func (f *fingerprints) add(unit, id string, sum uint64) {
	docs := f.units[unit]
	if docs == nil {
		docs = unitDocs{}
		f.units[unit] = docs
	}
	docs[id] = sum
}

// Update changes the live index of snap's repository in place, in one
// bleve batch. snap is the whole repository after a change; items are
// the items read again and those whose links changed, and units the units
// (an inventory, a Terraform module directory, a markdown file, a
// playbook, a role: what Hit.Inventory names) read again or gone. The
// documents of items that are new or changed are indexed, those of units
// that items no longer make are deleted, and RepoInfo is swapped with the
// batch: a query sees the repository before the change or after it, never
// a part. Update returns once the change is written to disk. On error the
// index is as it was, but for an *UnsavedError: then the change is served
// and scorch writes it once it can. ErrNoLiveIndex asks for a Replace.
func (s *Store) Update(ctx context.Context, snap *model.Snapshot, items []model.Item, units []string) (indexed, deleted int, err error) {
	if snap == nil || snap.Repo == "" {
		return 0, 0, fmt.Errorf("%w: snapshot without a repository name", ErrInvalidArgument)
	}
	lock, err := s.buildLock(snap.Repo)
	if err != nil {
		return 0, 0, err
	}
	defer s.wg.Done()
	lock.Lock()
	defer lock.Unlock()

	gens, err := s.acquire(snap.Repo)
	if err != nil {
		return 0, 0, ErrNoLiveIndex
	}
	g := gens[0]
	defer g.release()
	fp := g.fingerprints
	if fp == nil {
		return 0, 0, ErrNoLiveIndex
	}

	c := newSnapContext(snap)
	b := g.index.NewBatch()
	kept := map[string]bool{} // ids items make
	type written struct {
		unit, id string
		sum      uint64
	}
	var sums []written
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return 0, 0, err
		}
		entries, err := kindIndexes[it.Kind()].entries(c, it)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", it.Declared().Path, err)
		}
		for i := range entries {
			e := &entries[i]
			d := s.builder.document(e)
			id, sum := d.ID(), fp.of(d)
			kept[id] = true
			if old, ok := fp.units[e.Inventory][id]; ok && old == sum {
				continue
			}
			if err := b.IndexAdvanced(d); err != nil {
				return 0, 0, fmt.Errorf("%s: %w", it.Declared().Path, err)
			}
			sums = append(sums, written{e.Inventory, id, sum})
			indexed++
		}
	}
	var gone []string
	for _, unit := range units {
		for id := range fp.units[unit] {
			if !kept[id] {
				b.Delete(id)
				gone = append(gone, id)
			}
		}
	}
	deleted = len(gone)

	info := s.describe(snap, g, units)
	var persisted, failed chan error // the batch's, when there is one
	if indexed > 0 || deleted > 0 {
		if err := s.checkWrite(g.dir); err != nil {
			return 0, 0, fmt.Errorf("index %s: %w", snap.Repo, err)
		}
		persisted = make(chan error, 1)
		b.SetPersistedCallback(func(err error) { persisted <- err })
		var done func()
		failed, done = g.writes.wait()
		defer done()
		if err := g.index.Batch(b); err != nil {
			return 0, 0, fmt.Errorf("index %s: %w", snap.Repo, err)
		}
	}
	for _, id := range gone {
		_, kind, unit, _, _ := splitID(id)
		delete(fp.units[unit], id)
		info.Docs[kind]--
	}
	for _, x := range sums {
		if _, ok := fp.units[x.unit][x.id]; !ok {
			_, kind, _, _, _ := splitID(x.id)
			info.Docs[kind]++
		}
		fp.add(x.unit, x.id, x.sum)
	}
	for k, n := range info.Docs {
		if n <= 0 {
			delete(info.Docs, k)
		}
	}
	g.updates++
	info.Generation = g.name + "." + strconv.Itoa(g.updates)
	info.IndexedAt = time.Now().UTC()

	s.mu.Lock()
	g.info = info
	s.mu.Unlock()
	g.valuesMu.Lock()
	g.values = nil
	g.valuesMu.Unlock()

	// The batch is served from memory; scorch writes it behind. Waiting
	// for that tells a full disk to the caller, while the change stays.
	if persisted != nil {
		var err error
		select {
		case err = <-persisted:
		case err = <-failed:
		case <-ctx.Done():
			err = ctx.Err()
		}
		if err != nil {
			return indexed, deleted, &UnsavedError{Repo: snap.Repo, Err: err}
		}
	}
	return indexed, deleted, nil
}

// SetFindings replaces the lint findings of repo's live index, after an
// Update: linting a whole repository takes longer than the change itself,
// so the change is served first. The metadata on disk is written then.
// findings are redacted in place and kept.
func (s *Store) SetFindings(repo string, findings []model.Finding) error {
	lock, err := s.buildLock(repo)
	if err != nil {
		return err
	}
	defer s.wg.Done()
	lock.Lock()
	defer lock.Unlock()
	gens, err := s.acquire(repo)
	if err != nil {
		return err
	}
	g := gens[0]
	defer g.release()
	redacted := redactFindings(findings, repo)
	s.mu.Lock()
	g.info.Findings = redacted
	info := g.info
	s.mu.Unlock()
	return s.writeMeta(g.dir, info)
}

// describe is what RepoInfo says of snap after an Update of units, with
// the document counts and the findings of g's: SetFindings follows with
// snap's. What no unit changed is taken from g's RepoInfo rather than
// worked out again over 100,000 hosts: the number of hosts, unless an
// inventory was read again or is gone, and the redacted history, when
// snap has the history g's was made of.
func (s *Store) describe(snap *model.Snapshot, g *generation, units []string) RepoInfo {
	prev := g.info
	info := RepoInfo{
		Name:        snap.Repo,
		Root:        snap.Root,
		Inventories: len(snap.Inventories),
		Files:       snap.Files,
		Problems:    redactProblems(snap),
		Findings:    prev.Findings,
		Schema:      prev.Schema,
		Generation:  prev.Generation,
		Docs:        make(map[model.Kind]int, len(prev.Docs)),
	}
	for k, n := range prev.Docs {
		info.Docs[k] = n
	}
	if g.history != nil && g.history == snap.History {
		info.History = prev.History
	} else {
		info.History = redactHistory(snap.History)
	}
	g.history = snap.History

	inventories := map[string]bool{}
	for _, inv := range snap.Inventories {
		inventories[inv.Path] = true
	}
	info.Hosts = prev.Hosts
	if len(snap.Inventories) != prev.Inventories || slices.ContainsFunc(units, func(u string) bool { return inventories[u] }) {
		hosts := map[string]struct{}{}
		for _, inv := range snap.Inventories {
			for _, h := range inv.Hosts {
				hosts[h.Name] = struct{}{}
			}
		}
		info.Hosts = len(hosts)
	}
	return info
}

// buildLock returns the lock that keeps one Replace or Update at a time
// on repo, with s.wg held for the caller to release.
func (s *Store) buildLock(repo string) (*sync.Mutex, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	s.wg.Add(1)
	lock := s.building[repo]
	if lock == nil {
		lock = new(sync.Mutex)
		s.building[repo] = lock
	}
	return lock, nil
}
