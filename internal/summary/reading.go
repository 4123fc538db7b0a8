package summary

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"handover/internal/link"
	"handover/internal/model"
)

// How many SOPs, incidents and findings an onboarding summary lists.
const (
	maxSOPs            = 15
	maxIncidents       = 10
	maxFindingRules    = 12 // rules listed in the conventions section
	maxFindingsPerRule = 5
	maxProblems        = 10
)

// emergencyWords in an SOP's title or tags mark one to read before the
// first on-call shift.
var emergencyWords = []string{"emergency", "security", "breach", "incident", "outage", "disaster", "failover", "recovery", "on-call", "oncall"}

// emergencySOP reports whether the SOP is for an emergency: its title or
// tags say so, or an emergency incident produced it.
func (in *Input) emergencySOP(s *model.SOP) bool {
	text := strings.ToLower(s.Title + " " + strings.Join(s.Tags, " "))
	for _, w := range emergencyWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	for _, inc := range in.Incidents {
		if inc.Category == model.CategoryEmergency && inc.SOP != "" && link.SameSOP(inc.SOP, inc.Source.Path, s) {
			return true
		}
	}
	return false
}

// linkCount is how connected an SOP is: its links, and the incidents that
// name it when no link says so already.
func (in *Input) linkCount(s *model.SOP) int {
	n := len(s.Links)
	for _, inc := range in.Incidents {
		if inc.SOP == "" || !link.SameSOP(inc.SOP, inc.Source.Path, s) {
			continue
		}
		if !slices.ContainsFunc(s.Links, func(l model.Link) bool { return l.Source.Path == inc.Source.Path }) {
			n++
		}
	}
	return n
}

// sopsToRead orders the SOPs: emergency ones first, then the most linked,
// then the most recently reviewed.
func (in *Input) sopsToRead() []*model.SOP {
	type ranked struct {
		sop       *model.SOP
		emergency bool
		links     int
		review    sopReview
	}
	rs := make([]ranked, len(in.SOPs))
	for i := range in.SOPs {
		s := &in.SOPs[i]
		rs[i] = ranked{s, in.emergencySOP(s), in.linkCount(s), in.review(s)}
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		if a.emergency != b.emergency {
			if a.emergency {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.links, a.links), b.review.date.Compare(a.review.date),
			cmp.Compare(a.sop.Title, b.sop.Title))
	})
	out := make([]*model.SOP, len(rs))
	for i, r := range rs {
		out[i] = r.sop
	}
	return out
}

func (in *Input) sops() Section {
	s := Section{ID: SectionSOPs, Title: "SOPs to read first",
		Intro: "Standard operating procedures: the ones for emergencies first, then the ones most incidents and hosts point to, then the most recently reviewed."}
	if len(in.SOPs) == 0 {
		s.Intro = "No SOPs were found: nothing written down says what to do when things break."
		return s
	}
	var lines []Line
	for _, sop := range in.sopsToRead() {
		lines = append(lines, in.sopLine(sop, in.emergencySOP(sop)))
	}
	s.Lines = capLines(lines, maxSOPs, "SOPs")
	return s
}

func (in *Input) sopLine(sop *model.SOP, emergency bool) Line {
	var facts []string
	if emergency {
		facts = append(facts, "emergency")
	}
	if len(sop.Owners) > 0 {
		facts = append(facts, "owner "+strings.Join(sop.Owners, ", "))
	} else {
		facts = append(facts, "no owner")
	}
	r := in.review(sop)
	l := Line{Source: sop.Source}
	switch {
	case r.overdue:
		facts = append(facts, r.note)
		l.Level = LevelWarning
	default:
		facts = append(facts, "reviewed "+sop.Reviewed)
	}
	if len(sop.Owners) == 0 {
		l.Level = LevelWarning
	}
	l.Text = fmt.Sprintf("%s (%s)", sop.Title, strings.Join(facts, "; "))
	if sum := firstSentence(sop.Summary); sum != "" {
		l.Lines = append(l.Lines, Line{Text: sum, Source: sop.Source})
	}
	return l
}

// sopFor is the SOP an incident names, or nil.
func (in *Input) sopFor(inc *model.Incident) *model.SOP {
	if inc.SOP == "" {
		return nil
	}
	for i := range in.SOPs {
		if link.SameSOP(inc.SOP, inc.Source.Path, &in.SOPs[i]) {
			return &in.SOPs[i]
		}
	}
	return nil
}

// fieldSource is the heading of the incident section a field was read
// from: the field is that section's text (or several joined).
func fieldSource(inc *model.Incident, text string) model.Source {
	for _, s := range inc.Sections {
		if s.Text != "" && strings.HasPrefix(text, s.Text) {
			return s.Source
		}
	}
	return inc.Source
}

// incidentsNewestFirst sorts incidents by date, newest first; undated
// ones last.
func incidentsNewestFirst(incs []*model.Incident) {
	slices.SortStableFunc(incs, func(a, b *model.Incident) int {
		switch {
		case a.Date == "" && b.Date != "":
			return 1
		case b.Date == "" && a.Date != "":
			return -1
		}
		return cmp.Or(cmp.Compare(b.Date, a.Date), cmp.Compare(a.Source.Path, b.Source.Path))
	})
}

func (in *Input) incidentLine(inc *model.Incident) Line {
	var tags []string
	for _, t := range []string{inc.Category, inc.Severity} {
		if t != "" {
			tags = append(tags, t)
		}
	}
	t := orNone(inc.Date, "undated") + " "
	if len(tags) > 0 {
		t += "[" + strings.Join(tags, ", ") + "] "
	}
	l := Line{Text: t + inc.Title, Source: inc.Source}
	if rc := firstSentence(inc.RootCause); rc != "" {
		l.Lines = append(l.Lines, Line{Text: "Root cause: " + rc, Source: fieldSource(inc, inc.RootCause)})
	}
	if items := followUps(inc.FollowUp); len(items) > 0 {
		t := "Follow-up: " + firstSentence(items[0].text)
		var notes []string
		if items[0].done {
			notes = append(notes, "done")
		}
		if len(items) > 1 {
			notes = append(notes, fmt.Sprintf("and %s", plural(len(items)-1, "more item")))
		}
		if len(notes) > 0 {
			t += " (" + strings.Join(notes, "; ") + ")"
		}
		l.Lines = append(l.Lines, Line{Text: t, Source: fieldSource(inc, inc.FollowUp)})
	} else if fu := firstSentence(inc.FollowUp); fu != "" {
		l.Lines = append(l.Lines, Line{Text: "Follow-up: " + fu, Source: fieldSource(inc, inc.FollowUp)})
	}
	if inc.SOP != "" {
		if sop := in.sopFor(inc); sop != nil {
			l.Lines = append(l.Lines, Line{Text: "Produced the SOP: " + sop.Title, Source: sop.Source})
		} else {
			l.Lines = append(l.Lines, Line{Text: "Names the SOP " + inc.SOP + ", which was not found", Source: inc.Source, Level: LevelWarning})
		}
	}
	return l
}

func (in *Input) incidents() Section {
	s := Section{ID: SectionIncidents, Title: "Recent incidents and their lessons",
		Intro: "Newest first: what broke, why, and what changed afterwards. Most SOPs come out of one of these."}
	if len(in.Incidents) == 0 {
		s.Intro = "No incident reports were found."
		return s
	}
	incs := make([]*model.Incident, len(in.Incidents))
	for i := range in.Incidents {
		incs[i] = &in.Incidents[i]
	}
	incidentsNewestFirst(incs)
	var lines []Line
	for _, inc := range incs {
		lines = append(lines, in.incidentLine(inc))
	}
	s.Lines = capLines(lines, maxIncidents, "incidents")
	return s
}

var levelRank = map[model.Level]int{model.LevelError: 0, model.LevelWarning: 1, model.LevelNote: 2}

// conventions groups the lint findings by rule, errors first, then the
// problems reading files.
func (in *Input) conventions() Section {
	s := Section{ID: SectionConventions, Title: "Convention problems to be careful with"}
	type rule struct {
		name     string
		level    model.Level
		findings []model.Finding
	}
	rules := map[string]*rule{}
	counts := map[model.Level]int{}
	for _, f := range in.Findings {
		if f.Level == model.LevelOff {
			continue
		}
		counts[f.Level]++
		key := f.Rule + "\x00" + string(f.Level)
		r := rules[key]
		if r == nil {
			r = &rule{name: f.Rule, level: f.Level}
			rules[key] = r
		}
		r.findings = append(r.findings, f)
	}
	list := make([]*rule, 0, len(rules))
	for _, r := range rules {
		slices.SortFunc(r.findings, func(a, b model.Finding) int { return bySource(a.Source, b.Source) })
		list = append(list, r)
	}
	slices.SortFunc(list, func(a, b *rule) int {
		return cmp.Or(cmp.Compare(levelRank[a.level], levelRank[b.level]),
			cmp.Compare(len(b.findings), len(a.findings)), cmp.Compare(a.name, b.name))
	})
	s.Intro = fmt.Sprintf("What handover lint found: %s, %s, %s; and %s reading files. Errors first: these are the places where the repository does not say what it seems to.",
		plural(counts[model.LevelError], "error"), plural(counts[model.LevelWarning], "warning"),
		plural(counts[model.LevelNote], "note"), plural(len(in.Problems), "problem")) + " handover lint shows each finding with its fix."
	var lines []Line
	for _, r := range list {
		top := Line{Text: fmt.Sprintf("%s (%s): %s", r.name, r.level, plural(len(r.findings), "finding"))}
		if r.level == model.LevelError {
			top.Level = LevelWarning
		}
		if fix := r.findings[0].Fix; fix != "" && !slices.ContainsFunc(r.findings, func(f model.Finding) bool { return f.Fix != fix }) {
			top.Text += "; fix: " + fix
		}
		var fl []Line
		for _, f := range r.findings {
			fl = append(fl, Line{Text: f.Message, Source: f.Source})
		}
		top.Lines = capLines(fl, maxFindingsPerRule, "")
		lines = append(lines, top)
	}
	s.Lines = capLines(lines, maxFindingRules, "rules")
	if len(in.Problems) > 0 {
		ps := slices.Clone(in.Problems)
		slices.SortStableFunc(ps, func(a, b model.Problem) int {
			return cmp.Or(cmp.Compare(severityRank(a.Severity), severityRank(b.Severity)), bySource(a.Source, b.Source))
		})
		top := Line{Text: "Files handover could not read completely: " + plural(len(ps), "problem")}
		var pl []Line
		for _, p := range ps {
			l := Line{Text: string(p.Severity) + ": " + p.Message, Source: p.Source}
			if p.Severity == model.SeverityError {
				l.Level = LevelWarning
				top.Level = LevelWarning
			}
			pl = append(pl, l)
		}
		top.Lines = capLines(pl, maxProblems, "problems")
		s.Lines = append(s.Lines, top)
	}
	return s
}

func severityRank(s model.Severity) int {
	if s == model.SeverityError {
		return 0
	}
	return 1
}
