package ingest

import (
	"context"
	"path"
	"regexp"
	"runtime"
	"strings"
	"sync"

	"handover/internal/alertrule"
	"handover/internal/config"
	"handover/internal/markdown"
	"handover/internal/model"
	"handover/internal/playbook"
	"handover/internal/repo"
	"handover/internal/terraform"
)

// readDocuments parses the Terraform modules, markdown files, playbooks,
// roles and alert rules among docs (state files are applied by applyStates) into
// rd.docs, on every CPU: a docs-heavy repository has thousands of markdown
// files. done is called after each file.
func (rd *reading) readDocuments(ctx context.Context, docs []repo.File, done func(int)) error {
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
				out[i] = rd.readDocument(docs[i])
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
	for i, f := range docs {
		if f.Kind != repo.KindState {
			rd.docs[f.Path] = &out[i]
		}
	}
	return nil
}

// readDocument reads one document unit.
func (rd *reading) readDocument(f repo.File) parsed {
	var p parsed
	switch f.Kind {
	case repo.KindTerraform:
		p.module = terraform.LoadModuleLimited(rd.root, f.Path, rd.lim)
	case repo.KindMarkdown:
		p.md = readMarkdown(rd.rp, rd.root, f.Path)
	case repo.KindPlaybook:
		p.plays, p.problems = playbook.ReadPlaybook(rd.root, f.Path)
	case repo.KindRole:
		p.role, p.problems = playbook.ReadRole(rd.root, f.Path)
	case repo.KindAlerts:
		p.alerts, p.problems = alertrule.Read(rd.root, f.Path, rd.lim)
	case repo.KindData:
		p.data, p.problems = readData(rd.rp, rd.root, f.Path)
	}
	return p
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

// readData reads a YAML data file as a doc of one section per top-level
// key (a DNS zone's record names, a values file's components), each the
// lines it spans, so that searching an address finds the record that has
// it. A file without top-level keys is one section.
func readData(rp config.Repo, root, rel string) (*model.Doc, []model.Problem) {
	src, problems, ok := rp.Limits.ReadText(root, rel)
	if !ok {
		return nil, problems
	}
	d := &model.Doc{Title: rel, Source: model.Source{Path: rel, Line: 1}, Data: true}
	lines := strings.Split(string(src), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r") // CRLF files read as LF ones
	}
	start, heading := 0, path.Base(rel)
	flush := func(end int) {
		if text := strings.TrimSpace(strings.Join(lines[start:end], "\n")); text != "" {
			d.Sections = append(d.Sections, model.Section{Heading: heading, Level: 2, Text: text, Source: model.Source{Path: rel, Line: start + 1}})
		}
	}
	for i, l := range lines {
		if m := topLevelKey.FindStringSubmatch(l); m != nil {
			flush(i)
			start, heading = i, strings.Trim(m[1], `"'`)
		}
	}
	flush(len(lines))
	return d, problems
}

// topLevelKey is a YAML line that opens a top-level mapping key.
var topLevelKey = regexp.MustCompile(`^([^\s#\-][^:#]*):(\s|$)`)

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
