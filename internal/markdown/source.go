package markdown

import (
	"bytes"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// lineIndex turns byte offsets of one file into 1-based line numbers. Only
// '\n' ends a line, as in goldmark's reader, so a "\r\n" file counts the same.
type lineIndex struct {
	src      []byte
	newlines []int // offsets of every '\n'
}

func newLineIndex(src []byte) lineIndex {
	var nl []int
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		nl = append(nl, i+j)
		i += j + 1
	}
	return lineIndex{src: src, newlines: nl}
}

// line is the 1-based line holding byte offset off.
func (li lineIndex) line(off int) int {
	return sort.SearchInts(li.newlines, off) + 1
}

// lines is how many lines the file has; a final '\n' does not start one.
func (li lineIndex) lines() int {
	n := len(li.newlines) + 1
	if len(li.src) == 0 || li.src[len(li.src)-1] == '\n' {
		n--
	}
	return n
}

// start is the offset of the first byte of line n, len(src) past the end.
func (li lineIndex) start(n int) int {
	switch {
	case n <= 1:
		return 0
	case n-2 < len(li.newlines):
		return li.newlines[n-2] + 1
	}
	return len(li.src)
}

// end is the offset just past line n's text, before its line break.
func (li lineIndex) end(n int) int {
	if n >= 1 && n-1 < len(li.newlines) {
		e := li.newlines[n-1]
		if e > 0 && li.src[e-1] == '\r' {
			e--
		}
		return e
	}
	return len(li.src)
}

// text is line n without its line break and trailing blanks.
func (li lineIndex) text(n int) string {
	return strings.TrimRight(li.slice(li.start(n), li.end(n)), " \t\r")
}

// blockStart is where block n begins in the source: goldmark records it for
// every block it opens; a block made up later (rare) falls back to its
// first line or its first child. -1 when nothing tells. A block after a
// tab can be recorded past the tab's byte, so the offset is kept inside src.
func (li lineIndex) blockStart(n ast.Node) int {
	p := n.Pos()
	if p < 0 && n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		p = n.Lines().At(0).Start
	}
	for c := n.FirstChild(); p < 0 && c != nil; c = c.NextSibling() {
		p = li.blockStart(c)
	}
	return min(p, len(li.src))
}

// slice is src[from:to] as a string, empty where that is out of range.
func (li lineIndex) slice(from, to int) string {
	from, to = max(from, 0), min(to, len(li.src))
	if from >= to {
		return ""
	}
	return string(li.src[from:to])
}

// lastLine is the last line that belongs to block n: the line before
// whatever follows it in its parent, or its parent's last line, with
// trailing blank lines dropped. It never goes before first.
func (li lineIndex) lastLine(n ast.Node, first int) int {
	last := li.lines()
	for cur := n; cur != nil && cur.Kind() != ast.KindDocument; cur = cur.Parent() {
		if next := cur.NextSibling(); next != nil {
			if p := li.blockStart(next); p >= 0 {
				last = li.line(p) - 1
				break
			}
		}
	}
	for last > first && li.text(last) == "" {
		last--
	}
	return max(last, first)
}

// column is the visual column of offset off in its line, tabs to stops of 4.
func (li lineIndex) column(off int) int {
	col := 0
	for _, c := range li.slice(li.start(li.line(off)), off) {
		if c == '\t' {
			col += 4 - col%4
		} else {
			col++
		}
	}
	return col
}

// dedent drops up to cols columns of leading blanks from s.
func dedent(s string, cols int) string {
	col, i := 0, 0
	for i < len(s) && col < cols {
		switch s[i] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return s[i:]
		}
		i++
	}
	return s[i:]
}

// plainText is the text of an inline tree without markdown markup; line
// breaks inside a paragraph stay "\n". Text before byte offset from is
// left out, so that metadata lines heading a paragraph can be skipped.
func plainText(n ast.Node, src []byte, from int) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			if n.Segment.Start < from {
				return ast.WalkContinue, nil
			}
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			if n.Pos() < 0 || n.Pos() >= from {
				b.Write(n.URL(src))
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// headingText is a heading's plain text on one line.
func headingText(h *ast.Heading, src []byte) string {
	return strings.Join(strings.Fields(plainText(h, src, 0)), " ")
}
