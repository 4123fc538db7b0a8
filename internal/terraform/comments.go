package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"handover/internal/model"
	"handover/internal/redact"
)

// Comments carry what configuration does not: why a block exists. The
// comment block directly above a block header is its Why. People often leave
// one blank line between the two, so one is allowed; two or more, or any
// code, mean the comment is about something else (a file header, the block
// before). The HCL lexer tells comments from code, so a "#" inside a heredoc
// or a string is never taken for one.

type lineKind uint8

const (
	lineBlank lineKind = iota
	lineComment
	lineCode
)

// comments indexes one file's comment tokens by line.
type comments struct {
	path  string
	kinds []lineKind // by 1-based line
	toks  []hclsyntax.Token
}

func scanComments(path string, src []byte) *comments {
	toks, _ := hclsyntax.LexConfig(src, path, hcl.InitialPos)
	c := &comments{path: path, kinds: make([]lineKind, strings.Count(string(src), "\n")+2)}
	for _, t := range toks {
		if t.Type == hclsyntax.TokenNewline || t.Type == hclsyntax.TokenEOF {
			continue
		}
		kind := lineCode
		if t.Type == hclsyntax.TokenComment {
			kind = lineComment
			c.toks = append(c.toks, t)
		}
		first, last := tokenLines(t)
		for l := max(first, 1); l <= last && l < len(c.kinds); l++ {
			c.kinds[l] = max(c.kinds[l], kind) // code on a line wins
		}
	}
	return c
}

// tokenLines is the first and last line a token covers; a token that ends
// with its newline (a # or // comment) does not cover the next line.
func tokenLines(t hclsyntax.Token) (int, int) {
	first, last := t.Range.Start.Line, t.Range.End.Line
	if last > first && t.Range.End.Column == 1 {
		last--
	}
	return first, last
}

func (c *comments) kind(line int) lineKind {
	if line < 1 || line >= len(c.kinds) {
		return lineCode // the edge of the file ends a block like code does
	}
	return c.kinds[line]
}

// above returns the comment block that ends directly above line, or across
// one blank line.
func (c *comments) above(line int) model.Why {
	end := line - 1
	if c.kind(end) == lineBlank {
		end--
	}
	if c.kind(end) != lineComment {
		return model.Why{}
	}
	start := end
	for c.kind(start-1) == lineComment {
		start--
	}
	var lines []string
	for _, t := range c.toks {
		first, last := tokenLines(t)
		if first >= start && last <= end {
			lines = append(lines, commentLines(string(t.Bytes))...)
		}
	}
	text := strings.Join(trimBlankLines(lines), "\n")
	if text == "" || isBanner(text) || c.isFileHeader(start, end, line) {
		return model.Why{}
	}
	return model.Why{Text: redact.Text(text), Source: model.Source{Path: c.path, Line: start}}
}

// of returns the comment about an attribute spanning the lines first to
// last: the block above it and the comment after its value on its last
// line, joined.
func (c *comments) of(first, last int) model.Why {
	w := c.above(first)
	var after []string
	for _, t := range c.toks {
		if t.Range.Start.Line == last && c.kind(last) == lineCode {
			after = append(after, commentLines(string(t.Bytes))...)
		}
	}
	if text := strings.TrimSpace(strings.Join(after, " ")); text != "" {
		if w.Text == "" {
			return model.Why{Text: redact.Text(text), Source: model.Source{Path: c.path, Line: last}}
		}
		w.Text += "\n" + redact.Text(text)
	}
	return w
}

// isFileHeader: a comment opening the file and set off by a blank line
// from the first block describes the file (or the module), not the block.
func (c *comments) isFileHeader(start, end, line int) bool {
	return start == 1 && end < line-1
}

// commentLines strips the comment markers: #, // and /* */ with the
// conventional leading * of each inner line.
func commentLines(tok string) []string {
	tok = strings.TrimRight(tok, "\r\n")
	if body, ok := strings.CutPrefix(tok, "/*"); ok {
		body = strings.TrimSuffix(body, "*/")
		var out []string
		for _, l := range strings.Split(body, "\n") {
			l = strings.TrimLeft(strings.TrimRight(l, " \t\r"), " \t")
			if rest, ok := strings.CutPrefix(l, "*"); ok {
				l = rest
			}
			out = append(out, strings.TrimPrefix(l, " "))
		}
		return out
	}
	l := strings.TrimLeft(tok, "#")
	if l == tok {
		l = strings.TrimLeft(tok, "/")
	}
	return []string{strings.TrimPrefix(strings.TrimRight(l, " \t\r"), " ")}
}

func trimBlankLines(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
