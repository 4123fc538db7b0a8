package ingest

import (
	"context"
	"fmt"
	"testing"

	"handover/internal/alertrule"
	"handover/internal/inventory"
	"handover/internal/playbook"
	"handover/internal/repo"
)

// otherYAML are YAML files of no kind of ours that the walk must open and
// sniff: inventories, playbooks and alert rules share their extension.
// The last mentions alert: and rules: (a Helm values file), so it passes
// the alert rules' byte test and is turned down by their line test.
var otherYAML = []string{
	"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: shop\n          image: shop:1.2\n",
	"services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_DB: shop\n  web:\n    image: shop:1.2\n    ports: [\"8080:8080\"]\n",
	"name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n",
	"prometheus:\n  alertmanager:\n    enabled: true\n  additionalRules:\n    rules:\n      - alert: ShopDown\n        expr: up == 0\n",
}

// BenchmarkClassifyOtherFiles walks 2,000 YAML files of no kind of ours:
// each is opened, its head read and sniffed for an inventory, a playbook
// and alert rules, and turned down. ns/file is what one such file costs
// the walk, I/O included (issue 14: < 20 µs).
//
//	go test -run '^$' -bench ClassifyOther -benchmem ./internal/ingest/
func BenchmarkClassifyOtherFiles(b *testing.B) {
	root := b.TempDir()
	write := fileWriter(b, root)
	const files = 2000
	for i := range files {
		write(fmt.Sprintf("deploy/app%02d/f%04d.yaml", i%40, i), otherYAML[i%len(otherYAML)])
	}
	opt := repo.Options{SniffYAML: inventory.LooksLikeYAMLInventory, SniffINI: inventory.LooksLikeINIInventory,
		SniffPlaybook: playbook.LooksLikePlaybook, SniffAlerts: alertrule.LooksLikeRules}
	for b.Loop() {
		res, err := repo.Scan(context.Background(), root, opt)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Sources)+len(res.Docs) != 0 || res.Files != files {
			b.Fatalf("%d sources, %d docs of %d files", len(res.Sources), len(res.Docs), res.Files)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*files), "ns/file")
}

// BenchmarkSniffOtherYAML is the sniffing alone, without I/O: every
// sniffer a YAML file meets, alert rules' included, on heads of no kind
// of ours.
func BenchmarkSniffOtherYAML(b *testing.B) {
	heads := make([][]byte, len(otherYAML))
	for i, s := range otherYAML {
		heads[i] = []byte(s)
	}
	for b.Loop() {
		for _, h := range heads {
			if playbook.LooksLikePlaybook(h) || alertrule.LooksLikeRules(h) || inventory.LooksLikeYAMLInventory(h) {
				b.Fatalf("%q taken for one of ours", h)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(heads)), "ns/file")
}
