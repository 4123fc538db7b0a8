package ask

import (
	"regexp"
	"strings"
	"unicode"
)

// matcher tells whether text mentions a question's words, by stem: a
// word matches a text word that starts with the word's first letters
// (backups finds backup, upgrading finds upgrade). It picks the lines of a
// long text worth showing in a card.
type matcher struct {
	stems []string
	// word is the index of the question word each stem comes from (a
	// word and its synonyms share one); syn says the stem is a synonym's.
	word []int
	syn  []bool
	// why is set for a question that asks why: excerpts then show the
	// paragraphs that give a cause first.
	why bool
}

func newMatcher(words []string) matcher {
	var m matcher
	for i, w := range words {
		for j, s := range Synonyms(w) {
			if s = stem(s); len(s) >= 2 {
				m.stems = append(m.stems, s)
				m.word = append(m.word, i)
				m.syn = append(m.syn, j > 0)
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

// count is how many of the question's words text has, each by its stem
// or a synonym's.
func (m matcher) count(text string) int {
	n, _ := m.weigh(text)
	return n
}

// weigh is how many of the question's words text has, and their weight:
// a word found as asked counts 1, one found only by a synonym half, so
// that "Postgres/MySQL" outweighs "pgsql" for a question of both.
func (m matcher) weigh(text string) (int, float64) {
	if len(m.stems) == 0 {
		return 0, 0
	}
	toks := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '/')
	})
	for _, t := range toks {
		if strings.Contains(t, "/") { // Postgres/MySQL is both words; 10.0.0.0/16 stays whole too
			toks = append(toks, strings.Split(t, "/")...)
		}
	}
	found := map[int]float64{}
	for i, s := range m.stems {
		if found[m.word[i]] == 1 || m.syn[i] && found[m.word[i]] > 0 {
			continue
		}
		for _, t := range toks {
			if strings.HasPrefix(t, s) || strings.HasPrefix(strings.Trim(t, ".-/"), s) {
				found[m.word[i]] = 1
				if m.syn[i] {
					found[m.word[i]] = 0.5
				}
				break
			}
		}
	}
	w := 0.0
	for _, v := range found {
		w += v
	}
	return len(found), w
}

// excerpt is text cut to about max bytes, in units of a line with the
// lines that continue it (a wrapped list item): its first units, then for
// a why-question the paragraphs that give a cause, then the units that
// match, then the figures beside them (the "115 max connections" after
// "Django starts using connections"), in their order, with "…" where
// units were left out.
func (m matcher) excerpt(text string, max int) string {
	text = strings.TrimSpace(text)
	if len(text) <= max {
		return text
	}
	units, blocks := textUnits(text, max/2)
	keep := make([]bool, len(units))
	size := 0
	take := func(i int, limit int) bool {
		if keep[i] || size+len(units[i]) >= limit {
			return false
		}
		keep[i] = true
		size += len(units[i]) + 1
		return true
	}
	for i := range units[:min(2, len(units))] {
		take(i, max/3)
	}
	if m.why {
		for i, u := range units {
			if causal.MatchString(u) && take(i, max) {
				for j := range units {
					if blocks[j] == blocks[i] {
						take(j, max)
					}
				}
			}
		}
	}
	for i, u := range units {
		if !m.any(u) || !take(i, max) {
			continue
		}
		for _, j := range []int{i + 1, i - 1} {
			if j >= 0 && j < len(units) && hasFigure(units[j]) && !m.any(units[j]) {
				take(j, max)
			}
		}
	}
	var b strings.Builder
	gap := false
	for i, u := range units {
		switch {
		case keep[i]:
			if gap && b.Len() > 0 {
				b.WriteString("…\n")
			}
			gap = false
			b.WriteString(u)
			b.WriteByte('\n')
		case strings.TrimSpace(u) != "":
			gap = true
		}
	}
	if gap {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

// textUnits splits text into lines, each with the indented lines that
// continue it, cut to at most long bytes; blocks numbers each unit's
// paragraph (lines between blank ones).
func textUnits(text string, long int) (units []string, blocks []int) {
	block := 0
	prevBlank := true
	for _, l := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(l)
		switch {
		case trimmed == "":
			if !prevBlank {
				block++
			}
			prevBlank = true
			units = append(units, l)
			blocks = append(blocks, -1)
			continue
		case !prevBlank && len(units) > 0 && l != trimmed && strings.TrimLeft(l, " \t") == trimmed && !listItem.MatchString(trimmed) &&
			len(units[len(units)-1])+len(l) < long:
			units[len(units)-1] += "\n" + l
		default:
			if len(l) > long {
				l = cutWords(l, long) + "…"
			}
			units = append(units, l)
			blocks = append(blocks, block)
		}
		prevBlank = false
	}
	return units, blocks
}

var (
	listItem = regexp.MustCompile(`^([-*+]|\d+[.)])\s`)
	// causal finds the sentence that says why: "this is probably the
	// cause of our crash", "because", "due to".
	causal = regexp.MustCompile(`(?i)\b(because|caused?|causing|due to|reasons?|led to|result(ed|s)? in|culprit)\b`)
	// clockOrDate are the numbers that are no figure: 00:32, 2021-07-11.
	clockOrDate = regexp.MustCompile(`\d+:\d+(:\d+)?|\d{4}-\d\d-\d\d`)
	digit       = regexp.MustCompile(`\d`)
)

// hasFigure says whether text has a number other than a time or a date:
// a limit, a count, a size.
func hasFigure(text string) bool {
	return digit.MatchString(clockOrDate.ReplaceAllString(text, ""))
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
