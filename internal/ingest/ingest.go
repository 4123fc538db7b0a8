// Package ingest turns a repository on disk into a model.Snapshot: it finds
// the sources (package repo), parses each one (packages inventory,
// terraform and markdown), links them (package link) and collects per-file
// problems, so one broken file never stops the rest.
// It knows nothing of the index or of gRPC; see Reindexer for the step that
// hands a snapshot to the index.
package ingest

import (
	"context"

	"handover/internal/config"
	"handover/internal/limits"
	"handover/internal/model"
)

// Phase names a step of reading a repository, for progress reports.
type Phase string

const (
	PhaseFetching Phase = "fetching" // git fetch of a repository given by URL
	PhaseScanning Phase = "scanning"
	PhaseParsing  Phase = "parsing"
	PhaseIndexing Phase = "indexing"
)

// Progress is called as work advances; done and total count files while
// parsing and documents while indexing.
type Progress func(phase Phase, done, total int)

// Snapshot reads the repository rp.
func Snapshot(ctx context.Context, rp config.Repo, progress Progress) (*model.Snapshot, error) {
	snap, _, err := read(ctx, rp, progress)
	return snap, err
}

// read reads the repository rp whole and returns its snapshot with what
// was read unit by unit.
func read(ctx context.Context, rp config.Repo, progress Progress) (*model.Snapshot, *reading, error) {
	if progress == nil {
		progress = func(Phase, int, int) {}
	}
	rd, err := newReading(rp)
	if err != nil {
		return nil, nil, err
	}
	progress(PhaseScanning, 0, 0)
	if rd.scan, err = rd.rescan(ctx); err != nil {
		return nil, nil, err
	}
	total := len(rd.scan.Sources) + len(rd.scan.Docs)
	for i, src := range rd.scan.Sources {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		progress(PhaseParsing, i, total)
		rd.readInventory(src)
	}
	if err := rd.readDocuments(ctx, rd.scan.Docs, func(done int) {
		progress(PhaseParsing, len(rd.scan.Sources)+done, total)
	}); err != nil {
		return nil, nil, err
	}
	if err := rd.applyStates(ctx); err != nil {
		return nil, nil, err
	}
	progress(PhaseParsing, total, total)
	snap, _ := rd.assemble(nil)
	if err := rd.readHistory(ctx, snap); err != nil {
		return nil, nil, err
	}
	rd.finish(snap)
	return snap, rd, nil
}

// capProblems keeps at most max problems per file in the snapshot's own
// list and its modules'; capInventory does its inventories', as they are
// read. A garbage file would otherwise fill the index with them.
func capProblems(snap *model.Snapshot, max int) {
	snap.Problems = limits.CapProblems(snap.Problems, max)
	for _, m := range snap.Terraform {
		m.Problems = limits.CapProblems(m.Problems, max)
	}
}

func capInventory(inv *model.Inventory, max int) {
	inv.Problems = limits.CapProblems(inv.Problems, max)
}

// stampRepo fills the repository name into every Source of the snapshot.
func stampRepo(snap *model.Snapshot) {
	stampProblems(snap)
	for _, inv := range snap.Inventories {
		stampInventory(inv, snap.Repo)
	}
}

// stampProblems fills it into the snapshot's own problems.
func stampProblems(snap *model.Snapshot) {
	for i := range snap.Problems {
		snap.Problems[i].Source.Repo = snap.Repo
	}
}

// stampInventory fills repo into every Source of inv, once it is read: a
// live update stamps only the inventories it read again.
func stampInventory(inv *model.Inventory, repo string) {
	for i := range inv.Problems {
		inv.Problems[i].Source.Repo = repo
	}
	for _, h := range inv.Hosts {
		h.Source.Repo = repo
		if h.PurposeSource.Path != "" {
			h.PurposeSource.Repo = repo
		}
	}
	for _, g := range inv.Groups {
		g.Source.Repo = repo
	}
}
