package inventory

import (
	"reflect"
	"testing"

	"handover/internal/model"
)

func TestClassifyName(t *testing.T) {
	for _, c := range []struct {
		name         string
		envs, clouds []string
		pure         bool
	}{
		{"production", []string{"production"}, nil, true},
		{"prod-aws", []string{"production"}, []string{"aws"}, true},
		{"prod-ci", []string{"production"}, nil, false},
		{"stg_gce.frontend", []string{"staging"}, []string{"gcp"}, false},
		{"DEV-Azure", []string{"development"}, []string{"azure"}, true},
		{"uat", []string{"uat"}, nil, true},
		{"qa-hetzner", []string{"qa"}, []string{"hetzner"}, true},
		{"on-prem-db", nil, []string{"onprem"}, false},
		{"vmware", nil, []string{"vsphere"}, true},
		{"live-ec2-web", []string{"production"}, []string{"aws"}, false},
		{"webservers", nil, nil, false},
		{"production-development", []string{"production", "development"}, nil, true},
	} {
		got := classifyName(c.name)
		if !reflect.DeepEqual(got.envs, c.envs) || !reflect.DeepEqual(got.clouds, c.clouds) || got.pure != c.pure {
			t.Errorf("classifyName(%q) = %+v, want envs %q clouds %q pure %v", c.name, got, c.envs, c.clouds, c.pure)
		}
	}
}

func TestHierarchy(t *testing.T) {
	inv := loadFiles(t, "hosts", map[string]string{"hosts": `[production:children]
prod-aws
prod-gcp

[prod-aws:children]
prod-ci
prod-frontend

[prod-gcp:children]
prod-db

[prod-ci]
ci1

[prod-frontend]
fe1

[prod-db]
db1

[dev:children]
dev-frontend

[dev-frontend]
fe1
fe2

[monitoring]
mon1 env=Prod cloud_provider=hetzner
mon2 environment=lab

[prod]
p1
`})
	for _, c := range []struct {
		host, env, cloud string
		purposes         []string
	}{
		{"ci1", "production", "aws", []string{"prod-ci"}},
		{"fe1", "development", "aws", []string{"dev-frontend", "prod-frontend"}},
		{"fe2", "development", "", []string{"dev-frontend"}},
		{"db1", "production", "gcp", []string{"prod-db"}},
		{"mon1", "production", "hetzner", []string{"monitoring"}},
		{"mon2", "lab", "", []string{"monitoring"}},
		{"p1", "production", "", nil},
	} {
		h := findHost(t, inv, c.host)
		if h.Env != c.env || h.Cloud != c.cloud || !reflect.DeepEqual(h.PurposeGroups, c.purposes) {
			t.Errorf("%s: env %q cloud %q purposes %q; want %q %q %q", c.host, h.Env, h.Cloud, h.PurposeGroups, c.env, c.cloud, c.purposes)
		}
	}
	// fe1 is in production and development: the first in sorted order, and
	// a warning.
	wantProblem(t, inv, model.SeverityWarning, "hosts", 16, "host fe1 is in groups of more than one environment (development, production); using development")
	for _, c := range []struct{ group, env, cloud string }{
		{"production", "production", ""},
		{"prod-aws", "production", "aws"},
		{"prod-ci", "production", "aws"},
		{"prod-db", "production", "gcp"},
		{"dev-frontend", "development", ""},
		{"monitoring", "", ""},
	} {
		g := findGroup(t, inv, c.group)
		if g.Env != c.env || g.Cloud != c.cloud {
			t.Errorf("group %s: env %q cloud %q; want %q %q", c.group, g.Env, g.Cloud, c.env, c.cloud)
		}
	}
}

func TestHierarchySeed(t *testing.T) {
	// The client's two inventories, before and after the restructuring.
	before, err := Load("testdata/oracle/seed", "inventory-before.ini")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Host1", "Host2", "HostN"} {
		h := findHost(t, before, name)
		if h.Env != "production" || h.PurposeGroups != nil {
			t.Errorf("before %s: env %q purposes %q", name, h.Env, h.PurposeGroups)
		}
	}
	after, err := Load("testdata/oracle/seed", "inventory-after.ini")
	if err != nil {
		t.Fatal(err)
	}
	h1 := findHost(t, after, "Host1")
	if h1.Env != "production" || h1.Cloud != "aws" || !reflect.DeepEqual(h1.PurposeGroups, []string{"prod-ci"}) ||
		h1.Purpose != "Jenkins Slave1 that is used to build some stuff" {
		t.Errorf("after Host1: %+v", h1)
	}
	wantProblem(t, after, model.SeverityError, "inventory-after.ini", 7, "Section [production:children] includes undefined group: prod-gcp")
	wantProblem(t, after, model.SeverityWarning, "inventory-after.ini", 2, "Found both group and host with same name: production")
}
