package ask

import (
	"fmt"
	"slices"
	"strings"
)

// Values lists the values of a keyword field; *index.Store has it.
type Values interface {
	Values(field string) []string
}

// maxSuggestions is how many near names a miss suggests.
const maxSuggestions = 3

// Nearest returns the values of vocab nearest to word by edit distance
// (ignoring case), at most maxSuggestions and none further than a third
// of the word's length (at least 2 edits): jenkns01 suggests jenkins01. A
// value that starts with the word counts as near.
func Nearest(vocab []string, word string) []string {
	w := strings.ToLower(word)
	limit := max(2, len(w)/3)
	type near struct {
		v string
		d int
	}
	var found []near
	for _, v := range vocab {
		lv := strings.ToLower(v)
		d := editDistance(w, lv, limit)
		if d > limit && strings.HasPrefix(lv, w+".") {
			d = limit
		}
		if d <= limit {
			found = append(found, near{v, d})
		}
	}
	slices.SortStableFunc(found, func(a, b near) int { return a.d - b.d })
	var out []string
	for _, f := range found {
		if len(out) == maxSuggestions {
			break
		}
		if !slices.Contains(out, f.v) {
			out = append(out, f.v)
		}
	}
	return out
}

// editDistance is Levenshtein's distance between a and b, or a value above
// limit as soon as it must be.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// HostMiss is the error for a host name nothing has: err (a not-found
// error) with the nearest host names appended.
func HostMiss(v Values, name string, err error) error {
	msg := fmt.Sprintf("no host named %q", name)
	if s := Nearest(v.Values("name"), name); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, ", ") + "?"
	}
	return missError{err: err, msg: msg}
}

type missError struct {
	err error
	msg string
}

func (e missError) Error() string { return e.msg }
func (e missError) Unwrap() error { return e.err }
