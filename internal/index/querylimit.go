package index

import (
	"fmt"
	"unicode"
)

// QueryLimits bound a query before bleve parses it: bleve's query string
// parser is a yacc grammar whose time grows steeply with nesting (400 KB
// of parentheses took 22.7 s in issue 16), and every clause becomes a
// searcher over every segment. Zero fields are no limit.
type QueryLimits struct {
	MaxLength  int // bytes of Text
	MaxClauses int // terms and phrases of Text, or words of Words
	MaxDepth   int // nested parentheses of Text
}

// QueryLimitError is a query over one of its limits, named as handover.ini
// names it so the person can raise it or shorten the query.
type QueryLimitError struct {
	Limit string // max-query-length, max-query-clauses or max-query-depth
	Max   int
	Got   int // as far as it was counted: counting stops past Max
}

func (e *QueryLimitError) Error() string {
	return fmt.Sprintf("query over %s: %d, at most %d", e.Limit, e.Got, e.Max)
}

// Unwrap makes a QueryLimitError an ErrInvalidArgument: the query, not the
// server, has to change.
func (e *QueryLimitError) Unwrap() error { return ErrInvalidArgument }

// SetQueryLimits sets the limits Search checks every query against. Call
// it before the Store answers queries.
func (s *Store) SetQueryLimits(l QueryLimits) { s.queryLimits = l }

// Check reports the first limit text or words exceed. It reads text once,
// without parsing it, so that its cost is linear in the length whatever
// the text holds.
func (l QueryLimits) Check(text string, words [][]string) error {
	over := func(limit string, max, got int) error {
		if max > 0 && got > max {
			return &QueryLimitError{Limit: limit, Max: max, Got: got}
		}
		return nil
	}
	if err := over("max-query-length", l.MaxLength, len(text)); err != nil {
		return err
	}
	if err := over("max-query-clauses", l.MaxClauses, len(words)); err != nil {
		return err
	}
	clauses, depth, maxDepth := 0, 0, 0
	inWord, quoted := false, false
	for _, r := range text {
		switch {
		case quoted:
			quoted = r != '"'
			continue
		case r == '"':
			quoted, inWord = true, false
			clauses++
		case r == '(':
			depth++
			maxDepth = max(maxDepth, depth)
			inWord = false
		case r == ')':
			depth = max(depth-1, 0)
			inWord = false
		case unicode.IsSpace(r):
			inWord = false
		case !inWord:
			inWord = true
			clauses++
		}
		if err := over("max-query-depth", l.MaxDepth, maxDepth); err != nil {
			return err
		}
		if err := over("max-query-clauses", l.MaxClauses, clauses); err != nil {
			return err
		}
	}
	return nil
}
