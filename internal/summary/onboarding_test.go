package summary

import (
	"slices"
	"strings"
	"testing"
	"time"

	"handover/internal/model"
)

func sectionIDs(d *Document) []string {
	var ids []string
	for _, s := range d.Sections {
		ids = append(ids, s.ID)
	}
	return ids
}

// walk calls f for every line, nested ones too.
func walk(lines []Line, f func(Line)) {
	for _, l := range lines {
		f(l)
		walk(l.Lines, f)
	}
}

// texts are the texts of the top-level lines.
func texts(lines []Line) []string {
	var out []string
	for _, l := range lines {
		out = append(out, l.Text)
	}
	return out
}

func mustSection(t *testing.T, d *Document, id string) *Section {
	t.Helper()
	s := d.Section(id)
	if s == nil {
		t.Fatalf("no section %q in %v", id, sectionIDs(d))
	}
	return s
}

func TestOnboardingSectionOrder(t *testing.T) {
	want := []string{"environments", "placement", "hosts", "terraform", "sops", "alerts", "incidents", "conventions", "owners", "start-here"}
	for name, in := range map[string]*Input{"full": testInput(), "empty": {}, "no history": withoutHistory(testInput())} {
		d := Onboarding(in)
		if got := sectionIDs(d); !slices.Equal(got, want) {
			t.Errorf("%s: sections %v, want %v", name, got, want)
		}
		for _, s := range d.Sections {
			if s.Title == "" {
				t.Errorf("%s: section %s has no title", name, s.ID)
			}
		}
	}
}

func withoutHistory(in *Input) *Input {
	in.History = nil
	return in
}

func TestEnvironments(t *testing.T) {
	s := mustSection(t, Onboarding(testInput()), SectionEnvironments)
	want := []string{"production: 4 hosts", "staging: 1 host"}
	if got := texts(s.Lines); !slices.Equal(got, want) {
		t.Fatalf("environments %q, want %q", got, want)
	}
	if got := texts(s.Lines[0].Lines); !slices.Equal(got, []string{"aws: 3 hosts", "gcp: 1 host"}) {
		t.Errorf("production clouds %q", got)
	}
	if s.Lines[0].Source != src(prodInv, 1) || s.Lines[0].Lines[1].Source != src(prodInv, 9) {
		t.Errorf("production cites %v, gcp %v: want the groups' headers", s.Lines[0].Source, s.Lines[0].Lines[1].Source)
	}
}

func TestPlacementCounts(t *testing.T) {
	in := testInput()
	// A host in two purpose groups counts in both; one in none is flagged.
	in.Hosts[1].PurposeGroups = []string{"prod-web", "prod-db"}
	in.Hosts = append(in.Hosts, host("tmp01.prod.birch.internal", prodInv, 30, "production", "aws", nil, "scratch box", "k", "p"))
	s := mustSection(t, Onboarding(in), SectionPlacement)
	if s.Table == nil {
		t.Fatal("no table")
	}
	var got []string
	for _, r := range s.Table.Rows {
		got = append(got, r[0].Text+"/"+r[1].Text+"/"+r[2].Text+"="+r[3].Text)
	}
	want := []string{
		"production/aws/prod-db=2",
		"production/aws/prod-web=2",
		"production/aws/(no purpose group)=1",
		"production/gcp/prod-monitoring=1",
		"staging/aws/stage-web=1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows\n%q\nwant\n%q", got, want)
	}
	if c := s.Table.Rows[0][2]; c.Source != src(prodInv, 18) {
		t.Errorf("prod-db cites %v, want its group header", c.Source)
	}
	if len(s.Lines) != 1 || s.Lines[0].Level != LevelWarning || s.Lines[0].Source != src(prodInv, 30) {
		t.Errorf("want one warning for the host without a purpose group, got %+v", s.Lines)
	}
}

func TestHostsEveryLineCited(t *testing.T) {
	in := testInput()
	// Two hosts from one range line share a line of the summary.
	h := host("web03.prod.birch.internal", prodInv, 16, "production", "aws", []string{"prod-web"}, "second storefront node behind the ALB", "private_keys/prod.pem", "/usr/bin/python3")
	in.Hosts = append(in.Hosts, h)
	s := mustSection(t, Onboarding(in), SectionHosts)
	seen := map[string]bool{}
	warned := map[string]bool{}
	for _, place := range s.Lines {
		for _, l := range place.Lines {
			if l.Source.Path == "" || l.Source.Line == 0 {
				t.Errorf("host line %q cites no file:line", l.Text)
			}
			for _, h := range in.Hosts {
				if strings.Contains(l.Text, h.Name) {
					seen[h.Name] = true
					if l.Level == LevelWarning {
						warned[h.Name] = true
					}
				}
			}
		}
	}
	for _, h := range in.Hosts {
		if !seen[h.Name] {
			t.Errorf("host %s not listed", h.Name)
		}
	}
	want := map[string]bool{"db01.prod.birch.internal": true, "web01.stage.birch.internal": true}
	for name := range seen {
		if warned[name] != want[name] {
			t.Errorf("host %s: warning %v, want %v", name, warned[name], want[name])
		}
	}
	var shared Line
	walk(s.Lines, func(l Line) {
		if strings.Contains(l.Text, "web03") {
			shared = l
		}
	})
	if !strings.HasPrefix(shared.Text, "web02.prod.birch.internal, web03.prod.birch.internal [prod-web]") {
		t.Errorf("hosts of one line not joined: %q", shared.Text)
	}
	var stage string
	walk(s.Lines, func(l Line) {
		if strings.HasPrefix(l.Text, "web01.stage") {
			stage = l.Text
		}
	})
	for _, want := range []string{"key not set", "no purpose comment"} {
		if !strings.Contains(stage, want) {
			t.Errorf("staging host line %q does not say %q", stage, want)
		}
	}
}

func TestTerraform(t *testing.T) {
	s := mustSection(t, Onboarding(testInput()), SectionTerraform)
	got := texts(s.Lines)
	want := []string{
		"aws, eu-west-1: 3 resources in terraform/production/aws",
		"google, europe-west1: 1 resource in terraform/production/gcp",
		"Module calls: 1 module block",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("groups %q, want %q", got, want)
	}
	aws := texts(s.Lines[0].Lines)
	wantAWS := []string{
		"by type: aws_instance 2, aws_security_group 1",
		"aws_instance.web: Storefront web servers web01 and web02. Two of them so a deploy never takes the shop down.",
		"aws_instance.db: PostgreSQL 16 primary: orders and the catalogue.",
	}
	if !slices.Equal(aws, wantAWS) {
		t.Errorf("aws lines\n%q\nwant\n%q", aws, wantAWS)
	}
	if !strings.Contains(s.Intro, "1 data source") {
		t.Errorf("intro %q does not count the data source", s.Intro)
	}
}

func TestSOPOrderAndOverdue(t *testing.T) {
	s := mustSection(t, Onboarding(testInput()), SectionSOPs)
	type sop struct {
		title   string
		warning bool
	}
	var got []sop
	for _, l := range s.Lines {
		got = append(got, sop{l.Text[:strings.Index(l.Text, " (")], l.Level == LevelWarning})
	}
	want := []sop{
		{"Security breach", false},                       // emergency
		{"Restoring the database from a snapshot", true}, // 3 links; reviewed 2024
		{"Grafana alerts and what they mean", true},      // 1 link; never reviewed
		{"Deploying the storefront", false},              // reviewed 2026-04-01
		{"Renewing TLS certificates", true},              // reviewed 2025-01-15: over a year before testNow
	}
	if !slices.Equal(got, want) {
		t.Fatalf("SOPs\n%v\nwant\n%v", got, want)
	}
	for _, l := range s.Lines {
		if l.Source.Line == 0 {
			t.Errorf("%q cites no line", l.Text)
		}
	}
	for _, want := range []string{"owner chen", "last reviewed 2024-03-01", "over the 365-day limit"} {
		if !strings.Contains(s.Lines[1].Text, want) {
			t.Errorf("%q does not say %q", s.Lines[1].Text, want)
		}
	}

	// A longer limit makes the 2025 review current.
	in := testInput()
	in.SOPMaxAge = 2 * 365 * 24 * time.Hour
	s = mustSection(t, Onboarding(in), SectionSOPs)
	if l := s.Lines[4]; l.Level != "" {
		t.Errorf("with a two-year limit %q is still flagged", l.Text)
	}
}

func TestIncidentsNewestFirst(t *testing.T) {
	s := mustSection(t, Onboarding(testInput()), SectionIncidents)
	want := []string{
		"2026-03-02 [experience, sev2] Database disk full",
		"2025-11-20 [emergency, sev1] Card testing through the checkout",
		"2025-06-05 [knowledge-transfer] Monitoring went quiet for a week",
	}
	if got := texts(s.Lines); !slices.Equal(got, want) {
		t.Fatalf("incidents\n%q\nwant\n%q", got, want)
	}
	first := s.Lines[0].Lines
	wantFirst := []Line{
		{Text: "Root cause: WAL archiving stopped, e.g. after the upgrade.", Source: src("incidents/2026-03-02-db-disk-full.md", 20)},
		{Text: "Follow-up: Alert on WAL archive lag. (done; and 3 more items)", Source: src("incidents/2026-03-02-db-disk-full.md", 30)},
		{Text: "Produced the SOP: Restoring the database from a snapshot", Source: src("sops/db-restore.md", 2)},
	}
	if !slices.EqualFunc(first, wantFirst, func(a, b Line) bool { return a.Text == b.Text && a.Source == b.Source }) {
		t.Errorf("lessons\n%+v\nwant\n%+v", first, wantFirst)
	}
}

func TestConventionsErrorsFirst(t *testing.T) {
	in := testInput()
	for i := range 7 {
		in.Findings = append(in.Findings, model.Finding{Rule: "group-name", Level: model.LevelNote, Message: "dash", Source: src(prodInv, 40+i)})
	}
	s := mustSection(t, Onboarding(in), SectionConventions)
	var rules []string
	for _, l := range s.Lines {
		rules = append(rules, l.Text[:strings.IndexAny(l.Text, " :")])
	}
	want := []string{"host-key", "host-python", "host-purpose", "group-name", "terraform-why", "Files"}
	if !slices.Equal(rules, want) {
		t.Fatalf("rules %q, want %q (errors first, switched-off rules left out, problems last)", rules, want)
	}
	if s.Lines[0].Level != LevelWarning || s.Lines[2].Level != "" {
		t.Errorf("errors must be warnings, warnings not: %q %q", s.Lines[0].Level, s.Lines[2].Level)
	}
	notes := s.Lines[3]
	if n := len(notes.Lines); n != maxFindingsPerRule+1 || notes.Lines[n-1].Text != "and 2 more" {
		t.Errorf("7 notes: want %d listed and \"and 2 more\", got %q", maxFindingsPerRule, texts(notes.Lines))
	}
	if strings.Contains(notes.Text, "fix:") {
		t.Errorf("a rule without a fix shows one: %q", notes.Text)
	}
}

func TestOwners(t *testing.T) {
	s := mustSection(t, Onboarding(testInput()), SectionOwners)
	want := []string{
		"inventory inventories/production/hosts.ini: ask Anna Berg (@anna-b)",
		"inventory inventories/staging/hosts.yml: ask Anna Berg (@anna-b)",
		"Terraform terraform/production/aws: ask Ben Okafor (@bokafor)",
		"Terraform terraform/production/gcp: ask Dara Quinn (@dara-q)",
		"SOPs in sops: ask Anna Berg (@anna-b)",
		"incident reports in incidents: ask Anna Berg (@anna-b)",
		"Host lines, by who changed them last (ask them about those hosts)",
	}
	if got := texts(s.Lines); !slices.Equal(got, want) {
		t.Fatalf("areas\n%q\nwant\n%q", got, want)
	}
	var warnings []string
	walk(s.Lines, func(l Line) {
		if l.Level == LevelWarning {
			warnings = append(warnings, l.Text)
		}
	})
	if want := []string{"only Dara Quinn has changed it: bus factor 1"}; !slices.Equal(warnings, want) {
		t.Errorf("warnings %q, want %q", warnings, want)
	}
	prod := texts(s.Lines[0].Lines)
	wantProd := []string{
		"CODEOWNERS: Anna Berg (@anna-b)",
		"Most commits: Anna Berg (10 commits, last 2026-05-20), Ben Okafor (3 commits, last 2026-02-10)",
		"Last change: 2026-05-20 " + shortHash(fmt8("Anna Berg2026-05-20Add web02")) + " by Anna Berg: Add web02",
	}
	if !slices.Equal(prod, wantProd) {
		t.Errorf("production inventory\n%q\nwant\n%q", prod, wantProd)
	}
	hosts := texts(s.Lines[len(s.Lines)-1].Lines)
	wantHosts := []string{
		"Anna Berg last changed 2 host lines (newest 2026-05-20)",
		"Ben Okafor last changed 2 host lines (newest 2026-02-10)",
		"Chen Li last changed 1 host line (newest 2026-04-15)",
	}
	if !slices.Equal(hosts, wantHosts) {
		t.Errorf("host lines\n%q\nwant\n%q", hosts, wantHosts)
	}

	s = mustSection(t, Onboarding(withoutHistory(testInput())), SectionOwners)
	if !strings.Contains(s.Intro, "not a git work tree") {
		t.Errorf("without history the intro says %q", s.Intro)
	}
	var sops Line
	for _, l := range s.Lines {
		if strings.HasPrefix(l.Text, "SOPs in") {
			sops = l
		}
	}
	if sops.Text != "SOPs in sops: ask anna" {
		t.Errorf("without history: %q, want the SOP owner to ask", sops.Text)
	}
	if got := texts(sops.Lines); !slices.Equal(got, []string{"SOP owners: anna (3 SOPs), chen (1 SOP), dara (1 SOP)"}) {
		t.Errorf("without history, SOP owners %q", got)
	}
}

func TestStartHere(t *testing.T) {
	s := mustSection(t, Onboarding(testInput()), SectionStartHere)
	want := []string{
		"README.md: birch-infra (the repository's own introduction)",
		"docs/architecture.md: Architecture",
		"Decision records (why things are the way they are): 1 ADR",
		"inventories/production/hosts.ini: the main inventory (4 hosts); the comment above each host says what it is for",
		"ansible.cfg: which inventories ansible loads and how it connects",
		"terraform/production/aws: the Terraform directory with the most resources (3)",
	}
	if got := texts(s.Lines); !slices.Equal(got, want) {
		t.Errorf("start here\n%q\nwant\n%q", got, want)
	}
}

func TestFirstSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"One sentence without a full stop", "One sentence without a full stop"},
		{"Two things. The nightly job kept every video since July. And more.", "Two things. The nightly job kept every video since July."},
		{"WAL archiving stopped, e.g. after the upgrade. Nobody noticed.", "WAL archiving stopped, e.g. after the upgrade."},
		{"- [ ] Test a restore every quarter, in staging first.\n- [ ] Next", "Test a restore every quarter, in staging first."},
		{"First paragraph\nwraps here.\n\nSecond paragraph.", "First paragraph wraps here."},
		{strings.Repeat("word ", 60), strings.TrimSpace(strings.Repeat("word ", 44)) + "…"},
		{"Cut inside `a very long code span that goes on " + strings.Repeat("and on ", 40) + "`", "Cut inside…"},
	}
	for _, tt := range tests {
		if got := firstSentence(tt.in); got != tt.want {
			t.Errorf("firstSentence(%q)\n= %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// Every alert is listed with the runbook it leads to; one without is a
// warning that names its runbook_url elsewhere.
func TestOnboardingAlerts(t *testing.T) {
	s := mustSection(t, Onboarding(testInput()), SectionAlerts)
	if len(s.Lines) != 2 {
		t.Fatalf("lines %+v", s.Lines)
	}
	disk, grafana := s.Lines[0], s.Lines[1]
	if disk.Text != "DiskFull (warning, node): no runbook in the repository; runbook_url https://wiki.example.com/disk" || disk.Level != LevelWarning {
		t.Errorf("DiskFull: %+v", disk)
	}
	if grafana.Text != "GrafanaDown (critical, monitoring): runbook Grafana alerts and what they mean" || grafana.Level != "" ||
		len(grafana.Lines) != 1 || grafana.Lines[0].Source.String() != "sops/grafana-alerts.md:2" || grafana.Source.String() != "monitoring/alerts.yml:5" {
		t.Errorf("GrafanaDown: %+v", grafana)
	}
	if !strings.Contains(s.Intro, "1 of 2 have no runbook") {
		t.Errorf("intro %q", s.Intro)
	}
	if empty := mustSection(t, Onboarding(&Input{}), SectionAlerts); len(empty.Lines) != 0 || empty.Intro != "No Prometheus alert rules were found." {
		t.Errorf("no alerts: %+v", empty)
	}
}
