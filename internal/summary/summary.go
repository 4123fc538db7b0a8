// Package summary writes the two documents people ask handover for most:
// an onboarding summary for someone starting on a project, and a handoff
// summary for someone going on leave (or leaving), so that whoever covers
// for them knows what they changed, what they own, what is still open and
// whom else to ask.
//
// It builds a Document from model values only: what the parsers, the linter
// and git history already found. It does not search an index or talk gRPC,
// and it renders the same Document as Markdown (for a terminal or a code
// host) or as one self-contained HTML page. Every line cites the file and
// line it comes from, so a reader can check it and read on.
package summary

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"handover/internal/lint"
	"handover/internal/model"
)

// Input is everything known about one repository.
type Input struct {
	Repo      string
	Root      string
	IndexedAt time.Time
	Hosts     []model.Host // every host of every inventory
	Groups    []model.Group
	Resources []model.Resource // managed and data
	Modules   []model.ModuleCall
	// ModuleDirs are the Terraform module directories (roots and
	// reusable modules), without their variable files' values.
	ModuleDirs []model.ModuleDir
	SOPs       []model.SOP
	Alerts     []model.Alert
	Incidents  []model.Incident
	Docs       []model.Doc             // one Section each, as the index stores them; grouped by Source.Path
	Dynamic    []model.InventorySource // cloud and CMDB plugins, inventory scripts
	Problems   []model.Problem
	Findings   []model.Finding // lint
	History    *model.History  // nil when the repository is not a git work tree
	Now        time.Time       // for ages; zero means time.Now()
	SOPMaxAge  time.Duration   // 0 means 365 days
}

// Document is a summary before rendering: sections of lines, each line
// citing its source.
type Document struct {
	Title     string
	Subtitle  string
	Generated time.Time
	Sections  []Section
}

// Section IDs are stable: clients may link to them or pick sections out.
const (
	// Onboarding.
	SectionEnvironments = "environments"
	SectionPlacement    = "placement"
	SectionHosts        = "hosts"
	SectionTerraform    = "terraform"
	SectionApply        = "terraform-apply"
	SectionSOPs         = "sops"
	SectionAlerts       = "alerts"
	SectionIncidents    = "incidents" // in a handoff too: the incidents they handled
	SectionConventions  = "conventions"
	SectionOwners       = "owners"
	SectionStartHere    = "start-here"

	// Handoff.
	SectionChanged     = "changed"
	SectionOwns        = "owns"
	SectionFollowUps   = "follow-ups"
	SectionOverdueSOPs = "overdue-sops"
	SectionBackups     = "backups"
)

// Section is one question the document answers.
type Section struct {
	ID    string
	Title string
	Intro string // one or two sentences, may be empty
	Table *Table // optional
	Lines []Line
}

// Table is a small grid, rendered as a GFM pipe table or an HTML table.
type Table struct {
	Columns []string
	Rows    [][]Cell
}

// Cell is one table cell.
type Cell struct {
	Text   string
	Source model.Source // optional citation
}

// Line levels.
const (
	LevelWarning = "warning" // bus factor 1, overdue, lint error: rendered with emphasis
)

// Line is one statement with the place it comes from.
type Line struct {
	Text   string
	Source model.Source // the file:line it comes from; set wherever one exists
	Level  string       // "" or LevelWarning
	Lines  []Line       // nested
}

// Section returns the section with the given ID, or nil.
func (d *Document) Section(id string) *Section {
	for i := range d.Sections {
		if d.Sections[i].ID == id {
			return &d.Sections[i]
		}
	}
	return nil
}

func (in *Input) now() time.Time {
	if in.Now.IsZero() {
		return time.Now()
	}
	return in.Now
}

func (in *Input) sopMaxAge() time.Duration {
	if in.SOPMaxAge <= 0 {
		return lint.DefaultSOPMaxAge
	}
	return in.SOPMaxAge
}

func (in *Input) repoName() string {
	switch {
	case in.Repo != "":
		return in.Repo
	case in.Root != "":
		return path.Base(strings.ReplaceAll(in.Root, `\`, "/"))
	}
	return "this repository"
}

// headLine says which commit the summary describes, or "".
func (in *Input) headLine() string {
	if in.History == nil || in.History.Head.Hash == "" {
		return ""
	}
	s := "at commit " + shortHash(in.History.Head.Hash)
	if in.History.Branch != "" {
		s += " on " + in.History.Branch
	}
	return s
}

// sopReview is what an SOP's review date means today.
type sopReview struct {
	date    time.Time // zero when missing or unreadable
	overdue bool      // too old, missing or unreadable
	note    string    // why it is overdue, "" when it is not
}

func (in *Input) review(s *model.SOP) sopReview {
	if s.Reviewed == "" {
		return sopReview{overdue: true, note: "never reviewed: no review date"}
	}
	now := in.now()
	d, err := time.ParseInLocation(time.DateOnly, s.Reviewed, now.Location())
	if err != nil {
		return sopReview{overdue: true, note: fmt.Sprintf("review date %q is not a date", s.Reviewed)}
	}
	r := sopReview{date: d}
	if age := now.Sub(d); age > in.sopMaxAge() {
		r.overdue = true
		r.note = fmt.Sprintf("review overdue: last reviewed %s, %s ago, over the %d-day limit",
			s.Reviewed, lint.HumanAge(age), int(in.sopMaxAge().Hours()/24))
	}
	return r
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") && !strings.HasSuffix(word, "ey") && !strings.HasSuffix(word, "ay") {
		return fmt.Sprintf("%d %sies", n, word[:len(word)-1])
	}
	if strings.HasSuffix(word, "s") || strings.HasSuffix(word, "sh") {
		return fmt.Sprintf("%d %ses", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func day(t time.Time) string {
	if t.IsZero() {
		return "unknown date"
	}
	return t.Format(time.DateOnly)
}

func shortHash(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

// oneLine joins the lines of s with single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

const minSentence = 40

// firstSentence is the first sentence of a markdown paragraph, without
// list markers, cut to about 220 characters.
func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			s = s[strings.Index(s, l):]
			break
		}
	}
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	s = oneLine(s)
	s = trimListMarker(s)
	// A sentence as short as "Two things." says nothing: take the next too.
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' && i > 0 && !abbreviation(s[:i]) && i >= minSentence {
			s = s[:i+1]
			break
		}
	}
	return cut(s, 220)
}

// abbreviation reports whether the text before a full stop ends in one
// that does not end a sentence (e.g., i.e., etc.).
func abbreviation(before string) bool {
	w := before[strings.LastIndexByte(before, ' ')+1:]
	switch strings.ToLower(w) {
	case "e.g", "i.e", "etc", "vs", "cf", "no", "approx":
		return true
	}
	return len(w) == 1 // an initial
}

func trimListMarker(s string) string {
	for _, m := range []string{"- [ ] ", "- [x] ", "- [X] ", "* [ ] ", "* [x] ", "- ", "* ", "+ "} {
		if strings.HasPrefix(s, m) {
			return s[len(m):]
		}
	}
	if i := strings.IndexAny(s, ".)"); i > 0 && i < 4 && i+1 < len(s) && s[i+1] == ' ' && allDigits(s[:i]) {
		return s[i+2:]
	}
	return s
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// cut shortens s to about n runes, on a word boundary, with an ellipsis.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	t := string(r[:n])
	if i := strings.LastIndexByte(t, ' '); i > n/2 {
		t = t[:i]
	}
	if strings.Count(t, "`")%2 == 1 { // do not leave a code span open
		t = t[:strings.LastIndexByte(t, '`')]
	}
	return strings.TrimRight(t, " ,;:(") + "…"
}

// more is the line that stands for what a capped list left out.
func more(n int, what string) Line {
	return Line{Text: strings.TrimSpace(fmt.Sprintf("and %d more %s", n, what))}
}

// capLines keeps the first max lines and says how many it left out.
func capLines(lines []Line, max int, what string) []Line {
	if len(lines) <= max {
		return lines
	}
	return append(lines[:max:max], more(len(lines)-max, what))
}

func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func bySource(a, b model.Source) int {
	return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line))
}

// dirOf is the directory of a repository path, "." for the root.
func dirOf(p string) string { return path.Dir(p) }

// under reports whether file lies in dir (at any depth).
func under(file, dir string) bool {
	return dir == "." || strings.HasPrefix(file, dir+"/")
}
