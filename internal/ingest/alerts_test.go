package ingest

import (
	"context"
	"strings"
	"testing"

	"handover/internal/config"
)

// The example's alert rules are found by their content, read, and each
// joined to the SOP its runbook_url names; the one without a runbook
// stays alone.
func TestSnapshotAlerts(t *testing.T) {
	snap, err := Snapshot(context.Background(), config.Repo{Name: "acme", Path: "../../examples/acme-infra"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range snap.Alerts {
		line := a.Name + " " + a.Source.String() + " " + a.Severity + " ->"
		for _, l := range a.Links {
			line += " " + string(l.Rel) + " " + l.Source.Path
		}
		got = append(got, line)
	}
	want := []string{
		"DiskAlmostFull monitoring/alerts.yml:7 warning -> runbook sops/disk-full-worker.md",
		"PostgresPrimaryDown monitoring/alerts.yml:21 critical -> runbook sops/postgres-failover.md",
		"JenkinsDown monitoring/alerts.yml:32 warning -> runbook sops/jenkins-outage.md",
		"StorefrontHighErrorRate monitoring/alerts.yml:43 critical ->",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("alerts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, p := range snap.Problems {
		if strings.HasPrefix(p.Source.Path, "monitoring/") {
			t.Errorf("problem %v", p)
		}
	}
}
