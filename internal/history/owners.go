package history

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"handover/internal/limits"
	"handover/internal/model"
)

// codeownersPlaces are where GitHub, then GitLab, look for CODEOWNERS. Like
// them, ReadOwners uses the first one found.
var codeownersPlaces = []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"}

// ReadOwners reads the CODEOWNERS and OWNERS files among files (slash paths
// relative to root, as repo.Scan lists them in Result.Owners; other paths
// are passed over) into rules, in order. It does not walk root itself: the
// repository's one walk, with its one skip list, has found them.
//
// A CODEOWNERS file counts in the root, .github/, docs/ or .gitlab/; of
// several the first of .github/, root, docs/, .gitlab/ is used, as GitHub
// does, and the others are reported. OWNERS files count in any directory
// (Kubernetes/Chromium style: one owner per line, `# comments`, patterns
// relative to the OWNERS file's directory). Their rules follow the
// CODEOWNERS rules, shallow directories first, so that with "last match
// wins" the nearest OWNERS file decides. An OWNERS file owns its directory
// and everything below it; Chromium's `per-file glob=owners` lines add a
// rule for matching files in that directory only, and Kubernetes' YAML
// (approvers:, reviewers: lists) is read as its approvers, else reviewers.
func ReadOwners(root string, files []string, lim limits.Limits) ([]model.OwnerRule, []model.Problem) {
	var rules []model.OwnerRule
	var problems []model.Problem
	read := func(p string, parse func(file, content string) ([]model.OwnerRule, []model.Problem)) {
		b, fileProblems, ok := lim.ReadText(root, p)
		problems = append(problems, fileProblems...)
		if !ok {
			return
		}
		r, pr := parse(p, string(b))
		rules, problems = append(rules, r...), append(problems, pr...)
	}
	used := ""
	for _, p := range codeownersPlaces {
		if !slices.Contains(files, p) {
			continue
		}
		if used != "" {
			problems = append(problems, problemf(p, 0, model.SeverityWarning, "ignored: %s takes precedence", used))
			continue
		}
		used = p
		read(p, parseCodeowners)
	}

	var owners []string
	for _, p := range files {
		if path.Base(p) == "OWNERS" {
			owners = append(owners, p)
		}
	}
	slices.SortFunc(owners, func(a, b string) int {
		if c := cmp.Compare(strings.Count(a, "/"), strings.Count(b, "/")); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for _, p := range owners {
		read(p, parseOwnersFile)
	}
	return rules, problems
}

func problemf(p string, line int, sev model.Severity, format string, args ...any) model.Problem {
	return model.Problem{Source: model.Source{Path: p, Line: line}, Severity: sev, Message: fmt.Sprintf(format, args...)}
}

// parseCodeowners reads "pattern owner..." lines. GitLab's [Section] headers
// are skipped (their default owners are not applied).
func parseCodeowners(file, content string) ([]model.OwnerRule, []model.Problem) {
	var rules []model.OwnerRule
	var problems []model.Problem
	n := 0
	for line := range strings.Lines(content) {
		n++
		fields := splitCodeownersLine(line)
		if len(fields) == 0 {
			continue
		}
		if strings.HasPrefix(fields[0], "[") || strings.HasPrefix(fields[0], "^[") {
			continue // GitLab section
		}
		rule := model.OwnerRule{Pattern: fields[0], Source: model.Source{Path: file, Line: n}}
		for _, o := range fields[1:] {
			if !strings.Contains(o, "@") {
				problems = append(problems, problemf(file, n, model.SeverityWarning, "%q is not an @user, @org/team or email; ignored", o))
				continue
			}
			rule.Owners = append(rule.Owners, o)
		}
		rules = append(rules, rule)
	}
	return rules, problems
}

// splitCodeownersLine splits a line at blanks, honouring `\ ` and `\#` in
// the pattern and dropping a comment (# at the start of a field).
func splitCodeownersLine(line string) []string {
	var fields []string
	var cur strings.Builder
	inField := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '#'):
			cur.WriteByte(line[i+1])
			inField = true
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			if inField {
				fields = append(fields, cur.String())
				cur.Reset()
				inField = false
			}
		case c == '#' && !inField:
			return fields
		default:
			cur.WriteByte(c)
			inField = true
		}
	}
	if inField {
		fields = append(fields, cur.String())
	}
	return fields
}

// parseOwnersFile reads an OWNERS file at file (a slash path): CODEOWNERS
// lines when it is written so (parseCodeownersOwners), else a list of names
// or Kubernetes YAML.
func parseOwnersFile(file, content string) ([]model.OwnerRule, []model.Problem) {
	if codeownersShaped(content) {
		return parseCodeownersOwners(file, content)
	}
	dir := path.Dir(file)
	dirPattern := "*"
	if dir != "." {
		dirPattern = "/" + dir + "/"
	}
	main := model.OwnerRule{Pattern: dirPattern, Source: model.Source{Path: file, Line: 1}}
	var perFile []model.OwnerRule
	var problems []model.Problem
	var approvers, reviewers []string
	yamlKey := "" // the YAML list being read, Kubernetes style
	n := 0
	for line := range strings.Lines(content) {
		n++
		text, _, _ := strings.Cut(line, "#")
		text = strings.TrimSpace(text)
		switch {
		case text == "":
		case strings.HasSuffix(text, ":") && !strings.Contains(text, " "):
			yamlKey = strings.TrimSuffix(text, ":")
		case strings.HasPrefix(text, "- "):
			owner := strings.Trim(strings.TrimSpace(text[2:]), `"'`)
			switch yamlKey {
			case "approvers":
				approvers = append(approvers, owner)
			case "reviewers":
				reviewers = append(reviewers, owner)
			}
		case strings.HasPrefix(text, "per-file "):
			globs, owners, ok := strings.Cut(strings.TrimPrefix(text, "per-file "), "=")
			if !ok {
				problems = append(problems, problemf(file, n, model.SeverityWarning, "per-file line without '='"))
				continue
			}
			var list []string
			for o := range strings.SplitSeq(owners, ",") {
				if o = strings.TrimSpace(o); o != "" && o != "*" {
					list = append(list, o)
				}
			}
			for g := range strings.SplitSeq(globs, ",") {
				g = strings.TrimSpace(g)
				if dir != "." {
					g = dir + "/" + g
				}
				perFile = append(perFile, model.OwnerRule{Pattern: "/" + g, Owners: list, Source: model.Source{Path: file, Line: n}})
			}
		case text == "*" || text == "set noparent":
			// "anyone" and "do not inherit": last-match-wins already makes the
			// nearest OWNERS file decide.
		case strings.HasPrefix(text, "include ") || strings.HasPrefix(text, "file:") || strings.HasPrefix(text, "set "):
			problems = append(problems, problemf(file, n, model.SeverityWarning, "%q is not supported; ignored", text))
		case strings.ContainsAny(text, " \t:"):
			if yamlKey != "" {
				continue // other Kubernetes keys: labels, options, filters
			}
			problems = append(problems, problemf(file, n, model.SeverityWarning, "%q is not an owner; ignored", text))
		default:
			main.Owners = append(main.Owners, text)
		}
	}
	main.Owners = append(main.Owners, approvers...)
	if len(approvers) == 0 {
		main.Owners = append(main.Owners, reviewers...)
	}
	return append([]model.OwnerRule{main}, perFile...), problems
}
