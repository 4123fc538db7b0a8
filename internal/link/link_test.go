package link

import (
	"fmt"
	"slices"
	"testing"

	"handover/internal/model"
)

func src(path string, line int) model.Source { return model.Source{Repo: "r", Path: path, Line: line} }

func snapshot() *model.Snapshot {
	prod := &model.Inventory{Path: "inventories/prod/hosts.ini",
		Hosts: []*model.Host{
			{Name: "jenkins01.acme.internal", Source: src("inventories/prod/hosts.ini", 4)},
			{Name: "web", Source: src("inventories/prod/hosts.ini", 6)}, // too plain to find in prose
			{Name: "pg-primary01", Source: src("inventories/prod/hosts.ini", 8),
				Vars: []model.Var{{Name: "ansible_host", Value: "10.0.3.10"}}},
			{Name: "10.0.9.9", Source: src("inventories/prod/hosts.ini", 10)},
		},
		Groups: []*model.Group{
			{Name: "prod-ci", Source: src("inventories/prod/hosts.ini", 3)},
			{Name: "web", Source: src("inventories/prod/hosts.ini", 5)},
		},
	}
	staging := &model.Inventory{Path: "inventories/staging/hosts.yml",
		Hosts: []*model.Host{
			{Name: "jenkins01", Source: src("inventories/staging/hosts.yml", 7)},
			{Name: "web01.stage", Env: "staging", Source: src("inventories/staging/hosts.yml", 9)},
		},
	}
	prod.Hosts = append(prod.Hosts, &model.Host{Name: "web01.prod", Env: "production", Source: src("inventories/prod/hosts.ini", 12)})
	tf := &model.TerraformModule{Dir: "terraform/aws", Resources: []*model.Resource{
		{Address: "aws_instance.jenkins", Mode: "managed", Source: src("terraform/aws/ci.tf", 3),
			Tags: map[string]string{"Name": "jenkins01"}},
		{Address: "aws_instance.pg", Mode: "managed", Source: src("terraform/aws/db.tf", 1),
			Instances: []model.Instance{{Key: "[0]", Attrs: []model.Var{{Name: "private_ip", Value: "10.0.3.10"}}}}},
		{Address: "aws_instance.legacy", Mode: "managed", Source: src("terraform/aws/old.tf", 1),
			Attrs: []model.Var{{Name: "private_ip", Value: "10.0.9.9"}}},
		{Address: "data.aws_instance.jenkins", Mode: "data", Source: src("terraform/aws/ci.tf", 20),
			Tags: map[string]string{"Name": "jenkins01"}},
	}}
	prodTF := &model.TerraformModule{Dir: "terraform/production/aws", Resources: []*model.Resource{
		{Address: "aws_instance.web", Mode: "managed", Module: "terraform/production/aws", Source: src("terraform/production/aws/web.tf", 5),
			Instances: []model.Instance{{Key: `["web01"]`, Attrs: []model.Var{{Name: "tags", Value: map[string]any{"Name": "web01"}}}}}},
		{Address: "aws_instance.pg", Mode: "managed", Module: "terraform/production/aws", Source: src("terraform/production/aws/db.tf", 9),
			Expanded: []model.Instance{{Key: "[0]", Attrs: []model.Var{{Name: "tags.Name", Value: "pg-primary01"}}}}},
	}}
	sop := &model.SOP{Title: "PostgreSQL failover", Source: src("sops/postgres-failover.md", 1),
		Steps: []model.Procedure{{Steps: []model.Step{
			{Text: "Stop writes on `pg-primary01`.", Steps: []model.Step{{Text: "Check the web server logs"}}},
		}}}}
	restart := &model.SOP{Title: "Restart the web tier", Source: src("sops/restart-web.md", 1),
		Summary: "For production only.", Steps: []model.Procedure{{Steps: []model.Step{{Text: "Drain web01 from the ALB"}}}}}
	inc := &model.Incident{Title: "Jenkins down", Source: src("incidents/2026-01-jenkins.md", 1),
		SOP:       "../sops/postgres-failover.md",
		RootCause: "The prod-ci agents lost jenkins01. (aws_instance.jenkins was replaced.)",
	}
	return &model.Snapshot{Repo: "r", Inventories: []*model.Inventory{prod, staging},
		Terraform: []*model.TerraformModule{tf, prodTF}, SOPs: []*model.SOP{sop, restart}, Incidents: []*model.Incident{inc}}
}

func linkStrings(ls []model.Link) []string {
	var out []string
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%s %s %s %s via=%s", l.Rel, l.Kind, l.Name, l.Source, l.Via))
	}
	return out
}

func TestBuild(t *testing.T) {
	snap := snapshot()
	Build(snap)
	Build(snap) // idempotent
	prod, staging := snap.Inventories[0], snap.Inventories[1]
	res := snap.Terraform[0].Resources
	tests := []struct {
		name  string
		links []model.Link
		want  []string
	}{
		{"jenkins01 by short name", prod.Hosts[0].Links, []string{
			"created-by resource aws_instance.jenkins terraform/aws/ci.tf:3 via=Name tag jenkins01",
			"mentioned-in incident Jenkins down incidents/2026-01-jenkins.md:1 via=jenkins01",
		}},
		{"plain host name never matched in prose", prod.Hosts[1].Links, nil},
		{"pg by ansible_host in state, and by its name in another module's count", prod.Hosts[2].Links, []string{
			"created-by resource aws_instance.pg terraform/aws/db.tf:1 via=private_ip 10.0.3.10",
			"created-by resource aws_instance.pg terraform/production/aws/db.tf:9 via=Name tag pg-primary01",
			"mentioned-in sop PostgreSQL failover sops/postgres-failover.md:1 via=pg-primary01",
		}},
		{"host named by IP", prod.Hosts[3].Links, []string{
			"created-by resource aws_instance.legacy terraform/aws/old.tf:1 via=private_ip 10.0.9.9",
		}},
		{"same name in another inventory", staging.Hosts[0].Links, []string{
			"created-by resource aws_instance.jenkins terraform/aws/ci.tf:3 via=Name tag jenkins01",
			"mentioned-in incident Jenkins down incidents/2026-01-jenkins.md:1 via=jenkins01",
		}},
		{"group", prod.Groups[0].Links, []string{
			"mentioned-in incident Jenkins down incidents/2026-01-jenkins.md:1 via=prod-ci",
		}},
		{"plain group", prod.Groups[1].Links, nil},
		{"resource", res[0].Links, []string{
			"creates host jenkins01 inventories/staging/hosts.yml:7 via=Name tag jenkins01",
			"creates host jenkins01.acme.internal inventories/prod/hosts.ini:4 via=Name tag jenkins01",
			"mentioned-in incident Jenkins down incidents/2026-01-jenkins.md:1 via=aws_instance.jenkins",
		}},
		{"data source creates nothing", res[3].Links, nil},
		{"same short name in two environments: the module's env wins", snap.Terraform[1].Resources[0].Links, []string{
			"creates host web01.prod inventories/prod/hosts.ini:12 via=Name tag web01",
		}},
		{"staging web01 is not created by production Terraform", staging.Hosts[1].Links, nil},
		{"named by count in the configuration, no state", snap.Terraform[1].Resources[1].Links, []string{
			"creates host pg-primary01 inventories/prod/hosts.ini:8 via=Name tag pg-primary01",
		}},
		{"incident", snap.Incidents[0].Links, []string{
			"mentions group prod-ci inventories/prod/hosts.ini:3 via=prod-ci",
			"mentions host jenkins01 inventories/staging/hosts.yml:7 via=jenkins01",
			"mentions host jenkins01.acme.internal inventories/prod/hosts.ini:4 via=jenkins01",
			"mentions resource aws_instance.jenkins terraform/aws/ci.tf:3 via=aws_instance.jenkins",
			"produced sop PostgreSQL failover sops/postgres-failover.md:1 via=",
		}},
		{"a production runbook mentions production's web01 only", snap.SOPs[1].Links, []string{
			"mentions host web01.prod inventories/prod/hosts.ini:12 via=web01",
		}},
		{"sop", snap.SOPs[0].Links, []string{
			"mentions host pg-primary01 inventories/prod/hosts.ini:8 via=pg-primary01",
			"produced-by incident Jenkins down incidents/2026-01-jenkins.md:1 via=",
		}},
	}
	for _, tt := range tests {
		if got := linkStrings(tt.links); !slices.Equal(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestSameSOPRefs(t *testing.T) {
	sop := &model.SOP{Title: "Security breach", Source: model.Source{Path: "sops/security-breach.md"}}
	for _, tt := range []struct {
		ref, inc string
		want     bool
	}{
		{"sops/security-breach.md", "incidents/a.md", true},
		{"/sops/security-breach.md", "incidents/a.md", true},
		{"sops/security-breach", "incidents/a.md", true},
		{"../sops/security-breach.md", "incidents/a.md", true},
		{"security breach", "incidents/a.md", true},
		{"sops/other.md", "incidents/a.md", false},
		{"security-breach.md", "incidents/a.md", false},
	} {
		if got := SameSOP(tt.ref, tt.inc, sop); got != tt.want {
			t.Errorf("SameSOP(%q, %q) = %v, want %v", tt.ref, tt.inc, got, tt.want)
		}
	}
}
