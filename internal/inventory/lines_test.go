package inventory

import (
	"strings"
	"testing"
)

// TestHasRareLineBreaks checks the word-at-a-time scan against the plain
// definition, with each break (and look-alikes that are not breaks) at
// every offset of a word and across word boundaries.
func TestHasRareLineBreaks(t *testing.T) {
	breaks := []string{"\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\u0085", "\u2028", "\u2029"}
	others := []string{"\n", "\t", "\x1f", "\x00", "\u0145", "\u2027", "\u202a", "é", "\u3000", "\xe2\x80", "\xc2"}
	plain := func(s string) bool {
		for _, b := range breaks {
			if strings.Contains(s, b) {
				return true
			}
		}
		return false
	}
	for _, pad := range []int{0, 1, 5, 6, 7, 8, 9, 15, 23} {
		for _, tail := range []int{0, 1, 3, 8, 13} {
			for _, c := range append(append([]string{}, breaks...), others...) {
				s := strings.Repeat("w", pad) + c + strings.Repeat("x", tail)
				if got, want := hasRareLineBreaks(s), plain(s); got != want {
					t.Errorf("hasRareLineBreaks(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
	if hasRareLineBreaks("[web]\n# the web servers\nweb01 ansible_host=10.0.0.1\n") {
		t.Error("a plain inventory has rare line breaks")
	}
}
