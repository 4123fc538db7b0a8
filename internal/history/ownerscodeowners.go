package history

import (
	"path"
	"strings"

	"handover/internal/model"
)

// codeownersRoots are the directories whose CODEOWNERS-syntax OWNERS file
// speaks for the whole repository, as a CODEOWNERS file there would.
var codeownersRoots = map[string]bool{".": true, ".github": true, "docs": true, ".gitlab": true}

// codeownersShaped reports whether an OWNERS file is written in CODEOWNERS
// syntax: some line is a pattern followed by @owners or emails.
func codeownersShaped(content string) bool {
	for line := range strings.Lines(content) {
		fields := splitCodeownersLine(line)
		if len(fields) >= 2 && fields[0] != "per-file" && !strings.HasSuffix(fields[0], ":") && strings.Contains(fields[1], "@") {
			return true
		}
	}
	return false
}

// parseCodeownersOwners reads an OWNERS file written as CODEOWNERS lines
// (`path @owner`). In the root, .github/, docs/ or .gitlab/ its patterns
// are the repository's, as in a CODEOWNERS file there; elsewhere they are
// relative to the OWNERS file's directory.
func parseCodeownersOwners(file, content string) ([]model.OwnerRule, []model.Problem) {
	rules, problems := parseCodeowners(file, content)
	dir := path.Dir(file)
	if codeownersRoots[dir] {
		return rules, problems
	}
	for i, r := range rules {
		p := r.Pattern
		switch {
		case strings.HasPrefix(p, "/"):
			rules[i].Pattern = "/" + dir + p
		case strings.Contains(strings.TrimSuffix(p, "/"), "/"):
			rules[i].Pattern = "/" + dir + "/" + p // anchored, as in gitignore
		default:
			rules[i].Pattern = "/" + dir + "/**/" + p
		}
	}
	return rules, problems
}
