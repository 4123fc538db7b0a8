package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"handover/internal/config"
)

// BenchmarkSnapshotDocs reads a documentation-heavy repository: 2,000
// markdown files (runbooks, postmortems, notes) and 100 Terraform modules
// of 10 resources each, beside one inventory of 1,000 hosts.
func BenchmarkSnapshotDocs(b *testing.B) {
	root := b.TempDir()
	write := fileWriter(b, root)
	inv := "[web]\n"
	for i := range 1000 {
		inv += fmt.Sprintf("# web node %d\nweb%04d ansible_host=10.0.%d.%d\n", i, i, i/250, i%250)
	}
	write("inventories/production/hosts", inv)
	for i := range 2000 {
		switch i % 4 {
		case 0:
			write(fmt.Sprintf("runbooks/r%04d.md", i), fmt.Sprintf("---\ntitle: Runbook %d\nowner: alice\nreviewed: 2026-01-02\n---\n# Runbook %d\n\n## Diagnosis\n- check web%04d\n- look at the logs\n\n## Mitigation\n1. restart it\n2. tell #ops\n", i, i, i%1000))
		case 1:
			write(fmt.Sprintf("docs/postmortems/2025-01-%02d-p%04d.md", i%28+1, i), fmt.Sprintf("# Outage %d\n\n## Summary\nweb%04d was down.\n\n## Impact\nNone.\n\n## Root Cause\nA full disk.\n\n## Timeline\n- 10:00 alert\n", i, i%1000))
		default:
			write(fmt.Sprintf("docs/notes/n%04d.md", i), fmt.Sprintf("# Note %d\n\nSome text about the shop.\n\n## Details\n\nMore text, with `code` and a [link](https://example.com).\n", i))
		}
	}
	for m := range 100 {
		tf := fmt.Sprintf("provider \"aws\" {\n  region = \"eu-west-1\"\n}\n")
		for r := range 10 {
			tf += fmt.Sprintf("\n# web node %d of module %d\nresource \"aws_instance\" \"w%d\" {\n  ami = \"ami-1\"\n  instance_type = \"t3.small\"\n  tags = {\n    Name = \"web%04d\"\n  }\n}\n", r, m, r, (m*10+r)%1000)
		}
		write(fmt.Sprintf("terraform/m%03d/main.tf", m), tf)
	}
	rp := config.Repo{Name: "bench", Path: root}
	b.ResetTimer()
	for b.Loop() {
		snap, err := Snapshot(context.Background(), rp, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(snap.Terraform) != 100 || len(snap.SOPs)+len(snap.Incidents)+len(snap.Docs) != 2000 {
			b.Fatalf("read %d modules and %d markdown files", len(snap.Terraform), len(snap.SOPs)+len(snap.Incidents)+len(snap.Docs))
		}
	}
}

// fileWriter writes files below root, making their directories.
func fileWriter(b testing.TB, root string) func(rel, content string) {
	return func(rel, content string) {
		b.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}
