package markdown

import (
	"path"
	"regexp"
	"strings"
)

// Shape rules: a document outside the folders KindForPath knows is an SOP
// or an incident when it reads like one. Real teams keep runbooks under
// alerts/<operator>/, docs/guides/ or content/runbooks/, and postmortems
// dated only in a file name or heading, so a folder name alone finds few.

// alertTitle is an alert name as a title: "KubePodCrashLooping",
// "etcdMembersDown", "NodeFilesystemAlmostOutOfSpace".
var alertTitle = regexp.MustCompile(`^[A-Za-z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*){1,}$`)

// LooksLikeAlertName reports whether s is written like an alert's name:
// camel case of two words or more, without spaces.
func LooksLikeAlertName(s string) bool { return alertTitle.MatchString(strings.TrimSpace(s)) }

// datePattern is an ISO date, in a path, front matter or a heading.
var datePattern = regexp.MustCompile(`(?:^|[^0-9])(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9](?:[^0-9]|$)`)

// selfDeclared is an introduction that calls its document a runbook.
var selfDeclared = regexp.MustCompile(`(?i)\b(?:this|the following) (?:runbook|sop|standard operating procedure|procedure)\b`)

// indexPage reports whether p is a folder's README or index page, which
// may describe the runbooks around it in the same words.
func indexPage(p string) bool {
	name, _, _ := strings.Cut(strings.ToLower(path.Base(p)), ".")
	return name == "readme" || name == "index" || name == "_index"
}

// looksLikeSOP reports whether the headings read like a runbook: two or
// more of Meaning/Impact/Diagnosis/Mitigation (the alert runbook layout of
// kubernetes-mixin and its kin), a title that is an alert name above a
// procedural section or list, or a procedural heading with a list under it.
func (f *file) looksLikeSOP() bool {
	seen := map[string]bool{}
	stepHeading := false
	for _, h := range f.headings {
		if h == f.title {
			continue
		}
		t := normHeading(h.text)
		switch t {
		case "meaning", "impact", "diagnosis", "mitigation", "symptoms", "cause", "possible causes":
			seen[t] = true
		}
		if classify(h.text) == procedural {
			stepHeading = true
		}
	}
	if len(seen) >= 2 {
		return true
	}
	// The list and prose reads below cost most; the heading tests above
	// settle most files without them.
	name := f.titleText()
	if name == "" && len(f.headings) > 0 {
		name = f.headings[0].text // a runbook titled by a "##" heading
	}
	alert := alertTitle.MatchString(strings.TrimSpace(name))
	if alert && (stepHeading || len(seen) > 0) {
		return true
	}
	if alert || stepHeading {
		return f.hasList()
	}
	// A runbook that says so ("This runbook covers how to increase the
	// number of nodes") and has steps, in any of the shapes steps take.
	if selfDeclared.MatchString(f.introText()) && !indexPage(f.path) {
		for _, p := range f.stepsAsWritten() {
			if len(p.Steps) > 0 {
				return true
			}
		}
	}
	// A short how-to: a few sentences, each introducing its command.
	if len(f.headings) <= 3 && len(f.procedures()) == 0 {
		steps := 0
		for _, p := range f.proseProcedures() {
			steps += len(p.Steps)
		}
		return steps >= 2
	}
	return false
}

// hasList reports whether the file has steps, as a list or as prose.
func (f *file) hasList() bool {
	for _, p := range f.procedures() {
		if len(p.Steps) > 0 {
			return true
		}
	}
	return len(f.proseProcedures()) > 0
}

// looksLikeDatedIncident reports whether a date in the path, the front
// matter or the title comes with at least one incident-like section
// (Summary, Impact, Root cause, Timeline, Resolution), or front matter gives
// a date and the title names an incident, outage or degradation (a status
// page's report).
func (f *file) looksLikeDatedIncident() bool {
	dated := f.meta.date != "" || datePattern.MatchString(path.Base(f.path)) ||
		(f.title != nil && datePattern.MatchString(f.title.text))
	if !dated {
		return false
	}
	sections := 0
	for _, h := range f.headings {
		t := normHeading(h.text)
		for _, w := range []string{"summary", "impact", "root cause", "timeline", "resolution", "what happened", "lessons learned", "action items", "follow-up", "remediation"} {
			if strings.HasPrefix(t, w) {
				sections++
				break
			}
		}
	}
	if sections >= 2 {
		return true
	}
	// A status page's report: front matter with a date and a severity
	// ("down", "disrupted"), as statuspage-like Hugo sites write them.
	if f.meta.date != "" && f.meta.severity != "" && f.titleText() != "" {
		return true
	}
	if title := f.titleText(); f.meta.date != "" && title != "" {
		t := strings.ToLower(title)
		for _, w := range []string{"incident", "outage", "degraded", "degradation", "disruption", "downtime", "elevated error"} {
			if strings.Contains(t, w) {
				return true
			}
		}
	}
	return sections >= 1 && f.title != nil && datePattern.MatchString(f.title.text)
}

// titleText is the front matter's title, else the title heading's text.
func (f *file) titleText() string {
	if f.meta.title != "" {
		return f.meta.title
	}
	if f.title != nil {
		return f.title.text
	}
	return ""
}
