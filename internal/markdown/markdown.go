// Package markdown reads SOPs, incident reports and other markdown docs into
// model values: an SOP's procedures step by step exactly as written, an
// incident's date, people, hours, category and its root cause, reaction and
// fix sections, any doc's sections, each with the path and line it came
// from. It reads one file at a time and decides what the file is from the
// place it sits in (KindForPath), its front matter and its shape.
//
// It is not for rendering markdown (no HTML comes out of it), and it keeps
// no index: walking a repository is package repo's job, searching package
// index's. Structure comes from goldmark's syntax tree and the source
// segments it points into, never from patterns run over the whole text.
//
// Sections, for every kind: one per top-level heading other than the title,
// whose Text is the markdown source below the heading up to the next heading
// of the same or a higher level (so a "##" section holds its "###"
// subsections), trimmed. A doc also gets the text before its first section
// heading as a Section at Level 0 named after the title; an SOP has that
// text as its Summary, an incident as its Summary when no summary heading
// exists.
package markdown

import (
	"fmt"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"go.abhg.dev/goldmark/frontmatter"
	yaml "go.yaml.in/yaml/v3"

	"handover/internal/model"
)

// Parse reads one markdown or reStructuredText (*.rst, see rst.go) file. path is slash-separated relative to the
// repository root and goes into every Source; hint is the kind the file's
// place suggests (model.KindSOP, model.KindIncident, model.KindDoc, or ""
// when unknown, see KindForPath). Front matter `kind:` (or `type:`) of sop,
// incident or doc overrides the hint; a doc (or unknown) whose headings look
// like a postmortem's is read as an incident.
//
// The title is the front matter's, else the first "#" heading's text as
// written, else the file name without its extension; the file's Source is
// the line the title is written on (0 for a file name). Metadata comes from
// the front matter and, for SOPs and incidents, from "**Owner:** alice" or
// "Owner: alice" lines under the title; the front matter wins.
//
// Parse always returns a file: what it could not read is in Problems.
func Parse(path string, src []byte, hint model.Kind) (mf *model.MarkdownFile) {
	defer func() {
		// One odd file must not take an indexing run down with it; FuzzParse
		// calls parse directly so that such a panic is still found.
		if r := recover(); r != nil {
			mf = &model.MarkdownFile{
				Doc: &model.Doc{Title: titleFromPath(path), Source: model.Source{Path: path}},
				Problems: []model.Problem{{
					Source:   model.Source{Path: path},
					Severity: model.SeverityError,
					Message:  fmt.Sprintf("cannot read markdown: %v", r),
				}},
			}
		}
	}()
	return parse(path, src, hint)
}

func parse(path string, src []byte, hint model.Kind) *model.MarkdownFile {
	if IsRST(path) {
		src = rstToMarkdown(src)
	}
	f := read(path, src)
	out := &model.MarkdownFile{}
	switch f.kind(hint) {
	case model.KindSOP:
		f.readBodyMeta()
		out.SOP = f.sop()
	case model.KindIncident:
		f.readBodyMeta()
		out.Incident = f.incident()
	default:
		out.Doc = f.doc()
	}
	out.Problems = f.problems
	return out
}

// file is one markdown file while it is read.
type file struct {
	path string
	src  []byte
	li   lineIndex
	root ast.Node

	meta     meta // front matter, then the body's metadata lines
	problems []model.Problem

	headings []*heading // top-level headings in order, the title's too
	title    *heading   // the heading that is the title, see titleHeading
	byNode   map[ast.Node]*heading

	// Set by readBodyMeta: lists that are all metadata, how many leading
	// items of a list are, and where the text of a paragraph starts once
	// its leading metadata lines are left out.
	metaLists map[ast.Node]bool
	metaItems map[ast.Node]int
	textFrom  map[ast.Node]int
}

// heading is one top-level heading and the part of the file it heads.
type heading struct {
	node      *ast.Heading
	text      string
	level     int
	line      int
	bodyStart int // offset of the line after the heading
	end       int // offset of the next heading of the same or a higher level, or len(src)
}

// yamlFormat is front matter as YAML only, decoded by the yaml package the
// rest of handover uses; "+++" TOML is not front matter here.
var yamlFormat = frontmatter.Format{Name: "YAML", Delim: '-', Unmarshal: yaml.Unmarshal}

// The two parsers, made once: building one costs more than parsing a short
// runbook with it (a fifth of reading 5,000 documents went to it), and a
// goldmark parser is safe for concurrent use (it sets itself up once, under
// a sync.Once, and keeps each parse's state in its context). Front matter
// is parsed only where findFrontMatter found some.
var (
	plainParser       = goldmark.New().Parser()
	frontMatterParser = goldmark.New(goldmark.WithExtensions(&frontmatter.Extender{Formats: []frontmatter.Format{yamlFormat}})).Parser()
)

func read(path string, src []byte) *file {
	f := &file{path: path, src: src, li: newLineIndex(src), byNode: map[ast.Node]*heading{}}
	closeLine := f.findFrontMatter()
	p := plainParser
	if closeLine > 0 {
		p = frontMatterParser
	}
	pc := parser.NewContext()
	f.root = p.Parse(text.NewReader(src), parser.WithContext(pc))
	if d := frontmatter.Get(pc); d != nil && closeLine > 0 {
		var n yaml.Node
		if err := d.Decode(&n); err != nil {
			f.yamlProblem(err, closeLine)
		} else {
			f.readFrontMatter(&n)
		}
	}
	f.readHeadings()
	return f
}

func (f *file) at(off int) model.Source {
	return model.Source{Path: f.path, Line: f.li.line(off)}
}

func (f *file) problem(line int, sev model.Severity, format string, args ...any) {
	f.problems = append(f.problems, model.Problem{
		Source:   model.Source{Path: f.path, Line: line},
		Severity: sev,
		Message:  fmt.Sprintf(format, args...),
	})
}

func (f *file) readHeadings() {
	for c := f.root.FirstChild(); c != nil; c = c.NextSibling() {
		h, ok := c.(*ast.Heading)
		if !ok {
			continue
		}
		start := f.li.blockStart(h)
		if start < 0 {
			continue
		}
		hd := &heading{node: h, text: headingText(h, f.src), level: h.Level, line: f.li.line(start)}
		hd.bodyStart = f.li.start(f.lastHeadingLine(h, start) + 1)
		f.headings = append(f.headings, hd)
		f.byNode[h] = hd
	}
	f.title = f.titleHeading()
	for i, h := range f.headings {
		h.end = len(f.src)
		for _, later := range f.headings[i+1:] {
			if later.level <= h.level {
				h.end = f.li.start(later.line)
				break
			}
		}
	}
}

// titleHeading is the first top-level "#" heading, unless the front
// matter has a title and the file uses "#" for its sections: then only a
// lone "#" heading, or one that repeats the title, is the title.
func (f *file) titleHeading() *heading {
	var first *heading
	h1s := 0
	for _, h := range f.headings {
		if h.level == 1 {
			if first == nil {
				first = h
			}
			h1s++
		}
	}
	if first == nil && f.meta.title == "" && len(f.headings) > 0 && f.root.FirstChild() == f.headings[0].node {
		// No "#" heading: a file that opens with a "##" heading (as
		// alert runbooks often do) is titled by it.
		return f.headings[0]
	}
	if first == nil || f.meta.title == "" || h1s == 1 || strings.EqualFold(first.text, f.meta.title) {
		return first
	}
	return nil
}

// lastHeadingLine is the heading's last line: its own for "# Title", the
// underline for a setext heading ("Title" over "=====").
func (f *file) lastHeadingLine(h *ast.Heading, start int) int {
	line := f.li.line(start)
	rest := strings.TrimLeft(f.li.slice(start, f.li.end(line)), " ")
	hashes := len(rest) - len(strings.TrimLeft(rest, "#"))
	if hashes == h.Level && (len(rest) == hashes || rest[hashes] == ' ' || rest[hashes] == '\t') {
		return line
	}
	if n := h.Lines().Len(); n > 0 {
		line = f.li.line(h.Lines().At(n - 1).Start)
	}
	return line + 1
}

// sections are all top-level headings but the title, see the package doc.
func (f *file) sections() []model.Section {
	var out []model.Section
	for _, h := range f.headings {
		if h == f.title {
			continue
		}
		out = append(out, model.Section{
			Heading: h.text,
			Level:   h.level,
			Text:    f.sourceText(h.bodyStart, h.end),
			Source:  model.Source{Path: f.path, Line: h.line},
		})
	}
	return out
}

func (f *file) sourceText(from, to int) string {
	return strings.TrimSpace(strings.ReplaceAll(f.li.slice(from, to), "\r\n", "\n"))
}

// introBlocks are the top-level blocks before the first heading other than
// the title, the title left out.
func (f *file) introBlocks() []ast.Node {
	var out []ast.Node
	for c := f.root.FirstChild(); c != nil; c = c.NextSibling() {
		if h, ok := c.(*ast.Heading); ok {
			if f.title != nil && h == f.title.node {
				continue
			}
			break
		}
		out = append(out, c)
	}
	return out
}

// titleAndSource is the title (front matter, first "#" heading, file name)
// and where it is written: line 0 when it comes from the file name.
func (f *file) titleAndSource() (string, model.Source) {
	switch {
	case f.meta.title != "":
		return f.meta.title, model.Source{Path: f.path, Line: f.meta.titleLine}
	case f.title != nil && f.title.text != "":
		return f.title.text, model.Source{Path: f.path, Line: f.title.line}
	}
	return titleFromPath(f.path), model.Source{Path: f.path}
}

// titleFromPath is the file name without its extension.
func titleFromPath(p string) string {
	base := path.Base(p)
	if ext := path.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

func (f *file) doc() *model.Doc {
	title, src := f.titleAndSource()
	d := &model.Doc{Title: title, Source: src}
	if intro := f.introText(); intro != "" {
		line := f.li.line(f.li.blockStart(f.introBlocks()[0]))
		if f.title != nil {
			line = f.title.line
		}
		d.Sections = append(d.Sections, model.Section{
			Heading: title, Level: 0, Text: intro,
			Source: model.Source{Path: f.path, Line: line},
		})
	}
	d.Sections = append(d.Sections, f.sections()...)
	return d
}

// introText is the markdown source of the intro blocks, as written.
func (f *file) introText() string {
	blocks := f.introBlocks()
	if len(blocks) == 0 {
		return ""
	}
	end := len(f.src)
	for _, h := range f.headings {
		if h != f.title {
			end = f.li.start(h.line)
			break
		}
	}
	from := f.li.blockStart(blocks[0])
	if from < 0 {
		return ""
	}
	from = f.li.start(f.li.line(from))
	if f.title == nil || f.title.bodyStart > end || f.li.start(f.title.line) < from {
		return f.sourceText(from, end)
	}
	// Badges or a note above the title: keep both sides of it.
	before := f.sourceText(from, f.li.start(f.title.line))
	after := f.sourceText(f.title.bodyStart, end)
	return strings.TrimSpace(before + "\n\n" + after)
}
