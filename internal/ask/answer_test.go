package ask

import (
	"testing"

	"handover/internal/model"
)

func TestSummarise(t *testing.T) {
	ci := model.Host{Env: "production", Cloud: "aws", PurposeGroups: []string{"prod-ci"}}
	web := model.Host{Env: "staging", Cloud: "aws", PurposeGroups: []string{"stage-web"}}
	tests := []struct {
		plan  Plan
		hosts []model.Host
		total int
		want  string
	}{
		{Plan{Text: "jenkins"}, nil, 0, `No hosts matching "jenkins".`},
		{Plan{Env: "production"}, []model.Host{ci}, 1, "1 host with env=production: 1 in production/aws/prod-ci."},
		{Plan{Text: "nginx", Cloud: "aws"}, []model.Host{web, ci, web}, 3,
			`3 hosts matching "nginx" with cloud=aws: 2 in staging/aws/stage-web, 1 in production/aws/prod-ci.`},
		{Plan{}, []model.Host{ci}, 40, "40 hosts; the first 1: 1 in production/aws/prod-ci."},
		{Plan{}, []model.Host{{Inventory: "legacy/hosts"}}, 1, "1 host: 1 in legacy/hosts."},
	}
	for _, tt := range tests {
		a := &Answer{Plan: tt.plan, Total: tt.total}
		for _, h := range tt.hosts {
			a.Hosts = append(a.Hosts, HostAnswer{Host: h})
		}
		if got := summarise(a); got != tt.want {
			t.Errorf("summarise(%+v) = %q, want %q", tt.plan, got, tt.want)
		}
	}
}
