package markdown

import (
	"cmp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"

	"handover/internal/model"
)

func (f *file) sop() *model.SOP {
	title, src := f.titleAndSource()
	return &model.SOP{
		Title:        title,
		Source:       src,
		Owners:       f.meta.owners,
		Tags:         f.meta.tags,
		Reviewed:     f.meta.reviewed,
		ReviewedLine: f.meta.reviewedLine,
		Summary:      f.summary(true),
		Steps:        f.stepsAsWritten(),
		Sections:     f.sections(),
	}
}

// summary is the plain text of the paragraphs between the title and the
// first section (for an SOP: or the first list), metadata lines left out.
func (f *file) summary(stopAtList bool) string {
	var parts []string
	for _, b := range f.introBlocks() {
		if _, ok := b.(*ast.List); ok && !f.metaLists[b] && stopAtList {
			break
		}
		parts = f.paragraphText(b, parts)
	}
	return strings.Join(parts, "\n\n")
}

// paragraphText appends the plain text of the paragraphs in block b, into
// block quotes but not lists, code or HTML.
func (f *file) paragraphText(b ast.Node, parts []string) []string {
	switch b.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		from, ok := f.textFrom[b]
		if !ok {
			from = -1
		}
		if t := plainText(b, f.src, from); t != "" {
			parts = append(parts, t)
		}
	case *ast.Blockquote:
		for c := b.FirstChild(); c != nil; c = c.NextSibling() {
			parts = f.paragraphText(c, parts)
		}
	}
	return parts
}

// stepClass is what a heading makes of the lists below it.
type stepClass int

const (
	neutral    stepClass = iota
	procedural           // "Steps", "Mitigation", "Rollback": bullet lists are steps
	notSteps             // "References", "See also": no list is
)

// proceduralWords in a heading make the lists below it steps.
var proceduralWords = map[string]bool{
	"diagnosis": true, "diagnose": true, "diagnostics": true, "triage": true,
	"mitigation": true, "mitigate": true, "steps": true, "step": true,
	"procedure": true, "procedures": true, "recovery": true, "recover": true,
	"rollback": true, "verification": true, "verify": true, "validation": true,
	"remediation": true, "resolution": true, "instructions": true,
	"troubleshooting": true, "checklist": true, "restore": true, "failover": true,
}

// notStepWords in a heading make the lists below it something else.
var notStepWords = map[string]bool{
	"references": true, "reference": true, "contacts": true, "contact": true,
	"links": true, "related": true, "resources": true,
}

func classify(headingText string) stepClass {
	t := normHeading(headingText)
	if containsWord(t, "see also") || containsWord(t, "further reading") {
		return notSteps
	}
	words := strings.FieldsFunc(t, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f) })
	class := neutral
	for i, w := range words {
		switch {
		case notStepWords[w]:
			return notSteps
		case proceduralWords[w], w == "roll" && i+1 < len(words) && words[i+1] == "back",
			w == "how" && i+1 < len(words) && words[i+1] == "to":
			class = procedural
		}
	}
	return class
}

// procedures are the lists that are steps, grouped by the heading they sit
// under: every ordered list outside block quotes; a bullet list under a
// procedural heading ("Diagnosis", "Mitigation", ...), or anywhere when the
// file has no ordered list; never a list under "References", "See also",
// "Contacts" or "Links". A heading's class is its own, or when neutral its
// parent's, and so on up. Lists under the title have Heading "".
func (f *file) procedures() []model.Procedure {
	type candidate struct {
		list    *ast.List
		under   *heading
		bullets bool // a bullet list under a neutral heading
	}
	var cands []candidate
	var chain []*heading
	ordered := false
	// Code blocks right after a list of steps belong to its last step:
	// "2) ... In case you prefer the CLI:", the command unindented below,
	// then "3) ..." in a list of its own.
	trailing := map[*ast.List][]ast.Node{}
	var lastList *ast.List
	for c := f.root.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if lastList != nil {
				trailing[lastList] = append(trailing[lastList], c)
			}
			continue
		}
		lastList = nil
		if h, ok := f.byNode[c]; ok {
			if h == f.title {
				chain = chain[:0]
				continue
			}
			for len(chain) > 0 && chain[len(chain)-1].level >= h.level {
				chain = chain[:len(chain)-1]
			}
			chain = append(chain, h)
			continue
		}
		list, ok := c.(*ast.List)
		if !ok || f.metaLists[list] {
			continue
		}
		class := neutral
		for i := len(chain) - 1; i >= 0 && class == neutral; i-- {
			class = classify(chain[i].text)
		}
		var under *heading
		if len(chain) > 0 {
			under = chain[len(chain)-1]
		}
		switch {
		case class == notSteps:
			continue
		case list.IsOrdered():
			ordered = true
			cands = append(cands, candidate{list: list, under: under})
		default:
			cands = append(cands, candidate{list: list, under: under, bullets: class == neutral})
		}
		lastList = list
	}

	var out []model.Procedure
	index := map[*heading]int{}
	for _, c := range cands {
		if c.bullets && ordered {
			continue
		}
		i, ok := index[c.under]
		if !ok {
			p := model.Procedure{}
			if c.under != nil {
				p.Heading = c.under.text
			}
			i = len(out)
			index[c.under] = i
			out = append(out, p)
		}
		steps := f.steps(c.list, f.metaItems[c.list])
		if code := trailing[c.list]; len(code) > 0 && len(steps) > 0 {
			last := &steps[len(steps)-1]
			for _, b := range code {
				if t := f.blocksText(b, b, 0); t != "" {
					last.Text = strings.TrimSpace(last.Text + "\n\n" + t)
				}
			}
		}
		out[i].Steps = append(out[i].Steps, steps...)
	}
	return out
}

// stepsAsWritten are the list steps, else the steps written as numbered
// step headings; and, in sections without a list, each sentence with the
// command block it introduces. Sections keep the order of the file.
func (f *file) stepsAsWritten() []model.Procedure {
	lists := f.procedures()
	if len(lists) == 0 {
		return f.proseProcedures()
	}
	have := map[string]bool{}
	for _, p := range lists {
		have[p.Heading] = true
	}
	for _, p := range f.proseSteps() {
		if !have[p.Heading] {
			lists = append(lists, p)
		}
	}
	slices.SortStableFunc(lists, func(a, b model.Procedure) int {
		return cmp.Compare(firstLine(a), firstLine(b))
	})
	return lists
}

func firstLine(p model.Procedure) int {
	if len(p.Steps) == 0 {
		return 0
	}
	return p.Steps[0].Source.Line
}

// steps are the items of list l but its first skip (metadata).
func (f *file) steps(l *ast.List, skip int) []model.Step {
	var out []model.Step
	for c := l.FirstChild(); c != nil; c = c.NextSibling() {
		if item, ok := c.(*ast.ListItem); ok {
			if skip > 0 {
				skip--
				continue
			}
			out = append(out, f.step(item))
		}
	}
	return out
}

// step is one list item: its marker and its own text as written, the
// item's indentation taken off continuation lines, and its nested lists as
// nested steps. Blocks of the item after a nested list are kept, after a
// blank line.
func (f *file) step(item *ast.ListItem) model.Step {
	pos := f.li.blockStart(item)
	if pos < 0 {
		return model.Step{Source: model.Source{Path: f.path}}
	}
	s := model.Step{Marker: marker(f.src, pos), Source: f.at(pos)}
	indent := 0
	if first := item.FirstChild(); first != nil {
		if p := f.li.blockStart(first); p >= 0 {
			indent = f.li.column(p)
		}
	}
	var parts []string
	var run []ast.Node
	flush := func() {
		if len(run) > 0 {
			if t := f.blocksText(run[0], run[len(run)-1], indent); t != "" {
				parts = append(parts, t)
			}
			run = run[:0]
		}
	}
	for c := item.FirstChild(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.List); ok {
			flush()
			s.Steps = append(s.Steps, f.steps(l, 0)...)
			continue
		}
		run = append(run, c)
	}
	flush()
	s.Text = strings.Join(parts, "\n\n")
	return s
}

// blocksText is the source from block first through block last, the first
// line from where first starts, later lines without indent columns.
func (f *file) blocksText(first, last ast.Node, indent int) string {
	start := f.li.blockStart(first)
	if start < 0 {
		return ""
	}
	firstLine := f.li.line(start)
	lastLine := f.li.lastLine(last, firstLine)
	lines := []string{strings.TrimRight(f.li.slice(start, f.li.end(firstLine)), " \t\r")}
	for n := firstLine + 1; n <= lastLine; n++ {
		lines = append(lines, dedent(f.li.text(n), indent))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// marker is the list marker at off as written: "1.", "12)", "-", "*", "+".
func marker(src []byte, off int) string {
	i := off
	for i < len(src) && i-off < 9 && isDigit(src[i]) {
		i++
	}
	if i < len(src) && (i > off && (src[i] == '.' || src[i] == ')') || i == off && strings.IndexByte("-*+", src[i]) >= 0) {
		return string(src[off : i+1])
	}
	return ""
}
