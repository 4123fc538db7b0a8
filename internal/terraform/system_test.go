package terraform

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"handover/internal/model"
	"handover/internal/redact"
)

// loadSystem reads every directory of testdata/system as a repository walk
// does, and links them.
func loadSystem(t *testing.T) map[string]*model.TerraformModule {
	t.Helper()
	dirs := []string{"system/app", "system/app/envs", "system/envonly/vars", "system/legacy", "system/modules/vm", "system/network"}
	var mods []*model.TerraformModule
	byDir := map[string]*model.TerraformModule{}
	for _, d := range dirs {
		m := LoadModule("testdata", d)
		mods = append(mods, m)
		byDir[d] = m
	}
	Link(mods)
	return byDir
}

func TestVarFiles(t *testing.T) {
	mods := loadSystem(t)
	app := mods["system/app"]
	var paths []string
	for _, f := range app.Info.VarFiles {
		paths = append(paths, f.Path)
		if f.Auto != (f.Path == "system/app/terraform.tfvars") {
			t.Errorf("%s: auto = %v", f.Path, f.Auto)
		}
	}
	// envs/ holds no configuration: its files are given to the root above.
	want := []string{"system/app/terraform.tfvars", "system/app/envs/prod.tfvars", "system/app/envs/staging.tfvars.json"}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("var files = %q, want %q", paths, want)
	}
	if n := len(mods["system/app/envs"].Info.VarFiles); n != 0 {
		t.Errorf("envs keeps %d var files", n)
	}
	prod := app.Info.VarFiles[1].Settings
	if got := prod[0]; got.Variable != "web_size" || got.Value != "m5.large" || got.Source.String() != "system/app/envs/prod.tfvars:1" {
		t.Errorf("prod web_size = %+v", got)
	}
	if got := prod[2]; got.Variable != "db_password" || !got.Sensitive || got.Value != nil {
		t.Errorf("a sensitive variable's value is kept: %+v", got)
	}
	staging := app.Info.VarFiles[2].Settings
	if got := staging[1]; got.Variable != "api_token" || got.Value != redact.Mask || got.Source.Line != 3 {
		t.Errorf("staging api_token = %+v, want redacted at line 3", got)
	}
	js, _ := json.Marshal(mods)
	for _, secret := range []string{"prodS3cretPassw0rd", "stagingT0kenValue"} {
		if strings.Contains(string(js), secret) {
			t.Errorf("%s is kept", secret)
		}
	}

	// The variable shows the values files give it; the attribute that
	// reads it shows the default and each file's value with its line.
	for _, v := range app.Variables {
		if v.Name == "db_class" {
			if len(v.Settings) != 1 || v.Settings[0].Value != "db.r6g.large" {
				t.Errorf("var.db_class settings = %+v", v.Settings)
			}
		}
	}
	db := resourceByAddress(t, app, "aws_db_instance.shop")
	var got []string
	for _, in := range db.Inputs {
		v, _ := in.Value.(string)
		got = append(got, in.Attr+"="+v+"@"+in.Source.String())
	}
	wantInputs := []string{"instance_class=db.t3.micro@system/app/variables.tf:9", "password=@system/app/variables.tf:13",
		"instance_class=db.r6g.large@system/app/envs/prod.tfvars:2", "password=@system/app/envs/prod.tfvars:3"}
	if !reflect.DeepEqual(got, wantInputs) {
		t.Errorf("inputs =\n %q\nwant\n %q", got, wantInputs)
	}

	// A broken file is a problem at its line; its other values still count.
	vars := mods["system/envonly/vars"]
	if len(vars.Problems) == 0 || vars.Problems[0].Source.Line != 2 {
		t.Errorf("problems = %v, want one at line 2", vars.Problems)
	}
	if len(vars.Info.VarFiles) != 1 || vars.Info.VarFiles[0].Settings[0].Value != "small" {
		t.Errorf("var files = %+v", vars.Info.VarFiles)
	}
}

// terraform.tfvars is applied without -var-file: it wins over the default
// wherever values are evaluated (here: a module call's input).
func TestAutoVarFileEvaluated(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := writeFile(dir, name, text); err != nil {
			t.Fatal(err)
		}
	}
	write("main.tf", `variable "location" { default = "westeurope" }
resource "azurerm_resource_group" "main" { location = var.location }
`)
	write("prod.auto.tfvars", `location = "northeurope"`)
	m := LoadModule(dir, ".")
	if r := resourceByAddress(t, m, "azurerm_resource_group.main"); r.Region != "northeurope" {
		t.Errorf("region = %q, want the auto.tfvars value", r.Region)
	}
}

func TestModuleSystem(t *testing.T) {
	mods := loadSystem(t)
	roots := map[string]string{}
	for dir, m := range mods {
		if m.Info.Root {
			roots[dir] = m.Info.RootWhy
		}
	}
	wantRoots := map[string]string{
		"system/app": "backend s3", "system/network": "backend s3", "system/legacy": "called by no other module",
	}
	if !reflect.DeepEqual(roots, wantRoots) {
		t.Errorf("roots = %v, want %v", roots, wantRoots)
	}
	vm := mods["system/modules/vm"].Info
	if !reflect.DeepEqual(vm.CalledBy, []string{"system/app"}) {
		t.Errorf("vm called by %v", vm.CalledBy)
	}
	if vm.Purpose.Text != "One virtual machine with its name tag; the caller's provider places it." {
		t.Errorf("vm purpose = %q (the file header)", vm.Purpose.Text)
	}

	app := mods["system/app"].Info
	if app.Purpose.Text != "The shop's application servers and their database, in the network stack's VPC." ||
		app.Purpose.Source.String() != "system/app/README.md:5" {
		t.Errorf("app purpose = %+v (the README's first paragraph)", app.Purpose)
	}
	calls := map[string]model.CallTarget{}
	for _, c := range app.Calls {
		calls[c.Address] = c
	}
	if c := calls["module.web"]; c.Dir != "system/modules/vm" || !strings.HasPrefix(c.Purpose, "One virtual machine") {
		t.Errorf("module.web = %+v", c)
	}
	if c := calls["module.labels"]; c.Dir != "" || c.From != "cloudposse/label/null" || c.Version != "0.25.0" {
		t.Errorf("module.labels = %+v", c)
	}

	net := mods["system/network"].Info
	if net.RequiredVersion != ">= 1.5" || len(net.Pins) != 1 || net.Pins[0].From != "hashicorp/aws" || net.Pins[0].Version != "~> 5.0" {
		t.Errorf("pins = %q %+v", net.RequiredVersion, net.Pins)
	}
	if be := net.Backend; be == nil || be.Type != "s3" || model.StringVar(be.Config, "key") != "network/terraform.tfstate" ||
		be.Source.String() != "system/network/main.tf:10" {
		t.Errorf("backend = %+v", be)
	}
	if net.Purpose.Text != "The shared network every application stack lives in; apply it first." {
		t.Errorf("network purpose = %q", net.Purpose.Text)
	}

	var deps []string
	for _, d := range app.DependsOn {
		deps = append(deps, d.Dir+" "+d.Via+" "+d.Source.String())
	}
	wantDeps := []string{
		"system/network data.aws_vpc.main (tag:Name=acme-main) system/app/main.tf:20",
		"system/network data.terraform_remote_state.network system/app/main.tf:12",
	}
	if !reflect.DeepEqual(deps, wantDeps) {
		t.Errorf("app depends on\n %q\nwant\n %q", deps, wantDeps)
	}
	if len(net.DependsOn) != 0 {
		t.Errorf("network depends on %v", net.DependsOn)
	}
}

func writeFile(dir, name, text string) error {
	return os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
}
