package ingest

import (
	"context"
	"slices"

	"handover/internal/history"
	"handover/internal/limits"
	"handover/internal/model"
)

// readHistory returns what git says about the files snap was read from:
// their last commits and authors, who changed each declaring line last,
// and the rules of the CODEOWNERS/OWNERS files the scan found (ownerFiles),
// with the problems of those files. Outside git it has only the owners.
func readHistory(ctx context.Context, root string, ownerFiles []string, lim limits.Limits, snap *model.Snapshot) (*model.History, []model.Problem, error) {
	files := map[string]bool{}
	lines := map[string][]int{}
	declare := func(s model.Source) {
		if s.Path == "" {
			return
		}
		files[s.Path] = true
		if s.Line > 0 {
			lines[s.Path] = append(lines[s.Path], s.Line)
		}
	}
	for _, it := range model.SnapshotItems(snap) {
		src := it.Declared()
		if info, _ := model.LookupKind(it.Kind()); info.Blamed {
			declare(src)
		} else {
			files[src.Path] = true
		}
	}
	owners, problems := history.ReadOwners(root, ownerFiles, lim)
	for _, o := range owners {
		files[o.Source.Path] = true
	}
	delete(files, "")

	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for p, ls := range lines {
		slices.Sort(ls)
		lines[p] = slices.Compact(ls)
	}
	h, err := history.Read(ctx, root, paths, lines, history.Options{})
	if err != nil {
		return nil, problems, err
	}
	if h == nil && len(owners) > 0 {
		h = &model.History{}
	}
	if h != nil {
		h.Owners = owners
	}
	return h, problems, nil
}
