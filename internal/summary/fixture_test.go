package summary

import (
	"crypto/sha1"
	"fmt"
	"time"

	"handover/internal/model"
)

// The test company, Birch Books, sells books online: a storefront and a
// database in AWS, monitoring in GCP, a staging copy of the storefront.
// Four people: Anna Berg (ops lead, @anna-b), Ben Okafor (@bokafor), Chen
// Li (no GitHub handle anywhere) and Dara Quinn (@dara-q), who alone has
// ever changed the GCP Terraform.

const (
	prodInv  = "inventories/production/hosts.ini"
	stageInv = "inventories/staging/hosts.yml"
	awsDir   = "terraform/production/aws"
	gcpDir   = "terraform/production/gcp"
)

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func src(p string, line int) model.Source { return model.Source{Path: p, Line: line} }

func host(name, inv string, line int, env, cloud string, purposeGroups []string, purpose, key, python string) model.Host {
	h := model.Host{Name: name, Inventory: inv, Source: src(inv, line), Purpose: purpose,
		Env: env, Cloud: cloud, PurposeGroups: purposeGroups, DirectGroups: purposeGroups}
	if purpose != "" {
		h.PurposeSource = src(inv, line-1)
	}
	if key != "" {
		h.Vars = append(h.Vars, model.Var{Name: "ansible_ssh_private_key_file", Value: key})
	}
	if python != "" {
		h.Vars = append(h.Vars, model.Var{Name: "ansible_python_interpreter", Value: python})
	}
	return h
}

func group(name, inv string, line int, env, cloud string, depth int) model.Group {
	return model.Group{Name: name, Inventory: inv, Source: src(inv, line), Env: env, Cloud: cloud, Depth: depth}
}

// commit is a git commit by one of the four.
func commit(who, day, subject string) model.Commit {
	emails := map[string]string{
		"Anna Berg": "anna@birch.example", "Ben Okafor": "ben.okafor@birch.example",
		"Chen Li": "chen@birch.example", "Dara Quinn": "dara@birch.example",
	}
	return model.Commit{Hash: fmt8(who + day + subject), Author: who, Email: emails[who], Date: date(day), Subject: subject}
}

// fmt8 is a stable fake commit hash.
func fmt8(s string) string { return fmt.Sprintf("%x", sha1.Sum([]byte(s))) }

// file is a file's history: commits newest first; authors counted from
// them plus extra older commits.
func file(p string, commits []model.Commit, extra map[string]int) *model.FileHistory {
	fh := &model.FileHistory{Path: p, Commits: commits}
	stats := map[string]*model.AuthorStat{}
	var order []string
	for _, c := range commits {
		st := stats[c.Author]
		if st == nil {
			st = &model.AuthorStat{Name: c.Author, Email: c.Email, Last: c.Date}
			stats[c.Author] = st
			order = append(order, c.Author)
		}
		st.Commits++
	}
	fh.Total = len(commits)
	for _, who := range order {
		stats[who].Commits += extra[who]
		fh.Total += extra[who]
		fh.Authors = append(fh.Authors, *stats[who])
	}
	// Most commits first, as git history reports them.
	for i := 1; i < len(fh.Authors); i++ {
		for j := i; j > 0 && fh.Authors[j].Commits > fh.Authors[j-1].Commits; j-- {
			fh.Authors[j], fh.Authors[j-1] = fh.Authors[j-1], fh.Authors[j]
		}
	}
	return fh
}

func testInput() *Input {
	adminUsers := []any{
		map[string]any{"name": "anna", "github": "anna-b"},
		map[string]any{"name": "ben", "github": "bokafor"},
		map[string]any{"name": "dara", "github": "dara-q"},
	}
	prodGroup := group("production", prodInv, 1, "production", "", 1)
	prodGroup.Vars = []model.Var{{Name: "admin_users", Value: adminUsers}}

	web := model.Resource{Address: "aws_instance.web", Mode: "managed", Type: "aws_instance", Name: "web", Module: awsDir,
		Provider: "aws", Region: "eu-west-1", Source: src(awsDir+"/main.tf", 3),
		Why:   model.Why{Text: "Storefront web servers web01 and web02. Two of them so a deploy never takes the shop down.", Source: src(awsDir+"/main.tf", 1)},
		Links: []model.Link{{Rel: model.RelCreates, Kind: model.KindHost, Name: "web01.prod.birch.internal", Source: src(prodInv, 14)}}}
	db := model.Resource{Address: "aws_instance.db", Mode: "managed", Type: "aws_instance", Name: "db", Module: awsDir,
		Provider: "aws", Region: "eu-west-1", Source: src(awsDir+"/main.tf", 20),
		Why: model.Why{Text: "PostgreSQL 16 primary: orders and the catalogue.", Source: src(awsDir+"/main.tf", 19)}}
	sg := model.Resource{Address: "aws_security_group.web", Mode: "managed", Type: "aws_security_group", Name: "web", Module: awsDir,
		Provider: "aws", Region: "eu-west-1", Source: src(awsDir+"/security.tf", 1)}
	ami := model.Resource{Address: "data.aws_ami.ubuntu", Mode: "data", Type: "aws_ami", Name: "ubuntu", Module: awsDir,
		Provider: "aws", Region: "eu-west-1", Source: src(awsDir+"/main.tf", 40)}
	mon := model.Resource{Address: "google_compute_instance.monitoring", Mode: "managed", Type: "google_compute_instance", Name: "monitoring",
		Module: gcpDir, Provider: "google", Region: "europe-west1", Source: src(gcpDir+"/main.tf", 5),
		Why: model.Why{Text: "Prometheus and Grafana, in GCP for the free credits.", Source: src(gcpDir+"/main.tf", 4)}}

	sop := func(p, title string, owners []string, tags []string, reviewed string, links int) model.SOP {
		s := model.SOP{Title: title, Source: src(p, 2), Owners: owners, Tags: tags, Reviewed: reviewed,
			Summary: "Use this when " + title + ". It is short."}
		for i := 0; i < links; i++ {
			s.Links = append(s.Links, model.Link{Rel: model.RelMentions, Kind: model.KindHost, Name: "db01", Source: src(prodInv, 20)})
		}
		return s
	}
	breach := sop("sops/security-breach.md", "Security breach", []string{"anna"}, []string{"security"}, "2026-01-10", 0)
	breach.Links = []model.Link{{Rel: model.RelProducedBy, Kind: model.KindIncident, Name: "Card testing", Source: src("incidents/2025-11-20-card-testing.md", 2)}}
	restore := sop("sops/db-restore.md", "Restoring the database from a snapshot", []string{"chen"}, []string{"database"}, "2024-03-01", 2)
	restore.Links = append(restore.Links, model.Link{Rel: model.RelProducedBy, Kind: model.KindIncident, Name: "DB disk full", Source: src("incidents/2026-03-02-db-disk-full.md", 2)})

	return &Input{
		Repo:      "birch-infra",
		Root:      "", // nothing on disk: tests see only the model
		IndexedAt: time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC),
		Now:       testNow,
		Hosts: []model.Host{
			host("web01.prod.birch.internal", prodInv, 14, "production", "aws", []string{"prod-web"}, "nginx + Node storefront: www.birch.example", "private_keys/prod.pem", "/usr/bin/python3"),
			host("web02.prod.birch.internal", prodInv, 16, "production", "aws", []string{"prod-web"}, "second storefront node behind the ALB", "private_keys/prod.pem", "/usr/bin/python3"),
			host("db01.prod.birch.internal", prodInv, 20, "production", "aws", []string{"prod-db"}, "PostgreSQL 16 primary", "private_keys/prod.pem", ""),
			host("mon01.prod.birch.internal", prodInv, 24, "production", "gcp", []string{"prod-monitoring"}, "Prometheus | Grafana", "private_keys/prod-gcp", "/usr/bin/python3"),
			host("web01.stage.birch.internal", stageInv, 9, "staging", "aws", []string{"stage-web"}, "", "", "/usr/bin/python3"),
		},
		Groups: []model.Group{
			prodGroup,
			group("prod-aws", prodInv, 5, "production", "aws", 2),
			group("prod-gcp", prodInv, 9, "production", "gcp", 2),
			group("prod-web", prodInv, 12, "production", "aws", 3),
			group("prod-db", prodInv, 18, "production", "aws", 3),
			group("prod-monitoring", prodInv, 22, "production", "gcp", 3),
			group("staging", stageInv, 2, "staging", "", 1),
			group("stage-aws", stageInv, 4, "staging", "aws", 2),
			group("stage-web", stageInv, 6, "staging", "aws", 3),
		},
		Resources: []model.Resource{web, db, sg, ami, mon},
		Modules: []model.ModuleCall{{Name: "backup", Address: "module.backup", Module: awsDir, From: "../../modules/backup",
			Source: src(awsDir+"/backup.tf", 2), Why: model.Why{Text: "Nightly snapshots of the database volume, kept 14 days."}}},
		SOPs: []model.SOP{
			sop("sops/deploy.md", "Deploying the storefront", []string{"anna"}, []string{"deploy"}, "2026-04-01", 0),
			sop("sops/cert-renewal.md", "Renewing TLS certificates", []string{"Anna"}, nil, "2025-01-15", 0),
			restore,
			sop("sops/grafana-alerts.md", "Grafana alerts and what they mean", []string{"dara"}, nil, "", 1),
			breach,
		},
		Alerts: []model.Alert{
			{Name: "GrafanaDown", Group: "monitoring", Severity: "critical", Source: src("monitoring/alerts.yml", 5),
				RunbookURL: "https://git.example.com/birch/-/blob/main/sops/grafana-alerts.md",
				Links:      []model.Link{{Rel: model.RelRunbook, Kind: model.KindSOP, Name: "Grafana alerts and what they mean", Source: src("sops/grafana-alerts.md", 2), Via: "runbook_url"}}},
			{Name: "DiskFull", Group: "node", Severity: "warning", Source: src("monitoring/alerts.yml", 14), RunbookURL: "https://wiki.example.com/disk"},
		},
		Incidents: []model.Incident{
			{
				Title: "Monitoring went quiet for a week", Source: src("incidents/2025-06-05-monitoring-gap.md", 2),
				Date: "2025-06-05", People: []string{"dara"}, Category: model.CategoryKnowledgeTransfer,
				RootCause: "Only Dara knew the alert rules.",
				FollowUp:  "- [x] Document the Grafana alert rules.",
				Sections: []model.Section{
					{Heading: "Root cause", Level: 2, Text: "Only Dara knew the alert rules.", Source: src("incidents/2025-06-05-monitoring-gap.md", 10)},
					{Heading: "Follow-up", Level: 2, Text: "- [x] Document the Grafana alert rules.", Source: src("incidents/2025-06-05-monitoring-gap.md", 14)},
				},
			},
			{
				Title: "Card testing through the checkout", Source: src("incidents/2025-11-20-card-testing.md", 2),
				Date: "2025-11-20", People: []string{"Ben", "anna"}, Category: model.CategoryEmergency, Severity: "sev1",
				SOP:       "sops/security-breach.md",
				RootCause: "The checkout API had no rate limit. Bots tried 30,000 stolen cards in an hour.",
				FollowUp:  "- Rate limit the checkout API.\n- Add a WAF rule for card testing\n  bursts from one IP.",
				Sections: []model.Section{
					{Heading: "Root cause", Level: 2, Text: "The checkout API had no rate limit. Bots tried 30,000 stolen cards in an hour.", Source: src("incidents/2025-11-20-card-testing.md", 12)},
					{Heading: "Follow-up", Level: 2, Text: "- Rate limit the checkout API.\n- Add a WAF rule for card testing\n  bursts from one IP.", Source: src("incidents/2025-11-20-card-testing.md", 30)},
				},
			},
			{
				Title: "Database disk full", Source: src("incidents/2026-03-02-db-disk-full.md", 2),
				Date: "2026-03-02", People: []string{"anna", "chen"}, Category: model.CategoryExperience, Severity: "sev2",
				SOP:       "../sops/db-restore.md",
				RootCause: "WAL archiving stopped, e.g. after the upgrade. Nobody noticed for a week.",
				FollowUp:  "- [x] Alert on WAL archive lag.\n- [ ] Move backups to `module.backup` snapshots.\n- [ ] Test a restore every quarter.\n- Thanks to Chen for the night shift.",
				Sections: []model.Section{
					{Heading: "Root cause", Level: 2, Text: "WAL archiving stopped, e.g. after the upgrade. Nobody noticed for a week.", Source: src("incidents/2026-03-02-db-disk-full.md", 20)},
					{Heading: "Follow-up", Level: 2, Text: "- [x] Alert on WAL archive lag.\n- [ ] Move backups to `module.backup` snapshots.\n- [ ] Test a restore every quarter.\n- Thanks to Chen for the night shift.", Source: src("incidents/2026-03-02-db-disk-full.md", 30)},
				},
			},
		},
		Docs: []model.Doc{
			{Title: "birch-infra", Source: src("README.md", 1), Sections: []model.Section{{Heading: "birch-infra", Level: 1, Source: src("README.md", 1)}}},
			{Title: "birch-infra", Source: src("README.md", 1), Sections: []model.Section{{Heading: "Layout", Level: 2, Source: src("README.md", 12)}}},
			{Title: "Architecture", Source: src("docs/architecture.md", 1), Sections: []model.Section{{Heading: "Tiers", Level: 2, Source: src("docs/architecture.md", 5)}}},
			{Title: "ADR 1: PostgreSQL on EC2, not RDS", Source: src("docs/adr/0001-postgres-on-ec2.md", 1)},
			{Title: "Meeting notes", Source: src("docs/notes.md", 1)},
		},
		Problems: []model.Problem{
			{Source: src(gcpDir+"/main.tf", 12), Severity: model.SeverityWarning, Message: `Unsupported argument "labelz"`},
		},
		Findings: []model.Finding{
			{Rule: "host-purpose", Level: model.LevelWarning, Message: "host web01.stage.birch.internal has no purpose comment", Source: src(stageInv, 9), Fix: "add a comment above the host"},
			{Rule: "host-key", Level: model.LevelError, Message: "host web01.stage.birch.internal has no ansible_ssh_private_key_file", Source: src(stageInv, 9), Fix: "name the key file on the host line"},
			{Rule: "host-python", Level: model.LevelError, Message: "host db01.prod.birch.internal has no ansible_python_interpreter", Source: src(prodInv, 20)},
			{Rule: "terraform-why", Level: model.LevelNote, Message: "aws_security_group.web has no comment saying why", Source: src(awsDir+"/security.tf", 1)},
			{Rule: "group-name", Level: model.LevelOff, Message: "switched off", Source: src(prodInv, 1)},
		},
		History: testHistory(),
	}
}

func testHistory() *model.History {
	c := commit
	return &model.History{
		Head:   c("Anna Berg", "2026-05-20", "Add web02"),
		Branch: "main",
		Files: map[string]*model.FileHistory{
			prodInv: file(prodInv, []model.Commit{
				c("Anna Berg", "2026-05-20", "Add web02"),
				c("Ben Okafor", "2026-02-10", "db01: say which python"),
				c("Anna Berg", "2026-01-05", "Describe web01"),
			}, map[string]int{"Anna Berg": 6, "Ben Okafor": 2}),
			"inventories/production/group_vars/all.yml": file("inventories/production/group_vars/all.yml", []model.Commit{
				c("Anna Berg", "2025-12-01", "Admin users with their GitHub handles"),
			}, map[string]int{"Anna Berg": 1}),
			stageInv: file(stageInv, []model.Commit{
				c("Chen Li", "2026-04-15", "Staging web01"),
				c("Ben Okafor", "2025-10-01", "Staging inventory"),
			}, map[string]int{"Chen Li": 3}),
			awsDir + "/main.tf": file(awsDir+"/main.tf", []model.Commit{
				c("Ben Okafor", "2026-05-01", "Bigger db instance"),
				c("Anna Berg", "2026-03-15", "Say why web has two instances"),
			}, map[string]int{"Ben Okafor": 9, "Anna Berg": 1}),
			awsDir + "/security.tf": file(awsDir+"/security.tf", []model.Commit{
				c("Ben Okafor", "2025-08-01", "Security group for web"),
			}, nil),
			gcpDir + "/main.tf": file(gcpDir+"/main.tf", []model.Commit{
				c("Dara Quinn", "2026-01-20", "Monitoring in GCP"),
			}, map[string]int{"Dara Quinn": 5}),
			"sops/security-breach.md": file("sops/security-breach.md", []model.Commit{
				c("Anna Berg", "2026-01-10", "Security breach SOP after card testing"),
				c("Ben Okafor", "2025-11-25", "First draft"),
			}, map[string]int{"Anna Berg": 2}),
			"sops/db-restore.md": file("sops/db-restore.md", []model.Commit{
				c("Chen Li", "2024-03-01", "Restore SOP"),
			}, map[string]int{"Chen Li": 1}),
			"sops/deploy.md": file("sops/deploy.md", []model.Commit{
				c("Anna Berg", "2026-04-01", "Deploy SOP reviewed"),
				c("Chen Li", "2025-09-01", "Deploy SOP"),
			}, nil),
			"sops/cert-renewal.md": file("sops/cert-renewal.md", []model.Commit{
				c("Anna Berg", "2025-01-15", "Cert renewal SOP"),
			}, nil),
			"sops/grafana-alerts.md": file("sops/grafana-alerts.md", []model.Commit{
				c("Dara Quinn", "2025-06-10", "Grafana alerts"),
			}, nil),
			"incidents/2026-03-02-db-disk-full.md": file("incidents/2026-03-02-db-disk-full.md", []model.Commit{
				c("Anna Berg", "2026-03-04", "Follow-ups"),
				c("Chen Li", "2026-03-03", "DB disk full report"),
			}, nil),
			"incidents/2025-11-20-card-testing.md": file("incidents/2025-11-20-card-testing.md", []model.Commit{
				c("Ben Okafor", "2025-11-21", "Card testing report"),
			}, nil),
			"incidents/2025-06-05-monitoring-gap.md": file("incidents/2025-06-05-monitoring-gap.md", []model.Commit{
				c("Dara Quinn", "2025-06-06", "Monitoring gap report"),
			}, nil),
			"README.md": file("README.md", []model.Commit{
				c("Anna Berg", "2025-12-02", "README: layout"),
				c("Chen Li", "2025-05-01", "README"),
			}, map[string]int{"Anna Berg": 4}),
			"ansible.cfg": file("ansible.cfg", []model.Commit{
				c("Anna Berg", "2025-05-01", "Load both inventories"),
			}, nil),
		},
		Lines: map[string]map[int]model.LineChange{
			prodInv: {
				14: {Commit: c("Anna Berg", "2026-01-05", "Describe web01"), Line: 14},
				16: {Commit: c("Anna Berg", "2026-05-20", "Add web02"), Line: 16},
				20: {Commit: c("Ben Okafor", "2026-02-10", "db01: say which python"), Line: 20},
				24: {Commit: c("Ben Okafor", "2025-08-02", "Monitoring host"), Line: 24},
			},
			stageInv:                {9: {Commit: c("Chen Li", "2026-04-15", "Staging web01"), Line: 9}},
			awsDir + "/main.tf":     {3: {Commit: c("Anna Berg", "2026-03-15", "Say why web has two instances"), Line: 3}, 20: {Commit: c("Ben Okafor", "2026-05-01", "Bigger db instance"), Line: 20}},
			gcpDir + "/main.tf":     {5: {Commit: c("Dara Quinn", "2026-01-20", "Monitoring in GCP"), Line: 5}},
			awsDir + "/security.tf": {1: {Commit: c("Ben Okafor", "2025-08-01", "Security group for web"), Line: 1}},
		},
		Owners: []model.OwnerRule{
			{Pattern: "*", Owners: []string{"@anna-b"}, Source: src(".github/CODEOWNERS", 2)},
			{Pattern: "/terraform/", Owners: []string{"@bokafor"}, Source: src(".github/CODEOWNERS", 4)},
			{Pattern: "/terraform/production/gcp/", Owners: []string{"@dara-q"}, Source: src(".github/CODEOWNERS", 5)},
			{Pattern: "/sops/", Owners: []string{"@anna-b", "@birch/ops"}, Source: src(".github/CODEOWNERS", 7)},
		},
	}
}
