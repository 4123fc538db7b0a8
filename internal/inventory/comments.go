package inventory

import (
	"strings"
)

// Comments carry what inventories do not: what a host is for. The block of
// comment lines directly above a host line is its purpose; the block above
// a section header describes the group. Commented-out inventory lines are
// not prose: they are left out and end the block, so that
//
//	# old frontend, replaced by web4
//	# web3 ansible_host=10.0.0.3
//	web4
//
// gives web4 no purpose rather than a description of web3.

// commentBlock collects the contiguous comment lines above the next line.
// One line is kept without copying; more are joined when taken.
type commentBlock struct {
	first     string
	firstLine int
	more      []string
	n         int
}

func (b *commentBlock) reset() {
	b.n = 0
	b.more = b.more[:0]
}

// add takes a stripped source line that starts with a comment marker.
func (b *commentBlock) add(line string, lineno int) {
	text := commentText(line)
	if isCommentedOutCode(text) {
		b.reset()
		return
	}
	if b.n == 0 {
		if strings.TrimSpace(text) == "" {
			return // a block does not start with an empty comment line
		}
		b.first, b.firstLine = text, lineno
	} else {
		b.more = append(b.more, text)
	}
	b.n++
}

// take returns the block's text and first line, and empties the block.
func (b *commentBlock) take() (string, int) {
	if b.n == 0 {
		return "", 0
	}
	text, line := b.first, b.firstLine
	if len(b.more) > 0 {
		// Trailing empty comment lines are not part of the text.
		more := b.more
		for len(more) > 0 && strings.TrimSpace(more[len(more)-1]) == "" {
			more = more[:len(more)-1]
		}
		if len(more) > 0 {
			text = text + "\n" + strings.Join(more, "\n")
		}
	}
	b.reset()
	return text, line
}

// commentText strips the comment markers and one space after them.
func commentText(line string) string {
	i := 0
	for i < len(line) && (line[i] == '#' || line[i] == ';') {
		i++
	}
	text := line[i:]
	if len(text) > 0 && text[0] == ' ' {
		text = text[1:]
	}
	end := len(text)
	for end > 0 && (text[end-1] == ' ' || text[end-1] == '\t') {
		end--
	}
	return text[:end]
}

// isCommentedOutCode reports whether a comment's text is an inventory line
// rather than prose: a [section] header, a host with key=value variables, a
// variable assignment, a lone host-like name (one with a digit, dot or
// hyphen: "web3", "10.0.0.7", "db-master"), or a YAML key of that kind.
func isCommentedOutCode(text string) bool {
	t := pyStrip(text)
	if t == "" {
		return false
	}
	if t[0] == '[' {
		if _, _, ok := matchSection(t); ok {
			return true
		}
		if t[len(t)-1] == ']' && strings.IndexAny(t, " \t") < 0 {
			return true
		}
	}
	if isAssignment(t) {
		return true
	}
	first, rest := nextField(t)
	if rest == "" {
		if strings.HasSuffix(first, ":") && isYAMLCodeKey(first[:len(first)-1]) {
			return true
		}
		return isHostLike(first) && strings.ContainsAny(first, "0123456789.-")
	}
	if first == "-" {
		return false
	}
	if k, ok := strings.CutSuffix(first, ":"); ok {
		// "ansible_host: 10.0.0.5"
		_, more := nextField(rest)
		return more == "" && isYAMLCodeKey(k)
	}
	// A host followed by key=value pairs only. Prose fails on its second
	// word, so this is cheap.
	for rest != "" {
		var f string
		f, rest = nextField(rest)
		if !isAssignment(f) {
			return false
		}
	}
	return isHostLike(first)
}

// nextField splits the first field (separated by spaces or tabs) off s.
func nextField(s string) (field, rest string) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	j := i
	for j < len(s) && s[j] != ' ' && s[j] != '\t' {
		j++
	}
	k := j
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	return s[i:j], s[k:]
}

// isHostLike reports whether s parses as a host pattern (with ranges and a
// port) and has no '='.
func isHostLike(s string) bool {
	if strings.IndexByte(s, '=') >= 0 {
		return false
	}
	_, _, ok := parseAddress(s)
	return ok
}

// isAssignment reports whether s starts like name=value: a variable name,
// optional spaces, then '='.
func isAssignment(s string) bool {
	n := 0
	for n < len(s) && (s[n] == '_' || isASCIILetter(s[n]) || n > 0 && s[n] >= '0' && s[n] <= '9') {
		n++
	}
	if n == 0 {
		return false
	}
	rest := strings.TrimLeft(s[n:], " \t")
	return strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, "==")
}

// isYAMLCodeKey reports whether a YAML key in a comment looks like
// inventory rather than a prose label such as "Note": an inventory keyword,
// a variable name with '_' or a digit, or a host-like name.
func isYAMLCodeKey(k string) bool {
	switch k {
	case "hosts", "vars", "children", "all":
		return true
	}
	if k == "" || strings.IndexAny(k, " \t") >= 0 {
		return false
	}
	if strings.ContainsAny(k, "_0123456789") && isAssignment(k+"=") {
		return true
	}
	return isHostLike(k) && strings.ContainsAny(k, "0123456789.-")
}
