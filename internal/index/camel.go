package index

import (
	"strings"
	"unicode"
)

// camelWords splits the camelCase words of s ("KubePodCrashLooping" is
// "Kube Pod Crash Looping"; "HTTPServerDown" is "HTTP Server Down"), so
// that an alert runbook titled by its alert name is found by the words a
// person types. It returns "" when no word splits. It is applied to names
// only: splitting every token (bleve's camelCase filter) would part
// "PostgreSQL" from "postgresql" in queries.
func camelWords(s string) string {
	var b strings.Builder
	split := false
	for _, word := range strings.Fields(s) {
		r := []rune(word)
		for i, c := range r {
			if i > 0 && unicode.IsUpper(c) && (unicode.IsLower(r[i-1]) || i+1 < len(r) && unicode.IsLower(r[i+1]) && unicode.IsUpper(r[i-1])) {
				b.WriteByte(' ')
				split = true
			}
			b.WriteRune(c)
		}
		b.WriteByte(' ')
	}
	if !split {
		return ""
	}
	return strings.TrimSpace(b.String())
}
