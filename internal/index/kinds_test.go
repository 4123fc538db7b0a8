package index

import (
	"context"
	"slices"
	"testing"

	"handover/internal/model"
)

// knowledgeSnapshot holds one of every kind besides hosts and groups.
func knowledgeSnapshot() *model.Snapshot {
	src := func(p string, l int) model.Source { return model.Source{Path: p, Line: l} }
	return &model.Snapshot{
		Repo: "kb", Root: "/srv/kb",
		Terraform: []*model.TerraformModule{{
			Dir:  "terraform/production/aws",
			Info: model.ModuleDir{Dir: "terraform/production/aws", Source: model.Source{Path: "terraform/production/aws/main.tf"}},
			Resources: []*model.Resource{
				{Address: "aws_instance.jenkins", Mode: "managed", Type: "aws_instance", Name: "jenkins",
					Module: "terraform/production/aws", Provider: "aws", Region: "eu-west-1",
					Source: src("terraform/production/aws/ci.tf", 4),
					Why:    model.Why{Text: "Jenkins controller: builds and deploys the shop", Source: src("terraform/production/aws/ci.tf", 2)},
					Tags:   map[string]string{"Name": "jenkins01"},
					Links:  []model.Link{{Rel: model.RelCreates, Kind: model.KindHost, Name: "jenkins01", Source: src("hosts.ini", 3)}}},
				{Address: "aws_s3_bucket.backups", Mode: "managed", Type: "aws_s3_bucket", Name: "backups",
					Module: "terraform/production/aws", Provider: "aws", ProviderAlias: "us", Region: "us-east-1",
					Source: src("terraform/production/aws/backup.tf", 1)},
			},
			Modules:   []*model.ModuleCall{{Name: "vpc", Address: "module.vpc", Module: "terraform/production/aws", From: "terraform-aws-modules/vpc/aws", Source: src("terraform/production/aws/vpc.tf", 1)}},
			Variables: []*model.Variable{{Name: "region", Module: "terraform/production/aws", Description: "Where the shop runs", Default: "eu-west-1", Source: src("terraform/production/aws/variables.tf", 1)}},
			Outputs:   []*model.Output{{Name: "jenkins_ip", Module: "terraform/production/aws", Value: "aws_instance.jenkins.private_ip", Source: src("terraform/production/aws/outputs.tf", 1)}},
			Providers: []*model.Provider{{Name: "aws", Module: "terraform/production/aws", Region: "eu-west-1", Source: src("terraform/production/aws/providers.tf", 1)}},
		}, {
			Dir: "terraform/production/gcp",
			Resources: []*model.Resource{{Address: "google_compute_instance.grafana", Mode: "managed", Type: "google_compute_instance",
				Name: "grafana", Module: "terraform/production/gcp", Provider: "google", Region: "europe-west1", Zone: "europe-west1-b",
				Source: src("terraform/production/gcp/main.tf", 9)}},
		}},
		SOPs: []*model.SOP{
			{Title: "Security breach", Source: src("sops/security-breach.md", 1), Owners: []string{"alice"}, Reviewed: "2026-03-01",
				Steps: []model.Procedure{{Steps: []model.Step{{Marker: "1.", Text: "Take a note of the time"}}}}},
			{Title: "Jenkins outage", Source: src("sops/jenkins.md", 1), Owners: []string{"bob"}, Reviewed: "2024-01-10",
				Summary: "When builds stop. A breach is handled by the security SOP instead.",
				Steps:   []model.Procedure{{Heading: "Diagnosis", Steps: []model.Step{{Marker: "-", Text: "Check jenkins01 disk"}}}}},
		},
		Incidents: []*model.Incident{
			{Title: "Wrong key for pg", Source: src("incidents/2025-03-02-pg.md", 1), Date: "2025-03-02", People: []string{"chandra"}, Category: model.CategoryKnowledgeTransfer, Hours: 6},
			{Title: "Playbook on prod", Source: src("incidents/2025-09-20-prod.md", 1), Date: "2025-09-20", People: []string{"bob", "chandra"}, Category: model.CategoryExperience, Hours: 3},
			{Title: "Breach at night", Source: src("incidents/2026-02-11-breach.md", 1), Date: "2026-02-11", People: []string{"alice"}, Category: model.CategoryEmergency, Hours: 9},
		},
		Docs: []*model.Doc{{Title: "Architecture", Source: src("docs/architecture.md", 1), Sections: []model.Section{
			{Heading: "Architecture", Level: 1, Text: "Acme Shop runs on AWS and GCP.", Source: src("docs/architecture.md", 1)},
			{Heading: "Web tier", Level: 2, Text: "Four nginx hosts behind an ALB.", Source: src("docs/architecture.md", 5)},
			{Heading: "Web tier", Level: 2, Text: "Again, in the appendix.", Source: src("docs/architecture.md", 30)},
		}}},
	}
}

func hitNames(t *testing.T, res *Result) []string {
	t.Helper()
	var out []string
	for _, h := range res.Hits {
		switch it := h.Item.(type) {
		case *model.Resource:
			out = append(out, it.Address)
		case *model.ModuleCall:
			out = append(out, it.Address)
		case *model.Variable:
			out = append(out, "var."+it.Name)
		case *model.Output:
			out = append(out, "output."+it.Name)
		case *model.Provider:
			out = append(out, "provider."+it.Name)
		case *model.SOP:
			out = append(out, it.Title)
		case *model.Incident:
			out = append(out, it.Title)
		case *model.Doc:
			out = append(out, it.Title+"/"+it.Sections[0].Heading)
		default:
			t.Fatalf("hit %s of kind %s decoded to nothing", h.ID, h.Kind)
		}
	}
	return out
}

func TestSearchKinds(t *testing.T) {
	s := openStore(t, t.TempDir())
	replace(t, s, knowledgeSnapshot())
	ctx := context.Background()
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"resources by provider", Query{Filter: Filter{Kind: "resource", Provider: "aws"}, Sort: "name"},
			[]string{"aws_instance.jenkins", "aws_s3_bucket.backups"}},
		{"resources by region", Query{Filter: Filter{Kind: "resource", Region: "europe-west1"}}, []string{"google_compute_instance.grafana"}},
		{"resources by type", Query{Filter: Filter{Type: "aws_s3_bucket"}}, []string{"aws_s3_bucket.backups"}},
		{"cloud from the provider, env from the directory", Query{Filter: Filter{Kind: "resource", Env: "production", Cloud: "gcp"}},
			[]string{"google_compute_instance.grafana"}},
		{"resource by the host it creates", Query{Text: "jenkins01", Filter: Filter{Kind: "resource"}}, []string{"aws_instance.jenkins"}},
		{"why-comment is searchable", Query{Text: "+deploys +shop"}, []string{"aws_instance.jenkins"}},
		{"module", Query{Filter: Filter{Kind: "module"}}, []string{"module.vpc"}},
		{"variable by description", Query{Text: "shop", Filter: Filter{Kind: "variable"}}, []string{"var.region"}},
		{"output", Query{Filter: Filter{Name: "output.jenkins_ip"}}, []string{"output.jenkins_ip"}},
		{"provider", Query{Filter: Filter{Kind: "provider"}}, []string{"provider.aws"}},
		{"sop title first", Query{Text: "breach", Filter: Filter{Kind: "sop"}, BoostTitle: true}, []string{"Security breach", "Jenkins outage"}},
		{"sop by step text", Query{Text: "jenkins01 disk", Filter: Filter{Kind: "sop"}}, []string{"Jenkins outage"}},
		{"sop by owner", Query{Filter: Filter{Kind: "sop", Person: "alice"}}, []string{"Security breach"}},
		{"incidents newest first", Query{Filter: Filter{Kind: "incident"}, Sort: "-date"},
			[]string{"Breach at night", "Playbook on prod", "Wrong key for pg"}},
		{"incidents by person", Query{Filter: Filter{Kind: "incident", Person: "chandra"}, Sort: "date"},
			[]string{"Wrong key for pg", "Playbook on prod"}},
		{"incidents by category", Query{Filter: Filter{Kind: "incident", Category: "experience"}}, []string{"Playbook on prod"}},
		{"incidents since", Query{Filter: Filter{Kind: "incident", Since: "2025-09-20"}, Sort: "date"},
			[]string{"Playbook on prod", "Breach at night"}},
		{"incidents in a window", Query{Filter: Filter{Kind: "incident", Since: "2025-01-01", Until: "2025-12-31"}, Sort: "date"},
			[]string{"Wrong key for pg", "Playbook on prod"}},
		{"doc sections apart, same heading twice", Query{Text: "appendix OR nginx", Filter: Filter{Kind: "doc"}, Sort: "name"},
			[]string{"Architecture/Web tier", "Architecture/Web tier"}},
	}
	for _, tt := range tests {
		res, err := s.Search(ctx, tt.q)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := hitNames(t, res); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}

	res, err := s.Search(ctx, Query{Facets: []string{"kind", "provider", "region"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]FacetCount{
		"kind":     {{"doc", 3}, {"incident", 3}, {"resource", 3}, {"sop", 2}, {"module", 1}, {"output", 1}, {"provider", 1}, {"tfmodule", 1}, {"variable", 1}},
		"provider": {{"aws", 3}, {"google", 1}},
		"region":   {{"eu-west-1", 2}, {"europe-west1", 1}, {"us-east-1", 1}},
	}
	for f, w := range want {
		if got := res.Facets[f]; !slices.Equal(got, w) {
			t.Errorf("facet %s = %v, want %v", f, got, w)
		}
	}

	for _, bad := range []Query{{Sort: "path"}, {Filter: Filter{Since: "last week"}}, {Filter: Filter{Kind: "page"}}} {
		if _, err := s.Search(ctx, bad); err == nil {
			t.Errorf("Search(%+v): no error", bad)
		}
	}
}

// hostOf and groupOf are a hit's host or group, nil for other kinds.
func hostOf(h Hit) *model.Host {
	host, _ := h.Item.(*model.Host)
	return host
}

func groupOf(h Hit) *model.Group {
	g, _ := h.Item.(*model.Group)
	return g
}

// Every registered kind has a registration here too: a new kind fails
// this test until the index knows how to store it.
func TestEveryKindIndexed(t *testing.T) {
	for _, info := range model.Kinds() {
		if ki, ok := kindIndexes[info.Kind]; !ok || ki.entries == nil {
			t.Errorf("kind %s has no entries in kindIndexes", info.Kind)
		}
	}
	if len(kindIndexes) != len(model.Kinds()) {
		t.Errorf("kindIndexes has %d kinds, the model %d", len(kindIndexes), len(model.Kinds()))
	}
}
