package ingest

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"handover/internal/model"
	"handover/internal/repo"
)

// change is what a live update read again, for the index: the snapshot
// after it, the items to index (those read again and those whose links
// changed) and the units read again or gone, by the name the index files
// their documents under.
type change struct {
	snap  *model.Snapshot
	items []model.Item
	units []string
	took  stages
}

// stages are how long each step of a live update took, for the log: the
// walk, reading the units again, assembling and linking the snapshot
// (with the history when it moved), and indexing the change.
type stages struct {
	scan, read, link, index time.Duration
}

// logAttrs are the stages as log attributes, rounded to 0.1 ms.
func (s stages) logAttrs() []any {
	r := func(d time.Duration) time.Duration { return d.Round(100 * time.Microsecond) }
	return []any{"scan", r(s.scan), "read", r(s.read), "link", r(s.link), "index", r(s.index)}
}

// update reads again the units the changed paths (slash-separated,
// relative to the root) touch, and those the walk finds new, drops those
// gone, and assembles the snapshot anew. With historyMoved (HEAD moved,
// or an owners file changed), the git history is read again too. On error
// rd is as it was before.
func (rd *reading) update(ctx context.Context, prev *model.Snapshot, changed []string, historyMoved bool) (*change, error) {
	var took stages
	t0 := time.Now()
	// A write to a markdown file cannot change what a walk finds; anything
	// else may (a new file, a sniffed inventory, an ansible.cfg).
	scan := rd.scan
	if !scan.SameAfterWrite(rd.root, changed) {
		var err error
		if scan, err = rd.rescan(ctx); err != nil {
			return nil, err
		}
	}
	took.scan = time.Since(t0)
	t0 = time.Now()
	next := rd.clone()
	next.scan = scan
	var units []string

	// Inventories: a source, a file in a directory source, or a file in
	// the group_vars/ and host_vars/ beside it.
	now := make(map[string]bool, max(len(scan.Sources), len(scan.Docs))) // for the documents too: not grown twice over
	for _, src := range scan.Sources {
		now[src.Path] = true
		_, had := rd.inventories[src.Path]
		_, failed := rd.invProblems[src.Path]
		if !had && !failed || touchesInventory(rd.root, src.Path, src.Config, changed) {
			next.readInventory(src)
			units = append(units, src.Path)
		}
	}
	for src := range unitsOf(rd.inventories, rd.invProblems) {
		if !now[src] {
			delete(next.inventories, src)
			delete(next.invProblems, src)
			units = append(units, src)
		}
	}

	// Documents: a Terraform change reads every module and state again,
	// since states and module calls reach across directories.
	var reread []repo.File
	terraformMoved := false
	clear(now)
	for _, f := range scan.Docs {
		now[f.Path] = true
		_, had := rd.docs[f.Path]
		_, hadState := rd.states[f.Path]
		isNew := !had && !hadState
		touched := isNew || touchesDocument(f, changed)
		if touched && (f.Kind == repo.KindTerraform || f.Kind == repo.KindState) {
			terraformMoved = true
		}
		if touched && f.Kind != repo.KindState {
			reread = append(reread, f)
		}
	}
	for p := range rd.docs {
		if !now[p] {
			if rd.docs[p].module != nil {
				terraformMoved = true
			}
			delete(next.docs, p)
			units = append(units, p)
		}
	}
	for p := range rd.states {
		if !now[p] {
			terraformMoved = true
		}
	}
	if terraformMoved {
		reread = slices.DeleteFunc(reread, func(f repo.File) bool { return f.Kind == repo.KindTerraform })
		for _, f := range scan.Docs {
			if f.Kind == repo.KindTerraform {
				reread = append(reread, f)
			}
		}
	}
	if err := next.readDocuments(ctx, reread, func(int) {}); err != nil {
		return nil, err
	}
	for _, f := range reread {
		units = append(units, f.Path)
	}
	if terraformMoved {
		if err := next.applyStates(ctx); err != nil {
			return nil, err
		}
	}

	took.read = time.Since(t0)
	t0 = time.Now()

	// Links reach across units. Relinking markdown files tells which
	// items it changed; building all links again does not, so then keep
	// what every item had, to index those whose links changed.
	markdown := onlyMarkdown(units, scan, rd)
	var before map[model.Item][]model.Link
	if prev != nil && !next.canRelink(markdown) {
		before = linksOf(prev)
	}
	snap, relinked := next.assemble(markdown)
	for _, p := range changed {
		if slices.Contains(scan.Owners, p) || slices.Contains(rd.scan.Owners, p) {
			historyMoved = true
		}
	}
	if historyMoved {
		if err := next.readHistory(ctx, snap); err != nil {
			return nil, err
		}
	}
	next.finish(snap)

	// Roles resolve across playbooks and role directories: plays and
	// roles are handed on always, and the index skips what is equal.
	var items []model.Item
	switch {
	case relinked != nil:
		for it := range relinked {
			if it.Kind() != model.KindPlay && it.Kind() != model.KindRole {
				items = append(items, it)
			}
		}
		for _, p := range snap.Plays {
			items = append(items, p)
		}
		for _, r := range snap.Roles {
			items = append(items, r)
		}
	default:
		for _, it := range model.SnapshotItems(snap) {
			if old, known := before[it]; known && it.Kind() != model.KindPlay && it.Kind() != model.KindRole {
				if l := model.LinksOf(it); l == nil || slices.Equal(old, *l) {
					continue // neither read again nor relinked
				}
			}
			items = append(items, it)
		}
	}
	*rd = *next
	took.link = time.Since(t0)
	return &change{snap: snap, items: items, units: units, took: took}, nil
}

// linksOf is the links every item of snap has.
func linksOf(snap *model.Snapshot) map[model.Item][]model.Link {
	out := map[model.Item][]model.Link{}
	for _, it := range model.SnapshotItems(snap) {
		var links []model.Link
		if l := model.LinksOf(it); l != nil {
			links = *l
		}
		out[it] = links
	}
	return out
}

// onlyMarkdown returns the units as a set when every one is a markdown
// file, read again or gone: then only their links change. Otherwise nil.
func onlyMarkdown(units []string, scan *repo.Result, rd *reading) map[string]bool {
	// The kinds of the units only: a map of every document's would be
	// most of what an update allocates, and the collector charges an
	// update for its allocations while queries keep it busy.
	wanted := make(map[string]bool, len(units))
	for _, u := range units {
		wanted[u] = true
	}
	kinds := make(map[string]repo.Kind, len(units))
	for _, f := range scan.Docs {
		if wanted[f.Path] {
			kinds[f.Path] = f.Kind
		}
	}
	out := map[string]bool{}
	for _, u := range units {
		k, now := kinds[u]
		old, had := rd.docs[u]
		switch {
		case now && k != repo.KindMarkdown:
			return nil
		case had && old.md == nil:
			return nil
		case !now && !had:
			return nil // an inventory
		}
		out[u] = true
	}
	return out
}

// clone copies rd's maps, sharing what they hold.
func (rd *reading) clone() *reading {
	c := *rd
	c.inventories = maps(rd.inventories)
	c.invProblems = maps(rd.invProblems)
	c.docs = maps(rd.docs)
	c.states = maps(rd.states)
	return &c
}

func maps[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func unitsOf(invs map[string]*model.Inventory, failed map[string][]model.Problem) map[string]bool {
	out := map[string]bool{}
	for p := range invs {
		out[p] = true
	}
	for p := range failed {
		out[p] = true
	}
	return out
}

// touchesInventory reports whether a changed path is the inventory source
// src, a file in it, a directory above it, or a file of the group_vars/
// and host_vars/ read with it.
func touchesInventory(root, src, cfg string, changed []string) bool {
	base := path.Dir(src)
	if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(src))); err == nil && fi.IsDir() {
		base = src
	}
	for _, p := range changed {
		if p == cfg || under(p, src) || under(src, p) || under(path.Join(base, "group_vars"), p) || under(path.Join(base, "host_vars"), p) {
			return true
		}
	}
	return false
}

// touchesDocument reports whether a changed path is the document unit f, a
// file of it (a module's *.tf files, a role's files) or a directory above
// it.
func touchesDocument(f repo.File, changed []string) bool {
	for _, p := range changed {
		switch {
		case under(p, f.Path):
			return true
		case f.Kind == repo.KindTerraform && path.Dir(p) == f.Path:
			return true
		case f.Kind == repo.KindRole && under(f.Path, p):
			return true
		}
	}
	return false
}

// under reports whether p is dir or lies below it ("." is the root).
func under(dir, p string) bool {
	return dir == "." || p == dir || strings.HasPrefix(p, dir+"/")
}
