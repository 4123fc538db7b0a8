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
func hasRareLineBreaks(text string) bool {
	for _, c := range []byte{'\r', '\v', '\f', 0x1c, 0x1d, 0x1e} {
		if strings.IndexByte(text, c) >= 0 {
			return true
		}
	}
	// U+0085 is C2 85, U+2028/2029 are E2 80 A8/A9 in UTF-8.
	if strings.IndexByte(text, 0x85) >= 0 {
		return true
	}
	for i := 0; ; {
		j := strings.Index(text[i:], "\xe2\x80")
		if j < 0 {
			return false
		}
		i += j + 2
		if i < len(text) && (text[i] == 0xa8 || text[i] == 0xa9) {
			return true
		}
	}
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
