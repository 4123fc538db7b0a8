package ingest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"handover/internal/config"
	"handover/internal/model"
)

// The messy fixture's Terraform, runbook, postmortem and wiki are shaped
// like real repositories: a why-comment a blank line above its block, a
// broken .tf file beside a good one, bullet steps under Diagnosis and
// Mitigation, a postmortem under docs/ without front matter, and
// procedures in a folder only handover.ini knows.
func TestSnapshotMessyDocuments(t *testing.T) {
	rp := config.Repo{Name: "messy", Path: "testdata/messy",
		Kinds: []config.PathKind{{Pattern: "wiki/procedures", Kind: model.KindSOP}}}
	snap, err := Snapshot(context.Background(), rp, nil)
	if err != nil {
		t.Fatal(err)
	}

	if len(snap.Terraform) != 1 || snap.Terraform[0].Dir != "terraform" {
		t.Fatalf("Terraform = %+v, want the terraform/ module", snap.Terraform)
	}
	tf := snap.Terraform[0]
	var ci *model.Resource
	var addrs []string
	for _, r := range tf.Resources {
		addrs = append(addrs, r.Address)
		if r.Address == "aws_instance.ci" {
			ci = r
		}
	}
	if ci == nil || !slices.Contains(addrs, "aws_s3_bucket.artifacts") {
		t.Fatalf("resources of the good file missing: %v", addrs)
	}
	if !strings.HasPrefix(ci.Why.Text, "The CI agent: builds and ships") || ci.Why.Source.Line != 5 {
		t.Errorf("why across a blank line = %+v", ci.Why)
	}
	if ci.Region != "eu-central-1" || ci.Source.String() != "terraform/main.tf:8" {
		t.Errorf("region %q source %s", ci.Region, ci.Source)
	}
	if !slices.ContainsFunc(tf.Problems, func(p model.Problem) bool {
		return p.Source.Path == "terraform/broken.tf" && p.Source.Line > 0 && p.Severity == model.SeverityError
	}) {
		t.Errorf("no error with file:line for terraform/broken.tf: %v", tf.Problems)
	}

	// The resource creates the inventory host with its Name tag and IP.
	if !slices.ContainsFunc(ci.Links, func(l model.Link) bool {
		return l.Rel == model.RelCreates && l.Name == "ci-agent-01" && l.Source.Path == "inventories/production/hosts.ini"
	}) {
		t.Errorf("aws_instance.ci links = %+v", ci.Links)
	}

	sops := map[string]*model.SOP{}
	for _, s := range snap.SOPs {
		sops[s.Source.Path] = s
	}
	run := sops["runbooks/ci-down.md"]
	if run == nil {
		t.Fatalf("runbook not read as an SOP; SOPs: %v", keys(sops))
	}
	var got []string
	for _, p := range run.Steps {
		for _, st := range p.Steps {
			got = append(got, p.Heading+": "+st.Text)
		}
	}
	want := []string{
		"Diagnosis: Check that ci-agent-01 answers on SSH",
		"Diagnosis: Look at `df -h /var/lib/jenkins`",
		"Mitigation: Remove old workspaces: `rm -rf /var/lib/jenkins/workspace/*@tmp`",
		"Mitigation: Restart the agent",
	}
	if !slices.Equal(got, want) {
		t.Errorf("runbook steps:\n got %q\nwant %q", got, want)
	}
	if wiki := sops["wiki/procedures/restart-web.md"]; wiki == nil || len(wiki.Steps) != 1 || len(wiki.Steps[0].Steps) != 3 {
		t.Errorf("handover.ini sops = wiki/procedures: got %+v", wiki)
	}

	var pm *model.Incident
	for _, inc := range snap.Incidents {
		if inc.Source.Path == "docs/postmortems/2025-02-01-web-outage.md" {
			pm = inc
		}
	}
	if pm == nil {
		t.Fatalf("postmortem under docs/ not read as an incident; incidents %v, docs %v", snap.Incidents, snap.Docs)
	}
	if pm.Date != "2025-02-01" || !strings.Contains(pm.RootCause, "certificate on web1 expired") || !strings.Contains(pm.Summary, "40 minutes") {
		t.Errorf("postmortem = %+v", pm)
	}
	if !slices.ContainsFunc(pm.Links, func(l model.Link) bool { return l.Rel == model.RelMentions && l.Name == "web1" }) {
		t.Errorf("postmortem links = %+v", pm.Links)
	}
	if !slices.ContainsFunc(snap.Docs, func(d *model.Doc) bool { return d.Source.Path == "docs/notes.md" }) {
		t.Errorf("docs/notes.md not read as a doc")
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestFile(t *testing.T) {
	snap, err := File("testdata", "messy/inventories/production/hosts.ini")
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Inventories) != 1 || find(snap.Inventories[0].Hosts, "ci-agent-01") == nil {
		t.Errorf("inventory file: %+v", snap.Inventories)
	}
	snap, err = File("testdata/messy", "terraform/main.tf")
	if err != nil || len(snap.Terraform) != 1 || len(snap.Terraform[0].Problems) == 0 {
		t.Errorf("tf file: the whole module with broken.tf's problem expected: %+v, %v", snap, err)
	}
	snap, err = File("testdata/messy", "runbooks/ci-down.md")
	if err != nil || len(snap.SOPs) != 1 {
		t.Errorf("runbook: %+v, %v", snap, err)
	}
	if _, err := File("testdata", "messy"); err == nil {
		t.Error("a directory: no error")
	}
	if _, err := File("testdata", "nope.ini"); err == nil {
		t.Error("a missing file: no error")
	}
}
