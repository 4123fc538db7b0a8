package markdown

import (
	"path"
	"strings"

	"handover/internal/model"
)

// sopDirs and incidentDirs are directory names that say what the markdown
// below them is. "playbooks" is not among them: those are Ansible's.
var (
	sopDirs = map[string]bool{
		"sops": true, "sop": true, "runbooks": true, "runbook": true, "procedures": true,
		"how-to": true, "howto": true, "how-to-guides": true, "guides": true,
	}
	incidentDirs = map[string]bool{
		"incidents": true, "incident": true, "postmortems": true, "postmortem": true,
		"post-mortems": true, "post-mortem": true, "incident-reports": true, "incident-report": true,
	}
)

// KindForPath returns the kind a path suggests: model.KindSOP below a
// directory named sops, sop, runbooks, runbook or procedures;
// model.KindIncident below incidents, incident, postmortems, postmortem,
// post-mortems or incident-reports; model.KindDoc for any other *.md,
// *.markdown, *.md.erb or *.rst file, and "" for any other file. Names
// compare case-insensitively, '_' as '-', at any depth; the nearest such
// directory wins. An index page (README, index) or a template in one of these
// directories is a doc: it describes the SOPs, it is not one.
func KindForPath(p string) model.Kind {
	lower := strings.ToLower(strings.ReplaceAll(p, "\\", "/"))
	ext := path.Ext(lower)
	if ext == ".erb" && strings.HasSuffix(lower, ".md.erb") {
		ext = path.Ext(strings.TrimSuffix(lower, ".erb")) + ".erb"
	}
	if ext != ".md" && ext != ".markdown" && ext != ".md.erb" && ext != ".rst" {
		return ""
	}
	dir, base := path.Split(lower)
	name := strings.TrimSuffix(strings.TrimSuffix(base, ext), ".html") // index.html.md.erb is an index
	if name == "readme" || name == "index" || name == "_index" || strings.Contains(name, "template") {
		return model.KindDoc
	}
	parts := strings.Split(strings.Trim(dir, "/"), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		d := strings.ReplaceAll(parts[i], "_", "-")
		switch {
		case sopDirs[d]:
			return model.KindSOP
		case incidentDirs[d]:
			return model.KindIncident
		}
	}
	return model.KindDoc
}

// kind decides what the file is: its front matter's kind, else the hint,
// else a doc; a doc shaped like a postmortem is an incident.
func (f *file) kind(hint model.Kind) model.Kind {
	if f.meta.kind != "" {
		return f.meta.kind
	}
	switch hint {
	case model.KindSOP, model.KindIncident:
		return hint
	}
	if f.looksLikePostmortem() || f.looksLikeDatedIncident() {
		return model.KindIncident
	}
	if f.looksLikeSOP() {
		return model.KindSOP
	}
	return model.KindDoc
}

// looksLikePostmortem reports whether at least two of root cause, impact,
// timeline and postmortem-ish ("Postmortem: ...", "Incident report")
// appear among the headings, the title's included. One of them must be a
// root cause or postmortem-ish: a design doc has "Impact" and "Timeline"
// headings too.
func (f *file) looksLikePostmortem() bool {
	seen := map[string]bool{}
	for _, h := range f.headings {
		t := normHeading(h.text)
		switch {
		case strings.HasPrefix(t, "root cause"):
			seen["root cause"] = true
		case t == "impact" || strings.HasPrefix(t, "impact "), t == "customer impact", t == "user impact":
			seen["impact"] = true
		case t == "timeline" || strings.HasPrefix(t, "timeline "):
			seen["timeline"] = true
		}
		for _, w := range []string{"postmortem", "post-mortem", "post mortem", "incident report", "retrospective", "rca"} {
			if containsWord(t, w) {
				seen["postmortem"] = true
			}
		}
	}
	return len(seen) >= 2 && (seen["root cause"] || seen["postmortem"])
}

// containsWord reports whether phrase w appears in s between word bounds.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		if (start == 0 || !isWordByte(s[start-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		i = start + 1
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// normHeading lowercases a heading and drops its numbering and trailing
// colon: "2. Root Cause:" is "root cause".
func normHeading(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	i := 0
	for i < len(s) && (isDigit(s[i]) || s[i] == '.') {
		i++
	}
	if i > 0 && i < len(s) && s[i] == ')' {
		i++
	}
	if i > 0 && (i == len(s) || s[i] == ' ' || s[i] == '\t') {
		s = s[i:]
	}
	s = strings.TrimRight(strings.TrimSpace(s), ":")
	return strings.Join(strings.Fields(s), " ")
}
