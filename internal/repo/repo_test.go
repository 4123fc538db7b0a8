package repo

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"handover/internal/limits"
	"handover/internal/model"
)

// Stand-ins for package inventory's sniffers, so that these tests do not
// depend on it: an INI inventory has a [section] and no "key = value"
// settings outside :vars sections; a YAML inventory has a top-level all:.
func testSniffINI(head []byte) bool {
	section, vars := false, false
	for line := range strings.Lines(string(head)) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' && strings.HasSuffix(line, "]") {
			section, vars = true, strings.HasSuffix(line, ":vars]")
			continue
		}
		if f := strings.Fields(line); !vars && len(f) > 1 && f[1] == "=" {
			return false
		}
	}
	return section
}

func testSniffYAML(head []byte) bool {
	for line := range strings.Lines(string(head)) {
		if strings.TrimRight(line, " \r\n") == "all:" {
			return true
		}
	}
	return false
}

var testOptions = Options{SniffINI: testSniffINI, SniffYAML: testSniffYAML}

func TestScan(t *testing.T) {
	tests := []struct {
		repo     string
		sources  []File
		problems []string // "path:line: severity: message"
	}{
		{
			repo: "messy",
			sources: []File{
				{Path: "inventories/production", Kind: KindInventory, Why: "inventories/*/ directory"},
				{Path: "inventories/staging", Kind: KindInventory, Why: "inventories/*/ directory"},
				{Path: "legacy/hosts", Kind: KindInventory, Why: "named hosts"},
				{Path: "legacy/staging", Kind: KindInventory, Why: "INI inventory shape"},
				{Path: "ops/aws.ini", Kind: KindInventory, Why: "INI inventory shape"},
			},
		},
		{
			repo: "cfgdir",
			sources: []File{
				{Path: "inventory", Kind: KindInventory, Why: "ansible.cfg inventory="},
				{Path: "inventory/gcp.ini", Kind: KindInventory, Why: "INI inventory shape"},
				{Path: "sandbox/hosts.ini", Kind: KindInventory, Why: "named hosts.ini"},
			},
		},
		{
			repo: "cfglist",
			sources: []File{
				{Path: "inventories/prod/extra.ini", Kind: KindInventory, Why: "INI inventory shape"},
				{Path: "inventories/prod/hosts.ini", Kind: KindInventory, Why: "ansible.cfg inventory="},
				{Path: "inventories/stage/hosts.yml", Kind: KindInventory, Why: "ansible.cfg inventory="},
				{Path: "legacy/hosts", Kind: KindInventory, Why: "ansible.cfg inventory="},
			},
			problems: []string{
				`ansible.cfg:4: warning: inventory "inventories/dr/hosts" does not exist`,
			},
		},
		{
			repo: "badcfg",
			sources: []File{
				{Path: "inventories/production", Kind: KindInventory, Why: "inventories/*/ directory"},
			},
			problems: []string{
				"ansible.cfg:4: error: ansible would not read this file: want key = value, got \"vault_password_file ~/.vault_pass\"",
				"deploy/ansible.cfg:4: error: ansible would not read this file: inventory already set on line 2 of [defaults]",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.repo, func(t *testing.T) {
			root := filepath.Join("testdata", tt.repo)
			res, err := Scan(context.Background(), root, testOptions)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(foundOnly(res.Sources), tt.sources) {
				t.Errorf("sources:\n got %v\nwant %v", res.Sources, tt.sources)
			}
			if got := problemStrings(res.Problems); !slices.Equal(got, tt.problems) {
				t.Errorf("problems:\n got %q\nwant %q", got, tt.problems)
			}
			if want := countFiles(t, root); res.Files != want {
				t.Errorf("files: got %d, want %d", res.Files, want)
			}
		})
	}
}

// TestScanEdges builds what a repository in git cannot hold: a .git
// directory, links, a huge file, a binary.
func TestScanEdges(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "hosts")
	write(t, outside, "[secret]\nbox.internal\n")
	root := t.TempDir()
	write(t, filepath.Join(root, ".git/hosts"), "[git]\nnot-a-host\n")
	write(t, filepath.Join(root, "envs/prod/hosts"), "[prod]\nweb01\n")
	write(t, filepath.Join(root, "bin/hosts.ini"), "[x]\n\x00\x01\x02")
	write(t, filepath.Join(root, "archive/hosts"), "[old]\nweb00\n")
	write(t, filepath.Join(root, "notes.bak.ini"), "[old]\nweb00\n")
	big := filepath.Join(root, "generated/hosts")
	write(t, big, "")
	if err := os.Truncate(big, limits.Default().InventoryBytes+1); err != nil {
		t.Fatal(err)
	}
	symlink(t, "../envs/prod", filepath.Join(root, "inventories/prod")) // a directory source through a link
	symlink(t, "..", filepath.Join(root, "loop/up"))                    // would loop if followed
	symlink(t, outside, filepath.Join(root, "ops/hosts"))
	symlink(t, "../envs/prod/hosts", filepath.Join(root, "legacy/hosts")) // inside inventories/prod, really
	write(t, filepath.Join(root, "shared/hosts"), "[shared]\nweb09\n")
	symlink(t, "shared/hosts", filepath.Join(root, "hosts")) // walked first, but a link

	res, err := Scan(context.Background(), root, Options{
		SniffINI: testSniffINI, SniffYAML: testSniffYAML,
		Ignore: []string{"archive/", "*.bak.ini"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []File{
		{Path: "inventories/prod", Kind: KindInventory, Why: "inventories/*/ directory"},
		{Path: "shared/hosts", Kind: KindInventory, Why: "named hosts"},
	}
	if !slices.Equal(foundOnly(res.Sources), want) {
		t.Errorf("sources:\n got %v\nwant %v", res.Sources, want)
	}
	wantProblems := []string{
		"bin/hosts.ini: error: binary file: it holds a NUL byte; not read as an inventory",
		"generated/hosts: warning: not read: 67108865 bytes is more than the 64 MiB allowed (limits: inventory-bytes)",
		"ops/hosts: warning: symlink leads outside the repository; not read",
	}
	if got := problemStrings(res.Problems); !slices.Equal(got, wantProblems) {
		t.Errorf("problems:\n got %q\nwant %q", got, wantProblems)
	}
	// envs/prod/hosts, bin/hosts.ini, generated/hosts, shared/hosts and
	// the links legacy/hosts and hosts
	if res.Files != 6 {
		t.Errorf("files: got %d, want 6", res.Files)
	}
}

func TestScanCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Scan(ctx, filepath.Join("testdata", "messy"), testOptions)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestScanBadRoot(t *testing.T) {
	if _, err := Scan(context.Background(), filepath.Join("testdata", "nope"), testOptions); err == nil {
		t.Error("missing root: no error")
	}
	if _, err := Scan(context.Background(), filepath.Join("testdata", "messy", "README.md"), testOptions); err == nil {
		t.Error("file as root: no error")
	}
	if _, err := Scan(context.Background(), "testdata", Options{Ignore: []string{"["}}); err == nil {
		t.Error("bad glob: no error")
	}
}

func TestRuleFor(t *testing.T) {
	tests := []struct {
		name string
		how  how
	}{
		{"hosts", byName},
		{"inventory", byName},
		{"hosts.ini", byName},
		{"inventory.ini", byName},
		{"aws.ini", sniffINI},
		{"PHP.INI", sniffINI},
		{"staging", sniffINI},
		{"hosts.yml", sniffYAML},
		{"k8s.yaml", sniffYAML},
		{"ansible.cfg", notCandidate},
		{"hosts.txt", notCandidate},
		{"main.tf", notCandidate},
		{"README", notCandidate},
	}
	for _, tt := range tests {
		if got := ruleFor(tt.name).how; got != tt.how {
			t.Errorf("ruleFor(%q) = %v, want %v", tt.name, got, tt.how)
		}
	}
}

func problemStrings(ps []model.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Source.String()+": "+string(p.Severity)+": "+p.Message)
	}
	return out
}

// countFiles counts what Scan should look at: regular files outside the
// directories it skips.
func countFiles(t *testing.T, root string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && skipDirs[d.Name()] {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func write(t testing.TB, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("symlinks: %v", err)
	}
}

// TestScanExample keeps the bundled example repository what make run
// expects: its ansible.cfg names both inventories, and nothing else is one.
func TestScanExample(t *testing.T) {
	res, err := Scan(context.Background(), filepath.Join("..", "..", "examples", "acme-infra"), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	want := []File{
		{Path: "inventories/production/hosts.ini", Kind: KindInventory, Why: "ansible.cfg inventory="},
		{Path: "inventories/staging/hosts.yml", Kind: KindInventory, Why: "ansible.cfg inventory="},
	}
	if !slices.Equal(foundOnly(res.Sources), want) || len(res.Problems) != 0 {
		t.Errorf("got %v %v, want %v and no problems", res.Sources, res.Problems, want)
	}
}

func TestScanDocuments(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{
		"terraform/prod/main.tf", "terraform/prod/variables.tf", "terraform/prod/terraform.tfstate",
		"terraform/prod/terraform.tfstate.backup", "terraform/prod/.terraform/terraform.tfstate",
		"terraform/gcp/main.tf.json", "modules/vpc/main.tf",
		"sops/breach.md", "docs/postmortems/2025-11-14-redis.markdown", "README.md",
		"roles/nginx/README.md", "group_vars/all/NOTES.md",
		"node_modules/pkg/README.md", "notes.txt", "main.tfvars", "source/guides/restore.rst",
		"live/vpc/terragrunt.hcl", "live/vpc/.terragrunt-cache/Xy1/Ab2/main.tf", "live/vpc/.terragrunt-cache/Xy1/Ab2/README.md",
	} {
		write(t, filepath.Join(root, name), "x\n")
	}
	res, err := Scan(context.Background(), root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Docs {
		got = append(got, string(f.Kind)+" "+f.Path)
	}
	want := []string{
		"terraform .", // main.tfvars: variable values for a root module
		"markdown README.md",
		"markdown docs/postmortems/2025-11-14-redis.markdown",
		"markdown group_vars/all/NOTES.md",
		"terraform live/vpc", // its .terragrunt-cache holds copies, not the team's files
		"terraform modules/vpc",
		"markdown roles/nginx/README.md",
		"markdown sops/breach.md",
		"markdown source/guides/restore.rst",
		"terraform terraform/gcp",
		"terraform terraform/prod",
		"tfstate terraform/prod/terraform.tfstate",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Docs:\n got %q\nwant %q", got, want)
	}
	if len(res.Sources) != 0 {
		t.Errorf("Sources = %v, want none", res.Sources)
	}
}

// TestScanOwners: the walk lists every CODEOWNERS and OWNERS file outside
// the skipped directories, in group_vars/ and roles/ too; package history
// decides which count.
func TestScanOwners(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{
		"CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS",
		"OWNERS", "k8s/OWNERS", "roles/nginx/OWNERS", "services/api/OWNERS",
		"vendor/lib/OWNERS", "node_modules/pkg/OWNERS", ".terraform/modules/x/OWNERS",
		"services/OWNERS.md", "owners", "OWNERS_ALIASES",
	} {
		write(t, filepath.Join(root, name), "@x\n")
	}
	res, err := Scan(context.Background(), root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		".github/CODEOWNERS", ".gitlab/CODEOWNERS", "CODEOWNERS", "OWNERS",
		"docs/CODEOWNERS", "k8s/OWNERS", "roles/nginx/OWNERS", "services/api/OWNERS",
	}
	if !slices.Equal(res.Owners, want) {
		t.Errorf("Owners:\n got %q\nwant %q", res.Owners, want)
	}
}

// TestScanAlerts: alert rule files are found by their content wherever
// they are, a role's files/ too, and never taken for inventories; YAML
// that only mentions alerts is not.
func TestScanAlerts(t *testing.T) {
	root := t.TempDir()
	rules := "groups:\n- name: node\n  rules:\n  - alert: NodeDown\n    expr: up == 0\n"
	for name, content := range map[string]string{
		"monitoring/alerts.yml":                   rules,
		"roles/prometheus/files/node.rules":       rules,
		"k8s/rules.yaml":                          "apiVersion: v1\nkind: ConfigMap\n---\nkind: PrometheusRule\nspec:\n  groups:\n  - rules:\n    - alert: X\n",
		"group_vars/monitoring.yml":               "prometheus_rules:\n  - alert: NodeDown\n    rules: []\n",
		"inventory.yml":                           "all:\n  hosts:\n    alert01:\n",
		"notes.txt":                               rules,
		"roles/prometheus/templates/rules.yml.j2": rules,
	} {
		write(t, filepath.Join(root, name), content)
	}
	sniffAlerts := func(head []byte) bool {
		return strings.Contains(string(head), "alert:") && strings.Contains(string(head), "groups:")
	}
	res, err := Scan(context.Background(), root, Options{SniffYAML: testSniffYAML, SniffAlerts: sniffAlerts})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Docs {
		got = append(got, string(f.Kind)+" "+f.Path)
	}
	want := []string{"alerts k8s/rules.yaml", "alerts monitoring/alerts.yml", "alerts roles/prometheus/files/node.rules"}
	if !slices.Equal(got, want) {
		t.Errorf("Docs:\n got %q\nwant %q", got, want)
	}
	if len(res.Sources) != 1 || res.Sources[0].Path != "inventory.yml" {
		t.Errorf("Sources = %v, want inventory.yml", res.Sources)
	}
}

// TestSameAfterWrite: a walk is skipped only for writes to files whose
// name alone decides what the walk makes of them, and then a new walk
// finds exactly what the old one did.
func TestSameAfterWrite(t *testing.T) {
	tests := []struct {
		name   string
		change func(root string)
		paths  []string
		same   bool
	}{
		{"a markdown file rewritten", func(root string) { write(t, filepath.Join(root, "sops/breach.md"), "# Breach\n\nnew text\n") }, []string{"sops/breach.md"}, true},
		{"a state file rewritten", func(root string) { write(t, filepath.Join(root, "terraform/prod/terraform.tfstate"), "{}\n") }, []string{"terraform/prod/terraform.tfstate"}, true},
		{"two markdown files", func(root string) {
			write(t, filepath.Join(root, "sops/breach.md"), "a\n")
			write(t, filepath.Join(root, "README.md"), "b\n")
		}, []string{"README.md", "sops/breach.md"}, true},
		{"a new markdown file", func(root string) { write(t, filepath.Join(root, "sops/new.md"), "x\n") }, []string{"sops/new.md"}, false},
		{"a Terraform file", func(root string) { write(t, filepath.Join(root, "terraform/prod/main.tf"), "y\n") }, []string{"terraform/prod/main.tf"}, false},
		{"an inventory", func(root string) { write(t, filepath.Join(root, "hosts"), "[web]\nweb2\n") }, []string{"hosts"}, false},
		{"a markdown file removed", func(root string) { os.Remove(filepath.Join(root, "sops/breach.md")) }, []string{"sops/breach.md"}, false},
		{"a markdown file made a directory", func(root string) {
			os.Remove(filepath.Join(root, "sops/breach.md"))
			write(t, filepath.Join(root, "sops/breach.md/hosts"), "[db]\ndb1\n")
		}, []string{"sops/breach.md"}, false},
		{"a markdown file made a symlink", func(root string) {
			os.Remove(filepath.Join(root, "sops/breach.md"))
			if err := os.Symlink("/etc/passwd", filepath.Join(root, "sops/breach.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"sops/breach.md"}, false},
		{"the root", func(string) {}, []string{"."}, false},
		{"nothing named", func(string) {}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			for name, text := range map[string]string{
				"sops/breach.md": "# Breach\n", "README.md": "# Readme\n", "hosts": "[web]\nweb1\n",
				"terraform/prod/main.tf": "x\n", "terraform/prod/terraform.tfstate": "{}\n",
			} {
				write(t, filepath.Join(root, name), text)
			}
			before, err := Scan(context.Background(), root, testOptions)
			if err != nil {
				t.Fatal(err)
			}
			tt.change(root)
			if got := before.SameAfterWrite(root, tt.paths); got != tt.same {
				t.Fatalf("SameAfterWrite = %v, want %v", got, tt.same)
			}
			after, err := Scan(context.Background(), root, testOptions)
			if err != nil {
				t.Fatal(err)
			}
			if tt.same && !reflect.DeepEqual(before, after) {
				t.Errorf("a new walk differs:\n before %+v\n after  %+v", before, after)
			}
		})
	}
}
