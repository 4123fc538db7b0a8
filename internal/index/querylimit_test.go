package index

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestQueryLimits(t *testing.T) {
	l := QueryLimits{MaxLength: 200, MaxClauses: 4, MaxDepth: 2}
	for _, tt := range []struct {
		text  string
		words [][]string
		limit string // "" when within the limits
	}{
		{text: "+env:production database -staging"},
		{text: `"a long phrase of many words" counts once`},
		{text: "(a (b))"},
		{text: "((( a )))", limit: "max-query-depth"},
		{text: "a b c d e", limit: "max-query-clauses"},
		{text: strings.Repeat("x", 201), limit: "max-query-length"},
		{words: [][]string{{"a"}, {"b"}, {"c"}, {"d"}, {"e", "f"}}, limit: "max-query-clauses"},
	} {
		err := l.Check(tt.text, tt.words)
		var le *QueryLimitError
		switch {
		case tt.limit == "" && err != nil:
			t.Errorf("Check(%q) = %v, want nil", tt.text, err)
		case tt.limit != "" && (!errors.As(err, &le) || le.Limit != tt.limit || !errors.Is(err, ErrInvalidArgument)):
			t.Errorf("Check(%q) = %v, want over %s", tt.text, err, tt.limit)
		}
	}
}

// TestQueryLimitsBeforeParsing: the text that took bleve 22.7 s to parse
// is refused in well under a second, before bleve sees it.
func TestQueryLimitsBeforeParsing(t *testing.T) {
	s := newStore(t.TempDir(), Options{})
	s.SetQueryLimits(QueryLimits{MaxLength: 1 << 20, MaxClauses: 64, MaxDepth: 8})
	text := strings.Repeat("(", 200_000) + "a" + strings.Repeat(")", 200_000)
	start := time.Now()
	_, err := s.Search(context.Background(), Query{Text: text})
	if le, ok := errors.AsType[*QueryLimitError](err); !ok || le.Limit != "max-query-depth" {
		t.Fatalf("Search = %v, want over max-query-depth", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("refusing took %v", took)
	}
}
