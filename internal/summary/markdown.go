package summary

import (
	"bufio"
	"io"
	"strings"

	"handover/internal/model"
)

// WriteMarkdown renders d as GitHub-flavoured Markdown that also reads
// well in a terminal: no HTML, tables as pipe tables, warnings in bold,
// citations as `path:line` code spans. Text from the repository is
// escaped only where Markdown would read it as HTML or a table border.
func WriteMarkdown(w io.Writer, d *Document) error {
	b := bufio.NewWriter(w)
	b.WriteString("# " + mdInline(d.Title) + "\n\n")
	if d.Subtitle != "" {
		b.WriteString(mdParagraph(d.Subtitle) + "\n\n")
	}
	if !d.Generated.IsZero() {
		b.WriteString("_Generated " + d.Generated.UTC().Format("2006-01-02 15:04 MST") + " by handover._\n")
	}
	for _, s := range d.Sections {
		b.WriteString("\n## " + mdInline(s.Title) + "\n")
		if s.Intro != "" {
			b.WriteString("\n" + mdParagraph(s.Intro) + "\n")
		}
		if s.Table != nil && len(s.Table.Rows) > 0 {
			b.WriteString("\n")
			writeMarkdownTable(b, s.Table)
		}
		if len(s.Lines) > 0 {
			b.WriteString("\n")
			writeMarkdownLines(b, s.Lines, 0, model.Source{})
		}
	}
	return b.Flush()
}

func writeMarkdownTable(b *bufio.Writer, t *Table) {
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	head := make([]string, len(t.Columns))
	rule := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = mdCell(c)
		rule[i] = "---"
	}
	row(head)
	row(rule)
	for _, r := range t.Rows {
		cells := make([]string, len(t.Columns))
		for i := range cells {
			if i >= len(r) {
				continue
			}
			cells[i] = mdCell(r[i].Text)
			if r[i].Source.Path != "" {
				cells[i] += " " + strings.ReplaceAll(codeSpan(r[i].Source.String()), "|", `\|`)
			}
		}
		row(cells)
	}
}

// writeMarkdownLines writes nested bullets. A line citing the same place
// as its parent does not repeat the citation.
func writeMarkdownLines(b *bufio.Writer, lines []Line, depth int, parent model.Source) {
	indent := strings.Repeat("  ", depth)
	for _, l := range lines {
		b.WriteString(indent + "- ")
		if l.Level == LevelWarning {
			b.WriteString("**Warning:** ")
		}
		b.WriteString(mdParagraph(l.Text))
		if l.Source.Path != "" && l.Source != parent {
			b.WriteString(" " + codeSpan(l.Source.String()))
		}
		b.WriteString("\n")
		writeMarkdownLines(b, l.Lines, depth+1, l.Source)
	}
}

// mdInline makes text safe inside a Markdown line: on one line, and with
// "<" escaped so that no code host renders it as HTML.
func mdInline(s string) string {
	s = oneLine(s)
	return strings.ReplaceAll(s, "<", `\<`)
}

// mdParagraph is mdInline for a paragraph of its own, whose first
// characters Markdown could take for a heading, list or quote.
func mdParagraph(s string) string {
	s = mdInline(s)
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '>', '-', '+', '*', '=', '|':
		return `\` + s
	}
	if m, _ := listMarker(s); m {
		i := strings.IndexAny(s, ".)")
		return s[:i] + `\` + s[i:]
	}
	return s
}

// mdCell is mdInline for a table cell, where "|" ends the cell.
func mdCell(s string) string {
	return strings.ReplaceAll(mdInline(s), "|", `\|`)
}

// codeSpan wraps s in enough backticks that none inside ends the span.
func codeSpan(s string) string {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}
