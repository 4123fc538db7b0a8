// Package nearest finds the names nearest to a misspelt one, by edit
// distance: the suggestions of a miss ("did you mean jenkins01?"). It
// knows nothing of where the names come from.
package nearest

import (
	"slices"
	"strings"
)

// maxSuggestions is how many near names a miss suggests.
const maxSuggestions = 3

// Names returns the values of vocab nearest to word by edit distance
// (ignoring case), at most maxSuggestions and none further than a third
// of the word's length (at least 2 edits): jenkns01 suggests jenkins01. A
// value that starts with the word counts as near.
func Names(vocab []string, word string) []string {
	w := strings.ToLower(word)
	limit := max(2, len(w)/3)
	type near struct {
		v string
		d int
	}
	var found []near
	for _, v := range vocab {
		lv := strings.ToLower(v)
		d := Distance(w, lv, limit)
		// jenkns01 is near jenkins01.prod.example.com: compare the short
		// name too.
		if short, _, ok := strings.Cut(lv, "."); ok && !strings.Contains(w, ".") {
			d = min(d, Distance(w, short, limit))
		}
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

// Distance is Levenshtein's distance between a and b, or a value above
// limit as soon as it must be.
func Distance(a, b string, limit int) int {
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
