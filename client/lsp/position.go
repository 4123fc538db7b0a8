package lsp

import (
	"strings"
	"unicode/utf16"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// LSP 3.16 counts a position's character in UTF-16 code units, the only
// encoding every client speaks; Go strings index bytes. These convert
// within one line, so "é" or an emoji before the cursor moves nothing.

// byteCol is the byte offset in line of UTF-16 column col, clamped to the
// line's end; a column inside a surrogate pair rounds to the rune's end.
func byteCol(line string, col uint32) int {
	var units uint32
	for i, r := range line {
		if units >= col {
			return i
		}
		units += uint32(runeUnits(r))
	}
	return len(line)
}

// utf16Col is the UTF-16 column of byte offset off in line.
func utf16Col(line string, off int) uint32 {
	var units uint32
	for _, r := range line[:min(max(off, 0), len(line))] {
		units += uint32(runeUnits(r))
	}
	return units
}

// runeUnits is how many UTF-16 code units r takes; a byte that is not
// UTF-8 decodes as U+FFFD, one unit, as editors show it.
func runeUnits(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1
}

// lineAt splits text at its 0-based line n: the byte offset where the line
// starts and the line without its ending; ok is false past the last line.
func lineAt(text string, n uint32) (start int, line string, ok bool) {
	for i := uint32(0); i < n; i++ {
		j := strings.IndexByte(text[start:], '\n')
		if j < 0 {
			return len(text), "", false
		}
		start += j + 1
	}
	line = text[start:]
	if j := strings.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	return start, strings.TrimSuffix(line, "\r"), true
}

// offset is the byte offset in text of position p.
func offset(text string, p protocol.Position) int {
	start, line, ok := lineAt(text, p.Line)
	if !ok {
		return len(text)
	}
	return start + byteCol(line, p.Character)
}

// lineIndex is a text split into lines once, for the many lookups of one
// pass: a 5,000-line buffer's diagnostics each need their line's length,
// and finding every line from the top again made that quadratic.
type lineIndex struct {
	text   string
	starts []int // the byte offset where each line starts
}

func newLineIndex(text string) lineIndex {
	starts := make([]int, 1, strings.Count(text, "\n")+1)
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, i)
	}
	return lineIndex{text: text, starts: starts}
}

// line is the 0-based line n without its ending, "" past the last line.
func (x lineIndex) line(n int) string {
	if n < 0 || n >= len(x.starts) {
		return ""
	}
	end := len(x.text)
	if n+1 < len(x.starts) {
		end = x.starts[n+1] - 1
	}
	return strings.TrimSuffix(x.text[x.starts[n]:end], "\r")
}

// length is the length of the 0-based line n, in UTF-16 units.
func (x lineIndex) length(n int) uint32 {
	line := x.line(n)
	return utf16Col(line, len(line))
}
