package ingest

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"handover/internal/config"
	"handover/internal/markdown"
	"handover/internal/model"
	"handover/internal/playbook"
	"handover/internal/repo"
	"handover/internal/terraform"
)

// maxMarkdownBytes is the largest markdown file read: a bigger one is
// generated (a changelog, an export), not written by the team.
const maxMarkdownBytes = 4 << 20

// readDocuments parses the Terraform modules, state files and markdown
// files scan found into snap, on every CPU: a docs-heavy repository has
// thousands of markdown files. Results keep scan's order. done is called
// after each file.
func readDocuments(ctx context.Context, rp config.Repo, root string, docs []repo.File, snap *model.Snapshot, done func(int)) error {
	type parsed struct {
		module   *model.TerraformModule
		md       *model.MarkdownFile
		plays    []*model.Play
		role     *model.Role
		problems []model.Problem
	}
	out := make([]parsed, len(docs))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	finished := 0
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				switch f := docs[i]; f.Kind {
				case repo.KindTerraform:
					out[i].module = terraform.LoadModule(root, f.Path)
				case repo.KindMarkdown:
					out[i].md = readMarkdown(rp, root, f.Path)
				case repo.KindPlaybook:
					out[i].plays, out[i].problems = playbook.ReadPlaybook(root, f.Path)
				case repo.KindRole:
					out[i].role, out[i].problems = playbook.ReadRole(root, f.Path)
				}
				mu.Lock()
				finished++
				done(finished)
				mu.Unlock()
			}
		}()
	}
	var err error
	for i := range docs {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err != nil {
		return err
	}

	var states []string
	for i, f := range docs {
		p := out[i]
		snap.Problems = append(snap.Problems, p.problems...)
		snap.Plays = append(snap.Plays, p.plays...)
		switch {
		case p.role != nil:
			snap.Roles = append(snap.Roles, p.role)
		case p.module != nil:
			snap.Terraform = append(snap.Terraform, p.module)
		case p.md != nil:
			addMarkdown(snap, p.md)
		case f.Kind == repo.KindState:
			states = append(states, f.Path) // once every module is read
		}
	}
	for _, st := range states {
		snap.Problems = append(snap.Problems, terraform.ApplyState(root, st, snap.Terraform)...)
	}
	return nil
}

// readMarkdown reads one markdown file as an SOP, an incident or a doc, by
// what handover.ini says of its path, else by its place and front matter.
func readMarkdown(rp config.Repo, root, rel string) *model.MarkdownFile {
	src, err := readLimited(filepath.Join(root, filepath.FromSlash(rel)), maxMarkdownBytes)
	if err != nil {
		return &model.MarkdownFile{Problems: []model.Problem{{
			Source: model.Source{Path: rel}, Severity: model.SeverityWarning, Message: err.Error(),
		}}}
	}
	hint, ok := rp.KindFor(rel)
	if !ok {
		hint = markdown.KindForPath(rel)
	}
	return markdown.Parse(rel, src, hint)
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

// addMarkdown adds what one markdown file was read as.
func addMarkdown(snap *model.Snapshot, mf *model.MarkdownFile) {
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
