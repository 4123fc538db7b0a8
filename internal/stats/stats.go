// Package stats computes incident statistics over time, the way the client
// guide to internal quality control measures itself, and draws them:
// incidents per person, losses from incidents (incidents x average hours to
// fix), hours spent on internal processes, and the total, per month or
// quarter, with markers where practices such as SOPs or code review were
// adopted. Every amount is in hours; there is no money here.
//
// It works on parsed incidents (model.Incident) and a list of internal hours;
// it does not read repositories, index anything or serve requests.
package stats

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"handover/internal/model"
)

// Uncategorised is the category of incidents that name none.
const Uncategorised = "uncategorised"

// knownCategories are the client guide's three kinds of mistakes, in its order.
var knownCategories = []string{model.CategoryKnowledgeTransfer, model.CategoryExperience, model.CategoryEmergency}

// Options say what Compute counts and how it groups it.
type Options struct {
	By Period // Month when empty
	// Since and Until bound the range by day, both inclusive. Zero means from
	// the first (to the last) incident or internal-hours period.
	Since, Until time.Time
	Internal     []InternalHours
	// TeamSize is the number of people on the team, for incidents per
	// person; 0 means the number of distinct people in the incidents in range.
	TeamSize  int
	Practices []Practice // markers on the chart and in the report
}

// Practice is when a practice (SOPs, code review, an IaC standard) was adopted.
type Practice struct {
	Date  time.Time `json:"date"`
	Label string    `json:"label"`
}

// Report is incident economics over a range of days.
type Report struct {
	By         Period        `json:"by"`
	TeamSize   int           `json:"team_size"` // the divisor of PerPerson
	Periods    []PeriodStats `json:"periods"`   // every period from Since to Until, empty ones too, in order
	Totals     PeriodStats   `json:"totals"`    // the whole range as one period named "total"
	People     []string      `json:"people"`    // sorted
	Categories []string      `json:"categories"`
	Practices  []Practice    `json:"practices,omitempty"` // those in range, by date
	Skipped    []string      `json:"skipped,omitempty"`   // what was left out and why, as "path: reason"
}

// PeriodStats are the numbers for one period.
//
// IncidentLoss is the guide's definition, Incidents x AvgHours, so an
// incident without hours counts at the period's average. For the same reason
// Totals.IncidentLoss uses the average over the whole range and can differ a
// little from the sum of the periods' when some incidents lack hours.
type PeriodStats struct {
	Period          string             `json:"period"` // "2025-03", "2025-Q1" or "total"
	Start           time.Time          `json:"start"`  // first day
	End             time.Time          `json:"end"`    // last day, inclusive
	Incidents       int                `json:"incidents"`
	PerPerson       float64            `json:"per_person"`     // Incidents / team size
	AvgHours        float64            `json:"avg_hours"`      // mean hours to resolve over incidents with hours
	IncidentLoss    float64            `json:"incident_loss"`  // Incidents x AvgHours
	InternalHours   float64            `json:"internal_hours"` // hours on internal processes
	TotalLoss       float64            `json:"total_loss"`     // IncidentLoss + InternalHours
	ByCategory      map[string]int     `json:"by_category"`
	ByPerson        map[string]int     `json:"by_person"`         // an incident with two people counts for each
	HoursByCategory map[string]float64 `json:"hours_by_category"` // recorded hours only
}

// dated is an incident in range with what Compute needs from it.
type dated struct {
	where    string // the file, for Skipped
	date     time.Time
	people   []string
	category string
	hours    float64
}

// OptionsError is every error Compute returns: the options it was given
// (a request's period and range, handover.ini's team size and internal
// hours) make no report.
type OptionsError struct{ Err error }

func (e *OptionsError) Error() string { return "stats: " + e.Err.Error() }
func (e *OptionsError) Unwrap() error { return e.Err }

func optionsErrorf(format string, args ...any) error {
	return &OptionsError{Err: fmt.Errorf(format, args...)}
}

// Compute groups incidents by period and works out the guide's numbers. It
// fails with an *OptionsError on bad options: an unknown period, Until before Since, a negative
// team size, internal hours that are negative or whose period it cannot read
// or cannot split (a quarter when grouping by month). Incidents it cannot
// place are listed in Report.Skipped, not returned as errors.
func Compute(incidents []*model.Incident, opt Options) (*Report, error) {
	by := opt.By
	if by == "" {
		by = Month
	}
	if by != Month && by != Quarter {
		return nil, optionsErrorf("unknown period %q, want %q or %q", by, Month, Quarter)
	}
	if opt.TeamSize < 0 {
		return nil, optionsErrorf("negative team size %d", opt.TeamSize)
	}
	since, until := opt.Since, opt.Until
	if !since.IsZero() {
		since = day(since)
	}
	if !until.IsZero() {
		until = day(until)
	}
	if !since.IsZero() && !until.IsZero() && until.Before(since) {
		return nil, optionsErrorf("until %s is before since %s", until.Format(time.DateOnly), since.Format(time.DateOnly))
	}
	r := &Report{By: by, Periods: []PeriodStats{}}

	var all []dated
	for _, inc := range incidents {
		if inc == nil {
			continue
		}
		where := inc.Source.String()
		if where == "" {
			where = fmt.Sprintf("%q", inc.Title)
		}
		if strings.TrimSpace(inc.Date) == "" {
			r.Skipped = append(r.Skipped, where+": no date")
			continue
		}
		date, err := time.Parse(time.DateOnly, strings.TrimSpace(inc.Date))
		if err != nil {
			r.Skipped = append(r.Skipped, fmt.Sprintf("%s: bad date %q", where, inc.Date))
			continue
		}
		all = append(all, dated{where: where, date: date, people: people(inc.People), category: category(inc.Category), hours: inc.Hours})
	}
	spans := make([]span, len(opt.Internal))
	for i, row := range opt.Internal {
		s, err := parseSpan(row.Period)
		if err != nil {
			return nil, optionsErrorf("internal hours: %w", err)
		}
		if !(row.Hours >= 0) || math.IsInf(row.Hours, 0) { // NaN fails >= too
			return nil, optionsErrorf("internal hours %s: bad hours %v", row.Period, row.Hours)
		}
		spans[i] = s
	}

	// An open end of the range is where the data starts or stops.
	if since.IsZero() || until.IsZero() {
		first, last := dataRange(all, spans)
		if since.IsZero() {
			since = first
		}
		if until.IsZero() {
			until = last
		}
		// No data on an open end, or data only beyond the given end: the
		// range shrinks to the given day.
		if since.IsZero() {
			since = until
		}
		if until.IsZero() {
			until = since
		}
		if until.Before(since) {
			if opt.Since.IsZero() {
				since = until
			} else {
				until = since
			}
		}
	}

	index := map[string]int{}
	for start := periodStart(since, by); !since.IsZero() && !start.After(until); start = nextPeriod(start, by) {
		index[periodKey(start, by)] = len(r.Periods)
		next := nextPeriod(start, by)
		r.Periods = append(r.Periods, PeriodStats{Period: periodKey(start, by), Start: start, End: next.AddDate(0, 0, -1)})
	}
	inRange := func(t time.Time) bool { return !since.IsZero() && !t.Before(since) && !t.After(until) }

	groups := make([][]dated, len(r.Periods))
	var kept []dated
	for _, d := range all {
		if !inRange(d.date) {
			r.Skipped = append(r.Skipped, fmt.Sprintf("%s: out of range (%s)", d.where, d.date.Format(time.DateOnly)))
			continue
		}
		p := index[periodKey(periodStart(d.date, by), by)]
		groups[p] = append(groups[p], d)
		kept = append(kept, d)
	}
	internal := make([]float64, len(r.Periods))
	var internalTotal float64
	for i, s := range spans {
		row := opt.Internal[i]
		// A month or quarter counts whole if any day of it is in range.
		if since.IsZero() || !s.start.Before(until.AddDate(0, 0, 1)) || !s.end.After(since) {
			r.Skipped = append(r.Skipped, fmt.Sprintf("internal hours %s: out of range", row.Period))
			continue
		}
		if s.kind == string(Quarter) && by == Month {
			return nil, optionsErrorf("internal hours %s: a quarter cannot be split into months; group by quarter or give hours per month", row.Period)
		}
		internal[index[periodKey(periodStart(s.start, by), by)]] += row.Hours
		internalTotal += row.Hours
	}

	r.People = peopleIn(kept)
	r.Categories = categoriesIn(kept)
	r.TeamSize = opt.TeamSize
	if r.TeamSize == 0 {
		r.TeamSize = len(r.People)
	}
	for i := range r.Periods {
		fill(&r.Periods[i], groups[i], internal[i], r)
	}
	r.Totals = PeriodStats{Period: "total", Start: since, End: until}
	fill(&r.Totals, kept, internalTotal, r)

	practices := slices.Clone(opt.Practices)
	sort.SliceStable(practices, func(i, j int) bool { return practices[i].Date.Before(practices[j].Date) })
	for _, p := range practices {
		if !inRange(day(p.Date)) {
			r.Skipped = append(r.Skipped, fmt.Sprintf("practice %q (%s): out of range", p.Label, p.Date.Format(time.DateOnly)))
			continue
		}
		r.Practices = append(r.Practices, p)
	}
	return r, nil
}

// dataRange is the first and last day that incidents or internal hours
// cover, zero when there are none.
func dataRange(all []dated, spans []span) (first, last time.Time) {
	widen := func(a, b time.Time) {
		if first.IsZero() || a.Before(first) {
			first = a
		}
		if last.IsZero() || b.After(last) {
			last = b
		}
	}
	for _, d := range all {
		widen(d.date, d.date)
	}
	for _, s := range spans {
		widen(s.start, s.end.AddDate(0, 0, -1))
	}
	return first, last
}

// fill works out s from the incidents in it and its internal hours.
func fill(s *PeriodStats, incidents []dated, internal float64, r *Report) {
	s.ByCategory = make(map[string]int, len(r.Categories))
	s.HoursByCategory = make(map[string]float64, len(r.Categories))
	for _, c := range r.Categories {
		s.ByCategory[c] = 0
		s.HoursByCategory[c] = 0
	}
	s.ByPerson = make(map[string]int, len(r.People))
	for _, p := range r.People {
		s.ByPerson[p] = 0
	}
	var hours float64
	var withHours int
	for _, d := range incidents {
		s.ByCategory[d.category]++
		for _, p := range d.people {
			s.ByPerson[p]++
		}
		if d.hours > 0 {
			hours += d.hours
			withHours++
			s.HoursByCategory[d.category] += d.hours
		}
	}
	s.Incidents = len(incidents)
	if r.TeamSize > 0 {
		s.PerPerson = float64(s.Incidents) / float64(r.TeamSize)
	}
	if withHours > 0 {
		s.AvgHours = hours / float64(withHours)
	}
	s.IncidentLoss = float64(s.Incidents) * s.AvgHours
	s.InternalHours = internal
	s.TotalLoss = s.IncidentLoss + s.InternalHours
}

// people trims names and drops blanks and repeats, so that a name written
// twice on one incident counts once.
func people(names []string) []string {
	var out []string
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func category(c string) string {
	c = strings.ToLower(strings.TrimSpace(c))
	if c == "" {
		return Uncategorised
	}
	return c
}

func peopleIn(incidents []dated) []string {
	out := []string{}
	for _, d := range incidents {
		for _, p := range d.people {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}

// categoriesIn lists the guide's three categories always, then any others
// the incidents use, sorted, then Uncategorised if some incident has none.
func categoriesIn(incidents []dated) []string {
	var others []string
	uncategorised := false
	for _, d := range incidents {
		switch {
		case d.category == Uncategorised:
			uncategorised = true
		case !slices.Contains(knownCategories, d.category) && !slices.Contains(others, d.category):
			others = append(others, d.category)
		}
	}
	sort.Strings(others)
	out := append(slices.Clone(knownCategories), others...)
	if uncategorised {
		out = append(out, Uncategorised)
	}
	return out
}
