package explain

import (
	"context"
	"regexp"
	"strings"

	"handover/internal/index"
	"handover/internal/model"
)

// maxItemsPerFile bounds the documents read for one file.
const maxItemsPerFile = 5000

// itemLine explains a line of any other indexed file: the block, play,
// role, SOP, incident or doc section the line opens or sits in, and
// inside it the task, step, section or attribute at the line.
func (e *Explainer) itemLine(ctx context.Context, rc *repoCache, f *fileText, req Request, a *Answer) error {
	var best model.Item
	bestLine, n := 0, 0
	err := e.index.Each(ctx, index.Filter{Repo: rc.name, Path: f.rel}, func(h index.Hit) bool {
		if l := declaredLine(h.Item); l <= req.Line && (best == nil || l > bestLine) {
			best, bestLine = h.Item, l
		}
		n++
		return n < maxItemsPerFile
	})
	if err != nil {
		return err
	}
	if best == nil {
		// A role's other files (handlers/, defaults/) declare no document.
		if best, err = e.roleOf(ctx, rc.name, f.rel); err != nil || best == nil {
			return err
		}
	}
	a.Item, a.Source = best, best.Declared()
	if a.Source.Path == f.rel {
		a.Source.Line = bestLine
	}
	switch it := best.(type) {
	case *model.Play:
		a.Subject, a.Name = SubjectPlay, it.Name
		taskAt(it.Tasks, f.rel, req.Line, a)
	case *model.Role:
		a.Subject, a.Name = SubjectRole, it.Name
		taskAt(append(append([]model.Task(nil), it.Tasks...), it.Handlers...), f.rel, req.Line, a)
	case *model.Resource, *model.ModuleCall, *model.Variable, *model.Output, *model.Provider:
		a.Subject, a.Name = SubjectTerraform, terraformName(best)
		if req.Line != bestLine {
			if m := attribute.FindStringSubmatch(f.line(req.Line)); m != nil {
				a.Name, a.Detail = m[1], "attribute of "+terraformName(best)
				a.Source = model.Source{Path: f.rel, Line: req.Line}
			}
		}
	case *model.SOP:
		a.Subject, a.Name = SubjectFile, it.Title
		sectionAt(it.Sections, req.Line, a)
		for _, p := range it.Steps {
			stepAt(p.Steps, req.Line, a)
		}
	case *model.Incident:
		a.Subject, a.Name = SubjectFile, it.Title
		sectionAt(it.Sections, req.Line, a)
	case *model.Doc:
		a.Subject, a.Name = SubjectFile, it.Title
		sectionAt(it.Sections, req.Line, a)
	}
	return nil
}

// attribute matches an HCL attribute line: name = value.
var attribute = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=[^=]`)

// declaredLine is the line a document starts at in its file: a doc hit
// holds one section, which starts below the doc's title.
func declaredLine(it model.Item) int {
	if d, ok := it.(*model.Doc); ok && len(d.Sections) == 1 {
		return d.Sections[0].Source.Line
	}
	return it.Declared().Line
}

// roleOf returns the role whose directory holds rel.
func (e *Explainer) roleOf(ctx context.Context, repo, rel string) (model.Item, error) {
	var found model.Item
	err := e.index.Each(ctx, index.Filter{Repo: repo, Kind: string(model.KindRole)}, func(h index.Hit) bool {
		if r, ok := h.Item.(*model.Role); ok && strings.HasPrefix(rel, r.Dir+"/") {
			found = r
			return false
		}
		return true
	})
	return found, err
}

func terraformName(it model.Item) string {
	switch it := it.(type) {
	case *model.Resource:
		return it.Address
	case *model.ModuleCall:
		return it.Address
	case *model.Variable:
		return "var." + it.Name
	case *model.Output:
		return "output." + it.Name
	case *model.Provider:
		if it.Alias != "" {
			return it.Name + "." + it.Alias
		}
		return it.Name
	}
	return ""
}

// taskAt makes the task starting last at or before line the subject.
func taskAt(tasks []model.Task, rel string, line int, a *Answer) {
	var at *model.Task
	for i, t := range tasks {
		if t.Source.Path == rel && t.Source.Line <= line && t.Source.Line >= a.Source.Line &&
			(at == nil || t.Source.Line > at.Source.Line) {
			at = &tasks[i]
		}
	}
	if at != nil {
		a.Subject, a.Name, a.Detail, a.Source = SubjectTask, at.Name, at.Action, at.Source
	}
}

// sectionAt makes the section starting last at or before line the subject.
func sectionAt(sections []model.Section, line int, a *Answer) {
	for _, s := range sections {
		if s.Source.Line <= line && s.Source.Line >= a.Source.Line {
			a.Subject, a.Name, a.Source = SubjectSection, s.Heading, s.Source
		}
	}
}

// stepAt makes the step (nested steps included) starting last at or
// before line the subject, when it starts after the current subject.
func stepAt(steps []model.Step, line int, a *Answer) {
	for _, s := range steps {
		if s.Source.Line > line {
			return
		}
		if s.Source.Line >= a.Source.Line {
			a.Subject, a.Name, a.Detail, a.Source = SubjectStep, strings.TrimSpace(s.Marker+" "+s.Text), s.Text, s.Source
		}
		stepAt(s.Steps, line, a)
	}
}
