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
// and alert rules, and turned down (kept as a YAML data document). ns/file is what one such file costs
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
	scanNoneOurs(b, root, files)
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

// otherFiles are the files of an application repository that are none of
// our kinds: source code, scripts, JSON, images, a Dockerfile, a license,
// and the YAML above, which must be opened and sniffed.
var otherFiles = []struct{ name, text string }{
	{"main.go", "package main\n\nfunc main() {}\n"},
	{"app.py", "import sys\n\nprint(sys.argv)\n"},
	{"deploy.sh", "#!/bin/sh\nset -e\nkubectl apply -f k8s/\n"},
	{"package.json", "{\"name\": \"shop\", \"version\": \"1.2.0\"}\n"},
	{"logo.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
	{"Dockerfile", "FROM golang:1.26\nCOPY . .\nRUN go build ./...\n"},
	{"LICENSE", "Apache License\nVersion 2.0, January 2004\n"},
	{"deployment.yaml", otherYAML[0]},
	{"compose.yaml", otherYAML[1]},
	{"values.yaml", otherYAML[3]},
}

// BenchmarkClassifyMixedOtherFiles walks 2,000 files of an application
// repository of which none is ours (seven in ten are settled by their
// name, three in ten are YAML and opened): ns/file is what such a file
// costs the walk, I/O included (issue 14: < 20 µs).
//
//	go test -run '^$' -bench ClassifyMixedOther -benchmem ./internal/ingest/
func BenchmarkClassifyMixedOtherFiles(b *testing.B) {
	root := b.TempDir()
	write := fileWriter(b, root)
	const files = 2000
	for i := range files {
		f := otherFiles[i%len(otherFiles)]
		write(fmt.Sprintf("src/pkg%02d/%04d-%s", i%40, i, f.name), f.text)
	}
	scanNoneOurs(b, root, files)
}

// scanNoneOurs walks root, as a reindex does, until the benchmark is
// done, and reports what each of its files cost.
func scanNoneOurs(b *testing.B, root string, files int) {
	opt := repo.Options{SniffYAML: inventory.LooksLikeYAMLInventory, SniffINI: inventory.LooksLikeINIInventory,
		SniffPlaybook: playbook.LooksLikePlaybook, SniffAlerts: alertrule.LooksLikeRules}
	for b.Loop() {
		res, err := repo.Scan(context.Background(), root, opt)
		if err != nil {
			b.Fatal(err)
		}
		noneOurs(b, res, files)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*files), "ns/file")
}

// noneOurs fails the benchmark unless the walk took every file for none of
// our kinds: YAML files are kept as data documents (their values are
// searchable), nothing is an inventory, a playbook or alert rules.
func noneOurs(b *testing.B, res *repo.Result, files int) {
	if len(res.Sources) != 0 || res.Files != files {
		b.Fatalf("%d sources of %d files", len(res.Sources), res.Files)
	}
	for _, d := range res.Docs {
		if d.Kind != repo.KindData {
			b.Fatalf("%s taken for %s", d.Path, d.Kind)
		}
	}
}
