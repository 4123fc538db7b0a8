package summary

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"handover/internal/model"
)

var since2026 = date("2026-01-01")

func mustHandoff(t *testing.T, in *Input, person string, since time.Time) *Document {
	t.Helper()
	d, err := Handoff(in, person, since)
	if err != nil {
		t.Fatalf("Handoff(%q): %v", person, err)
	}
	return d
}

func TestHandoffFindsPerson(t *testing.T) {
	tests := []struct{ query, want string }{
		{"anna", "Anna Berg"},               // first name
		{"ANNA", "Anna Berg"},               // any case
		{"Anna Berg", "Anna Berg"},          // full name
		{"anna@birch.example", "Anna Berg"}, // email
		{"anna-b", "Anna Berg"},             // GitHub handle, from admin_users and CODEOWNERS
		{"@anna-b", "Anna Berg"},
		{"ben", "Ben Okafor"},                      // first name; the incident says "Ben"
		{"ben.okafor", "Ben Okafor"},               // email local part
		{"ben.okafor@birch.example", "Ben Okafor"}, // email
		{"@bokafor", "Ben Okafor"},                 // handle, joined to the name by admin_users
		{"chen", "Chen Li"},
		{"dara-q", "Dara Quinn"},
		{"@birch/ops", "@birch/ops"}, // a team in CODEOWNERS
	}
	in := testInput()
	for _, tt := range tests {
		d, err := Handoff(in, tt.query, since2026)
		if err != nil {
			t.Errorf("Handoff(%q): %v", tt.query, err)
			continue
		}
		if want := "Handoff: " + tt.want; d.Title != want {
			t.Errorf("Handoff(%q) is %q, want %q", tt.query, d.Title, want)
		}
	}
}

func TestHandoffUnknownPerson(t *testing.T) {
	_, err := Handoff(testInput(), "zoe", since2026)
	var unknown *UnknownPersonError
	if !errors.As(err, &unknown) {
		t.Fatalf("err = %v, want an *UnknownPersonError", err)
	}
	for _, want := range []string{`"zoe"`, "Anna Berg (anna@birch.example, @anna-b)", "Ben Okafor", "Chen Li", "Dara Quinn", "@birch/ops"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if _, err := Handoff(&Input{}, "anna", time.Time{}); !errors.As(err, &unknown) || !strings.Contains(err.Error(), "names no people") {
		t.Errorf("with nobody known: %v", err)
	}
}

func TestHandoffAmbiguous(t *testing.T) {
	in := testInput()
	readme := in.History.Files["README.md"]
	readme.Authors = append(readme.Authors,
		model.AuthorStat{Name: "Sam Park", Email: "sam.park@birch.example", Commits: 1, Last: date("2025-02-01")},
		model.AuthorStat{Name: "Sam Lee", Email: "sam.lee@birch.example", Commits: 1, Last: date("2025-03-01")})
	_, err := Handoff(in, "sam", since2026)
	var ambiguous *AmbiguousPersonError
	if !errors.As(err, &ambiguous) || !strings.Contains(err.Error(), "matches 2 people") {
		t.Fatalf("two Sams: err = %v, want an *AmbiguousPersonError", err)
	}
	if d := mustHandoff(t, in, "sam.lee@birch.example", since2026); d.Title != "Handoff: Sam Lee" {
		t.Errorf("by email: %q", d.Title)
	}
	if d := mustHandoff(t, in, "Sam Park", since2026); d.Title != "Handoff: Sam Park" {
		t.Errorf("by full name: %q", d.Title)
	}
}

func TestHandoffSections(t *testing.T) {
	d := mustHandoff(t, testInput(), "anna", since2026)
	want := []string{"changed", "owns", "incidents", "follow-ups", "overdue-sops", "backups"}
	if got := sectionIDs(d); !slices.Equal(got, want) {
		t.Errorf("sections %v, want %v", got, want)
	}
	d = mustHandoff(t, withoutHistory(testInput()), "anna", since2026)
	if got := sectionIDs(d); !slices.Equal(got, want) {
		t.Errorf("without history: sections %v, want %v", got, want)
	}
}

func TestHandoffChanged(t *testing.T) {
	s := mustSection(t, mustHandoff(t, testInput(), "anna", since2026), SectionChanged)
	var files []string
	for _, l := range s.Lines {
		files = append(files, l.Source.Path)
	}
	// Newest first; group_vars (2025-12) and cert-renewal (2025-01) are older.
	want := []string{prodInv, "sops/deploy.md", awsDir + "/main.tf", "incidents/2026-03-02-db-disk-full.md", "sops/security-breach.md"}
	if !slices.Equal(files, want) {
		t.Fatalf("changed files\n%q\nwant\n%q", files, want)
	}
	if got := texts(s.Lines[0].Lines); len(got) != 2 || !strings.HasSuffix(got[0], ": Add web02") || !strings.HasSuffix(got[1], ": Describe web01") {
		t.Errorf("hosts.ini commits %q: want her two commits since 2026, newest first", got)
	}
	if !strings.Contains(s.Lines[0].Text, "8 of its 11 commits are theirs") {
		t.Errorf("share: %q", s.Lines[0].Text)
	}

	all := mustSection(t, mustHandoff(t, testInput(), "anna", time.Time{}), SectionChanged)
	if len(all.Lines) != 9 || all.Title != "What Anna Berg changed" {
		t.Errorf("all time: %q with %d files, want 9", all.Title, len(all.Lines))
	}
}

func TestHandoffOwns(t *testing.T) {
	s := mustSection(t, mustHandoff(t, testInput(), "anna", since2026), SectionOwns)
	want := []string{
		"CODEOWNERS names them for 2 patterns",
		"SOPs they own: 3",
		"Host lines they changed last: 2",
		"Terraform blocks they changed last: 1",
	}
	if got := texts(s.Lines); !slices.Equal(got, want) {
		t.Fatalf("owns %q, want %q", got, want)
	}
	if got := texts(s.Lines[0].Lines); !slices.Equal(got, []string{"files matching *", "files matching /sops/ (with @birch/ops)"}) {
		t.Errorf("rules %q", got)
	}
	var sops []string
	for _, l := range s.Lines[1].Lines {
		sops = append(sops, l.Source.Path)
	}
	if want := []string{"sops/deploy.md", "sops/cert-renewal.md", "sops/security-breach.md"}; !slices.Equal(sops, want) {
		t.Errorf("SOPs %q, want %q", sops, want)
	}
	var hostLines []int
	for _, l := range s.Lines[2].Lines {
		hostLines = append(hostLines, l.Source.Line)
	}
	if !slices.Equal(hostLines, []int{14, 16}) {
		t.Errorf("host lines %v, want 14 and 16 of %s", hostLines, prodInv)
	}
	if l := s.Lines[3].Lines[0]; !strings.HasPrefix(l.Text, "aws_instance.web:") || l.Source != src(awsDir+"/main.tf", 3) {
		t.Errorf("block %q at %v", l.Text, l.Source)
	}
}

func TestHandoffIncidentsAndFollowUps(t *testing.T) {
	tests := []struct {
		person    string
		incidents []string
		open      map[string][]string // incident title -> open items
	}{
		{"anna", []string{"Database disk full", "Card testing through the checkout"}, map[string][]string{
			"Database disk full":                {"Move backups to `module.backup` snapshots.", "Test a restore every quarter."},
			"Card testing through the checkout": {"Rate limit the checkout API.", "Add a WAF rule for card testing bursts from one IP."},
		}},
		{"ben", []string{"Card testing through the checkout"}, map[string][]string{
			"Card testing through the checkout": {"Rate limit the checkout API.", "Add a WAF rule for card testing bursts from one IP."},
		}},
		{"dara", []string{"Monitoring went quiet for a week"}, map[string][]string{}}, // its only item is checked
	}
	for _, tt := range tests {
		d := mustHandoff(t, testInput(), tt.person, since2026)
		var incs []string
		for _, l := range mustSection(t, d, SectionIncidents).Lines {
			incs = append(incs, l.Text[strings.Index(l.Text, "] ")+2:])
		}
		if !slices.Equal(incs, tt.incidents) {
			t.Errorf("%s: incidents %q, want %q", tt.person, incs, tt.incidents)
		}
		open := map[string][]string{}
		for _, l := range mustSection(t, d, SectionFollowUps).Lines {
			for title := range tt.open {
				if strings.Contains(l.Text, title) {
					open[title] = texts(l.Lines)
				}
			}
			for _, item := range l.Lines {
				if item.Source.Line == 0 {
					t.Errorf("%s: follow-up %q cites no line", tt.person, item.Text)
				}
			}
		}
		if len(open) != len(tt.open) {
			t.Errorf("%s: open follow-ups %q, want %q", tt.person, open, tt.open)
		}
		for title, want := range tt.open {
			if !slices.Equal(open[title], want) {
				t.Errorf("%s: open in %q: %q, want %q", tt.person, title, open[title], want)
			}
		}
	}
}

func TestHandoffOverdueSOPs(t *testing.T) {
	tests := []struct {
		person string
		want   []string
	}{
		{"anna", []string{"sops/cert-renewal.md"}},
		{"chen", []string{"sops/db-restore.md"}},
		{"dara", []string{"sops/grafana-alerts.md"}}, // never reviewed
		{"ben", nil},
	}
	for _, tt := range tests {
		s := mustSection(t, mustHandoff(t, testInput(), tt.person, since2026), SectionOverdueSOPs)
		var got []string
		for _, l := range s.Lines {
			got = append(got, l.Source.Path)
			if l.Level != LevelWarning {
				t.Errorf("%s: %q is not a warning", tt.person, l.Text)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: overdue %q, want %q", tt.person, got, tt.want)
		}
	}
}

func TestHandoffBackups(t *testing.T) {
	tests := []struct {
		person string
		// area -> the people suggested, or "BUS FACTOR 1"
		want map[string]string
	}{
		{"anna", map[string]string{
			"the top of the repository":         "Chen Li",
			"incidents":                         "Chen Li",
			"inventories/production":            "Ben Okafor",
			"inventories/production/group_vars": "BUS FACTOR 1",
			"sops":                              "Ben Okafor, Chen Li, @birch/ops",
			awsDir:                              "Ben Okafor, Ben Okafor (@bokafor)",
		}},
		{"dara", map[string]string{
			gcpDir:      "BUS FACTOR 1",
			"incidents": "Anna Berg (@anna-b)",
			"sops":      "Anna Berg (@anna-b), @birch/ops",
		}},
		{"chen", map[string]string{
			"the top of the repository": "Anna Berg, Anna Berg (@anna-b)",
			"incidents":                 "Anna Berg, Anna Berg (@anna-b)",
			"inventories/staging":       "Ben Okafor, Anna Berg (@anna-b)",
			// Anna changed deploy.md, CODEOWNERS names her and the team, and she owns the SOP.
			"sops": "Anna Berg, Anna Berg (@anna-b), @birch/ops, Anna Berg",
		}},
	}
	for _, tt := range tests {
		s := mustSection(t, mustHandoff(t, testInput(), tt.person, since2026), SectionBackups)
		got := map[string]string{}
		for _, l := range s.Lines {
			area := l.Text
			if l.Level == LevelWarning {
				area = strings.TrimSuffix(strings.TrimPrefix(area, "nobody else has changed "), ": bus factor 1")
				got[area] = "BUS FACTOR 1"
				continue
			}
			area = area[:strings.LastIndex(area, " (")]
			var names []string
			for _, b := range l.Lines {
				if strings.HasPrefix(b.Text, "nearby: ") {
					continue
				}
				names = append(names, b.Text[:strings.Index(b.Text, ": ")])
			}
			got[area] = strings.Join(names, ", ")
		}
		for area, want := range tt.want {
			if got[area] != want {
				t.Errorf("%s, %s: backups %q, want %q", tt.person, area, got[area], want)
			}
		}
		for area := range got {
			if _, ok := tt.want[area]; !ok {
				t.Errorf("%s: unexpected area %q: %q", tt.person, area, got[area])
			}
		}
	}
}
