package ask

import (
	"strings"
	"unicode"
)

// matcher tells whether text mentions a question's words, by stem: a
// word matches a text word that starts with the word's first letters
// (backups finds backup, upgrading finds upgrade). It picks the lines of a
// long text worth showing in a card.
type matcher struct {
	stems []string
}

func newMatcher(words []string) matcher {
	var m matcher
	for _, w := range words {
		for _, s := range Synonyms(w) {
			if s = stem(s); len(s) >= 2 {
				m.stems = append(m.stems, s)
			}
		}
	}
	return m
}

// stem cuts common English endings, and keeps at least four letters.
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if len(w)-len(suf) >= 4 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

func (m matcher) any(text string) bool { return m.count(text) > 0 }

// count is how many of the stems text has.
func (m matcher) count(text string) int {
	if len(m.stems) == 0 {
		return 0
	}
	toks := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '/')
	})
	n := 0
	for _, s := range m.stems {
		for _, t := range toks {
			if strings.HasPrefix(t, s) || strings.HasPrefix(strings.Trim(t, ".-/"), s) {
				n++
				break
			}
		}
	}
	return n
}

// excerpt is text cut to about max bytes: its first lines, then the lines
// that match, in their order, with "…" where lines were left out.
func (m matcher) excerpt(text string, max int) string {
	text = strings.TrimSpace(text)
	if len(text) <= max {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if len(l) > max/2 {
			lines[i] = cutWords(l, max/2) + "…"
		}
	}
	keep := make([]bool, len(lines))
	size := 0
	for i, l := range lines {
		if i < 2 && size+len(l) < max/3 {
			keep[i] = true
			size += len(l) + 1
		}
	}
	for i, l := range lines {
		if !keep[i] && size+len(l) < max && m.any(l) {
			keep[i] = true
			size += len(l) + 1
		}
	}
	var b strings.Builder
	gap := false
	for i, l := range lines {
		switch {
		case keep[i]:
			if gap && b.Len() > 0 {
				b.WriteString("…\n")
			}
			gap = false
			b.WriteString(l)
			b.WriteByte('\n')
		case strings.TrimSpace(l) != "":
			gap = true
		}
	}
	if gap {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

// cutWords cuts s to at most n bytes, at a space when there is one.
func cutWords(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, ' '); i > n/2 {
		s = s[:i]
	}
	return strings.ToValidUTF8(s, "")
}
