package terraform

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"handover/internal/model"
	"handover/internal/redact"
)

func TestTerragrunt(t *testing.T) {
	dirs := []string{"terragrunt/live", "terragrunt/live/prod/app", "terragrunt/live/prod/vpc", "terragrunt/modules/vpc"}
	byDir := map[string]*model.TerraformModule{}
	var mods []*model.TerraformModule
	for _, d := range dirs {
		m := LoadModule("testdata", d)
		if len(m.Problems) > 0 {
			t.Errorf("%s: %v", d, m.Problems)
		}
		mods = append(mods, m)
		byDir[d] = m
	}
	Link(mods)

	vpc := byDir["terragrunt/live/prod/vpc"].Info
	if !vpc.Root || vpc.RootWhy != "terragrunt.hcl" || vpc.Terragrunt != "../../../modules//vpc" {
		t.Errorf("vpc unit = root %v %q, source %q", vpc.Root, vpc.RootWhy, vpc.Terragrunt)
	}
	if len(vpc.Calls) != 1 || vpc.Calls[0].Dir != "terragrunt/modules/vpc" {
		t.Errorf("vpc calls %+v, want the local module resolved", vpc.Calls)
	}
	if vpc.Backend == nil || vpc.Backend.Type != "s3" || model.StringVar(vpc.Backend.Config, "bucket") != "acme-tg-state" {
		t.Errorf("vpc backend = %+v, want the included remote_state", vpc.Backend)
	}
	if vpc.Purpose.Text != "Production's network: every other unit in prod reads its outputs." {
		t.Errorf("vpc purpose = %q", vpc.Purpose.Text)
	}
	if root := byDir["terragrunt/live"].Info; root.Root {
		t.Errorf("the included configuration is a root: %q", root.RootWhy)
	}
	if mod := byDir["terragrunt/modules/vpc"]; mod.Info.Root || !reflect.DeepEqual(mod.Info.CalledBy, []string{"terragrunt/live/prod/vpc"}) {
		t.Errorf("modules/vpc root %v, called by %v", mod.Info.Root, mod.Info.CalledBy)
	} else if in := resourceByAddress(t, mod, "aws_vpc.this").Inputs; len(in) != 2 || in[1].Value != "10.10.0.0/16" ||
		in[1].Source.String() != "terragrunt/live/prod/vpc/terragrunt.hcl:11" {
		t.Errorf("aws_vpc.this inputs = %+v, want the unit's cidr", in)
	}

	app := byDir["terragrunt/live/prod/app"].Info
	var deps []string
	for _, d := range app.DependsOn {
		deps = append(deps, d.Dir+" "+d.Via+" "+d.Source.String())
	}
	want := []string{`terragrunt/live/prod/vpc dependencies terragrunt/live/prod/app/terragrunt.hcl:13`,
		`terragrunt/live/prod/vpc dependency "vpc" terragrunt/live/prod/app/terragrunt.hcl:9`}
	if !reflect.DeepEqual(deps, want) {
		t.Errorf("app depends on %q, want %q", deps, want)
	}
	if app.Calls[0].Dir != "" || !strings.Contains(app.Terragrunt, "git.example.com") || strings.Contains(app.Terragrunt, "tgS3cretToken") {
		t.Errorf("remote source = %q, dir %q", app.Terragrunt, app.Calls[0].Dir)
	}
	settings := map[string]any{}
	for _, s := range app.VarFiles[0].Settings {
		settings[s.Variable] = s.Value
	}
	if settings["vpc_id"] != "dependency.vpc.outputs.vpc_id" || settings["db_password"] != redact.Mask || settings["size"] != "m5.large" {
		t.Errorf("inputs = %v", settings)
	}
	waves, _ := model.ApplyOrder([]*model.ModuleDir{&app, &vpc})
	if !reflect.DeepEqual(waves, [][]string{{"terragrunt/live/prod/vpc"}, {"terragrunt/live/prod/app"}}) {
		t.Errorf("apply order = %v", waves)
	}
	js, _ := json.Marshal(mods)
	if strings.Contains(string(js), "tgPassw0rdS3cret") || strings.Contains(string(js), "tgS3cretToken") {
		t.Error("a secret is kept")
	}
}
