package ingest

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"handover/internal/config"
	"handover/internal/markdown"
	"handover/internal/model"
	"handover/internal/repo"
	"handover/internal/terraform"
)

// maxMarkdownBytes is the largest markdown file read: a bigger one is
// generated (a changelog, an export), not written by the team.
const maxMarkdownBytes = 4 << 20

// readDocuments parses the Terraform modules, state files and markdown
// files scan found into snap. done is called after each file.
func readDocuments(ctx context.Context, rp config.Repo, root string, docs []repo.File, snap *model.Snapshot, done func(int)) error {
	var states []string
	for i, f := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		switch f.Kind {
		case repo.KindTerraform:
			snap.Terraform = append(snap.Terraform, terraform.LoadModule(root, f.Path))
		case repo.KindState:
			states = append(states, f.Path) // once every module is read
		case repo.KindMarkdown:
			readMarkdown(rp, root, f.Path, snap)
		}
		done(i + 1)
	}
	for _, st := range states {
		snap.Problems = append(snap.Problems, terraform.ApplyState(root, st, snap.Terraform)...)
	}
	return nil
}

// readMarkdown adds one markdown file as an SOP, an incident or a doc, by
// what handover.ini says of its path, else by its place and front matter.
func readMarkdown(rp config.Repo, root, rel string, snap *model.Snapshot) {
	src, err := readLimited(filepath.Join(root, filepath.FromSlash(rel)), maxMarkdownBytes)
	if err != nil {
		snap.Problems = append(snap.Problems, model.Problem{
			Source: model.Source{Path: rel}, Severity: model.SeverityWarning, Message: err.Error(),
		})
		return
	}
	hint, ok := rp.KindFor(rel)
	if !ok {
		hint = markdown.KindForPath(rel)
	}
	mf := markdown.Parse(rel, src, hint)
	snap.Problems = append(snap.Problems, mf.Problems...)
	switch {
	case mf.SOP != nil:
		snap.SOPs = append(snap.SOPs, mf.SOP)
	case mf.Incident != nil:
		snap.Incidents = append(snap.Incidents, mf.Incident)
	case mf.Doc != nil:
		snap.Docs = append(snap.Docs, mf.Doc)
	}
}

// readLimited reads a file unless it is bigger than limit.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("not read: more than %d MiB", limit>>20)
	}
	return b, nil
}

// unwrapPath drops the absolute path from an fs error: a Problem already
// names the file, relative to the repository.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
