package inventory

import (
	"reflect"
	"testing"

	"handover/internal/model"
)

func TestReadDeclarations(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"inv/hosts.ini": `top1
[all]
production

[web]
# frontend
web[1:2] ansible_python_interpreter=/usr/bin/python3 http_port=8080
web1 ansible_ssh_private_key_file='keys/web 1'
bad one two

[web:vars]
db_password = hunter2

[prod:children]
web

[weird:oops]
skipped
`,
		"inv/group_vars/web.yml":        "# web\napi_token: abc\nnested:\n  password: x\n",
		"inv/group_vars/db/main.yml":    "db_pass: y\n",
		"inv/group_vars/db/.hidden.yml": "no: read\n",
		"inv/group_vars/vault.yml":      "$ANSIBLE_VAULT;1.1;AES256\n3132\n",
		"inv/host_vars/web1.json":       `{"secret_key": "z"}`,
		"yaml/hosts.yml": `all:
  hosts:
    production:
  children:
    prod:
      children:
        web:
          hosts:
            w1:
              ansible_python_interpreter: /usr/bin/python3
              token: !vault |
                $ANSIBLE_VAULT;1.1;AES256
                3132
          vars:
            x: 1
`,
	})

	d, err := ReadDeclarations(root, "inv/hosts.ini")
	if err != nil {
		t.Fatal(err)
	}
	src := func(line int) model.Source { return model.Source{Path: "inv/hosts.ini", Line: line} }
	wantHosts := []HostDeclaration{
		{Host: "top1", Group: "ungrouped", Source: src(1)},
		{Host: "production", Group: "all", Source: src(3)},
		{Host: "web1", Group: "web", Source: src(7), Vars: []VarDeclaration{
			{Name: "ansible_python_interpreter", Value: "/usr/bin/python3", Owner: "web1", Source: src(7)},
			{Name: "http_port", Value: int64(8080), Owner: "web1", Source: src(7)}}},
		{Host: "web2", Group: "web", Source: src(7), Vars: []VarDeclaration{
			{Name: "ansible_python_interpreter", Value: "/usr/bin/python3", Owner: "web2", Source: src(7)},
			{Name: "http_port", Value: int64(8080), Owner: "web2", Source: src(7)}}},
		{Host: "web1", Group: "web", Source: src(8), Vars: []VarDeclaration{
			{Name: "ansible_ssh_private_key_file", Value: "keys/web 1", Owner: "web1", Source: src(8)}}},
	}
	if !reflect.DeepEqual(d.Hosts, wantHosts) {
		t.Errorf("Hosts:\n got %+v\nwant %+v", d.Hosts, wantHosts)
	}
	wantGroupVars := []VarDeclaration{{Name: "db_password", Value: "hunter2", Owner: "web", Group: true, Source: src(12)}}
	if !reflect.DeepEqual(d.GroupVars, wantGroupVars) {
		t.Errorf("GroupVars:\n got %+v\nwant %+v", d.GroupVars, wantGroupVars)
	}
	wantFiles := []VarDeclaration{
		{Name: "db_pass", Value: "y", Owner: "db", Group: true, Source: model.Source{Path: "inv/group_vars/db/main.yml", Line: 1}},
		{Name: "api_token", Value: "abc", Owner: "web", Group: true, Source: model.Source{Path: "inv/group_vars/web.yml", Line: 2}},
		{Name: "nested", Value: map[string]any{"password": "x"}, Owner: "web", Group: true, Source: model.Source{Path: "inv/group_vars/web.yml", Line: 3}},
		{Name: "secret_key", Value: "z", Owner: "web1", Source: model.Source{Path: "inv/host_vars/web1.json", Line: 1}},
	}
	if !reflect.DeepEqual(d.VarsFiles, wantFiles) {
		t.Errorf("VarsFiles:\n got %+v\nwant %+v", d.VarsFiles, wantFiles)
	}

	d, err = ReadDeclarations(root, "yaml/hosts.yml")
	if err != nil {
		t.Fatal(err)
	}
	ysrc := func(line int) model.Source { return model.Source{Path: "yaml/hosts.yml", Line: line} }
	wantHosts = []HostDeclaration{
		{Host: "production", Group: "all", Source: ysrc(3)},
		{Host: "w1", Group: "web", Source: ysrc(9), Vars: []VarDeclaration{
			{Name: "ansible_python_interpreter", Value: "/usr/bin/python3", Owner: "w1", Source: ysrc(10)},
			{Name: "token", Value: "$ANSIBLE_VAULT;1.1;AES256\n3132\n", Owner: "w1", Source: ysrc(11)}}},
	}
	if !reflect.DeepEqual(d.Hosts, wantHosts) {
		t.Errorf("YAML Hosts:\n got %+v\nwant %+v", d.Hosts, wantHosts)
	}
	wantGroupVars = []VarDeclaration{{Name: "x", Value: int64(1), Owner: "web", Group: true, Source: ysrc(15)}}
	if !reflect.DeepEqual(d.GroupVars, wantGroupVars) {
		t.Errorf("YAML GroupVars:\n got %+v\nwant %+v", d.GroupVars, wantGroupVars)
	}

	if _, err := ReadDeclarations(root, "missing.ini"); err == nil {
		t.Error("ReadDeclarations of a missing file: no error")
	}
}

// Every host Load returns from the oracle inventories has a declaration
// at its Source line: the two readers agree on what is a host line.
func TestDeclarationsMatchLoad(t *testing.T) {
	for _, c := range oracleCases {
		if c.rejects {
			continue
		}
		t.Run(c.source, func(t *testing.T) {
			inv, err := Load("testdata/oracle", c.source)
			if err != nil {
				t.Fatal(err)
			}
			d, err := ReadDeclarations("testdata/oracle", c.source)
			if err != nil {
				t.Fatal(err)
			}
			declared := map[string]bool{}
			for _, h := range d.Hosts {
				declared[h.Host+"@"+h.Source.String()] = true
			}
			for _, h := range inv.Hosts {
				if !declared[h.Name+"@"+h.Source.String()] {
					t.Errorf("host %s at %s has no declaration", h.Name, h.Source)
				}
			}
		})
	}
}

func TestGroupNameKind(t *testing.T) {
	for _, c := range []struct {
		name, env, cloud string
		pure             bool
	}{
		{"production", "production", "", true},
		{"prod-aws", "production", "aws", true},
		{"prod-ci", "production", "", false},
		{"webservers", "", "", false},
		{"on-prem", "", "onprem", true},
	} {
		env, cloud, pure := GroupNameKind(c.name)
		if env != c.env || cloud != c.cloud || pure != c.pure {
			t.Errorf("GroupNameKind(%q) = %q, %q, %v; want %q, %q, %v", c.name, env, cloud, pure, c.env, c.cloud, c.pure)
		}
	}
}
