package markdown

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"

	"handover/internal/model"
)

// Runbooks are not always lists. Two other shapes are common enough to be
// read as steps: sections headed "Step 1 - Enable maintenance mode", and a
// sentence followed by the command it describes ("Drain the node:" then a
// code block). proseProcedures reads them when a file has no list steps.

var stepHeading = regexp.MustCompile(`(?i)^\s*(?:step\s*[0-9]+\s*[.):\-–]?|[0-9]+\s*[.):\-–])\s+\S`)

// proseProcedures returns steps from step headings when at least two
// headings are numbered steps, else from paragraph-and-code pairs grouped by
// the heading they sit under.
func (f *file) proseProcedures() []model.Procedure {
	var numbered []*heading
	for _, h := range f.headings {
		if h != f.title && stepHeading.MatchString(h.text) {
			numbered = append(numbered, h)
		}
	}
	if len(numbered) >= 2 {
		p := model.Procedure{}
		for _, h := range numbered {
			body := strings.TrimSpace(f.li.slice(h.bodyStart, h.end))
			text := h.text
			if body != "" {
				text += "\n\n" + body
			}
			p.Steps = append(p.Steps, model.Step{Text: text, Source: f.at(f.li.blockStart(h.node))})
		}
		return []model.Procedure{p}
	}
	return f.proseSteps()
}

// proseSteps are the paragraph-and-code pairs, grouped by the heading they
// sit under.
func (f *file) proseSteps() []model.Procedure {
	var out []model.Procedure
	var under *heading
	index := map[*heading]int{}
	for c := f.root.FirstChild(); c != nil; c = c.NextSibling() {
		if h, ok := f.byNode[c]; ok {
			if h != f.title {
				under = h
			}
			continue
		}
		para, ok := c.(*ast.Paragraph)
		if !ok || !isCode(c.NextSibling()) || classifyUnder(under) == notSteps {
			continue
		}
		code := c.NextSibling()
		text := f.blocksText(para, code, 0)
		if text == "" {
			continue
		}
		i, ok := index[under]
		if !ok {
			p := model.Procedure{}
			if under != nil {
				p.Heading = under.text
			}
			i = len(out)
			index[under] = i
			out = append(out, p)
		}
		out[i].Steps = append(out[i].Steps, model.Step{Text: text, Source: f.at(f.li.blockStart(para))})
		c = code
	}
	return out
}

func classifyUnder(h *heading) stepClass {
	if h == nil {
		return neutral
	}
	return classify(h.text)
}

func isCode(n ast.Node) bool {
	switch n.(type) {
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return true
	}
	return false
}
