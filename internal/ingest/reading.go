package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"handover/internal/alertrule"
	"handover/internal/config"
	"handover/internal/inventory"
	"handover/internal/limits"
	"handover/internal/link"
	"handover/internal/model"
	"handover/internal/playbook"
	"handover/internal/repo"
	"handover/internal/terraform"
)

// reading is what was read of one repository, unit by unit: an inventory
// source, a Terraform module, a state file, a markdown file, a playbook, a
// role. Snapshot reads every unit; Update reads again only the units a
// change touches and assembles the snapshot anew from the rest.
type reading struct {
	rp   config.Repo
	root string // absolute
	lim  limits.Limits

	scan        *repo.Result
	inventories map[string]*model.Inventory // by source path
	invProblems map[string][]model.Problem  // sources that could not be loaded
	docs        map[string]*parsed          // by scan.Docs path, states excepted; pointers, so that clone copies 8 bytes a document
	states      map[string][]model.Problem  // by state path
	history     *model.History              // nil outside git
	historyLog  []model.Problem             // what reading the history reported

	// graph is what the last assemble linked with; relinking with it
	// costs only what changed markdown files mention.
	graph *link.Graph
}

// parsed is what one document unit was read as.
type parsed struct {
	module   *model.TerraformModule
	md       *model.MarkdownFile
	data     *model.Doc
	plays    []*model.Play
	role     *model.Role
	alerts   []*model.Alert
	problems []model.Problem
}

func newReading(rp config.Repo) (*reading, error) {
	abs, err := filepath.Abs(rp.Path)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("repository %s: %w", rp.Name, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("repository %s: %s is not a directory", rp.Name, abs)
	}
	return &reading{
		rp: rp, root: abs, lim: rp.Limits.OrDefault(),
		inventories: map[string]*model.Inventory{},
		invProblems: map[string][]model.Problem{},
		docs:        map[string]*parsed{},
		states:      map[string][]model.Problem{},
	}, nil
}

// rescan walks the repository again.
func (rd *reading) rescan(ctx context.Context) (*repo.Result, error) {
	scan, err := repo.Scan(ctx, rd.root, repo.Options{
		SniffYAML: inventory.LooksLikeYAMLInventory,
		SniffINI:  inventory.LooksLikeINIInventory,
		Ignore:    rd.rp.Ignore,
		Limits:    rd.lim,

		SniffPlaybook: playbook.LooksLikePlaybook,
		SniffAlerts:   alertrule.LooksLikeRules,
	})
	if err != nil {
		return nil, fmt.Errorf("repository %s: %w", rd.rp.Name, err)
	}
	return scan, nil
}

// readInventory loads one inventory source, with the defaults of the
// ansible.cfg that applies to it.
func (rd *reading) readInventory(f repo.File) {
	src := f.Path
	delete(rd.inventories, src)
	delete(rd.invProblems, src)
	var cfg *model.AnsibleConfig
	for _, c := range rd.scan.Configs {
		if c.Path == f.Config {
			cfg = c
		}
	}
	inv, err := inventory.LoadConfigured(rd.root, src, rd.lim, cfg)
	if err != nil {
		// The source vanished or is unreadable: report it, read the rest.
		rd.invProblems[src] = []model.Problem{{
			Source:   model.Source{Path: src},
			Severity: model.SeverityError,
			Message:  err.Error(),
		}}
		return
	}
	if f.NotReadBy.Path != "" {
		inventory.MarkNotReadBy(inv, f.NotReadBy)
	}
	capInventory(inv, rd.lim.FileProblems)
	stampInventory(inv, rd.rp.Name)
	rd.inventories[src] = inv
}

// applyStates links the Terraform modules into one system (callers, roots,
// variable files, dependencies) and applies every state file of the scan
// to them; the modules must all have been read again since the last time.
func (rd *reading) applyStates(ctx context.Context) error {
	var mods []*model.TerraformModule
	for _, f := range rd.scan.Docs {
		if p, ok := rd.docs[f.Path]; ok && p.module != nil {
			mods = append(mods, p.module)
		}
	}
	terraform.Link(mods)
	clear(rd.states)
	for _, f := range rd.scan.Docs {
		if f.Kind != repo.KindState {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rd.states[f.Path] = terraform.ApplyStateLimited(rd.root, f.Path, mods, rd.lim)
	}
	return nil
}

// assemble makes a snapshot of what was read, in the scan's order, with
// roles resolved and links built; the history and the findings are added
// by the caller. With markdown, the names of the only units read again
// since the last assemble, all markdown files, links are rebuilt only
// for those, and relinked are the items read from them and those whose
// links changed; otherwise relinked is nil.
func (rd *reading) assemble(markdown map[string]bool) (snap *model.Snapshot, relinked map[model.Item]bool) {
	snap = &model.Snapshot{Repo: rd.rp.Name, Root: rd.root, Files: rd.scan.Files, AnsibleConfigs: rd.scan.Configs}
	snap.Problems = append(snap.Problems, rd.scan.Problems...)
	for _, src := range rd.scan.Sources {
		if inv := rd.inventories[src.Path]; inv != nil {
			snap.Inventories = append(snap.Inventories, inv)
		}
		snap.Problems = append(snap.Problems, rd.invProblems[src.Path]...)
	}
	for _, f := range rd.scan.Docs {
		p := rd.docs[f.Path]
		if p == nil {
			continue // a state: its problems follow
		}
		snap.Problems = append(snap.Problems, p.problems...)
		snap.Plays = append(snap.Plays, p.plays...)
		snap.Alerts = append(snap.Alerts, p.alerts...)
		switch {
		case p.role != nil:
			snap.Roles = append(snap.Roles, p.role)
		case p.module != nil:
			snap.Terraform = append(snap.Terraform, p.module)
		case p.md != nil:
			addMarkdown(snap, p.md)
		case p.data != nil:
			snap.Docs = append(snap.Docs, p.data)
		}
	}
	for _, f := range rd.scan.Docs {
		snap.Problems = append(snap.Problems, rd.states[f.Path]...)
	}
	snap.Problems = append(snap.Problems, playbook.ResolveRoles(snap.Plays, snap.Roles, rd.scan.RolesPath)...)
	if rd.canRelink(markdown) {
		return snap, rd.graph.Relink(snap, markdown)
	}
	rd.graph = link.BuildGraph(snap)
	return snap, nil
}

// canRelink reports whether assemble relinks only the markdown files.
func (rd *reading) canRelink(markdown map[string]bool) bool {
	return markdown != nil && rd.graph != nil
}

// finish adds the history to snap and caps and stamps its problems.
func (rd *reading) finish(snap *model.Snapshot) {
	snap.History = rd.history
	snap.Problems = append(snap.Problems, rd.historyLog...)
	capProblems(snap, rd.lim.FileProblems)
	stampProblems(snap)
}

// readHistory reads the git history of what snap declares.
func (rd *reading) readHistory(ctx context.Context, snap *model.Snapshot) error {
	h, problems, err := readHistory(ctx, rd.root, rd.scan.Owners, rd.lim, snap)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// Without history the summaries lack authors; the rest stands.
		problems = append(problems, model.Problem{
			Source: model.Source{Path: "."}, Severity: model.SeverityWarning, Message: "git history not read: " + err.Error(),
		})
	}
	rd.history, rd.historyLog = h, problems
	return nil
}
