package inventory

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Python splits and strips text with its own idea of line breaks and
// whitespace (str.splitlines, str.strip). Line numbers in ansible's errors
// come from that, so we follow it rather than bufio.Scanner.

// lineScanner yields the lines of a text the way Python's str.splitlines()
// does. It holds substrings of one string, so yielding allocates nothing.
type lineScanner struct {
	text   string
	pos    int
	simple bool // only '\n' breaks lines: the common case, scanned with IndexByte
}

func newLineScanner(text string) *lineScanner {
	return &lineScanner{text: text, simple: !hasRareLineBreaks(text)}
}

// hasRareLineBreaks reports whether text holds any line break other than
// '\n': "\r", "\v", "\f", "\x1c".."\x1e", U+0085, U+2028, U+2029.
//
// It reads text once, eight bytes at a time: a word of printable ASCII
// (most of an inventory) is passed over with two arithmetic tests, and
// only words with a control byte or a non-ASCII byte are looked at byte by
// byte. One pass instead of one per break character matters for a
// 100,000-host inventory of 13 MB.
func hasRareLineBreaks(text string) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(text); i += 8 {
		t := text[i : i+8]
		w := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		// A byte of the word is below 0x20 or at least 0x80 (the classic
		// "has a byte less than n" test, or'ed with the high bits).
		if (w-0x20*ones)&^w&highs == 0 && w&highs == 0 {
			continue
		}
		if rareBreakAt(text, i, i+8) {
			return true
		}
	}
	return rareBreakAt(text, i, len(text))
}

// rareBreakAt reports whether a rare line break starts in text[from:to]
// (U+2028 and U+2029 may end after to).
func rareBreakAt(text string, from, to int) bool {
	for i := from; i < to; i++ {
		switch c := text[i]; c {
		case '\r', '\v', '\f', 0x1c, 0x1d, 0x1e:
			return true
		case 0xc2: // U+0085 is C2 85
			if i+1 < len(text) && text[i+1] == 0x85 {
				return true
			}
		case 0xe2: // U+2028 and U+2029 are E2 80 A8 and E2 80 A9
			if i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0xa8 || text[i+2] == 0xa9) {
				return true
			}
		}
	}
	return false
}

// next returns the next line without its terminator; ok is false at the end.
func (l *lineScanner) next() (line string, ok bool) {
	if l.pos >= len(l.text) {
		return "", false
	}
	rest := l.text[l.pos:]
	if l.simple {
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			l.pos = len(l.text)
			return rest, true
		}
		l.pos += i + 1
		return rest[:i], true
	}
	for i := 0; i < len(rest); {
		c := rest[i]
		switch {
		case c == '\n' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e):
			l.pos += i + 1
			return rest[:i], true
		case c == '\r':
			n := 1
			if i+1 < len(rest) && rest[i+1] == '\n' {
				n = 2
			}
			l.pos += i + n
			return rest[:i], true
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRuneInString(rest[i:])
			if r == 0x85 || r == 0x2028 || r == 0x2029 {
				l.pos += i + size
				return rest[:i], true
			}
			i += size
		}
	}
	l.pos = len(l.text)
	return rest, true
}

// isPySpace reports whether r is whitespace for Python's str.isspace().
func isPySpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0:
		return true
	}
	return r > 0xff && unicode.IsSpace(r)
}

// pyStrip is Python's str.strip() without arguments.
func pyStrip(s string) string {
	start := 0
	for start < len(s) {
		c := s[start]
		if c < utf8.RuneSelf {
			if c != ' ' && c != '\t' && (c < '\n' || c > '\r') && (c < 0x1c || c > 0x1f) {
				break
			}
			start++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[start:])
		if !isPySpace(r) {
			break
		}
		start += size
	}
	end := len(s)
	for end > start {
		c := s[end-1]
		if c < utf8.RuneSelf {
			if c != ' ' && c != '\t' && (c < '\n' || c > '\r') && (c < 0x1c || c > 0x1f) {
				break
			}
			end--
			continue
		}
		r, size := utf8.DecodeLastRuneInString(s[start:end])
		if !isPySpace(r) {
			break
		}
		end -= size
	}
	return s[start:end]
}
