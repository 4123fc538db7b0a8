// Package ingest turns a repository on disk into a model.Snapshot: it finds
// the sources (package repo), parses each one (packages inventory,
// terraform and markdown), links them (package link) and collects per-file
// problems, so one broken file never stops the rest.
// It knows nothing of the index or of gRPC; see Reindexer for the step that
// hands a snapshot to the index.
package ingest

import (
	"context"
	"fmt"
	"handover/internal/alertrule"
	"os"
	"path/filepath"

	"handover/internal/config"
	"handover/internal/inventory"
	"handover/internal/limits"
	"handover/internal/link"
	"handover/internal/model"
	"handover/internal/playbook"
	"handover/internal/repo"
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
	if progress == nil {
		progress = func(Phase, int, int) {}
	}
	name, root := rp.Name, rp.Path
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("repository %s: %w", name, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("repository %s: %s is not a directory", name, abs)
	}

	lim := rp.Limits.OrDefault()
	progress(PhaseScanning, 0, 0)
	scan, err := repo.Scan(ctx, abs, repo.Options{
		SniffYAML: inventory.LooksLikeYAMLInventory,
		SniffINI:  inventory.LooksLikeINIInventory,
		Ignore:    rp.Ignore,
		Limits:    lim,

		SniffPlaybook: playbook.LooksLikePlaybook,
		SniffAlerts:   alertrule.LooksLikeRules,
	})
	if err != nil {
		return nil, fmt.Errorf("repository %s: %w", name, err)
	}
	snap := &model.Snapshot{Repo: name, Root: abs, Files: scan.Files, Problems: scan.Problems, AnsibleConfigs: scan.Configs}
	configs := map[string]*model.AnsibleConfig{}
	for _, c := range scan.Configs {
		configs[c.Path] = c
	}

	total := len(scan.Sources) + len(scan.Docs)
	for i, src := range scan.Sources {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		progress(PhaseParsing, i, total)
		inv, err := inventory.LoadLimited(abs, src.Path, lim)
		if err != nil {
			// The source vanished or is unreadable: report it, read the rest.
			snap.Problems = append(snap.Problems, model.Problem{
				Source:   model.Source{Path: src.Path},
				Severity: model.SeverityError,
				Message:  err.Error(),
			})
			continue
		}
		inventory.ApplyConfig(inv, configs[src.Config])
		if src.NotReadBy.Path != "" {
			inventory.MarkNotReadBy(inv, src.NotReadBy)
		}
		snap.Inventories = append(snap.Inventories, inv)
	}
	if err := readDocuments(ctx, rp, abs, scan.Docs, snap, func(done int) {
		progress(PhaseParsing, len(scan.Sources)+done, total)
	}); err != nil {
		return nil, err
	}
	progress(PhaseParsing, total, total)
	playbook.ResolveRoles(snap.Plays, snap.Roles, scan.RolesPath)
	link.Build(snap)
	if err := readHistory(ctx, abs, scan.Owners, lim, snap); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// Without history the summaries lack authors; the rest stands.
		snap.Problems = append(snap.Problems, model.Problem{
			Source: model.Source{Path: "."}, Severity: model.SeverityWarning, Message: "git history not read: " + err.Error(),
		})
	}
	capProblems(snap, lim.FileProblems)
	stampRepo(snap)
	return snap, nil
}

// capProblems keeps at most max problems per file in each list of the
// snapshot; a garbage file would otherwise fill the index with them.
func capProblems(snap *model.Snapshot, max int) {
	snap.Problems = limits.CapProblems(snap.Problems, max)
	for _, inv := range snap.Inventories {
		inv.Problems = limits.CapProblems(inv.Problems, max)
	}
	for _, m := range snap.Terraform {
		m.Problems = limits.CapProblems(m.Problems, max)
	}
}

// stampRepo fills the repository name into every Source of the snapshot.
func stampRepo(snap *model.Snapshot) {
	for i := range snap.Problems {
		snap.Problems[i].Source.Repo = snap.Repo
	}
	for _, inv := range snap.Inventories {
		for i := range inv.Problems {
			inv.Problems[i].Source.Repo = snap.Repo
		}
		for _, h := range inv.Hosts {
			h.Source.Repo = snap.Repo
			if h.PurposeSource.Path != "" {
				h.PurposeSource.Repo = snap.Repo
			}
		}
		for _, g := range inv.Groups {
			g.Source.Repo = snap.Repo
		}
	}
}
