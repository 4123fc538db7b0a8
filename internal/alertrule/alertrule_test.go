package alertrule

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"handover/internal/limits"
	"handover/internal/model"
)

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []model.Alert
		bad  []string // problems, as path:line
	}{
		{file: "rules.yml", want: []model.Alert{
			{Name: "NodeDiskFull", Group: "node", Source: model.Source{Path: "rules.yml", Line: 7},
				Expr: "node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.05", For: "10m", Severity: "critical",
				Summary: "Disk almost full on {{ $labels.instance }}", Description: "Less than 5% of the filesystem is free.",
				RunbookURL: "https://git.example.com/ops/infra/-/blob/main/sops/disk-full.md"},
			{Name: "NginxDown", Group: "web", Source: model.Source{Path: "rules.yml", Line: 19}, Expr: `up{job="nginx"} == 0`, Severity: "warning"},
		}},
		{file: "manifests.yaml", want: []model.Alert{
			{Name: "KubePodCrashLooping", Group: "kubernetes-apps", Source: model.Source{Path: "manifests.yaml", Line: 16},
				Expr: `max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1`, For: "15m",
				Severity: "warning", Summary: "Pod is crash looping.",
				RunbookURL: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping"},
			// A rule file a ConfigMap carries, at its line in the manifest.
			{Name: "NodeDown", Group: "node", Source: model.Source{Path: "manifests.yaml", Line: 37},
				Expr: `up{job="node"} == 0`, RunbookURL: "https://git.example.com/ops/-/blob/main/runbooks/node-down.md"},
		}},
		// The first document is read; the broken second one is a problem with its line.
		{file: "broken.yml", want: []model.Alert{
			{Name: "First", Group: "ok", Source: model.Source{Path: "broken.yml", Line: 4}, Expr: "up == 0"},
		}, bad: []string{"broken.yml:7"}},
	} {
		got, problems := Read("testdata", tc.file, limits.Default())
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d alerts, want %d: %+v", tc.file, len(got), len(tc.want), got)
			continue
		}
		for i := range got {
			if !reflect.DeepEqual(*got[i], tc.want[i]) {
				t.Errorf("%s: alert %d\n got %+v\nwant %+v", tc.file, i, *got[i], tc.want[i])
			}
		}
		var places []string
		for _, p := range problems {
			places = append(places, p.Source.String())
		}
		if strings.Join(places, " ") != strings.Join(tc.bad, " ") {
			t.Errorf("%s: problems %v, want at %v", tc.file, problems, tc.bad)
		}
	}
}

func TestLooksLikeRules(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       bool
	}{
		{"rule file", "groups:\n- name: a\n  rules:\n  - alert: X\n", true},
		{"manifest", "apiVersion: v1\nkind: PrometheusRule\nspec:\n  groups:\n  - rules:\n    - alert: X\n", true},
		{"recording rules only", "groups:\n- name: a\n  rules:\n  - record: x\n", false},
		{"ansible vars naming rules", "prometheus_alert_rules:\n  - alert: X\n    rules: y\n", false},
		{"config map", "kind: ConfigMap\ndata:\n  a.yml: |\n    groups:\n    - rules:\n      - alert: X\n", true},
		{"inventory", "all:\n  children:\n    web:\n      hosts:\n        web01:\n", false},
		{"playbook", "- hosts: all\n  tasks:\n    - name: alert: x\n", false},
	} {
		if got := LooksLikeRules([]byte(tc.text)); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, f := range []string{"rules.yml", "manifests.yaml"} {
		data, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if !LooksLikeRules(data) {
			t.Errorf("%s is not taken for rules", f)
		}
	}
}
