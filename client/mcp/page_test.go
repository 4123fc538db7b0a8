package mcp

import (
	"strings"
	"testing"
)

func TestPage(t *testing.T) {
	card := "host\n  why  " + strings.Repeat("x", 60) + "\n  where  a.ini:3\n\n"
	text := strings.Repeat(card, 40) // about 880 tokens
	const budget = 250
	var got strings.Builder
	offset, pages := 0, 0
	for {
		p, next, err := page(text, offset, budget, 7)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if Tokens(p) > budget {
			t.Errorf("page %d: %d tokens, over %d", pages, Tokens(p), budget)
		}
		if next == "" {
			got.WriteString(p)
			break
		}
		body, _, _ := strings.Cut(p, "\n[more: ")
		if !strings.HasSuffix(body, "\n\n") {
			t.Errorf("page %d ends mid-card: %q", pages, body[max(0, len(body)-30):])
		}
		got.WriteString(body)
		if offset, err = decodeCursor(next, 7); err != nil {
			t.Fatal(err)
		}
	}
	if got.String() != text || pages < 4 {
		t.Errorf("%d pages do not put back the text", pages)
	}
	if _, err := decodeCursor(encodeCursor(cursor{Offset: 10, Query: 7}), 8); err == nil {
		t.Error("a cursor of another call was taken")
	}
	// One line longer than a page is cut mid-line, on a character.
	long := strings.Repeat("é", 3000)
	p, next, err := page(long, 0, budget, 1)
	if err != nil || next == "" || !strings.HasPrefix(long, strings.SplitN(p, "\n[more: ", 2)[0]) {
		t.Errorf("a long line: %v, next %q", err, next)
	}
}

func TestCallOf(t *testing.T) {
	a, fa, _ := callOf("ask", askArgs{Question: "q", inRepo: inRepo{paging: paging{Cursor: "c1"}}})
	_, fb, _ := callOf("ask", askArgs{Question: "q"})
	_, fc, _ := callOf("ask", askArgs{Question: "other"})
	_, fd, _ := callOf("search", searchArgs{Query: "q"})
	if a != "c1" || fa != fb || fa == fc || fa == fd {
		t.Errorf("cursor %q; fingerprints %x %x %x %x: the cursor must not count, the tool and the arguments must", a, fa, fb, fc, fd)
	}
}
