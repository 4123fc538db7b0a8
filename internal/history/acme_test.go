package history

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"handover/internal/history/historytest"
	"handover/internal/limits"
)

// TestAcme reads the history historytest.Acme tells about the example
// company and checks the story other packages rely on.
func TestAcme(t *testing.T) {
	dir := historytest.Acme(t, filepath.Join("..", "..", "examples", "acme-infra"))
	blameModes(t, func(t *testing.T) { checkAcme(t, dir) })
}

func checkAcme(t *testing.T, dir string) {
	const hosts = "inventories/production/hosts.ini"
	hostLines := lineNumbers(t, filepath.Join(dir, hosts), "jenkins01.", "web[01:04]", "worker01.", "pg-primary01.", "# nginx + Node.js storefront", "[prod-ci]")

	files := []string{
		"terraform/production/aws/ci.tf", "terraform/production/aws/db.tf", "sops/jenkins-outage.md",
		"sops/security-breach.md", "sops/postgres-failover.md", "inventories/production/group_vars/all.yml",
		"ansible.cfg", hosts, "CODEOWNERS", "docs/architecture.md",
	}
	h, err := Read(context.Background(), dir, files, map[string][]int{hosts: slices.Collect(maps.Values(hostLines))}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if h.Files[f] == nil {
			t.Fatalf("no history for %s", f)
		}
	}
	onlyAuthors := map[string]string{
		"terraform/production/aws/ci.tf":            "Oleh Petrenko",
		"sops/jenkins-outage.md":                    "Oleh Petrenko",
		"terraform/production/aws/db.tf":            "Jonas Weber,Marta Kowalska",
		"sops/security-breach.md":                   "Marta Kowalska",
		"sops/postgres-failover.md":                 "Marta Kowalska",
		"inventories/production/group_vars/all.yml": "Marta Kowalska",
		"ansible.cfg":                               "Marta Kowalska",
		hosts:                                       "Priya Nair,Jonas Weber,Oleh Petrenko,Marta Kowalska", // one commit each, newest first
		"CODEOWNERS":                                "Marta Kowalska",
		"docs/architecture.md":                      "Jonas Weber",
	}
	for f, want := range onlyAuthors {
		var names []string
		for _, a := range h.Files[f].Authors {
			names = append(names, a.Name)
		}
		if got := strings.Join(names, ","); got != want {
			t.Errorf("%s: authors %s, want %s", f, got, want)
		}
	}
	// Everything Jenkins is oleh's alone.
	var jenkins []string
	for p := range readFiles(t, dir) {
		if strings.Contains(p, "jenkins") || p == "terraform/production/aws/ci.tf" {
			jenkins = append(jenkins, p)
		}
	}
	hj, err := Read(context.Background(), dir, jenkins, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(hj.Files) < 3 {
		t.Errorf("only %d Jenkins files: %v", len(hj.Files), jenkins)
	}
	for p, fh := range hj.Files {
		if len(fh.Authors) != 1 || fh.Authors[0].Name != "Oleh Petrenko" {
			t.Errorf("%s: authors %+v, want oleh alone", p, fh.Authors)
		}
	}
	if a := h.Files["terraform/production/aws/ci.tf"].Authors[0]; a.Email != "oleh@acme-shop.com" || a.Commits != 1 {
		t.Errorf("ci.tf author = %+v", a)
	}

	blamed := map[string]string{
		"jenkins01.": "Oleh Petrenko", "[prod-ci]": "Oleh Petrenko", "web[01:04]": "Priya Nair",
		"worker01.": "Jonas Weber", "pg-primary01.": "Marta Kowalska", "# nginx + Node.js storefront": "Marta Kowalska",
	}
	for prefix, want := range blamed {
		if got := h.Lines[hosts][hostLines[prefix]].Author; got != want {
			t.Errorf("%s line %d (%s) blamed to %q, want %s", hosts, hostLines[prefix], prefix, got, want)
		}
	}

	lo, hi := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 28, 23, 59, 59, 0, time.UTC)
	if h.Head.Date.Before(lo) || h.Head.Date.After(hi) || h.Branch != "main" {
		t.Errorf("Head = %+v on %q", h.Head, h.Branch)
	}

	rules, problems := ReadOwners(dir, ownerFiles(t, dir), limits.Limits{})
	if len(problems) > 0 {
		t.Errorf("ReadOwners: %v", problems)
	}
	owners := map[string]string{
		"terraform/production/aws/ci.tf": "@oleh-ops",
		"terraform/production/aws/db.tf": "@oleh-ops @marta-acme",
		"sops/jenkins-outage.md":         "@marta-acme",
		"incidents/x.md":                 "@marta-acme",
	}
	for p, want := range owners {
		if got := strings.Join(OwnersOf(rules, p), " "); got != want {
			t.Errorf("OwnersOf(%s) = %s, want %s", p, got, want)
		}
	}
}

// lineNumbers finds the first line starting with each prefix.
func lineNumbers(t *testing.T, file string, prefixes ...string) map[string]int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for i, line := range strings.Split(string(b), "\n") {
		for _, p := range prefixes {
			if _, ok := out[p]; !ok && strings.HasPrefix(line, p) {
				out[p] = i + 1
			}
		}
	}
	for _, p := range prefixes {
		if out[p] == 0 {
			t.Fatalf("%s: no line starts with %q", file, p)
		}
	}
	return out
}
