package ingest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handover/internal/config"
	"handover/internal/model"
)

// TestUpdateMatchesFullRead: after each change to a copy of the example
// repository, what update assembles from the units it read again is what
// a full read of the repository gives, and the items it hands to the index
// include every item a change made differ.
func TestUpdateMatchesFullRead(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("../../examples/acme-infra")); err != nil {
		t.Fatal(err)
	}
	rp := config.Repo{Name: "acme", Path: root}
	ctx := context.Background()
	snap, rd, err := read(ctx, rp, nil)
	if err != nil {
		t.Fatal(err)
	}
	write := func(rel, text string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(rel, old, new string) {
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil || !strings.Contains(string(b), old) {
			t.Fatalf("%s: %q not found (%v)", rel, old, err)
		}
		write(rel, strings.Replace(string(b), old, new, 1))
	}
	steps := []struct {
		name    string
		change  func()
		changed []string
	}{
		{"add an SOP that mentions a host", func() {
			write("sops/cache-flush.md", "# Flush the cache\n\n## Steps\n\n1. Log in to prod-cache-01 and run `redis-cli FLUSHALL`.\n")
		}, []string{"sops/cache-flush.md"}},
		{"change an SOP", func() { edit("sops/cache-flush.md", "Flush the cache", "Empty the cache") }, []string{"sops/cache-flush.md"}},
		{"change the SOP an incident names", func() {
			edit("sops/disk-full-worker.md", "# ", "# Worker disk: ")
		}, []string{"sops/disk-full-worker.md"}},
		{"change an incident", func() {
			edit("incidents/2025-09-30-worker-disk-full.md", "worker01", "jenkins01 and worker01")
		}, []string{"incidents/2025-09-30-worker-disk-full.md"}},
		{"add a host", func() {
			edit("inventories/production/hosts.ini", "[prod-cache]\n", "[prod-cache]\n# second cache node\nprod-cache-09 ansible_host=10.0.9.9\n")
		}, []string{"inventories/production/hosts.ini"}},
		{"change a group_vars file", func() { write("inventories/production/group_vars/prod-cache.yml", "redis_port: 6390\n") }, []string{"inventories/production/group_vars/prod-cache.yml"}},
		{"rename a doc", func() {
			if err := os.Rename(filepath.Join(root, "sops/cache-flush.md"), filepath.Join(root, "sops/cache-empty.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"sops/cache-flush.md", "sops/cache-empty.md"}},
		{"change a Terraform file", func() {
			edit("terraform/production/aws/variables.tf", "variable", "variable \"live_test\" {\n  default = \"x\"\n}\n\nvariable")
		}, []string{"terraform/production/aws/variables.tf"}},
		{"add a Terraform module's README", func() {
			write("terraform/modules/ec2-host/README.md", "# ec2-host\n\nOne EC2 host of the shop, with its DNS name.\n")
		}, []string{"terraform/modules/ec2-host/README.md"}},
		{"change a Terraform module's README", func() {
			edit("terraform/modules/ec2-host/README.md", "One EC2 host of the shop", "One EC2 machine of the shop")
		}, []string{"terraform/modules/ec2-host/README.md"}},
		{"delete a doc", func() {
			if err := os.Remove(filepath.Join(root, "sops/cache-empty.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"sops/cache-empty.md"}},
		{"a whole directory appears", func() {
			write("runbooks/new/restart.md", "# Restart the web tier\n\n## Steps\n\n1. Restart prod-web-01.\n")
		}, []string{"runbooks"}},
		{"an alert's runbook moves away", func() {
			if err := os.Rename(filepath.Join(root, "sops/jenkins-outage.md"), filepath.Join(root, "sops/jenkins-down.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"sops/jenkins-outage.md", "sops/jenkins-down.md"}},
		{"an alert rule points at it again", func() {
			edit("monitoring/alerts.yml", "../sops/jenkins-outage.md", "../sops/jenkins-down.md")
		}, []string{"monitoring/alerts.yml"}},
	}
	for _, st := range steps {
		st.change()
		prev := snap
		before := itemJSON(t, prev)
		ch, err := rd.update(ctx, prev, st.changed, false)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		want, err := Snapshot(ctx, rp, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := itemJSON(t, ch.snap)
		full := itemJSON(t, want)
		for k, v := range full {
			if got[k] != v {
				t.Errorf("%s: %s differs from a full read:\n got  %s\n want %s", st.name, k, got[k], v)
			}
		}
		for k := range got {
			if _, ok := full[k]; !ok {
				t.Errorf("%s: %s is not in a full read", st.name, k)
			}
		}
		if g, w := problemsJSON(t, ch.snap), problemsJSON(t, want); g != w {
			t.Errorf("%s: problems differ:\n got  %s\n want %s", st.name, g, w)
		}
		handed := map[string]bool{}
		for _, it := range ch.items {
			handed[itemKey(it)] = true
		}
		for k, v := range got {
			if before[k] != v && !handed[k] {
				t.Errorf("%s: %s changed but is not handed to the index", st.name, k)
			}
		}
		// A Terraform change reads every module again (states and module
		// calls reach across directories); the index skips what is equal.
		if !strings.Contains(st.name, "Terraform") && len(ch.items) > len(got)/2 {
			t.Errorf("%s: %d of %d items handed to the index; want only what changed", st.name, len(ch.items), len(got))
		}
		if strings.Contains(st.name, "README") {
			for _, m := range ch.snap.Terraform {
				if m.Dir == "terraform/modules/ec2-host" && !strings.HasPrefix(m.Info.Purpose.Text, "One EC2 ") {
					t.Errorf("%s: the module's purpose is %q, not its README's", st.name, m.Info.Purpose.Text)
				}
			}
			found := false
			for _, it := range ch.items {
				if d, ok := it.(*model.ModuleDir); ok && d.Dir == "terraform/modules/ec2-host" && strings.HasPrefix(d.Purpose.Text, "One EC2 ") {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: the module's document with the README's purpose is not handed to the index", st.name)
			}
		}
		snap = ch.snap
	}
}

func itemKey(it model.Item) string {
	d := it.Declared()
	b, _ := json.Marshal(it)
	var named struct {
		Name, Title, Address, Dir string
	}
	_ = json.Unmarshal(b, &named)
	return string(it.Kind()) + " " + d.String() + " " + named.Name + named.Title + named.Address + named.Dir
}

func itemJSON(t *testing.T, snap *model.Snapshot) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, it := range model.SnapshotItems(snap) {
		b, err := json.Marshal(it)
		if err != nil {
			t.Fatal(err)
		}
		out[itemKey(it)] = string(b)
	}
	return out
}

func problemsJSON(t *testing.T, snap *model.Snapshot) string {
	b, err := json.Marshal(snap.AllProblems())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
