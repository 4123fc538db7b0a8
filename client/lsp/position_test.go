package lsp

import (
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func TestColumnsCountUTF16Units(t *testing.T) {
	// "é" is 2 bytes and 1 unit, "☕" 3 bytes and 1 unit, "🚀" 4 bytes
	// and 2 units (a surrogate pair), "\xff" 1 byte shown as U+FFFD.
	line := "é☕🚀\xffweb01"
	for _, c := range []struct {
		col  uint32
		byte int
	}{
		{0, 0}, {1, 2}, {2, 5}, {3, 9}, {4, 9}, {5, 10}, {6, 11}, {10, 15}, {99, 15},
	} {
		if got := byteCol(line, c.col); got != c.byte {
			t.Errorf("byteCol(%d) = %d, want %d", c.col, got, c.byte)
		}
	}
	for _, c := range []struct {
		byte int
		col  uint32
	}{
		{0, 0}, {2, 1}, {5, 2}, {9, 4}, {10, 5}, {15, 10}, {99, 10},
	} {
		if got := utf16Col(line, c.byte); got != c.col {
			t.Errorf("utf16Col(%d) = %d, want %d", c.byte, got, c.col)
		}
	}
	lines := newLineIndex("x\n" + line + "\r\nz\n")
	for n, want := range []uint32{1, 10, 1, 0, 0} {
		if got := lines.length(n); got != want {
			t.Errorf("length of line %d = %d, want %d units", n, got, want)
		}
	}
}

func TestRangedChangeAfterWideRunes(t *testing.T) {
	text := "[db]\n# 🚀 primary: pg01\npg02\n"
	// Replace "pg01" (UTF-16 columns 14-18 of line 1) with "pg03".
	got := applyChange(text, protocol.TextDocumentContentChangeEvent{
		Range: &protocol.Range{Start: protocol.Position{Line: 1, Character: 14}, End: protocol.Position{Line: 1, Character: 18}},
		Text:  "pg03",
	})
	if want := "[db]\n# 🚀 primary: pg03\npg02\n"; got != want {
		t.Errorf("applyChange = %q, want %q", got, want)
	}
	if w := wordAt("# 🚀 primary: pg01", byteCol("# 🚀 primary: pg01", 15)); w != "pg01" {
		t.Errorf("word at UTF-16 column 15 = %q, want pg01", w)
	}
}
