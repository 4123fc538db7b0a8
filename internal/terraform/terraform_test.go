package terraform

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"handover/internal/model"
	"handover/internal/redact"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from what LoadModule and ApplyState return")

// golden compares v, as indented JSON, with testdata/golden/name.json.
func golden(t *testing.T, name string, v any) []byte {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s; run go test -update and review the diff", name, path)
	}
	return got
}

func resourceByAddress(t *testing.T, m *model.TerraformModule, addr string) *model.Resource {
	t.Helper()
	for _, r := range m.Resources {
		if r.Address == addr {
			return r
		}
	}
	t.Fatalf("%s: no resource %s", m.Dir, addr)
	return nil
}

func addresses(m *model.TerraformModule) []string {
	var out []string
	for _, r := range m.Resources {
		out = append(out, r.Address)
	}
	for _, c := range m.Modules {
		out = append(out, c.Address)
	}
	return out
}

func TestBasicModule(t *testing.T) {
	m := LoadModule("testdata", "basic")
	if len(m.Problems) > 0 {
		t.Fatalf("problems: %v", m.Problems)
	}
	js := golden(t, "basic", m)

	// Hidden files and editor backups are not configuration.
	want := []string{"aws_instance.jenkins", "aws_instance.runner", "aws_subnet.ci", "data.aws_ami.ubuntu", "aws_db_instance.shop"}
	if got := addresses(m); !slices.Equal(got, want) {
		t.Errorf("addresses = %q, want %q (sorted by file and line)", got, want)
	}

	jenkins := &model.Resource{
		Address: "aws_instance.jenkins", Mode: "managed", Type: "aws_instance", Name: "jenkins",
		Module: "basic", Provider: "aws",
		Source: model.Source{Path: "basic/main.tf", Line: 10},
		Why: model.Why{
			Text:   "Jenkins controller: runs every build of the shop.\nAsk #ci before resizing.",
			Source: model.Source{Path: "basic/main.tf", Line: 8},
		},
		Region: "eu-west-1", Zone: "eu-west-1b",
		Tags: map[string]string{"Name": "jenkins01", "Team": "ci", "cost-center": "42"},
		Attrs: []model.Var{
			{Name: "ami", Value: "ami-0abcdef1234567890"},
			{Name: "availability_zone", Value: "eu-west-1b"},
			{Name: "cpu_core_count", Value: int64(2)},
			{Name: "instance_type", Value: "t3.large"},
			{Name: "monitoring", Value: true},
			{Name: "user_data", Value: "ci-boot"}, // "${local.prefix}-boot"
		},
	}
	if got := resourceByAddress(t, m, jenkins.Address); !reflect.DeepEqual(got, jenkins) {
		t.Errorf("jenkins =\n%+v\nwant\n%+v", got, jenkins)
	}

	tests := []struct {
		addr                  string
		mode, provider, alias string
		count, region, zone   string
		why                   string
		whyLine, line         int
		tags                  map[string]string
		attr                  string // an attribute and its value, "" for none
		value                 any
	}{
		{addr: "aws_instance.runner", mode: "managed", provider: "aws", alias: "dr", count: "var.runners",
			region: "eu-central-1", line: 36, why: "The DR runner lives in Frankfurt.\nIt only starts when the main site is down.", whyLine: 32,
			attr: "instance_type", value: "t3.medium"},
		{addr: "aws_subnet.ci", mode: "managed", provider: "aws", region: "eu-west-1", line: 46,
			attr: "cidr_block", value: "10.0.1.0/24"}, // the comment above is 2 blank lines away
		{addr: "data.aws_ami.ubuntu", mode: "data", provider: "aws", region: "eu-west-1", line: 52,
			why: "Newest Ubuntu LTS from Canonical.", whyLine: 51, attr: "owners", value: []any{"099720109477"}},
		{addr: "aws_db_instance.shop", mode: "managed", provider: "aws", region: "eu-west-3", line: 61,
			tags: map[string]string{"Name": "shopdb"}, attr: "password", value: redact.Mask},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			r := resourceByAddress(t, m, tt.addr)
			if r.Mode != tt.mode || r.Provider != tt.provider || r.ProviderAlias != tt.alias || r.Count != tt.count ||
				r.Region != tt.region || r.Zone != tt.zone || r.Source.Line != tt.line {
				t.Errorf("got mode %q provider %q alias %q count %q region %q zone %q line %d",
					r.Mode, r.Provider, r.ProviderAlias, r.Count, r.Region, r.Zone, r.Source.Line)
			}
			if r.Why.Text != tt.why || r.Why.Source.Line != tt.whyLine {
				t.Errorf("why = %q at %d, want %q at %d", r.Why.Text, r.Why.Source.Line, tt.why, tt.whyLine)
			}
			if !reflect.DeepEqual(r.Tags, tt.tags) {
				t.Errorf("tags = %v, want %v", r.Tags, tt.tags)
			}
			if tt.attr != "" && !hasVar(r.Attrs, tt.attr, tt.value) {
				t.Errorf("attrs = %v, want %s = %v", r.Attrs, tt.attr, tt.value)
			}
		})
	}

	// Variables: a sensitive default is never kept, a secret-looking one
	// is masked.
	wantVars := map[string]any{"owner": "ci", "runners": int64(2), "db_master": nil, "api_token": redact.Mask,
		"subnets": map[string]any{"a": map[string]any{"cidr": "10.0.1.0/24"}}}
	for _, v := range m.Variables {
		if want, ok := wantVars[v.Name]; !ok || !reflect.DeepEqual(v.Default, want) {
			t.Errorf("variable %s default = %#v, want %#v", v.Name, v.Default, want)
		}
	}
	db := m.Variables[2]
	if db.Name != "db_master" || !db.Sensitive || db.Type != "string" || db.Description != "Database master password" ||
		db.Why.Text != "The master database password. Rotate yearly." || db.Source != (model.Source{Path: "basic/variables.tf", Line: 14}) {
		t.Errorf("db_master = %+v", db)
	}
	if got := m.Variables[4].Type; got != "map(object({\n    cidr = string\n  }))" {
		t.Errorf("subnets type = %q", got)
	}

	wantOutputs := []*model.Output{
		{Name: "jenkins_ip", Module: "basic", Description: "Public IP of Jenkins", Value: "aws_instance.jenkins.public_ip",
			Source: model.Source{Path: "basic/outputs.tf", Line: 12},
			Why:    model.Why{Text: "Where to point the browser.", Source: model.Source{Path: "basic/outputs.tf", Line: 11}}},
		{Name: "db_password", Module: "basic", Value: redact.Mask, Sensitive: true,
			Source: model.Source{Path: "basic/outputs.tf", Line: 17}},
	}
	if !reflect.DeepEqual(m.Outputs, wantOutputs) {
		t.Errorf("outputs = %+v", m.Outputs)
	}

	wantProviders := []*model.Provider{
		{Name: "aws", Module: "basic", Region: "eu-west-1",
			Attrs:  []model.Var{{Name: "profile", Value: "prod"}, {Name: "region", Value: "eu-west-1"}},
			Source: model.Source{Path: "basic/providers.tf", Line: 2},
			Why:    model.Why{Text: "Default region for everything in this account.", Source: model.Source{Path: "basic/providers.tf", Line: 1}}},
		{Name: "aws", Alias: "dr", Module: "basic", Region: "eu-central-1",
			Attrs:  []model.Var{{Name: "region", Value: "eu-central-1"}, {Name: "secret_key", Value: redact.Mask}},
			Source: model.Source{Path: "basic/providers.tf", Line: 8},
			Why:    model.Why{Text: "Frankfurt copy for the DR site.", Source: model.Source{Path: "basic/providers.tf", Line: 7}}},
	}
	if !reflect.DeepEqual(m.Providers, wantProviders) {
		t.Errorf("providers = %+v", m.Providers)
	}

	wantLocals := []model.Var{
		{Name: "db_password", Value: redact.Mask},
		{Name: "prefix", Value: "ci"},
		{Name: "size", Value: 1.5},
		{Name: "tags", Value: map[string]any{"Team": "ci"}},
	}
	if !reflect.DeepEqual(m.Locals, wantLocals) {
		t.Errorf("locals = %#v", m.Locals)
	}

	for _, secret := range []string{"s3cr3t-default-value", "hunter2-literal", "local-secret-value",
		"output-literal-secret", "tok-literal-value", "not-a-real-secret-value"} {
		if bytes.Contains(js, []byte(secret)) {
			t.Errorf("the module's JSON holds the secret %q", secret)
		}
	}
}

func hasVar(vars []model.Var, name string, value any) bool {
	for _, v := range vars {
		if v.Name == name {
			return reflect.DeepEqual(v.Value, value)
		}
	}
	return false
}

// TestPublicModuleStyle reads configuration written the way the public
// terraform-aws-modules and terraform-google-modules examples are.
func TestPublicModuleStyle(t *testing.T) {
	m := LoadModule("testdata", "public")
	if len(m.Problems) > 0 {
		t.Fatalf("problems: %v", m.Problems)
	}
	golden(t, "public", m)
	want := []string{
		"google_compute_instance.search", "google_storage_bucket.assets", // google.tf
		"data.aws_availability_zones.available", "aws_security_group.web", "aws_s3_bucket.this",
		"aws_instance.bastion", "data.aws_ami.amazon_linux", // main.tf
		`module.web["blue"].aws_instance.this`, `module.web["green"].aws_instance.this`, // through module.web
		"module.gke", "module.vpc", "module.web",
	}
	if got := addresses(m); !slices.Equal(got, want) {
		t.Errorf("addresses =\n%q\nwant\n%q", got, want)
	}

	sg := resourceByAddress(t, m, "aws_security_group.web")
	if sg.Count != "var.create ? 1 : 0" || !reflect.DeepEqual(sg.Tags, map[string]string{"Tier": "web"}) ||
		!hasVar(sg.Attrs, "description", "Web tier: HTTP from anywhere,\nSSH from the office only.\n") {
		t.Errorf("security group = %+v", sg)
	}
	if b := resourceByAddress(t, m, "aws_s3_bucket.this"); b.ForEach != "local.buckets" {
		t.Errorf("bucket for_each = %q", b.ForEach)
	}
	bastion := resourceByAddress(t, m, "aws_instance.bastion")
	if bastion.ProviderAlias != "us" || bastion.Region != "us-east-1" || bastion.Tags["Name"] != "bastion" ||
		!hasVar(bastion.Attrs, "user_data", "#!/bin/bash\n# not a comment for terraform\necho hello\n") {
		t.Errorf("bastion = %+v", bastion)
	}
	search := resourceByAddress(t, m, "google_compute_instance.search")
	if search.Provider != "google" || search.Count != "2" || search.Zone != "europe-west1-c" || search.Region != "europe-west1" ||
		!reflect.DeepEqual(search.Tags, map[string]string{"role": "search", "env": "prod"}) ||
		!hasVar(search.Attrs, "tags", []any{"search", "http-server"}) ||
		search.Why.Text != "Search backend on GCP: one VM per shard." {
		t.Errorf("search = %+v", search)
	}

	vpc, web := m.Modules[1], m.Modules[2]
	if vpc.From != "terraform-aws-modules/vpc/aws" || vpc.Version != "~> 5.0" || vpc.Why.Text != "" ||
		!hasVar(vpc.Inputs, "public_subnets", []any{"10.0.48.0/24", "10.0.49.0/24"}) || hasVar(vpc.Inputs, "name", "") {
		t.Errorf("module.vpc = %+v", vpc)
	}
	wantWeb := &model.ModuleCall{Name: "web", Address: "module.web", Module: "public", From: "./modules/web",
		ForEach: `toset(["blue", "green"])`, Inputs: []model.Var{{Name: "instance_type", Value: "t3.small"}},
		Source: model.Source{Path: "public/main.tf", Line: 43},
		Why:    model.Why{Text: "Our own web tier, one per environment.", Source: model.Source{Path: "public/main.tf", Line: 42}}}
	if !reflect.DeepEqual(web, wantWeb) {
		t.Errorf("module.web =\n%+v\nwant\n%+v", web, wantWeb)
	}
	wantLocals := []string{"buckets", "region", "vpc_cidr"} // name, azs and tags are not literal
	var gotLocals []string
	for _, l := range m.Locals {
		gotLocals = append(gotLocals, l.Name)
	}
	if !slices.Equal(gotLocals, wantLocals) {
		t.Errorf("locals = %q, want %q", gotLocals, wantLocals)
	}
}

func TestBrokenFiles(t *testing.T) {
	m := LoadModule("testdata", "broken")
	want := []struct {
		source  string
		message string
	}{
		{"broken/badattr.tf:6", "Invalid expression: "},
		{"broken/labels.tf:1", "Missing name for resource: "},
		{"broken/unclosed.tf:5", "Unclosed configuration block: "},
	}
	if len(m.Problems) != len(want) {
		t.Fatalf("problems = %v, want %d", m.Problems, len(want))
	}
	for i, w := range want {
		p := m.Problems[i]
		if p.Source.String() != w.source || !strings.HasPrefix(p.Message, w.message) || p.Severity != model.SeverityError {
			t.Errorf("problem %d = %v, want %s: %s...", i, p, w.source, w.message)
		}
	}
	good := resourceByAddress(t, m, "aws_instance.good")
	if good.Why.Text != "Still here when its neighbours are broken." || !hasVar(good.Attrs, "instance_type", "t3.micro") {
		t.Errorf("good = %+v", good)
	}
	// What the parser recovered from the broken files comes back too.
	resourceByAddress(t, m, "aws_s3_bucket.logs")
	resourceByAddress(t, m, "aws_instance.before")
}

func TestJSONSyntax(t *testing.T) {
	m := LoadModule("testdata", "json")
	if len(m.Problems) > 0 {
		t.Fatalf("problems: %v", m.Problems)
	}
	js := golden(t, "json", m)
	api := resourceByAddress(t, m, "aws_instance.api")
	want := &model.Resource{Address: "aws_instance.api", Mode: "managed", Type: "aws_instance", Name: "api", Module: "json",
		Provider: "aws", ProviderAlias: "us", Source: model.Source{Path: "json/main.tf.json", Line: 10},
		// The "//" property is the JSON syntax's comment: the why.
		Why:   model.Why{Text: "API servers behind the internal ALB.", Source: model.Source{Path: "json/main.tf.json", Line: 10}},
		Count: "var.api_count", Region: "us-east-1", Tags: map[string]string{"Name": "api"},
		Attrs: []model.Var{{Name: "instance_type", Value: "t3.large"}}} // user_data is a template, not a literal
	if !reflect.DeepEqual(api, want) {
		t.Errorf("api =\n%+v\nwant\n%+v", api, want)
	}
	if w := resourceByAddress(t, m, "data.aws_vpc.main").Why; w.Text != "" {
		t.Errorf("a block without a \"//\" property has the why %q", w.Text)
	}
	if len(m.Modules) != 1 || m.Modules[0].From != "./net" || m.Modules[0].Why.Text != "Subnets for the API, one per zone." || len(m.Providers) != 2 || m.Outputs[0].Value != "aws_instance.api[*].id" {
		t.Errorf("module = %+v", m)
	}
	if bytes.Contains(js, []byte("json-secret-default")) {
		t.Error("the sensitive default is in the JSON")
	}
}

func TestUnreadableDir(t *testing.T) {
	m := LoadModule("testdata", "no/such/dir")
	if len(m.Problems) != 1 || m.Problems[0].Source.Path != "no/such/dir" || m.Dir != "no/such/dir" {
		t.Errorf("problems = %v", m.Problems)
	}
}

func TestIsConfigFile(t *testing.T) {
	for name, want := range map[string]bool{
		"main.tf": true, "main.tf.json": true, "variables.tf": true,
		"main.tfvars": false, "main.tf~": false, ".main.tf": false, "#main.tf#": false,
		"override.tf": false, "dev_override.tf.json": false, "terraform.tfstate": false, "README.md": false,
	} {
		if got := isConfigFile(name); got != want {
			t.Errorf("isConfigFile(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestRegionOfZone(t *testing.T) {
	for zone, want := range map[string]string{
		"eu-west-1b": "eu-west-1", "us-east-1a": "us-east-1", "europe-west1-b": "europe-west1",
		"us-central1-f": "us-central1", "1": "", "": "", "EU": "", "westeurope": "",
	} {
		if got := regionOfZone(zone); got != want {
			t.Errorf("regionOfZone(%q) = %q, want %q", zone, got, want)
		}
	}
}

func TestNestedAddresses(t *testing.T) {
	root := t.TempDir()
	src := `resource "google_compute_instance" "es_data03" {
  name = "es-data03"
  network_interface {
    network    = "default"
    network_ip = "10.132.0.23"
    access_config {
      nat_ip = "34.76.1.2"
    }
  }
  network_interface {
    network_ip = google_compute_address.x.address
  }
}
`
	if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	mod := LoadModule(root, ".")
	if len(mod.Resources) != 1 {
		t.Fatalf("resources = %+v, problems %v", mod.Resources, mod.Problems)
	}
	got := map[string]any{}
	for _, a := range mod.Resources[0].Attrs {
		got[a.Name] = a.Value
	}
	want := map[string]any{"name": "es-data03", "network_interface.network_ip": "10.132.0.23", "network_interface.access_config.nat_ip": "34.76.1.2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("attrs = %v, want %v", got, want)
	}
}

func TestExpandedInstances(t *testing.T) {
	root := t.TempDir()
	src := `variable "es_nodes" {
  default = 2
}
variable "secret_suffix" {
  default   = "s3cr3t"
  sensitive = true
}
locals {
  web_hosts = { web01 = { subnet = 0 }, web02 = { subnet = 1 } }
  prefix    = "acme-${var.env}"
}
variable "env" {
  default = "prod"
}
resource "google_compute_instance" "es" {
  count = var.es_nodes
  name  = format("es%02d", count.index + 1)
}
resource "aws_instance" "web" {
  for_each  = local.web_hosts
  subnet_id = module.vpc.private_subnets[each.value.subnet]
  tags = {
    Name = each.key
    Env  = local.prefix
  }
}
resource "aws_instance" "worker" {
  for_each = toset(["worker01", "worker02"])
  tags     = { Name = "${local.prefix}-${each.value}" }
}
resource "aws_instance" "unknown" {
  for_each = data.aws_instances.all.ids
  tags     = { Name = each.key }
}
resource "aws_instance" "hidden" {
  count = 1
  tags  = { Name = "db-${var.secret_suffix}" }
}
`
	if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	mod := LoadModule(root, ".")
	got := map[string][]string{}
	for _, r := range mod.Resources {
		for _, in := range r.Expanded {
			for _, a := range in.Attrs {
				got[r.Address] = append(got[r.Address], fmt.Sprintf("%s %s=%v", in.Key, a.Name, a.Value))
			}
		}
	}
	want := map[string][]string{
		"google_compute_instance.es": {"[0] name=es01", "[1] name=es02"},
		"aws_instance.web":           {`["web01"] tags.Name=web01`, `["web02"] tags.Name=web02`},
		"aws_instance.worker":        {`["worker01"] tags.Name=acme-prod-worker01`, `["worker02"] tags.Name=acme-prod-worker02`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("expanded:\n got %q\nwant %q", got, want)
	}
	if len(mod.Problems) != 0 {
		t.Errorf("problems: %v", mod.Problems)
	}
}

func TestAttributeComments(t *testing.T) {
	root := t.TempDir()
	src := `resource "azurerm_managed_disk" "data" {
  name = "data"
  # E1 (4G) allows only 7800 transactions per hour:
  # E2 it is.
  disk_size_gb = 8
  sku          = "Premium" # pull-through cache needs it
  zone         = "1"

  # about nothing: a blank line and code follow
}

module "vnet" {
  source        = "./vnet"
  address_space = ["10.0.0.0/16"] # 10.0.0.1 - 10.0.255.254
}
`
	if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	mod := LoadModule(root, ".")
	if len(mod.Resources) != 1 || len(mod.Modules) != 1 {
		t.Fatalf("resources = %+v, modules %+v, problems %v", mod.Resources, mod.Modules, mod.Problems)
	}
	got := map[string]model.Why{}
	for _, a := range slices.Concat(mod.Resources[0].Attrs, mod.Modules[0].Inputs) {
		got[a.Name] = a.Comment()
	}
	want := map[string]model.Why{
		"name":          {},
		"disk_size_gb":  {Text: "E1 (4G) allows only 7800 transactions per hour:\nE2 it is.", Source: model.Source{Path: "main.tf", Line: 3}},
		"sku":           {Text: "pull-through cache needs it", Source: model.Source{Path: "main.tf", Line: 6}},
		"zone":          {},
		"address_space": {Text: "10.0.0.1 - 10.0.255.254", Source: model.Source{Path: "main.tf", Line: 14}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("attribute whys = %+v, want %+v", got, want)
	}
}

// An attribute or module input written with locals alone is the value
// Terraform computes from them; one that a variable decides, however far
// down, stays out, and a secret comes masked.
func TestLocalAttributes(t *testing.T) {
	root := t.TempDir()
	src := `locals {
  class  = "db.t3.large"
  sizes  = { prod = "db.r6i.xlarge", stage = "db.t3.large" }
  name   = "${var.env}-orders"
  pw     = "s3cret-value"
}

variable "env" {
  default = "prod"
}

resource "aws_db_instance" "orders" {
  instance_class = local.class
  engine         = "postgres"
  identifier     = local.name
  password       = local.pw
  storage_type   = lookup(local.sizes, "prod", "db.t3.small")
  tags           = local.sizes
}

module "cache" {
  source    = "./cache"
  node_type = local.sizes["stage"]
  name      = local.name
}
`
	if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m := LoadModule(root, ".")
	attrs := map[string]any{}
	for _, a := range resourceByAddress(t, m, "aws_db_instance.orders").Attrs {
		attrs[a.Name] = a.Value
	}
	want := map[string]any{"instance_class": "db.t3.large", "engine": "postgres", "password": redact.Mask, "storage_type": "db.r6i.xlarge"}
	if !reflect.DeepEqual(attrs, want) {
		t.Errorf("attrs %v, want %v", attrs, want)
	}
	if len(m.Modules) != 1 || !reflect.DeepEqual(m.Modules[0].Inputs, []model.Var{{Name: "node_type", Value: "db.t3.large"}}) {
		t.Errorf("module inputs %+v, want node_type only", m.Modules)
	}
}
