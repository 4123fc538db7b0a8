package ingest

import (
	"context"
	"runtime"
	"sync"

	"handover/internal/config"
	"handover/internal/markdown"
	"handover/internal/model"
	"handover/internal/playbook"
	"handover/internal/repo"
	"handover/internal/terraform"
)

// readDocuments parses the Terraform modules, state files and markdown
// files scan found into snap, on every CPU: a docs-heavy repository has
// thousands of markdown files. Results keep scan's order. done is called
// after each file.
func readDocuments(ctx context.Context, rp config.Repo, root string, docs []repo.File, snap *model.Snapshot, done func(int)) error {
	lim := rp.Limits.OrDefault()
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
					out[i].module = terraform.LoadModuleLimited(root, f.Path, lim)
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
	terraform.Link(snap.Terraform)
	for _, st := range states {
		if err := ctx.Err(); err != nil {
			return err
		}
		snap.Problems = append(snap.Problems, terraform.ApplyStateLimited(root, st, snap.Terraform, lim)...)
	}
	return nil
}

// readMarkdown reads one markdown file as an SOP, an incident or a doc, by
// what handover.ini says of its path, else by its place and front matter.
func readMarkdown(rp config.Repo, root, rel string) *model.MarkdownFile {
	src, problems, ok := rp.Limits.ReadText(root, rel)
	if !ok {
		return &model.MarkdownFile{Problems: problems}
	}
	hint, known := rp.KindFor(rel)
	if !known {
		hint = markdown.KindForPath(rel)
	}
	mf := markdown.Parse(rel, src, hint)
	mf.Problems = append(problems, mf.Problems...)
	return mf
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
