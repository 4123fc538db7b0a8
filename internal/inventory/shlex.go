package inventory

import (
	"errors"
)

// Errors of Python's shlex, with its wording: ansible puts them in its
// "Error parsing host definition" message.
var (
	errNoClosingQuotation = errors.New("No closing quotation")
	errNoEscapedCharacter = errors.New("No escaped character")
)

// shlexSplit splits s as Python's shlex.split(s, comments=True) does in POSIX
// mode, which is how ansible's INI plugin reads a host line: whitespace
// separates words, quotes group, backslash escapes, and '#' starts a comment
// even in the middle of a word. Words are appended to dst, which is returned.
// Without quotes or backslashes the words are substrings of s.
func shlexSplit(dst []string, s string) ([]string, error) {
	if out, ok := shlexSplitPlain(dst, s); ok {
		return out, nil
	}
	return shlexSplitQuoted(dst, s)
}

func isShlexSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// shlexSpecial marks the bytes that end or break a plain word: white
// space, '#', quotes and backslash. A table lookup per byte is what
// splitting a hundred thousand host lines costs, where a switch compared
// each byte with all of them.
var shlexSpecial = [256]bool{' ': true, '\t': true, '\r': true, '\n': true, '#': true, '\'': true, '"': true, '\\': true}

// shlexSplitPlain splits s when it has no quote or backslash before its
// comment; ok is false otherwise.
func shlexSplitPlain(dst []string, s string) ([]string, bool) {
	n := len(dst)
	i := 0
	for i < len(s) {
		for i < len(s) && isShlexSpace(s[i]) {
			i++
		}
		if i >= len(s) || s[i] == '#' {
			return dst, true
		}
		start := i
		for i < len(s) && !shlexSpecial[s[i]] {
			i++
		}
		if i < len(s) {
			switch s[i] {
			case '#':
				return append(dst, s[start:i]), true
			case '\'', '"', '\\':
				return dst[:n], false
			}
		}
		dst = append(dst, s[start:i])
	}
	return dst, true
}

// shlexSplitQuoted is the state machine of shlex.read_token, reduced to the
// settings shlex.split uses (posix, whitespace_split, no punctuation chars).
func shlexSplitQuoted(dst []string, s string) ([]string, error) {
	const (
		stSpace  = ' '
		stWord   = 'a'
		stEscape = '\\'
	)
	// The words together are never longer than s: they are written into
	// one buffer of that size and cut from it, where a builder per word
	// grew each by doubling (a 7 MB quoted value cost 40 MB). The buffer
	// never moves, so the words cut from it stay as they are.
	buf := make([]byte, 0, len(s))
	start := 0
	state := byte(stSpace)
	escaped := byte(stSpace) // the state an escape returns to
	quoted := false
	emit := func() {
		if len(buf) > start || quoted {
			dst = append(dst, bytesToString(buf[start:]))
		}
		start = len(buf)
		quoted = false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch state {
		case stSpace, stWord:
			switch {
			case isShlexSpace(c):
				if state == stWord {
					emit()
				}
				state = stSpace
			case c == '#':
				// The rest of the line is a comment.
				if state == stWord {
					emit()
				}
				return dst, nil
			case c == '\'' || c == '"':
				state = c
				quoted = true
			case c == '\\':
				escaped = stWord
				state = stEscape
			default:
				buf = append(buf, c)
				state = stWord
			}
		case '\'', '"':
			quoted = true
			switch {
			case c == state:
				state = stWord
			case c == '\\' && state == '"':
				escaped = state
				state = stEscape
			default:
				buf = append(buf, c)
			}
		case stEscape:
			// In POSIX shells only the quote itself or the escape character
			// may be escaped within quotes.
			if escaped == '"' && c != '\\' && c != '"' {
				buf = append(buf, '\\')
			}
			buf = append(buf, c)
			state = escaped
		}
	}
	switch state {
	case '\'', '"':
		return dst, errNoClosingQuotation
	case stEscape:
		return dst, errNoEscapedCharacter
	case stWord:
		emit()
	}
	return dst, nil
}
