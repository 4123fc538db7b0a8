package summary

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"handover/internal/model"
)

// alerts lists every alert rule with the runbook it leads to, those
// without one flagged: what the person on call reads when paged.
func (in *Input) alerts() Section {
	s := Section{ID: SectionAlerts, Title: "Alerts and their runbooks",
		Intro: "Every alert rule, with the SOP its runbook_url (or its name) leads to; handover sop ALERTNAME prints it."}
	if len(in.Alerts) == 0 {
		s.Intro = "No Prometheus alert rules were found."
		return s
	}
	alerts := slices.Clone(in.Alerts)
	slices.SortStableFunc(alerts, func(a, b model.Alert) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), bySource(a.Source, b.Source))
	})
	missing := 0
	for _, a := range alerts {
		facts := nonEmptyStrings(a.Severity, a.Group)
		l := Line{Source: a.Source}
		if rb, ok := a.Runbook(); ok {
			l.Text = fmt.Sprintf("%s (%s): runbook %s", a.Name, strings.Join(facts, ", "), rb.Name)
			l.Lines = []Line{{Text: "runbook " + rb.Source.Path, Source: rb.Source}}
		} else {
			missing++
			l.Level = LevelWarning
			l.Text = fmt.Sprintf("%s (%s): no runbook", a.Name, strings.Join(facts, ", "))
			if a.RunbookURL != "" {
				l.Text += " in the repository; runbook_url " + a.RunbookURL
			}
		}
		l.Text = strings.Replace(l.Text, " ()", "", 1)
		s.Lines = append(s.Lines, l)
	}
	if missing > 0 {
		s.Intro += fmt.Sprintf(" %d of %d have no runbook here.", missing, len(alerts))
	}
	return s
}

func nonEmptyStrings(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
