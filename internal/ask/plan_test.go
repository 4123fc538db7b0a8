package ask

import (
	"reflect"
	"slices"
	"testing"
)

type vocab map[string][]string

func (v vocab) Has(field, value string) bool {
	if field == "name_lower" {
		field = "name"
	}
	return slices.Contains(v[field], value)
}

func TestParse(t *testing.T) {
	v := vocab{
		"env":     {"production", "staging"},
		"cloud":   {"aws", "gcp"},
		"purpose": {"ci", "prod-ci", "frontend", "prod-frontend", "db"},
		"group":   {"production", "prod-aws", "prod-ci", "prod-frontend", "db"},
		"name":    {"jenkins-agent-01", "10.20.0.5", "db"},
	}
	tests := []struct {
		q    string
		want Plan
	}{
		{"where does jenkins run and why", Plan{Text: "jenkins"}},
		{"what runs in production on aws", Plan{Env: "production", Cloud: "aws"}},
		{"What runs in PROD on Amazon?", Plan{Env: "production", Cloud: "aws"}},
		{"frontend hosts in staging", Plan{Env: "staging", Purpose: "frontend"}},
		{"why is jenkins-agent-01 there", Plan{Host: "jenkins-agent-01"}},
		{"what is 10.20.0.5 for", Plan{Host: "10.20.0.5"}},
		{"prod-aws redis cache", Plan{Env: "", Group: "prod-aws", Text: "redis cache"}},
		// "db" is a group and a host name: a group wins, as the broader reading.
		{"db servers on gcp", Plan{Cloud: "gcp", Purpose: "db"}},
		// Unknown environments stay text rather than filtering to nothing.
		{"nodejs in dev", Plan{Text: "nodejs dev"}},
	}
	for _, tt := range tests {
		got := Parse(tt.q, v)
		got.Words, got.intent, got.why = nil, nil, false // what is searched, not how it is read
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.q, got, tt.want)
		}
	}
}

func TestNamedRepos(t *testing.T) {
	repos := []string{"jenkins-azure-net", "jenkins-azure", "jenkins-status", "pydis-infra", "homelab", "acm-runbooks"}
	tests := []struct {
		q    string
		want []string
	}{
		{"which k3s version does the homelab cluster install", []string{"homelab"}},
		// The most words of a name win: azure and jenkins beat infra.
		{"which azure regions is the jenkins infra network deployed to", []string{"jenkins-azure-net", "jenkins-azure"}},
		{"how big is the jenkins vpn vm", []string{"jenkins-azure-net", "jenkins-azure", "jenkins-status"}},
		// Words that say what a repository holds name none.
		{"which runbooks cover the infra network", nil},
		{"where does the mail server run", nil},
	}
	for _, tt := range tests {
		got, _ := namedRepos(words(tt.q), repos)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("namedRepos(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}
