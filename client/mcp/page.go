package mcp

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"unicode/utf8"
)

// MaxResultTokens is the most one tool result holds. Agents cap what they
// take from a tool (Claude Code refuses results over 25k tokens) and every
// token of it crowds their context, so a longer answer comes in pages.
const MaxResultTokens = 8000

// Tokens estimates how many tokens text costs an agent: a character is
// about a quarter of a token in English and in code. It is what the page
// size and the description budget are measured in.
func Tokens(text string) int {
	return (utf8.RuneCountInString(text) + 3) / 4
}

// footerTokens is kept free on every page for the line that says how to
// get the next one.
const footerTokens = 100

// cursor is where the next page of a result starts: a byte offset into the
// whole text, and a fingerprint of the tool and arguments it belongs to, so
// that a cursor given with other arguments fails instead of cutting
// another answer at a place that means nothing in it.
type cursor struct {
	Offset int    `json:"o"`
	Query  uint64 `json:"q"`
}

var errCursor = errors.New("the cursor is not from this tool with these arguments: call it again without one")

// callOf reads a call's cursor, and its fingerprint: the tool and its
// arguments, the cursor left out.
func callOf(tool string, args any) (cur string, fp uint64, err error) {
	b, err := json.Marshal(args)
	if err != nil {
		return "", 0, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return "", 0, err
	}
	cur, _ = m["cursor"].(string)
	delete(m, "cursor")
	b, err = json.Marshal(m) // a map's keys marshal sorted: one call, one fingerprint
	if err != nil {
		return "", 0, err
	}
	h := fnv.New64a()
	h.Write([]byte(tool))
	h.Write([]byte{0})
	h.Write(b)
	return cur, h.Sum64(), nil
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c) // two numbers cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor returns the offset a cursor points at; 0 for none.
func decodeCursor(s string, fp uint64) (int, error) {
	if s == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, errCursor
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || c.Query != fp || c.Offset <= 0 {
		return 0, errCursor
	}
	return c.Offset, nil
}

// page cuts the page that starts at offset from text, at most budget
// tokens long with its footer, and returns it with the cursor of the next
// page ("" on the last). A page ends at a blank line when one is in its
// second half, so that a card or a section stays whole; else at a line
// end; else mid-line.
func page(text string, offset, budget int, fp uint64) (string, string, error) {
	if offset > len(text) {
		return "", "", errCursor // the answer changed since the cursor was made
	}
	rest := text[offset:]
	if Tokens(rest) <= budget {
		return rest, "", nil
	}
	n := cutAt(rest, 4*(budget-footerTokens))
	next := encodeCursor(cursor{Offset: offset + n, Query: fp})
	lines := strings.Count(text[:offset+n], "\n")
	footer := fmt.Sprintf("\n[more: this page ends at line %d of %d; call again with cursor %q for the next]\n",
		lines, strings.Count(text, "\n")+1, next)
	return rest[:n] + footer, next, nil
}

// cutAt is where to end a page of s of at most max characters: after a
// blank line, a line or a character, whichever comes last in its second
// half.
func cutAt(s string, limit int) int {
	// limit bytes hold at most limit characters; walk back to a rune start.
	n := min(len(s), limit)
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	head := s[:n]
	if i := strings.LastIndex(head, "\n\n"); i >= n/2 {
		return i + 2
	}
	if i := strings.LastIndex(head, "\n"); i >= n/2 {
		return i + 1
	}
	return max(n, 1)
}
