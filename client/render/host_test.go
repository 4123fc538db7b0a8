package render

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/types/known/structpb"

	pb "handover/proto/handover/v1"
)

// A host card says where each value comes from: an ansible.cfg default
// with its line, a variable with its file and line, and the ansible.cfg
// whose default inventory does not read the host's.
func TestHostSources(t *testing.T) {
	cfg := &pb.Source{Path: "ansible.cfg", Line: 7}
	h := &pb.Host{
		Name: "web01", Inventory: "inventories/production.ini",
		Vars: []*pb.Variable{
			{Name: "ansible_user", Value: structpb.NewStringValue("ops"), Source: &pb.Source{Path: "group_vars/web.yml", Line: 2}},
			{Name: "netdata_host_type", Value: structpb.NewStringValue("client"), Source: &pb.Source{Path: "group_vars/nodes.yml", Line: 50}},
		},
		ConfigDefaults: []*pb.Variable{
			{Name: "ansible_python_interpreter", Value: structpb.NewStringValue("/usr/bin/python3"), Source: cfg},
		},
		PythonInterpreter: "/usr/bin/python3",
		NotReadBy:         &pb.Source{Path: "ansible.cfg", Line: 3},
	}
	var b strings.Builder
	Host(&b, h)
	out := b.String()
	for _, want := range []string{
		"python          /usr/bin/python3 (from ansible.cfg:7)",
		"user            ops",
		"ssh key         -",
		"netdata_host_type  client  from group_vars/nodes.yml:50",
		"not read        by ansible.cfg's default inventory (ansible.cfg:3): run with -i inventories/production.ini",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("card lacks %q:\n%s", want, out)
		}
	}
}

// A value too long for a line is written with its source on the next
// line, and does not widen the other rows: their sources stay near their
// values.
func TestHostLongValue(t *testing.T) {
	long := make([]any, 60)
	for i := range long {
		long[i] = "-A INPUT -p tcp --dport 25672 -j ACCEPT"
	}
	list, err := structpb.NewList(long)
	if err != nil {
		t.Fatal(err)
	}
	h := &pb.Host{Name: "mq01", Vars: []*pb.Variable{
		{Name: "custom_rules", Value: structpb.NewListValue(list), Source: &pb.Source{Path: "group_vars/mq", Line: 2}},
		{Name: "mem_size", Value: structpb.NewNumberValue(8192), Source: &pb.Source{Path: "group_vars/mq", Line: 28}},
	}}
	var b strings.Builder
	Host(&b, h)
	lines := strings.Split(b.String(), "\n")
	var rules int
	for i, l := range lines {
		switch {
		case strings.HasPrefix(strings.TrimSpace(l), "custom_rules"):
			rules = i
			if strings.Contains(l, "from group_vars/mq:2") || i+1 >= len(lines) || strings.TrimSpace(lines[i+1]) != "from group_vars/mq:2" {
				t.Errorf("the long value's source is not on the line after it:\n%s", b.String())
			}
		case strings.HasPrefix(strings.TrimSpace(l), "mem_size"):
			if want := "    mem_size      8192  from group_vars/mq:28"; l != want {
				t.Errorf("short row %q, want %q", l, want)
			}
		}
	}
	if rules == 0 {
		t.Errorf("no custom_rules row:\n%s", b.String())
	}
}
