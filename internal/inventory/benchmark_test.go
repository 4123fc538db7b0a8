package inventory

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"handover/internal/limits"
	"handover/internal/model"
)

// The benchmarks load generated inventories in the client's shape: env
// groups with cloud children with purpose children (production:children ->
// prod-aws:children -> prod-aws-ci), every host with a purpose comment and
// a few inline vars, some [group:vars], and a group_vars directory.

var (
	benchEnvs     = []struct{ long, short string }{{"production", "prod"}, {"staging", "stage"}, {"development", "dev"}}
	benchClouds   = []string{"aws", "gcp", "azure"}
	benchPurposes = []string{"ci", "frontend", "backend", "db", "cache", "queue", "search", "monitoring", "logging", "bastion"}
)

// writeBenchInventory writes an inventory of n hosts under dir and returns
// its path relative to dir.
func writeBenchInventory(tb testing.TB, dir string, n int) string {
	tb.Helper()
	f, err := os.Create(filepath.Join(dir, "hosts.ini"))
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	leaves := len(benchEnvs) * len(benchClouds) * len(benchPurposes)
	host, leaf := 0, 0
	for _, env := range benchEnvs {
		fmt.Fprintf(w, "# The %s environment\n[%s:children]\n", env.long, env.long)
		for _, cloud := range benchClouds {
			fmt.Fprintf(w, "%s-%s\n", env.short, cloud)
		}
		fmt.Fprintf(w, "\n[%s:vars]\nenv_name=%s\nmonitoring=True\n\n", env.long, env.long)
		for _, cloud := range benchClouds {
			fmt.Fprintf(w, "[%s-%s:children]\n", env.short, cloud)
			for _, p := range benchPurposes {
				fmt.Fprintf(w, "%s-%s-%s\n", env.short, cloud, p)
			}
			w.WriteString("\n")
			for pi, p := range benchPurposes {
				group := fmt.Sprintf("%s-%s-%s", env.short, cloud, p)
				fmt.Fprintf(w, "# %s machines in %s on %s\n[%s]\n", p, env.long, cloud, group)
				count := n / leaves
				if leaf < n%leaves {
					count++
				}
				leaf++
				for i := 0; i < count; i++ {
					fmt.Fprintf(w, "# %s node %d: serves the %s workload for team %d\n", p, i, p, host%17)
					fmt.Fprintf(w, "%s-%05d ansible_host=10.%d.%d.%d ansible_user=deploy", group, i, host>>16&255, host>>8&255, host&255)
					if host%3 == 0 {
						fmt.Fprintf(w, " rack=%d", host%40)
					}
					w.WriteString("\n")
					host++
				}
				if pi%3 == 0 {
					fmt.Fprintf(w, "\n[%s:vars]\nservice_port=%d\nowner='team-%s'\n", group, 8000+pi, p)
				}
				w.WriteString("\n")
			}
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	writeFiles(tb, dir, map[string]string{
		"group_vars/all.yml":              "ntp_servers: [ntp1.example.com, ntp2.example.com]\ntimezone: UTC\n",
		"group_vars/production.yml":       "log_level: warn\nbackup: yes\n",
		"group_vars/prod-aws.yml":         "aws_region: eu-west-1\n",
		"group_vars/prod-aws-ci/main.yml": "ci_runner: true\nexecutors: 4\n",
		"group_vars/dev-gcp-db.yml":       "db_engine: postgres\ndb_version: 15\n",
	})
	return "hosts.ini"
}

// benchLimits lets the 100k-host file (12.7 MB) past the 8 MiB default a
// repository's files are held to: the benchmark times parsing, not the cap.
var benchLimits = limits.Limits{FileBytes: 64 << 20}

func BenchmarkLoad(b *testing.B) { benchmarkLoad(b, writeBenchInventory, nil) }

// BenchmarkLoadDirConfigured loads the same inventory as a directory
// source (the file named hosts in inventory/, its group_vars beside it)
// with an ansible.cfg whose connection defaults reach every host and
// whose host_group_vars runs at the inventory stage, as ingest loads it.
func BenchmarkLoadDirConfigured(b *testing.B) {
	write := func(tb testing.TB, dir string, n int) string {
		inner := filepath.Join(dir, "inventory")
		if err := os.Mkdir(inner, 0o755); err != nil {
			tb.Fatal(err)
		}
		rel := writeBenchInventory(tb, inner, n)
		if err := os.Rename(filepath.Join(inner, rel), filepath.Join(inner, "hosts")); err != nil {
			tb.Fatal(err)
		}
		return "inventory"
	}
	src := &model.Source{Path: "ansible.cfg", Line: 2}
	cfg := &model.AnsibleConfig{Path: "ansible.cfg", Defaults: []model.Var{
		{Name: "remote_user", Value: "deploy", Source: src},
		{Name: "private_key_file", Value: "~/.ssh/deploy", Source: src},
		{Name: "vars_host_group_vars.stage", Value: "inventory", Source: src},
	}}
	benchmarkLoad(b, write, cfg)
}

// benchmarkLoad times LoadConfigured (cfg nil: LoadLimited) on inventories
// of 1k, 10k and 100k hosts; write generates each before the clock starts.
func benchmarkLoad(b *testing.B, write func(tb testing.TB, dir string, n int) string, cfg *model.AnsibleConfig) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			rel := write(b, dir, n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				inv, err := LoadConfigured(dir, rel, benchLimits, cfg)
				if err != nil {
					b.Fatal(err)
				}
				if len(inv.Hosts) != n {
					b.Fatalf("%d hosts, want %d", len(inv.Hosts), n)
				}
			}
			b.StopTimer()
			b.ReportMetric(retainedMB(b, dir, rel, cfg), "MB-heap")
		})
	}
}

// retainedMB is the heap one loaded inventory keeps alive.
func retainedMB(b *testing.B, dir, rel string, cfg *model.AnsibleConfig) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	inv, err := LoadConfigured(dir, rel, benchLimits, cfg)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(inv)
	return float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
}

// writeBenchYAMLInventory writes the same shape as a YAML inventory.
func writeBenchYAMLInventory(tb testing.TB, dir string, n int) string {
	tb.Helper()
	f, err := os.Create(filepath.Join(dir, "hosts.yml"))
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	leaves := len(benchEnvs) * len(benchClouds) * len(benchPurposes)
	host, leaf := 0, 0
	w.WriteString("all:\n  children:\n")
	for _, env := range benchEnvs {
		fmt.Fprintf(w, "    # The %s environment\n    %s:\n      vars:\n        env_name: %s\n      children:\n", env.long, env.long, env.long)
		for _, cloud := range benchClouds {
			fmt.Fprintf(w, "        %s-%s:\n          children:\n", env.short, cloud)
			for _, p := range benchPurposes {
				group := fmt.Sprintf("%s-%s-%s", env.short, cloud, p)
				fmt.Fprintf(w, "            # %s machines\n            %s:\n              hosts:\n", p, group)
				count := n / leaves
				if leaf < n%leaves {
					count++
				}
				leaf++
				for i := 0; i < count; i++ {
					fmt.Fprintf(w, "                # %s node %d for team %d\n                %s-%05d:\n", p, i, host%17, group, i)
					fmt.Fprintf(w, "                  ansible_host: 10.%d.%d.%d\n                  ansible_user: deploy\n", host>>16&255, host>>8&255, host&255)
					host++
				}
			}
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return "hosts.yml"
}

// BenchmarkLoadYAML loads the same inventories written as YAML. It has no
// target; most of its time is gopkg.in/yaml.v3 decoding.
func BenchmarkLoadYAML(b *testing.B) { benchmarkLoad(b, writeBenchYAMLInventory, nil) }

// BenchmarkConstructed times a directory of n hosts and a constructed
// file with compose, groups and keyed groups (one group per host among
// them) evaluated over every host.
func BenchmarkConstructed(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			var hosts strings.Builder
			hosts.WriteString("[web]\n")
			for i := range n {
				fmt.Fprintf(&hosts, "web%05d env=%s role=r%d port=%d\n", i, []string{"prod", "staging"}[i%2], i%20, 8000+i%100)
			}
			writeFiles(b, dir, map[string]string{
				"inv/01-hosts": hosts.String(),
				"inv/50-constructed.yml": `plugin: constructed
compose:
  label: role ~ '-' ~ env
groups:
  production: env == 'prod' and port | default(0) > 8050
  first: "'web0' in inventory_hostname"
keyed_groups:
  - key: role
    prefix: role
    parent_group: roles
  - key: inventory_hostname
    prefix: host
`,
			})
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				inv, err := LoadLimited(dir, "inv", benchLimits)
				if err != nil || len(inv.Hosts) != n {
					b.Fatalf("%v, %d hosts", err, len(inv.Hosts))
				}
			}
		})
	}
}
