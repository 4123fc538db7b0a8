package repo

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkScan scans a generated repository of 20,000 files that are not
// inventories (1% of them YAML that must be sniffed), a node_modules tree
// it must skip, and a few inventories.
//
//	go test -run '^$' -bench Scan -benchmem ./internal/repo/
func BenchmarkScan(b *testing.B) {
	root := b.TempDir()
	exts := []string{".go", ".js", ".md", ".png", ".json", ".py", ".tf", ".txt", ".css", ".html"}
	for i := range 20000 {
		dir := fmt.Sprintf("src/pkg%02d/mod%03d", i%20, i%200)
		name := fmt.Sprintf("file%05d%s", i, exts[i%len(exts)])
		if i%100 == 0 {
			name = fmt.Sprintf("deploy%05d.yaml", i)
		}
		write(b, filepath.Join(root, dir, name), "apiVersion: v1\nkind: ConfigMap\n")
	}
	for i := range 2000 {
		write(b, filepath.Join(root, fmt.Sprintf("node_modules/dep%03d/index%d.js", i%100, i)), "module.exports = {}\n")
	}
	write(b, filepath.Join(root, "ansible.cfg"), "[defaults]\ninventory = inventories/production/hosts\n")
	write(b, filepath.Join(root, "inventories/production/hosts"), "[web]\nweb01\n")
	write(b, filepath.Join(root, "inventories/staging/hosts.yml"), "all:\n  hosts:\n    web01:\n")
	write(b, filepath.Join(root, "ops/aws.ini"), "[bastion]\nbastion01\n")
	write(b, filepath.Join(root, "tox.ini"), "[tox]\nenvlist = py3\n")

	ctx := context.Background()
	for b.Loop() {
		res, err := Scan(ctx, root, testOptions)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Sources) != 3 || res.Files != 20005 {
			b.Fatalf("got %d sources, %d files", len(res.Sources), res.Files)
		}
	}
}
