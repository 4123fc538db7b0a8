package ingest

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"handover/internal/config"
	"handover/internal/inventory"
	"handover/internal/link"
	"handover/internal/markdown"
	"handover/internal/model"
	"handover/internal/terraform"
)

// File reads one file outside any configured repository, as `handover
// lint FILE` does: an inventory, a Terraform file (its whole module is
// read, since blocks refer to each other) or a markdown file. rel is
// slash-separated and relative to root, and may start with "../".
func File(root, rel string) (*model.Snapshot, error) {
	rel = path.Clean(filepath.ToSlash(rel))
	abs := filepath.Join(root, filepath.FromSlash(rel))
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", rel)
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	snap := &model.Snapshot{Repo: path.Base(rel), Root: absRoot, Files: 1}
	lower := strings.ToLower(rel)
	switch {
	case strings.HasSuffix(lower, ".tf") || strings.HasSuffix(lower, ".tf.json"):
		snap.Terraform = append(snap.Terraform, terraform.LoadModule(root, path.Dir(rel)))
	case markdown.KindForPath(rel) != "":
		addMarkdown(snap, readMarkdown(config.Repo{}, root, rel))
	default:
		inv, err := inventory.Load(root, rel)
		if err != nil {
			return nil, err
		}
		snap.Inventories = append(snap.Inventories, inv)
	}
	link.Build(snap)
	stampRepo(snap)
	return snap, nil
}
