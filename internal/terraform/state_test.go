package terraform

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"handover/internal/model"
	"handover/internal/redact"
)

func loadState(t *testing.T) ([]*model.TerraformModule, []model.Problem) {
	t.Helper()
	mods := []*model.TerraformModule{LoadModule("testdata", "state"), LoadModule("testdata", "state/modules/db")}
	for _, m := range mods {
		if len(m.Problems) > 0 {
			t.Fatalf("%s: %v", m.Dir, m.Problems)
		}
	}
	return mods, ApplyState("testdata", "state/terraform.tfstate", mods)
}

func TestApplyState(t *testing.T) {
	mods, probs := loadState(t)
	js := golden(t, "state", mods)

	// aws_instance.old is in the state only; module.vpc is a registry
	// module and is not followed.
	if len(probs) != 1 || probs[0].Source.String() != "state/terraform.tfstate:262" ||
		probs[0].Severity != model.SeverityWarning || !strings.Contains(probs[0].Message, "aws_instance.old") {
		t.Errorf("problems = %v", probs)
	}

	type inst struct {
		key, id string
		line    int
		attrs   map[string]any // a subset: these must be there with these values
		absent  []string       // and these must not be
	}
	tests := []struct {
		mod, addr string
		want      []inst
	}{
		{"state", "aws_instance.web", []inst{
			{key: "[0]", id: "i-0000000000000000a", line: 83, attrs: map[string]any{
				"private_ip": "10.0.1.10", "public_ip": "34.240.0.10", "ami": "ami-0abcdef1234567890",
				"private_dns": "ip-10-0-1-10.eu-west-1.compute.internal", "public_dns": "ec2-34-240-0-10.eu-west-1.compute.amazonaws.com",
				"instance_type": "t3.small", "availability_zone": "eu-west-1a", "tags.Name": "web01", "tags.ManagedBy": "terraform",
			}, absent: []string{"user_data", "root_block_device", "cpu_core_count", "module"}},
			{key: "[1]", id: "i-0000000000000000b", line: 131, attrs: map[string]any{"private_ip": "10.0.1.11", "tags.Name": "web02"},
				absent: []string{"public_ip"}}, // empty strings are left out
		}},
		{"state", "aws_instance.worker", []inst{ // the deposed object is left out
			{key: `["blue"]`, id: "i-00000000000000b1e", line: 153, attrs: map[string]any{"private_ip": "10.0.2.10"}},
			{key: `["green"]`, id: "i-00000000000000637", line: 162, attrs: map[string]any{"private_ip": "10.0.2.11"}},
		}},
		{"state", "aws_db_instance.main", []inst{
			{id: "db-ABCDEFGHIJKLMNOP", line: 41, attrs: map[string]any{
				"address": "shop.abcdefgh.eu-west-1.rds.amazonaws.com", "engine": "postgres", "instance_class": "db.t3.medium",
				"arn": "arn:aws:rds:eu-west-1:123456789012:db:shop", "name": redact.Mask, // name is in sensitive_attributes
			}, absent: []string{"password", "username"}},
		}},
		{"state", "google_compute_instance.search", []inst{
			{id: "projects/acme-shop/zones/europe-west1-c/instances/search-1", line: 188, attrs: map[string]any{
				"network_ip": "10.132.0.5", "nat_ip": "35.195.0.5", "machine_type": "e2-standard-4", "zone": "europe-west1-c",
				"name": "search-1", "labels.role": "search",
				"self_link": "https://www.googleapis.com/compute/v1/projects/acme-shop/zones/europe-west1-c/instances/search-1",
			}, absent: []string{"metadata"}},
		}},
		{"state", "data.aws_ami.ubuntu", []inst{{id: "ami-0abcdef1234567890", line: 24}}},
		{"state/modules/db", "aws_db_instance.this", []inst{
			{id: "db-MODULEDB", line: 226, attrs: map[string]any{"module": "module.db", "engine": "mysql"}, absent: []string{"password"}},
		}},
	}
	byDir := map[string]*model.TerraformModule{}
	for _, m := range mods {
		byDir[m.Dir] = m
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			r := resourceByAddress(t, byDir[tt.mod], tt.addr)
			if len(r.Instances) != len(tt.want) {
				t.Fatalf("instances = %+v, want %d", r.Instances, len(tt.want))
			}
			for i, w := range tt.want {
				got := r.Instances[i]
				if got.Key != w.key || got.ID != w.id || got.Source != (model.Source{Path: "state/terraform.tfstate", Line: w.line}) {
					t.Errorf("instance %d = key %q id %q source %v, want %q %q line %d", i, got.Key, got.ID, got.Source, w.key, w.id, w.line)
				}
				vals := map[string]any{}
				for _, v := range got.Attrs {
					vals[v.Name] = v.Value
				}
				for k, v := range w.attrs {
					if !reflect.DeepEqual(vals[k], v) {
						t.Errorf("instance %d: %s = %#v, want %#v", i, k, vals[k], v)
					}
				}
				for _, k := range w.absent {
					if _, ok := vals[k]; ok {
						t.Errorf("instance %d: %s is kept", i, k)
					}
				}
			}
		})
	}

	for _, secret := range []string{"db-pass-in-state-1", "sensitive-output-secret", "nested-secret-in-state",
		"module-db-secret", "hunter2", "AKIAABCDEFGHIJKLMNOP", "web_ips", "10.0.2.99"} {
		if bytes.Contains(js, []byte(secret)) {
			t.Errorf("the modules' JSON holds %q", secret)
		}
	}
}

func TestApplyStateProblems(t *testing.T) {
	tests := []struct {
		state   string
		source  string // "" for no problem
		message string
	}{
		{"statebad/broken.tfstate", "statebad/broken.tfstate:7", "not a Terraform state: invalid character"},
		{"statebad/old.tfstate", "statebad/old.tfstate:2", "unsupported state format version 3"},
		{"statebad/list.tfstate", "statebad/list.tfstate:1", "not a Terraform state: found ["},
		{"statebad/noversion.tfstate", "statebad/noversion.tfstate:1", "not a Terraform state: no format version"},
		{"statebad/missing.tfstate", "statebad/missing.tfstate", "cannot read: "},
		{"statebad/.terraform/terraform.tfstate", "", ""}, // backend configuration, not a state
	}
	for _, tt := range tests {
		t.Run(tt.state, func(t *testing.T) {
			mods := []*model.TerraformModule{LoadModule("testdata", "statebad")}
			probs := ApplyState("testdata", tt.state, mods)
			if tt.source == "" {
				if len(probs) > 0 {
					t.Errorf("problems = %v", probs)
				}
				return
			}
			if len(probs) != 1 || probs[0].Source.String() != tt.source || !strings.HasPrefix(probs[0].Message, tt.message) ||
				probs[0].Severity != model.SeverityError {
				t.Errorf("problems = %v, want %s: %s...", probs, tt.source, tt.message)
			}
			if n := len(mods[0].Resources[0].Instances); n > 0 {
				t.Errorf("%d instances attached from a bad state", n)
			}
		})
	}
}

// A workspace's state lives in terraform.tfstate.d/NAME/ but belongs to the
// module above; states upgraded from 0.11 keep attributes_flat.
func TestWorkspaceState(t *testing.T) {
	mods := []*model.TerraformModule{LoadModule("testdata", "statebad")}
	if probs := ApplyState("testdata", "statebad/terraform.tfstate.d/staging/terraform.tfstate", mods); len(probs) > 0 {
		t.Fatal(probs)
	}
	got := mods[0].Resources[0].Instances
	want := []model.Instance{{ID: "i-staging",
		Attrs: []model.Var{
			{Name: "id", Value: "i-staging"}, {Name: "private_ip", Value: "10.9.0.10"}, {Name: "tags.Name", Value: "web-staging"},
		},
		Source: model.Source{Path: "statebad/terraform.tfstate.d/staging/terraform.tfstate", Line: 10}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("instances = %+v", got)
	}
}

func TestSensitivePaths(t *testing.T) {
	tests := []struct {
		name  string
		attrs string
		paths string
		want  string
	}{
		{"top level", `{"password":"p","id":"x"}`, `[[{"type":"get_attr","value":"password"}]]`, `{"id":"x","password":"[redacted]"}`},
		{"list index", `{"disk":[{"key":"k","size":1}]}`,
			`[[{"type":"get_attr","value":"disk"},{"type":"index","value":{"value":0,"type":"number"}},{"type":"get_attr","value":"key"}]]`,
			`{"disk":[{"key":"[redacted]","size":1}]}`},
		{"map key", `{"env":{"TOKEN":"t","HOME":"/"}}`,
			`[[{"type":"get_attr","value":"env"},{"type":"index","value":{"value":"TOKEN","type":"string"}}]]`,
			`{"env":{"HOME":"/","TOKEN":"[redacted]"}}`},
		{"set element masks the set", `{"keys":["a","b"]}`,
			`[[{"type":"get_attr","value":"keys"},{"type":"index","value":{"value":"a","type":"string"}}]]`,
			`{"keys":"[redacted]"}`},
		{"null stays null", `{"password":null}`, `[[{"type":"get_attr","value":"password"}]]`, `{"password":null}`},
		{"unknown shape masks by name", `{"password":"p","id":"x"}`, `{"paths":["password"]}`, `{"id":"x","password":"[redacted]"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var attrs map[string]any
			if err := json.Unmarshal([]byte(tt.attrs), &attrs); err != nil {
				t.Fatal(err)
			}
			maskSensitivePaths(attrs, json.RawMessage(tt.paths))
			got, _ := json.Marshal(attrs)
			if string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestSensitiveValues(t *testing.T) {
	var attrs, sens any
	_ = json.Unmarshal([]byte(`{"id":"x","conn":[{"pw":"p","host":"h"}],"token":"t"}`), &attrs)
	_ = json.Unmarshal([]byte(`{"conn":[{"pw":true}],"token":true}`), &sens)
	got, _ := json.Marshal(maskSensitiveValues(attrs, sens))
	if want := `{"conn":[{"host":"h","pw":"[redacted]"}],"id":"x","token":"[redacted]"}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestModuleNames(t *testing.T) {
	tests := []struct {
		addr string
		want []string
		ok   bool
	}{
		{"", nil, true},
		{"module.db", []string{"db"}, true},
		{"module.web[0]", []string{"web"}, true},
		{`module.app["a.b]"].module.db`, []string{"app", "db"}, true},
		{`module.app["x\"y"].module.db[2]`, []string{"app", "db"}, true},
		{"module.app[", nil, false},
		{"aws_instance.x", nil, false},
		{"module.a]x", []string{"a]x"}, true},
	}
	for _, tt := range tests {
		got, ok := moduleNames(tt.addr)
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("moduleNames(%q) = %q, %v; want %q, %v", tt.addr, got, ok, tt.want, tt.ok)
		}
	}
}

func TestInstanceKey(t *testing.T) {
	for _, tt := range []struct {
		key  any
		want string
	}{{json.Number("0"), "[0]"}, {"web", `["web"]`}, {`a"b`, `["a\"b"]`}, {nil, ""}} {
		if got := instanceKey(tt.key); got != tt.want {
			t.Errorf("instanceKey(%#v) = %q, want %q", tt.key, got, tt.want)
		}
	}
}
