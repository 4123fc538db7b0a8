package lint

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"handover/internal/inventory"
	"handover/internal/link"
	"handover/internal/model"
)

// sharedSeed is the client's seed directory in the workspace; the
// inventory package keeps a copy of the two inventories for clones
// without the workspace.
const (
	sharedSeed = "../../../shared/seed"
	copiedSeed = "../inventory/testdata/oracle/seed"
)

func seedDir(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(sharedSeed, "inventory-after.ini")); err == nil {
		return sharedSeed
	}
	return copiedSeed
}

// lintSeed runs the real pipeline on one seed inventory.
func lintSeed(t *testing.T, name string) []model.Finding {
	t.Helper()
	root, err := filepath.Abs(seedDir(t))
	if err != nil {
		t.Fatal(err)
	}
	inv, err := inventory.Load(root, name)
	if err != nil {
		t.Fatal(err)
	}
	snap := &model.Snapshot{Repo: "seed", Root: root, Inventories: []*model.Inventory{inv}}
	link.Build(snap)
	return Check(snap, Config{Now: testNow})
}

// The client's "after" example breaks its own standard in ways a junior
// would not see: the environments under [all] become hosts, five child
// groups are never defined (ansible rejects the file), Host2 is defined
// twice with two keys (ansible uses the dev key for production), and Host3
// has no purpose, key or python.
func TestSeedAfter(t *testing.T) {
	got := lintSeed(t, "inventory-after.ini")
	at := func(line string) string { return "inventory-after.ini:" + line }
	matchFindings(t, got, []want{
		{ruleAllListsGroups, at("2"), []string{"[all] lists production, which is a group (line 5)", "new host named production"}},
		{ruleAllListsGroups, at("3"), []string{"[all] lists development", "host named development", "the group is dev"}},
		{ruleUndefinedChild, at("7"), []string{"[production:children] lists prod-gcp", `"Section [production:children] includes undefined group: prod-gcp"`}},
		{ruleUndefinedChild, at("11"), []string{"[prod-aws:children] lists prod-backend"}},
		{ruleUndefinedChild, at("24"), []string{"[dev:children] lists dev-gcp"}},
		{ruleUndefinedChild, at("28"), []string{"[dev-aws:children] lists dev-backend"}},
		{ruleUndefinedChild, at("29"), []string{"[dev-aws:children] lists dev-ci"}},
		{ruleHostConflict, at("20"), []string{"host Host2 is declared twice with different ansible_ssh_private_key_file",
			`"private_keys/key" on line 20 ([prod-frontend])`, `"private_keys/some-dev-key" on line 33 ([dev-frontend])`,
			`ansible uses "private_keys/some-dev-key" (line 33) for every group`}},
		{ruleHierarchy, at("20"), []string{"host Host2 is in groups of different environments", "development (dev-frontend)", "production (prod-frontend)"}},
		{ruleHostPurpose, at("34"), []string{`host Host3 has no purpose comment: add "# what this host is for" on the line above it`}},
		{ruleHostSSHKey, at("34"), []string{"host Host3 has no ansible_ssh_private_key_file on its line"}},
		{ruleHostPython, at("34"), []string{"host Host3 has no ansible_python_interpreter on its line"}},
		{ruleGroupName, at("9"), []string{"prod-aws has '-'"}},
		{ruleGroupName, at("14"), []string{"prod-ci has '-'"}},
		{ruleGroupName, at("18"), []string{"prod-frontend has '-'"}},
		{ruleGroupName, at("26"), []string{"dev-aws has '-'"}},
		{ruleGroupName, at("31"), []string{"dev-frontend has '-'"}},
	})
	if !HasErrors(got) {
		t.Error("HasErrors: the seed's after example has errors")
	}
	golden(t, "seed-after.txt", func(w *bytes.Buffer) error { return WriteText(w, got) })
	golden(t, "seed-after.sarif", func(w *bytes.Buffer) error { return WriteSARIF(w, got, Rules(), "test") })
}

// Ansible itself stops at the first undefined child, with the message
// our finding quotes. Runs only where ansible is installed.
func TestSeedAfterAgainstAnsible(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ansible-inventory")
	}
	if _, err := exec.LookPath("ansible-inventory"); err != nil {
		t.Skip("ansible-inventory not on PATH")
	}
	cmd := exec.Command("ansible-inventory", "-i", filepath.Join(seedDir(t), "inventory-after.ini"), "--list")
	out, _ := cmd.CombinedOutput()
	text := strings.Join(strings.Fields(string(out)), " ")
	if !strings.Contains(text, "Section [production:children] includes undefined group: prod-gcp") {
		t.Errorf("ansible does not reject the seed as expected:\n%s", out)
	}
	if !strings.Contains(text, "Invalid characters were found in group names") {
		t.Errorf("ansible does not warn about the dashes in group names:\n%s", out)
	}
}

// The client's "before" example has no purpose, key, python or hierarchy
// anywhere.
func TestSeedBefore(t *testing.T) {
	got := lintSeed(t, "inventory-before.ini")
	var wants []want
	for _, h := range []struct{ name, line, env string }{
		{"Host1", "2", "prod"}, {"Host2", "3", "prod"}, {"HostN", "4", "prod"}, {"Host3", "7", "dev"}, {"Host4", "8", "dev"},
	} {
		at := "inventory-before.ini:" + h.line
		wants = append(wants,
			want{ruleHostPurpose, at, []string{"host " + h.name + " has no purpose comment"}},
			want{ruleHostSSHKey, at, []string{"host " + h.name + " has no ansible_ssh_private_key_file"}},
			want{ruleHostPython, at, []string{"host " + h.name + " has no ansible_python_interpreter"}},
			want{ruleHierarchy, at, []string{"host " + h.name + " sits directly in environment group " + h.env}},
		)
	}
	matchFindings(t, got, wants)
	if HasErrors(got) {
		t.Error("HasErrors: the before example has warnings only")
	}
}

// golden compares what write produces with testdata/golden/name, or
// rewrites the file with -update.
func golden(t *testing.T, name string, write func(*bytes.Buffer) error) {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs from what the test produced (go test -update rewrites it):\n%s", p, buf.String())
	}
}
