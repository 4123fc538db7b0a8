package history

import (
	"path"
	"strings"

	"handover/internal/model"
)

// OwnersOf returns the owners of path: CODEOWNERS semantics, the last
// matching rule wins (gitignore-style patterns: /anchored, dir/, *, **).
// A matching rule without owners means nobody, as on GitHub.
func OwnersOf(rules []model.OwnerRule, path string) []string {
	for i := len(rules) - 1; i >= 0; i-- {
		if matchPattern(rules[i].Pattern, path) {
			return rules[i].Owners
		}
	}
	return nil
}

// matchPattern reports whether a CODEOWNERS pattern matches the file p.
//
// As in gitignore, a pattern with a slash other than a trailing one is
// anchored at the root, one without matches at any depth, a trailing slash
// matches directories only, * and ? do not cross a slash and ** matches any
// number of directories. A pattern matching a directory matches the files
// below it, except that dir/* matches only the files directly in dir (the
// CODEOWNERS rule, where gitignore would also take subdirectories).
func matchPattern(pattern, p string) bool {
	dirOnly := strings.HasSuffix(pattern, "/")
	pattern = strings.TrimSuffix(pattern, "/")
	anchored := strings.Contains(pattern, "/")
	pattern = strings.TrimPrefix(pattern, "/")
	if pattern == "" {
		return true // "/" is the whole repository
	}
	pat := strings.Split(pattern, "/")
	if !anchored {
		pat = append([]string{"**"}, pat...)
	}
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	if !dirOnly && matchSegments(pat, segs) {
		return true
	}
	if pat[len(pat)-1] == "*" {
		return false
	}
	for n := len(segs) - 1; n >= 1; n-- { // the directories holding p
		if matchSegments(pat, segs[:n]) {
			return true
		}
	}
	return false
}

// matchSegments matches path segments against pattern segments, "**"
// standing for any number of segments.
func matchSegments(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			pat = pat[1:]
			if len(pat) == 0 {
				return len(segs) > 0 // dir/** is what is inside dir
			}
			for i := range len(segs) + 1 {
				if matchSegments(pat, segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], segs[0]); err != nil || !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}
