package index

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"handover/internal/model"
)

// batchSize is the most documents per bleve batch. Each batch becomes one
// scorch segment, built on one core; smaller batches let more cores work
// at once, larger ones leave less to merge. A small snapshot is split in
// one batch per worker, down to minBatchSize.
const (
	batchSize    = 1000
	minBatchSize = 100
)

// build writes snap into a new index in dir and waits until it is on disk.
// On error nothing is left in dir.
func (s *Store) build(ctx context.Context, name, dir string, snap *model.Snapshot, progress func(done, total int)) (*generation, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var idx bleve.Index
	writes, err := openReportingErrors(dir, cancel, func(callback string) (err error) {
		idx, err = bleve.NewUsing(dir, s.mapping, scorch.Name, scorch.Name, map[string]any{
			// Batches return once searchable; persistence is awaited once,
			// at the end, instead of after every batch.
			"unsafe_batch":           true,
			"bolt_timeout":           boltTimeout,
			"asyncErrorCallbackName": callback,
		})
		return err
	})
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	fp := newFingerprints()
	info, err := s.indexSnapshot(ctx, idx, dir, name, snap, fp, progress)
	if err != nil {
		writes.close()
		_ = idx.Close()
		_ = os.RemoveAll(dir)
		return nil, err
	}
	writes.built()
	g := s.newGeneration(name, dir, idx, info, writes)
	g.fingerprints = fp
	return g, nil
}

// indexSnapshot converts snap to documents on one goroutine and indexes
// them in batches on one goroutine per core (up to four): building a
// segment, the bulk of the work, is single-threaded per batch, and scorch
// takes batches concurrently. progress is called from one at a time.
func (s *Store) indexSnapshot(ctx context.Context, idx bleve.Index, dir, name string, snap *model.Snapshot, fp *fingerprints, progress func(done, total int)) (RepoInfo, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	items := model.SnapshotItems(snap)
	total := 0
	for _, it := range items {
		total += documentCount(it)
	}
	workers := min(runtime.GOMAXPROCS(0), 4)
	size := max(minBatchSize, min(batchSize, (total+workers-1)/workers))
	batches := make(chan []*document.Document)
	var wg sync.WaitGroup
	var mu sync.Mutex // serialises progress
	done := 0
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
		next:
			for docs := range batches {
				if ctx.Err() != nil {
					continue // drain
				}
				b := idx.NewBatch()
				for _, d := range docs {
					if err := b.IndexAdvanced(d); err != nil {
						cancel(err)
						continue next
					}
				}
				if err := s.checkWrite(dir); err != nil {
					cancel(err)
					continue
				}
				if err := idx.Batch(b); err != nil {
					cancel(fmt.Errorf("write %s: %w", dir, err))
					continue
				}
				mu.Lock()
				done += len(docs)
				if progress != nil && ctx.Err() == nil {
					progress(done, total)
				}
				mu.Unlock()
			}
		}()
	}
	info, err := s.produce(ctx, name, snap, items, size, fp, batches)
	close(batches)
	wg.Wait()
	if err == nil {
		err = context.Cause(ctx)
	}
	if err != nil {
		return info, err
	}

	// An empty batch carrying the generation's name tells when everything
	// before it is persisted.
	persisted := make(chan error, 1)
	b := idx.NewBatch()
	b.SetInternal([]byte("handover.generation"), []byte(name))
	b.SetPersistedCallback(func(err error) { persisted <- err })
	if err := idx.Batch(b); err != nil {
		return info, fmt.Errorf("write %s: %w", dir, err)
	}
	select {
	case err := <-persisted:
		if err != nil {
			return info, fmt.Errorf("write %s: %w", dir, err)
		}
	case <-ctx.Done():
		return info, context.Cause(ctx)
	}
	if err := awaitMerges(ctx, idx); err != nil {
		return info, err
	}
	info.IndexedAt = time.Now().UTC()
	return info, nil
}

// awaitMerges waits until scorch has merged the build's segments and persisted
// the merges: a generation goes live in its steady state, with a few
// segments rather than one a batch, and the memory the merges took is
// garbage by the time the rebuild ends (handoverd returns it to the OS
// then, rather than keeping it as idle heap).
func awaitMerges(ctx context.Context, idx bleve.Index) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		st, _ := idx.StatsMap()["index"].(map[string]any)
		if active, ok := st["index_bgthreads_active"].(bool); !ok || !active {
			return nil
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

// produce sends the documents of snap's items in batches, noting each
// one's fingerprint in fp, and returns what RepoInfo says about it.
func (s *Store) produce(ctx context.Context, name string, snap *model.Snapshot, items []model.Item, size int, fp *fingerprints, batches chan<- []*document.Document) (RepoInfo, error) {
	info := summarize(snap)
	info.Schema, info.Generation = schemaVersion, name
	info.Docs = map[model.Kind]int{}
	docs := make([]*document.Document, 0, size)
	send := func() error {
		select {
		case batches <- docs:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		docs = make([]*document.Document, 0, size)
		return nil
	}
	c := newSnapContext(snap)
	hostNames := map[string]struct{}{}
	for _, it := range items {
		entries, err := kindIndexes[it.Kind()].entries(c, it)
		if err != nil {
			return info, fmt.Errorf("%s: %w", it.Declared().Path, err)
		}
		if h, ok := it.(*model.Host); ok {
			hostNames[h.Name] = struct{}{}
		}
		for i := range entries {
			d := s.builder.document(&entries[i])
			fp.add(entries[i].Inventory, d.ID(), fp.of(d))
			docs = append(docs, d)
			info.Docs[entries[i].Kind]++
			if len(docs) == size {
				if err := send(); err != nil {
					return info, err
				}
			}
		}
	}
	info.Hosts = len(hostNames)
	if len(docs) > 0 {
		return info, send()
	}
	return info, nil
}

// summarize is what RepoInfo says of snap besides its documents: its
// problems, findings and history, redacted.
func summarize(snap *model.Snapshot) RepoInfo {
	info := describeSnapshot(snap)
	info.Findings = redactFindings(snap.Findings, snap.Repo)
	return info
}

// describeSnapshot is summarize without the findings.
func describeSnapshot(snap *model.Snapshot) RepoInfo {
	return RepoInfo{
		Name:        snap.Repo,
		Root:        snap.Root,
		Inventories: len(snap.Inventories),
		Files:       snap.Files,
		Problems:    redactProblems(snap),
		History:     redactHistory(snap.History),
	}
}

// redactProblems are all of snap's problems, redacted.
func redactProblems(snap *model.Snapshot) []model.Problem {
	var out []model.Problem
	for _, p := range snap.AllProblems() {
		out = append(out, redactProblem(p, snap.Repo))
	}
	return out
}

// redactFindings masks secrets the findings may quote, in place: they
// are the index's from then on. At 100,000 hosts a redacted copy beside
// the linter's was 20 MB more at the peak of a rebuild.
func redactFindings(findings []model.Finding, repo string) []model.Finding {
	if len(findings) == 0 {
		return nil
	}
	for i := range findings {
		f := &findings[i]
		f.Message = redactText(f.Message)
		f.Fix = redactText(f.Fix)
		if f.Source.Repo == "" {
			f.Source.Repo = repo
		}
	}
	return slices.Clip(findings)
}

// redactProblem masks secrets a message may quote from the file.
func redactProblem(p model.Problem, repo string) model.Problem {
	p.Message = redactText(p.Message)
	if p.Source.Repo == "" {
		p.Source.Repo = repo
	}
	return p
}

// redactHistory copies h with every commit subject redacted: a message can
// quote what was committed.
func redactHistory(h *model.History) *model.History {
	if h == nil {
		return nil
	}
	c := *h
	c.Head.Subject = redactText(h.Head.Subject)
	c.Files = make(map[string]*model.FileHistory, len(h.Files))
	for p, f := range h.Files {
		fc := *f
		fc.Commits = make([]model.Commit, len(f.Commits))
		for i, cm := range f.Commits {
			cm.Subject = redactText(cm.Subject)
			fc.Commits[i] = cm
		}
		c.Files[p] = &fc
	}
	c.Lines = make(map[string]map[int]model.LineChange, len(h.Lines))
	for p, lines := range h.Lines {
		m := make(map[int]model.LineChange, len(lines))
		for n, lc := range lines {
			lc.Subject = redactText(lc.Subject)
			m[n] = lc
		}
		c.Lines[p] = m
	}
	return &c
}
