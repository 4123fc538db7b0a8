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
