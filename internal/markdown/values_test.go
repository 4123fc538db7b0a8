package markdown

import (
	"testing"

	"handover/internal/model"
)

func TestKindForPath(t *testing.T) {
	tests := []struct {
		path string
		want model.Kind
	}{
		{"sops/security-incident.md", model.KindSOP},
		{"SOPs/Security.MD", model.KindSOP},
		{"docs/sop/restart.md", model.KindSOP},
		{"ops/runbooks/redis/memory.markdown", model.KindSOP},
		{"Runbook/db.md", model.KindSOP},
		{"team/procedures/onboarding.md", model.KindSOP},
		{"incidents/2024-01-15-payment.md", model.KindIncident},
		{"incident/x.md", model.KindIncident},
		{"docs/postmortems/2024-03-07-redis-outage.md", model.KindIncident},
		{"postmortem/x.md", model.KindIncident},
		{"docs/Post-Mortems/x.md", model.KindIncident},
		{"docs/post_mortems/x.md", model.KindIncident},
		{"incident-reports/2023/x.md", model.KindIncident},
		{"runbooks/incidents/x.md", model.KindIncident}, // the nearest directory wins
		{"incidents/runbooks/x.md", model.KindSOP},
		{"sops/README.md", model.KindDoc}, // an index page
		{"runbooks/readme.markdown", model.KindDoc},
		{"postmortems/index.md", model.KindDoc},
		{"source/incidents/index.html.md.erb", model.KindDoc}, // a site generator's index page
		{"source/incidents/2020-02-12.html.md.erb", model.KindIncident},
		{"postmortems/TEMPLATE.md", model.KindDoc},
		{"incidents/_incident-template.md", model.KindDoc},
		{"playbooks/deploy.md", model.KindDoc}, // Ansible's playbooks
		{"README.md", model.KindDoc},
		{"docs/architecture.md", model.KindDoc},
		{"sops.md", model.KindDoc},
		{"sops/notes.txt", ""},
		{"sops/deploy.yml", ""},
		{"sops", ""},
	}
	for _, tt := range tests {
		if got := KindForPath(tt.path); got != tt.want {
			t.Errorf("KindForPath(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestParseHours(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"3", 3, true},
		{"1.5", 1.5, true},
		{"1,5", 1.5, true},
		{"3h", 3, true},
		{"3 h", 3, true},
		{"1.5 hours", 1.5, true},
		{"90m", 1.5, true},
		{"90 min", 1.5, true},
		{"45 minutes", 0.75, true},
		{"2h30m", 2.5, true},
		{"2h 30m", 2.5, true},
		{"49h 29m", 49.48, true}, // to a hundredth of an hour
		{"0h 20m", 0.33, true},
		{"5h 09m (during support hours 10:00-17:00)", 5.15, true},
		{"(5h)", 0, false},
		{"1 hour and 30 minutes", 1.5, true},
		{"~4 hours", 4, true},
		{"about 2 hrs", 2, true},
		{"1 day", 24, true},
		{"", 0, false},
		{"a while", 0, false},
		{"3 fortnights", 0, false},
		{"-2", 0, false},
		{"inf", 0, false},
		{"h", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseHours(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseHours(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormCategory(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"knowledge-transfer", model.CategoryKnowledgeTransfer, true},
		{"Knowledge Transfer", model.CategoryKnowledgeTransfer, true},
		{"Knowledge-Transfer", model.CategoryKnowledgeTransfer, true},
		{"knowledge_transfer", model.CategoryKnowledgeTransfer, true},
		{"KT", model.CategoryKnowledgeTransfer, true},
		{"Knowledge Transfer issues", model.CategoryKnowledgeTransfer, true},
		{"Experience", model.CategoryExperience, true},
		{"lack of experience", model.CategoryExperience, true},
		{"Experience issue", model.CategoryExperience, true},
		{"EMERGENCY", model.CategoryEmergency, true},
		{"bad luck", "bad luck", false},
	}
	for _, tt := range tests {
		got, ok := normCategory(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("normCategory(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-03-07", "2024-03-07"},
		{"2024-03-07T14:05:00Z", "2024-03-07"},
		{"2024-03-07 14:05 UTC", "2024-03-07"},
		{"2001-12-14t21:59:43.10-05:00", "2001-12-14"},
		{"2024/03/07", "2024-03-07"},
		{"March 7, 2024", "2024-03-07"},
		{"Mar 7 2024", "2024-03-07"},
		{"7 March 2024", "2024-03-07"},
		{"2024-02-30", ""},
		{"2024-03-071", ""},
		{"last tuesday", ""},
		{"11/11/2024", "2024-11-11"}, // day and month the same
		{"13/11/2024", "2024-11-13"}, // British: the day is over 12
		{"11/13/2024", "2024-11-13"}, // American
		{"7.3.2024", ""},             // either order: not read
		{"03/04/2024", ""},
		{"31/02/2024", ""},
		{"13/11-2024", ""},
	}
	for _, tt := range tests {
		got, ok := normDate(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("normDate(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestDateIn(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-03-07-db-outage.md", "2024-03-07"},
		{"postmortem-2024-03-07.md", "2024-03-07"},
		{"2024_03_07_db.md", "2024-03-07"},
		{"20240307-db.md", "2024-03-07"},
		{"v12024-03-07.md", ""},
		{"2024-13-01-x.md", ""},
		{"db-outage.md", ""},
	}
	for _, tt := range tests {
		if got := dateIn(tt.in); got != tt.want {
			t.Errorf("dateIn(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMetaLine(t *testing.T) {
	tests := []struct {
		in, key, val string
		ok           bool
	}{
		{"**Owner:** alice", keyOwners, "alice", true},
		{"**Owner**: alice", keyOwners, "alice", true},
		{"__Owner:__ alice", keyOwners, "alice", true},
		{"*Severity:* `SEV2`", keySeverity, "SEV2", true},
		{"Owner: alice  ", keyOwners, "alice", true},
		{"Last reviewed: 2024-01-10\\", keyReviewed, "2024-01-10", true},
		{"**Time to resolve:** **3h**", keyHours, "3h", true},
		{"People involved: Erin and Frank", keyPeople, "Erin and Frank", true},
		{"SOP: [Rollback](../sops/rollback.md)", keySOP, "[Rollback](../sops/rollback.md)", true},
		{"Note: restart during the night", "", "", false},
		{"https://grafana.internal", "", "", false},
		{"**Owner** alice", "", "", false},
		{"**Owner: alice", "", "", false},
		{"Title: not from the body", "", "", false},
		{"Kind: sop", "", "", false},
	}
	for _, tt := range tests {
		key, val, ok := metaLine(tt.in)
		if key != tt.key || val != tt.val || ok != tt.ok {
			t.Errorf("metaLine(%q) = %q, %q, %v; want %q, %q, %v", tt.in, key, val, ok, tt.key, tt.val, tt.ok)
		}
	}
}

func TestClassifyHeading(t *testing.T) {
	tests := []struct {
		heading string
		want    stepClass
	}{
		{"Diagnosis", procedural},
		{"2. Mitigation:", procedural},
		{"Step 3: drain the node", procedural},
		{"How to roll back", procedural},
		{"Rollback", procedural},
		{"References", notSteps},
		{"See also", notSteps},
		{"Escalation contacts", notSteps},
		{"Useful links", notSteps},
		{"Related runbooks", notSteps},
		{"Background", neutral},
		{"Prerequisites", neutral},
	}
	for _, tt := range tests {
		if got := classify(tt.heading); got != tt.want {
			t.Errorf("classify(%q) = %v, want %v", tt.heading, got, tt.want)
		}
	}
}

func TestIncidentField(t *testing.T) {
	tests := []struct {
		heading string
		want    string
	}{
		{"Summary", "summary"},
		{"TL;DR", "summary"},
		{"What happened", "summary"},
		{"2. Root cause:", "root cause"},
		{"Root Cause Analysis", "root cause"},
		{"Why it happened", "root cause"},
		{"How the person was involved", "involvement"},
		{"Detection and response", "reaction"},
		{"5) Technical fix", "fix"},
		{"Mitigation", "fix"},
		{"Resolution", "fix"},
		{"Action items", "follow-up"},
		{"Follow-ups", "follow-up"},
		{"Next steps", "follow-up"},
		{"Impact", ""},
		{"Timeline", ""},
		{"Causeway", ""},
	}
	names := []string{"summary", "root cause", "involvement", "reaction", "fix", "follow-up"}
	for _, tt := range tests {
		got := ""
		if i := incidentField(tt.heading); i >= 0 {
			got = names[i]
		}
		if got != tt.want {
			t.Errorf("incidentField(%q) = %q, want %q", tt.heading, got, tt.want)
		}
	}
}
