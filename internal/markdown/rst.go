package markdown

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// reStructuredText is read by rewriting the subset runbooks use into
// markdown line for line, then reading that like any markdown file, so
// that shape rules, steps and sections work the same in both. No
// maintained Go reader of reStructuredText exists (see the README's
// dependency table). The subset:
//
//   - section titles: a line underlined (and maybe overlined) with one
//     punctuation character repeated; levels in the order styles first
//     appear, as docutils assigns them;
//   - bulleted (-, *, +) and enumerated (1., 1), (1), #.) lists, nested by
//     indentation: markdown reads them alike once (1) is 1) and #. a number;
//   - literal blocks after "::" and code-block, code and sourcecode
//     directives, as fenced code at their list item's indentation;
//   - admonitions (note, warning, ...) as a bold label and their text;
//   - a field list line (:owner: alice) as "owner: alice", the metadata
//     line markdown files write;
//   - comments, targets and other directives are left out.
//
// Every line keeps its number, so every Source points into the .rst file;
// only a literal block ending without a blank line adds one after it.

// rstDirective is ".. name:: argument".
var rstDirective = regexp.MustCompile(`^(\s*)\.\.\s+([A-Za-z0-9_:-]+?)::\s*(.*)$`)

// rstEnum is an enumerated list item's marker and the space after it.
var rstEnum = regexp.MustCompile(`^(\s*)(\(?)([0-9]+|#)([.)])(\s+)`)

// rstField is a field list line at the left margin.
var rstField = regexp.MustCompile(`^:([A-Za-z][A-Za-z0-9 _-]*):\s+(.*)$`)

var rstAdmonitions = map[string]string{
	"note": "Note", "warning": "Warning", "tip": "Tip", "important": "Important", "caution": "Caution",
	"attention": "Attention", "danger": "Danger", "hint": "Hint", "error": "Error", "seealso": "See also",
}

// IsRST reports whether a path is a reStructuredText file.
func IsRST(p string) bool { return strings.HasSuffix(strings.ToLower(p), ".rst") }

// rstToMarkdown rewrites reStructuredText as markdown, line for line.
func rstToMarkdown(src []byte) []byte {
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	r := &rstRewriter{in: lines, out: append([]string(nil), lines...), levels: map[string]int{}}
	for i := 0; i < len(lines); {
		i = r.line(i)
	}
	return []byte(strings.Join(r.out, "\n"))
}

type rstRewriter struct {
	in, out []string
	levels  map[string]int // title style -> heading level
	num     map[int]int    // indentation -> the last "#." number there
}

// line rewrites the construct starting at line i and returns the line
// after it.
func (r *rstRewriter) line(i int) int {
	line := strings.TrimRight(r.in[i], " \t")
	if n := r.title(i); n > 0 {
		return i + n
	}
	if m := rstDirective.FindStringSubmatch(line); m != nil {
		return r.directive(i, m[1], strings.ToLower(m[2]), strings.TrimSpace(m[3]))
	}
	if t := strings.TrimSpace(line); strings.HasPrefix(t, "..") && (t == ".." || strings.HasPrefix(t, ".. ")) {
		// A comment or a target: it and its indented lines go.
		end := r.blockEnd(i+1, indentOf(line))
		for j := i; j < end; j++ {
			r.out[j] = ""
		}
		return end
	}
	if m := rstField.FindStringSubmatch(line); m != nil {
		r.out[i] = m[1] + ": " + m[2]
		return i + 1
	}
	r.out[i] = r.enumMarker(line)
	if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#.") {
		// Text that is not an auto-numbered item ends such lists here.
		for col := range r.num {
			if col >= indentOf(line) {
				delete(r.num, col)
			}
		}
	}
	if strings.HasSuffix(line, "::") {
		return r.literal(i, line)
	}
	return i + 1
}

// title rewrites an (over- and) underlined title as a "#" heading and
// returns how many lines it took, 0 when line i starts none.
func (r *rstRewriter) title(i int) int {
	line := strings.TrimRight(r.in[i], " \t")
	if i > 0 && strings.TrimSpace(r.in[i-1]) != "" && r.out[i-1] != "" {
		return 0 // a title starts after a blank line, or first
	}
	if isAdornment(line) && i+2 < len(r.in) {
		text, under := strings.TrimSpace(r.in[i+1]), strings.TrimRight(r.in[i+2], " \t")
		if text != "" && under == line {
			r.out[i], r.out[i+1], r.out[i+2] = "", r.heading("over"+line[:1], text), ""
			return 3
		}
	}
	if line == "" || indentOf(line) > 0 || i+1 >= len(r.in) {
		return 0
	}
	under := strings.TrimRight(r.in[i+1], " \t")
	if !isAdornment(under) || utf8.RuneCountInString(under) < min(utf8.RuneCountInString(line), 4) {
		return 0
	}
	r.out[i], r.out[i+1] = r.heading(under[:1], strings.TrimSpace(line)), ""
	return 2
}

func (r *rstRewriter) heading(style, text string) string {
	level, ok := r.levels[style]
	if !ok {
		level = min(len(r.levels)+1, 6)
		r.levels[style] = level
	}
	return strings.Repeat("#", level) + " " + text
}

// isAdornment reports whether s is one punctuation character repeated,
// three times or more.
func isAdornment(s string) bool {
	if len(s) < 3 {
		return false
	}
	c := s[0]
	if !strings.ContainsRune("=-~^\"'`#*+_:.<>!$%&,/;?@|", rune(c)) {
		return false
	}
	return strings.Count(s, s[:1]) == len(s)
}

// enumMarker writes "(1)" as "1)" and numbers "#." items, keeping the
// text's column.
func (r *rstRewriter) enumMarker(line string) string {
	m := rstEnum.FindStringSubmatchIndex(line)
	if m == nil {
		return line
	}
	pad, paren, num, suffix, space := line[m[2]:m[3]], line[m[4]:m[5]], line[m[6]:m[7]], line[m[8]:m[9]], line[m[10]:m[11]]
	if paren != "" && suffix != ")" {
		return line
	}
	if num == "#" {
		if r.num == nil {
			r.num = map[int]int{}
		}
		r.num[len(pad)]++
		num = strconv.Itoa(r.num[len(pad)])
	}
	marker := num + suffix
	// Keep the text where it was: markdown nests by the text's column.
	width := len(paren) + len(line[m[6]:m[7]]) + len(suffix) + len(space)
	return pad + marker + strings.Repeat(" ", max(1, width-len(marker))) + line[m[1]:]
}

// literal rewrites the paragraph line ending in "::" and the indented
// literal block after it.
func (r *rstRewriter) literal(i int, line string) int {
	t := strings.TrimSpace(line)
	switch {
	case t == "::":
		r.out[i] = ""
	case strings.HasSuffix(t, " ::"):
		r.out[i] = strings.TrimSuffix(strings.TrimRight(r.out[i], " \t"), " ::")
	default:
		r.out[i] = strings.TrimSuffix(strings.TrimRight(r.out[i], " \t"), ":")
	}
	// The block is what is indented past the paragraph's text: in a list
	// item, text back at the item's column continues the item.
	col := textColumn(line)
	return r.fence(i+1, col, col, "")
}

// directive rewrites a directive at line i whose name and argument are
// given, and returns the line after it.
func (r *rstRewriter) directive(i int, pad, name, arg string) int {
	col := len(pad)
	switch name {
	case "code-block", "code", "sourcecode":
		r.out[i] = ""
		j := i + 1
		for j < len(r.in) && strings.HasPrefix(strings.TrimSpace(r.in[j]), ":") && indentOf(r.in[j]) > col {
			r.out[j] = "" // options
			j++
		}
		return r.fence(j, col, col, arg)
	}
	end := r.blockEnd(i+1, col)
	if label, ok := rstAdmonitions[name]; ok {
		r.out[i] = strings.TrimRight(pad+"**"+label+":** "+arg, " ")
		for j := i + 1; j < end; j++ {
			r.out[j] = reindent(r.in[j], r.blockIndent(i+1, end), col)
		}
		return end
	}
	for j := i; j < end; j++ {
		r.out[j] = ""
	}
	return end
}

// fence makes the lines indented more than indent, from line start on,
// a fenced code block at column col: the blank line before them opens
// it, the blank line after them closes it.
func (r *rstRewriter) fence(start, col, indent int, lang string) int {
	end := r.blockEnd(start, indent)
	first := start
	for first < end && strings.TrimSpace(r.in[first]) == "" {
		first++
	}
	if first == end {
		return end // no block: nothing to fence
	}
	last := end - 1
	for strings.TrimSpace(r.in[last]) == "" {
		last--
	}
	pad := strings.Repeat(" ", col)
	opening := pad + "```" + lang
	if first > start {
		r.out[first-1] = opening
	} else {
		r.out[start-1] += "\n" + opening // no blank line: one line more
	}
	in := r.blockIndent(first, last+1)
	for j := first; j <= last; j++ {
		r.out[j] = reindent(r.in[j], in, col)
	}
	if last+1 < len(r.in) && strings.TrimSpace(r.in[last+1]) == "" {
		r.out[last+1] = pad + "```"
		return last + 2
	}
	r.out[last] += "\n" + pad + "```"
	return last + 1
}

// blockEnd is the first line from start on that is not blank and is
// indented no more than indent.
func (r *rstRewriter) blockEnd(start, indent int) int {
	j := start
	for j < len(r.in) && (strings.TrimSpace(r.in[j]) == "" || indentOf(r.in[j]) > indent) {
		j++
	}
	return j
}

// blockIndent is the least indentation of the non-blank lines in [from, to).
func (r *rstRewriter) blockIndent(from, to int) int {
	least := -1
	for j := from; j < to; j++ {
		if strings.TrimSpace(r.in[j]) != "" && (least < 0 || indentOf(r.in[j]) < least) {
			least = indentOf(r.in[j])
		}
	}
	return max(least, 0)
}

// reindent moves a line from indentation from to col.
func reindent(line string, from, col int) string {
	if strings.TrimSpace(line) == "" {
		return ""
	}
	line = strings.ReplaceAll(line, "\t", "        ")
	return strings.Repeat(" ", col) + line[min(from, indentOf(line)):]
}

func indentOf(s string) int {
	n := 0
	for _, c := range s {
		switch c {
		case ' ':
			n++
		case '\t':
			n += 8 - n%8
		default:
			return n
		}
	}
	return n
}

// textColumn is where a line's text starts: after a list marker for an
// item, else its indentation.
func textColumn(line string) int {
	col := indentOf(line)
	rest := line[min(col, len(line)):]
	if len(rest) > 2 && strings.ContainsRune("-*+", rune(rest[0])) && rest[1] == ' ' {
		return col + 2
	}
	if m := rstEnum.FindStringIndex(rest); m != nil {
		return col + m[1]
	}
	return col
}
