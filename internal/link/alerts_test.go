package link

import (
	"testing"

	"handover/internal/model"
)

func TestRunbookOf(t *testing.T) {
	sops := []*model.SOP{
		{Title: "Disk full", Source: src("sops/disk-full.md", 1)},
		{Title: "Disk full (archive)", Source: src("archive/disk-full.md", 1)},
		{Title: "Pod crash looping", Source: src("docs/runbooks/kubernetes/KubePodCrashLooping.md", 1)},
		{Title: "NginxDown", Source: src("content/web.md", 1)},
		{Title: "Database", Source: src("runbooks/postgres/README.md", 1)},
		{Title: "etcd", Source: src("alerts/etcd/etcdMembersDown.rst", 1)},
	}
	for _, tc := range []struct {
		alert     model.Alert
		want, via string
	}{
		{model.Alert{Name: "DiskFull", RunbookURL: "https://git.example.com/ops/infra/-/blob/main/sops/disk-full.md"}, "sops/disk-full.md", "runbook_url"},
		{model.Alert{Name: "DiskFull", RunbookURL: "../sops/disk-full.md#steps"}, "sops/disk-full.md", "runbook_url"},
		// Two SOPs share the file name, and the URL says no more: none.
		{model.Alert{Name: "DiskFull", RunbookURL: "https://wiki.example.com/disk-full"}, "", ""},
		{model.Alert{Name: "KubePodCrashLooping", RunbookURL: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping"},
			"docs/runbooks/kubernetes/KubePodCrashLooping.md", "runbook_url"},
		{model.Alert{Name: "PostgresDown", RunbookURL: "https://github.com/acme/ops/tree/main/runbooks/postgres/"}, "runbooks/postgres/README.md", "runbook_url"},
		// By name: the title, or the file's name.
		{model.Alert{Name: "NginxDown"}, "content/web.md", "alert name"},
		{model.Alert{Name: "etcdMembersDown", RunbookURL: "https://elsewhere.example.com/nothing-here"}, "alerts/etcd/etcdMembersDown.rst", "alert name"},
		{model.Alert{Name: "NoSuchThing", RunbookURL: "https://example.com/"}, "", ""},
	} {
		got, via := RunbookOf(&tc.alert, sops)
		path := ""
		if got != nil {
			path = got.Source.Path
		}
		if path != tc.want || via != tc.via {
			t.Errorf("%s (%s): %q by %q, want %q by %q", tc.alert.Name, tc.alert.RunbookURL, path, via, tc.want, tc.via)
		}
	}
}

func TestRunbookLinksBothEnds(t *testing.T) {
	snap := &model.Snapshot{
		SOPs:   []*model.SOP{{Title: "Disk full", Source: src("sops/disk-full.md", 1)}},
		Alerts: []*model.Alert{{Name: "NodeDiskFull", Source: src("monitoring/alerts.yml", 4), RunbookURL: "sops/disk-full.md"}, {Name: "Other", Source: src("monitoring/alerts.yml", 9)}},
	}
	Build(snap)
	Build(snap) // links are replaced, not doubled
	if got := linkStrings(snap.Alerts[0].Links); len(got) != 1 || got[0] != "runbook sop Disk full sops/disk-full.md:1 via=runbook_url" {
		t.Errorf("alert links %v", got)
	}
	if got := linkStrings(snap.SOPs[0].Links); len(got) != 1 || got[0] != "runbook-for alert NodeDiskFull monitoring/alerts.yml:4 via=runbook_url" {
		t.Errorf("SOP links %v", got)
	}
	if len(snap.Alerts[1].Links) != 0 {
		t.Errorf("alert without a runbook has links %v", snap.Alerts[1].Links)
	}
}
