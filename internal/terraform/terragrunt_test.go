package terraform

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"handover/internal/model"
	"handover/internal/redact"
)

// loadTerragrunt reads the Terragrunt estate of testdata/terragrunt as a
// repository walk does, and links it.
func loadTerragrunt(t *testing.T) map[string]*model.TerraformModule {
	t.Helper()
	dirs := []string{"terragrunt/live", "terragrunt/live/prod/app", "terragrunt/live/prod/broken", "terragrunt/live/prod/cache", "terragrunt/live/prod/db",
		"terragrunt/live/prod/vpc", "terragrunt/live/prod/worker", "terragrunt/modules/vpc"}
	byDir := map[string]*model.TerraformModule{}
	var mods []*model.TerraformModule
	for _, d := range dirs {
		m := LoadModule("testdata", d)
		if len(m.Problems) > 0 && d != "terragrunt/live/prod/broken" {
			t.Errorf("%s: %v", d, m.Problems)
		}
		mods = append(mods, m)
		byDir[d] = m
	}
	Link(mods)
	return byDir
}

func TestTerragrunt(t *testing.T) {
	byDir := loadTerragrunt(t)
	var mods []*model.TerraformModule
	for _, m := range byDir {
		mods = append(mods, m)
	}
	vpc := byDir["terragrunt/live/prod/vpc"].Info
	if !vpc.Root || vpc.RootWhy != "terragrunt.hcl" || vpc.Terragrunt != "../../../modules//vpc" {
		t.Errorf("vpc unit = root %v %q, source %q", vpc.Root, vpc.RootWhy, vpc.Terragrunt)
	}
	if len(vpc.Calls) != 1 || vpc.Calls[0].Dir != "terragrunt/modules/vpc" {
		t.Errorf("vpc calls %+v, want the local module resolved", vpc.Calls)
	}
	if vpc.Backend == nil || vpc.Backend.Type != "s3" || model.StringVar(vpc.Backend.Config, "bucket") != "acme-tg-state" ||
		model.StringVar(vpc.Backend.Config, "key") != "prod/vpc/terraform.tfstate" || vpc.Backend.Source.String() != "terragrunt/live/terragrunt.hcl:5" {
		t.Errorf("vpc backend = %+v, want the included remote_state", vpc.Backend)
	}
	if vpc.Purpose.Text != "Production's network: every other unit in prod reads its outputs." {
		t.Errorf("vpc purpose = %q", vpc.Purpose.Text)
	}
	if root := byDir["terragrunt/live"].Info; root.Root {
		t.Errorf("the included configuration is a root: %q", root.RootWhy)
	}
	if mod := byDir["terragrunt/modules/vpc"]; mod.Info.Root || !reflect.DeepEqual(mod.Info.CalledBy, []string{"terragrunt/live/prod/db", "terragrunt/live/prod/vpc", "terragrunt/live/prod/worker"}) {
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
	if strings.Contains(string(js), "tgPassw0rdS3cret") || strings.Contains(string(js), "tgS3cretToken") || strings.Contains(string(js), "tgRootT0kenS3cret") {
		t.Error("a secret is kept")
	}
}

// A unit's include is evaluated with Terragrunt's functions on the unit's
// behalf: the root's remote_state (its key through path_relative_to_include)
// and inputs apply, the unit's own inputs win, another included file's
// locals are readable, dependency paths may be built by functions, and
// what cannot be evaluated is a problem at its line, not a guess.
func TestTerragruntInclude(t *testing.T) {
	byDir := loadTerragrunt(t)
	db := byDir["terragrunt/live/prod/db"].Info
	if db.Backend == nil || model.StringVar(db.Backend.Config, "key") != "prod/db/terraform.tfstate" {
		t.Errorf("db backend = %+v, want the root's remote_state keyed prod/db", db.Backend)
	}
	var files []string
	values := map[string]any{}
	for _, f := range db.VarFiles {
		files = append(files, f.Path)
		for _, s := range f.Settings {
			values[s.Variable] = s.Value
			if s.Variable == "owner" && s.Source.String() != "terragrunt/live/terragrunt.hcl:16" {
				t.Errorf("owner from %s, want the root's line", s.Source)
			}
		}
	}
	if want := []string{"terragrunt/live/prod/db/terragrunt.hcl", "terragrunt/live/terragrunt.hcl"}; !reflect.DeepEqual(files, want) {
		t.Errorf("db var files = %q, want %q", files, want)
	}
	want := map[string]any{"owner": "platform", "size": "t3.small", "api_token": redact.Mask,
		"name": "db-prod", "region": `get_env("AWS_REGION", "eu-west-1")`}
	if !reflect.DeepEqual(values, want) {
		t.Errorf("db inputs = %v\nwant %v", values, want)
	}
	app := byDir["terragrunt/live/prod/app"].Info
	for _, f := range app.VarFiles {
		for _, s := range f.Settings {
			if s.Variable == "size" && (s.Value != "m5.large" || f.Path != "terragrunt/live/prod/app/terragrunt.hcl") {
				t.Errorf("app size = %v from %s, want the unit's own m5.large", s.Value, f.Path)
			}
		}
	}
	if len(db.Calls) != 1 || db.Calls[0].Dir != "terragrunt/modules/vpc" {
		t.Errorf("db calls = %+v, want modules/vpc through get_repo_root()", db.Calls)
	}
	if len(db.DependsOn) != 1 || db.DependsOn[0].Dir != "terragrunt/live/prod/vpc" {
		t.Errorf("db depends on %+v, want prod/vpc through get_terragrunt_dir()", db.DependsOn)
	}

	if c := app.Calls[0]; c.Version != "v1.4.0" {
		t.Errorf("app's git source version = %q, want its ref", c.Version)
	}

	// read_terragrunt_config reads another file's locals, or gives its
	// default; a registry source shows its module and version.
	cache := byDir["terragrunt/live/prod/cache"].Info
	if c := cache.Calls[0]; c.From != "terraform-aws-modules/elasticache/aws" || c.Version != "1.2.0" || c.Dir != "" {
		t.Errorf("cache call = %+v, want the registry module at 1.2.0", c)
	}
	cacheInputs := map[string]any{}
	for _, f := range cache.VarFiles {
		for _, s := range f.Settings {
			cacheInputs[s.Variable] = s.Value
		}
	}
	if cacheInputs["name"] != "cache-prod" || cacheInputs["fallback"] != "none" {
		t.Errorf("cache inputs = %v, want name cache-prod and the default's fallback", cacheInputs)
	}

	// An included file's source, dependencies and inputs are the unit's
	// (its relative paths relative to the unit), after the unit's own.
	worker := byDir["terragrunt/live/prod/worker"].Info
	if len(worker.Calls) != 1 || worker.Calls[0].Dir != "terragrunt/modules/vpc" {
		t.Errorf("worker calls = %+v, want the included source", worker.Calls)
	}
	if d := worker.DependsOn; len(d) != 1 || d[0].Dir != "terragrunt/live/prod/vpc" || d[0].Source.String() != "terragrunt/live/_envcommon/app.hcl:6" {
		t.Errorf("worker depends on %+v, want prod/vpc from the included dependency", d)
	}
	var tier any
	for _, f := range worker.VarFiles {
		for _, s := range f.Settings {
			if s.Variable == "tier" {
				tier = s.Value
			}
		}
	}
	if tier != "app" || worker.Backend == nil || model.StringVar(worker.Backend.Config, "key") != "prod/worker/terraform.tfstate" {
		t.Errorf("worker tier = %v, backend %+v", tier, worker.Backend)
	}

	broken := byDir["terragrunt/live/prod/broken"]
	var got []string
	for _, p := range broken.Problems {
		got = append(got, p.Source.String()+" "+p.Message)
	}
	wantProblems := []string{
		"terragrunt/live/prod/broken/terragrunt.hcl:1 Terragrunt: cannot evaluate include path find_in_parent_folders(\"missing.hcl\"): Error in function call: Call to function \"find_in_parent_folders\" failed: no missing.hcl in a folder above terragrunt/live/prod/broken.",
		"terragrunt/live/prod/broken/terragrunt.hcl:9 Terragrunt: cannot evaluate key = \"${get_env(\"STACK\")}/terraform.tfstate\": " + errUnknown.Error(),
		"terragrunt/live/prod/broken/terragrunt.hcl:14 Terragrunt: cannot evaluate get_aws_account_id(): Call to unknown function: There is no function named \"get_aws_account_id\".",
		"terragrunt/live/prod/broken/terragrunt.hcl:18 Terragrunt: cannot evaluate \"${get_env(\"MODULES\")}//db?ref=v2.0.0\": " + errUnknown.Error(),
	}
	if !reflect.DeepEqual(got, wantProblems) {
		t.Errorf("problems =\n %q\nwant\n %q", got, wantProblems)
	}
	if c := broken.Info.Calls; len(c) != 1 || c[0].From != `"${get_env("MODULES")}//db?ref=v2.0.0"` || c[0].Version != "" || c[0].Dir != "" {
		t.Errorf("broken unit's call = %+v, want its source as written and no version or directory read from it", c)
	}
	if b := broken.Info.Backend; b == nil || model.StringVar(b.Config, "bucket") != "acme-tg-state" || len(broken.Info.DependsOn) != 0 {
		t.Errorf("broken unit: backend %+v, depends on %v: the rest of the file still counts, nothing guessed", b, broken.Info.DependsOn)
	}
}
