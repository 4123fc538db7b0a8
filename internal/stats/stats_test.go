package stats

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"handover/internal/model"
)

// The fixture, testdata/incidents.json and testdata/internal-hours.csv, with
// the team alice, bob, carol and dave:
//
//	 #  date        people       hours  category
//	 1  2025-01-08  alice           6   knowledge-transfer
//	 2  2025-01-20  bob, carol     10   emergency
//	 3  2025-02-03  alice           4   experience
//	 4  2025-02-17  dave            -   knowledge-transfer  (no hours)
//	 5  2025-02-25  bob             8   Emergency           (counts as emergency)
//	 6  2025-03-11  carol, alice   12   experience
//	 7  2025-03-28  dave            3   knowledge-transfer
//	 8  2025-05-22  bob             5   experience
//	 9  2025-06-30  alice, dave     7   emergency
//	10  2025-07-01  bob             4   change              (another category)
//	11  2025-07-14  carol           2   -                   (uncategorised)
//	12  -           bob             1   experience          (no date: skipped)
//
// Internal hours: 2025-01 8, 2025-02 10, 2025-03 12, 2025-04 40,
// 2025-05 30 + 4 (the row dated 2025-05-20), 2025-06 16, 2025-07 12.

func fixture(t *testing.T) ([]*model.Incident, []InternalHours) {
	t.Helper()
	data, err := os.ReadFile("testdata/incidents.json")
	if err != nil {
		t.Fatal(err)
	}
	var incidents []*model.Incident
	if err := json.Unmarshal(data, &incidents); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/internal-hours.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	internal, err := ReadInternalHoursCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	return incidents, internal
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

var fixturePractices = []Practice{
	{Date: date("2025-05-15"), Label: "Code review"},
	{Date: date("2025-04-01"), Label: "SOPs and incident reports"},
	{Date: date("2025-07-01"), Label: "Monthly demo"},
}

// wantStats is one expected row: the counts per category and per person are
// in the order of the report's Categories and People.
type wantStats struct {
	period                                string
	start, end                            string
	incidents                             int
	perPerson, avg, loss, internal, total float64
	categories, people                    []int
}

const (
	kt  = model.CategoryKnowledgeTransfer
	exp = model.CategoryExperience
	em  = model.CategoryEmergency
)

var allPeople = []string{"alice", "bob", "carol", "dave"}

func TestCompute(t *testing.T) {
	incidents, internal := fixture(t)
	tests := []struct {
		name       string
		opt        Options
		teamSize   int
		categories []string
		people     []string
		periods    []wantStats
		total      wantStats
		hoursByCat map[string]float64 // of the totals
		practices  []string
		skipped    []string
		skippedN   int // instead of skipped, for the long lists
	}{{
		name:       "by month, team from the incidents",
		opt:        Options{Internal: internal, Practices: fixturePractices},
		teamSize:   4, // alice, bob, carol, dave
		categories: []string{kt, exp, em, "change", Uncategorised},
		people:     allPeople,
		periods: []wantStats{
			// incidents 1, 2: avg (6+10)/2 = 8, loss 2x8 = 16, total 16+8 = 24, per person 2/4
			{"2025-01", "2025-01-01", "2025-01-31", 2, 0.5, 8, 16, 8, 24, []int{1, 0, 1, 0, 0}, []int{1, 1, 1, 0}},
			// incidents 3, 4, 5; 4 has no hours: avg (4+8)/2 = 6, loss 3x6 = 18, total 18+10 = 28
			{"2025-02", "2025-02-01", "2025-02-28", 3, 0.75, 6, 18, 10, 28, []int{1, 1, 1, 0, 0}, []int{1, 1, 0, 1}},
			// incidents 6, 7: avg (12+3)/2 = 7.5, loss 2x7.5 = 15, total 15+12 = 27
			{"2025-03", "2025-03-01", "2025-03-31", 2, 0.5, 7.5, 15, 12, 27, []int{1, 1, 0, 0, 0}, []int{1, 0, 1, 1}},
			// no incidents, only internal hours
			{"2025-04", "2025-04-01", "2025-04-30", 0, 0, 0, 0, 40, 40, []int{0, 0, 0, 0, 0}, []int{0, 0, 0, 0}},
			// incident 8; internal 30 + 4 = 34; total 5+34 = 39
			{"2025-05", "2025-05-01", "2025-05-31", 1, 0.25, 5, 5, 34, 39, []int{0, 1, 0, 0, 0}, []int{0, 1, 0, 0}},
			// incident 9: total 7+16 = 23
			{"2025-06", "2025-06-01", "2025-06-30", 1, 0.25, 7, 7, 16, 23, []int{0, 0, 1, 0, 0}, []int{1, 0, 0, 1}},
			// incidents 10, 11: avg (4+2)/2 = 3, loss 6, total 6+12 = 18
			{"2025-07", "2025-07-01", "2025-07-31", 2, 0.5, 3, 6, 12, 18, []int{0, 0, 0, 1, 1}, []int{0, 1, 1, 0}},
		},
		// 11 incidents, 10 with hours: 6+10+4+8+12+3+5+7+4+2 = 61, avg 6.1,
		// loss 11x6.1 = 67.1 (the periods sum to 67: incident 4 counts at
		// 6.1 here, at February's 6 there); internal 8+10+12+40+34+16+12 =
		// 132; total 199.1; per person 11/4 = 2.75
		total:      wantStats{"total", "2025-01-01", "2025-07-31", 11, 2.75, 6.1, 67.1, 132, 199.1, []int{3, 3, 3, 1, 1}, []int{4, 4, 3, 3}},
		hoursByCat: map[string]float64{kt: 6 + 3, exp: 4 + 12 + 5, em: 10 + 8 + 7, "change": 4, Uncategorised: 2},
		practices:  []string{"SOPs and incident reports", "Code review", "Monthly demo"},
		skipped:    []string{"incidents/undated-vpn.md: no date"},
	}, {
		name:       "by quarter",
		opt:        Options{By: Quarter, Internal: internal},
		teamSize:   4,
		categories: []string{kt, exp, em, "change", Uncategorised},
		people:     allPeople,
		periods: []wantStats{
			// incidents 1-7, 6 with hours: 6+10+4+8+12+3 = 43, avg 43/6,
			// loss 7x43/6 = 301/6; internal 8+10+12 = 30; total 30+301/6 = 481/6
			{"2025-Q1", "2025-01-01", "2025-03-31", 7, 7.0 / 4, 43.0 / 6, 301.0 / 6, 30, 481.0 / 6, []int{3, 2, 2, 0, 0}, []int{3, 2, 2, 2}},
			// incidents 8, 9: avg (5+7)/2 = 6, loss 12; internal 40+34+16 = 90; total 102
			{"2025-Q2", "2025-04-01", "2025-06-30", 2, 0.5, 6, 12, 90, 102, []int{0, 1, 1, 0, 0}, []int{1, 1, 0, 1}},
			// incidents 10, 11 as July
			{"2025-Q3", "2025-07-01", "2025-09-30", 2, 0.5, 3, 6, 12, 18, []int{0, 0, 0, 1, 1}, []int{0, 1, 1, 0}},
		},
		total:   wantStats{"total", "2025-01-01", "2025-07-31", 11, 2.75, 6.1, 67.1, 132, 199.1, []int{3, 3, 3, 1, 1}, []int{4, 4, 3, 3}},
		skipped: []string{"incidents/undated-vpn.md: no date"},
	}, {
		name:       "since and until, team size given",
		opt:        Options{Since: date("2025-02-10"), Until: date("2025-06-30"), TeamSize: 5, Internal: internal, Practices: fixturePractices},
		teamSize:   5,
		categories: []string{kt, exp, em},
		people:     allPeople, // bob 5, 8; dave 4, 7, 9; carol 6; alice 6, 9
		periods: []wantStats{
			// incidents 4, 5 (3 is before the 10th): avg 8/1, loss 2x8 = 16;
			// February's internal hours count whole; total 26; per person 2/5
			{"2025-02", "2025-02-01", "2025-02-28", 2, 0.4, 8, 16, 10, 26, []int{1, 0, 1}, []int{0, 1, 0, 1}},
			{"2025-03", "2025-03-01", "2025-03-31", 2, 0.4, 7.5, 15, 12, 27, []int{1, 1, 0}, []int{1, 0, 1, 1}},
			{"2025-04", "2025-04-01", "2025-04-30", 0, 0, 0, 0, 40, 40, []int{0, 0, 0}, []int{0, 0, 0, 0}},
			{"2025-05", "2025-05-01", "2025-05-31", 1, 0.2, 5, 5, 34, 39, []int{0, 1, 0}, []int{0, 1, 0, 0}},
			// incident 9 is on Until, which is inclusive
			{"2025-06", "2025-06-01", "2025-06-30", 1, 0.2, 7, 7, 16, 23, []int{0, 0, 1}, []int{1, 0, 0, 1}},
		},
		// incidents 4-9, 5 with hours: 8+12+3+5+7 = 35, avg 7, loss 6x7 = 42;
		// internal 10+12+40+34+16 = 112; total 154; per person 6/5 = 1.2
		total:      wantStats{"total", "2025-02-10", "2025-06-30", 6, 1.2, 7, 42, 112, 154, []int{2, 2, 2}, []int{2, 2, 1, 3}},
		hoursByCat: map[string]float64{kt: 3, exp: 12 + 5, em: 8 + 7},
		practices:  []string{"SOPs and incident reports", "Code review"},
		skipped: []string{
			"incidents/undated-vpn.md: no date",
			"incidents/2025-01-08-wrong-cluster.md: out of range (2025-01-08)",
			"incidents/2025-01-20-disk-full.md: out of range (2025-01-20)",
			"incidents/2025-02-03-state-lock.md: out of range (2025-02-03)",
			"incidents/2025-07-01-dns.md: out of range (2025-07-01)",
			"incidents/2025-07-14-logs.md: out of range (2025-07-14)",
			"internal hours 2025-01: out of range",
			"internal hours 2025-07: out of range",
			`practice "Monthly demo" (2025-07-01): out of range`,
		},
	}, {
		name:       "until only, team from the incidents in range",
		opt:        Options{Until: date("2025-01-31"), Internal: internal},
		teamSize:   3, // alice, bob, carol: dave's first incident is in February
		categories: []string{kt, exp, em},
		people:     []string{"alice", "bob", "carol"},
		periods: []wantStats{
			// Since is the start of the first internal-hours month; per person 2/3
			{"2025-01", "2025-01-01", "2025-01-31", 2, 2.0 / 3, 8, 16, 8, 24, []int{1, 0, 1}, []int{1, 1, 1}},
		},
		total: wantStats{"total", "2025-01-01", "2025-01-31", 2, 2.0 / 3, 8, 16, 8, 24, []int{1, 0, 1}, []int{1, 1, 1}},
		// the undated incident, incidents 3-11, internal hours from February on (7 rows)
		skippedN: 1 + 9 + 7,
	}, {
		name:       "since only, by quarter",
		opt:        Options{By: Quarter, Since: date("2025-06-01"), Internal: internal},
		teamSize:   4, // alice, dave (9), bob (10), carol (11)
		categories: []string{kt, exp, em, "change", Uncategorised},
		people:     allPeople,
		periods: []wantStats{
			// incident 9 only; April and May's hours are out of range, June's 16 are in
			{"2025-Q2", "2025-04-01", "2025-06-30", 1, 0.25, 7, 7, 16, 23, []int{0, 0, 1, 0, 0}, []int{1, 0, 0, 1}},
			{"2025-Q3", "2025-07-01", "2025-09-30", 2, 0.5, 3, 6, 12, 18, []int{0, 0, 0, 1, 1}, []int{0, 1, 1, 0}},
		},
		// incidents 9-11: avg (7+4+2)/3 = 13/3, loss 3x13/3 = 13; internal 16+12 = 28; total 41
		total: wantStats{"total", "2025-06-01", "2025-07-31", 3, 0.75, 13.0 / 3, 13, 28, 41, []int{0, 0, 1, 1, 1}, []int{1, 1, 1, 1}},
		// the undated incident, incidents 1-8, internal hours up to May (6 rows)
		skippedN: 1 + 8 + 6,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compute(incidents, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if r.TeamSize != tt.teamSize {
				t.Errorf("TeamSize = %d, want %d", r.TeamSize, tt.teamSize)
			}
			if !slices.Equal(r.Categories, tt.categories) {
				t.Errorf("Categories = %q, want %q", r.Categories, tt.categories)
			}
			if !slices.Equal(r.People, tt.people) {
				t.Errorf("People = %q, want %q", r.People, tt.people)
			}
			if len(r.Periods) != len(tt.periods) {
				t.Fatalf("%d periods, want %d: %+v", len(r.Periods), len(tt.periods), r.Periods)
			}
			for i, want := range tt.periods {
				checkStats(t, r, r.Periods[i], want)
			}
			checkStats(t, r, r.Totals, tt.total)
			for c, want := range tt.hoursByCat {
				if got := r.Totals.HoursByCategory[c]; !near(got, want) {
					t.Errorf("total hours for %s = %v, want %v", c, got, want)
				}
			}
			var practices []string
			for _, p := range r.Practices {
				practices = append(practices, p.Label)
			}
			if !slices.Equal(practices, tt.practices) {
				t.Errorf("Practices = %q, want %q", practices, tt.practices)
			}
			if tt.skippedN > 0 && len(r.Skipped) != tt.skippedN {
				t.Errorf("%d skipped, want %d:\n%s", len(r.Skipped), tt.skippedN, strings.Join(r.Skipped, "\n"))
			}
			if tt.skippedN == 0 && !slices.Equal(r.Skipped, tt.skipped) {
				t.Errorf("Skipped:\n%s\nwant:\n%s", strings.Join(r.Skipped, "\n"), strings.Join(tt.skipped, "\n"))
			}
		})
	}
}

func checkStats(t *testing.T, r *Report, got PeriodStats, want wantStats) {
	t.Helper()
	if got.Period != want.period || !got.Start.Equal(date(want.start)) || !got.End.Equal(date(want.end)) {
		t.Errorf("period %s %s..%s, want %s %s..%s", got.Period, got.Start.Format(time.DateOnly), got.End.Format(time.DateOnly), want.period, want.start, want.end)
	}
	if got.Incidents != want.incidents {
		t.Errorf("%s: Incidents = %d, want %d", want.period, got.Incidents, want.incidents)
	}
	for _, f := range []struct {
		name      string
		got, want float64
	}{
		{"PerPerson", got.PerPerson, want.perPerson},
		{"AvgHours", got.AvgHours, want.avg},
		{"IncidentLoss", got.IncidentLoss, want.loss},
		{"InternalHours", got.InternalHours, want.internal},
		{"TotalLoss", got.TotalLoss, want.total},
	} {
		if !near(f.got, f.want) {
			t.Errorf("%s: %s = %v, want %v", want.period, f.name, f.got, f.want)
		}
	}
	counts := func(m map[string]int, keys []string) []int {
		out := make([]int, len(keys))
		for i, k := range keys {
			out[i] = m[k]
		}
		return out
	}
	if c := counts(got.ByCategory, r.Categories); !slices.Equal(c, want.categories) || len(got.ByCategory) != len(r.Categories) {
		t.Errorf("%s: ByCategory = %v, want %v in order %q", want.period, got.ByCategory, want.categories, r.Categories)
	}
	if p := counts(got.ByPerson, r.People); !slices.Equal(p, want.people) || len(got.ByPerson) != len(r.People) {
		t.Errorf("%s: ByPerson = %v, want %v in order %q", want.period, got.ByPerson, want.people, r.People)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestComputeBadOptions(t *testing.T) {
	incidents, _ := fixture(t)
	tests := []struct {
		name string
		opt  Options
		want string
	}{
		{"until before since", Options{Since: date("2025-03-01"), Until: date("2025-02-28")}, "until 2025-02-28 is before since 2025-03-01"},
		{"unknown period", Options{By: "week"}, `unknown period "week"`},
		{"negative team", Options{TeamSize: -1}, "negative team size"},
		{"bad internal period", Options{Internal: []InternalHours{{Period: "March", Hours: 1}}}, `period "March"`},
		{"negative internal hours", Options{Internal: []InternalHours{{Period: "2025-02", Hours: -3}}}, "internal hours 2025-02: bad hours -3"},
		{"quarter into months", Options{Internal: []InternalHours{{Period: "2025-Q2", Hours: 30}}}, "2025-Q2: a quarter cannot be split into months"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compute(incidents, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if _, ok := errors.AsType[*OptionsError](err); !ok {
				t.Errorf("error %v is not an *OptionsError", err)
			}
		})
	}
}

func TestComputeEdges(t *testing.T) {
	tests := []struct {
		name      string
		incidents []*model.Incident
		opt       Options
		periods   []string
		skipped   []string
	}{
		{"nothing at all", nil, Options{}, nil, nil},
		{"since only, no data", nil, Options{Since: date("2025-03-15")}, []string{"2025-03"}, nil},
		{"data before since", []*model.Incident{{Source: model.Source{Path: "a.md"}, Date: "2025-01-02"}}, Options{Since: date("2025-03-15")},
			[]string{"2025-03"}, []string{"a.md: out of range (2025-01-02)"}},
		{"bad date, nil incident, no path", []*model.Incident{nil, {Title: "Outage", Date: "2025-13-01"}, {Source: model.Source{Path: "b.md", Line: 3}, Date: "2025-02-01"}}, Options{},
			[]string{"2025-02"}, []string{`"Outage": bad date "2025-13-01"`}},
		{"quarter row when grouping by quarter", nil, Options{By: Quarter, Internal: []InternalHours{{Period: "2025-q2", Hours: 30}}}, []string{"2025-Q2"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compute(tt.incidents, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			var periods []string
			for _, p := range r.Periods {
				periods = append(periods, p.Period)
			}
			if !slices.Equal(periods, tt.periods) {
				t.Errorf("periods %q, want %q", periods, tt.periods)
			}
			if !slices.Equal(r.Skipped, tt.skipped) {
				t.Errorf("Skipped %q, want %q", r.Skipped, tt.skipped)
			}
		})
	}
}
