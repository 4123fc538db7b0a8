package terraform

import (
	"reflect"
	"testing"

	"handover/internal/model"
)

// Data sources that look resources up by tag depend on the roots that
// manage those resources: every condition must hold, a filter's values
// are alternatives, plural types find the singular, and machines made
// through a module call are found in the root that makes the call.
func TestTagLookupDependencies(t *testing.T) {
	var mods []*model.TerraformModule
	byDir := map[string]*model.TerraformModule{}
	for _, d := range []string{"tags/app", "tags/hosts", "tags/modules/host", "tags/network"} {
		m := LoadModule("testdata", d)
		if len(m.Problems) > 0 {
			t.Fatalf("%s: %v", d, m.Problems)
		}
		mods = append(mods, m)
		byDir[d] = m
	}
	Link(mods)
	var got []string
	for _, d := range byDir["tags/app"].Info.DependsOn {
		got = append(got, d.Dir+" "+d.Via+" "+d.Source.String())
	}
	want := []string{
		"tags/hosts data.aws_instance.bastion (tag:Name=bastion01) tags/app/main.tf:42",
		"tags/network data.aws_subnet.private (tag:Name=acme-private) tags/app/main.tf:9",
		"tags/network data.aws_subnets.public (tag:Tier=public) tags/app/main.tf:26",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("app depends on\n %q\nwant\n %q", got, want)
	}
	for _, d := range []string{"tags/hosts", "tags/network", "tags/modules/host"} {
		if deps := byDir[d].Info.DependsOn; len(deps) != 0 {
			t.Errorf("%s depends on %v", d, deps)
		}
	}
}
