package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handover/internal/model"
)

// writeRoots lays out n documentation-heavy root modules that each call one
// shared local module (count-named hosts, banners, license headers, long
// whys), the shape of a large estate.
func writeRoots(tb testing.TB, n int) string {
	root := tb.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("modules/host/main.tf", `variable "name" {}
variable "domain" { default = "internal" }

# The host itself; configuration management takes over from here.
resource "aws_instance" "this" {
  instance_type = "t3.small"
  tags = { Name = var.name, Hostname = "${var.name}.${var.domain}" }
}
`)
	why := strings.Repeat("# Why this exists: it serves the checkout, see docs/architecture.md.\n", 8)
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "# Copyright 2024 Acme\n# SPDX-License-Identifier: Apache-2.0\n\n")
		fmt.Fprintf(&b, "terraform {\n  backend \"s3\" {\n    bucket = \"state\"\n    key = \"svc%d\"\n  }\n}\n\n", i)
		fmt.Fprintf(&b, "###############\n# Resources\n###############\n\n")
		for j := range 5 {
			fmt.Fprintf(&b, "%smodule \"h%d\" {\n  source = \"../modules/host\"\n  name = \"svc%d-h%d\"\n}\n\n", why, j, i, j)
			fmt.Fprintf(&b, "%sresource \"aws_instance\" \"r%d\" {\n  count = 2\n  tags = { Name = \"svc%d-r%d-${count.index}\" }\n}\n\n", why, j, i, j)
		}
		fmt.Fprintf(&b, "variable \"env\" {\n  default = \"prod\"\n}\n\noutput \"ip\" {\n  value = aws_instance.r0[0].private_ip\n}\n")
		write(fmt.Sprintf("svc%03d/main.tf", i), b.String())
	}
	return root
}

// BenchmarkReadRoots reads 300 root modules, as a walk of the repository
// does (issue 14: within the 1.5 s budget of a 5,000-document repository).
func BenchmarkReadRoots(b *testing.B) {
	root := writeRoots(b, 300)
	b.ResetTimer()
	for range b.N {
		for i := range 300 {
			m := LoadModule(root, fmt.Sprintf("svc%03d", i))
			if len(m.Resources) != 10 {
				b.Fatalf("svc%03d: %d resources", i, len(m.Resources))
			}
		}
	}
}

// BenchmarkReadAndLinkRoots reads 300 root modules, each with a variable
// file and a terraform_remote_state of the one before it, and links them
// into one system (issue 14's speed target: 300 roots read and linked
// within a 1.5 s repository read).
func BenchmarkReadAndLinkRoots(b *testing.B) {
	const n = 300
	root := writeRoots(b, n)
	for i := range n {
		dir := filepath.Join(root, fmt.Sprintf("svc%03d", i))
		tfvars := fmt.Sprintf("env = \"prod\"\ninstance_type = \"m5.large\"\ndb_password = \"s3cret%d\"\n", i)
		deps := fmt.Sprintf("data \"terraform_remote_state\" \"prev\" {\n  backend = \"s3\"\n  config = {\n    bucket = \"state\"\n    key = \"svc%d\"\n  }\n}\n", max(i-1, 0))
		if i == 0 {
			deps = ""
		}
		for name, text := range map[string]string{"prod.tfvars": tfvars, "deps.tf": deps} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	for range b.N {
		mods := []*model.TerraformModule{LoadModule(root, "modules/host")}
		for i := range n {
			mods = append(mods, LoadModule(root, fmt.Sprintf("svc%03d", i)))
		}
		Link(mods)
		if last := mods[n].Info; !last.Root || len(last.DependsOn) != 1 || len(last.VarFiles) != 1 {
			b.Fatalf("svc%03d: root %v, %d dependencies, %d var files", n-1, last.Root, len(last.DependsOn), len(last.VarFiles))
		}
	}
}
