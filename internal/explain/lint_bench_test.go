package explain

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handover/internal/lint"
)

// BenchmarkLintBuffer lints an unsaved 5,000-line inventory buffer whose
// 2,500 hosts each miss their SSH key and python (5,100 findings), the
// server's side of an editor's diagnostics.
func BenchmarkLintBuffer(b *testing.B) {
	root := b.TempDir()
	var inv strings.Builder
	for g := 0; g < 51; g++ {
		fmt.Fprintf(&inv, "[prod-app%d]\n", g)
		for h := range 49 {
			fmt.Fprintf(&inv, "# app server %d\napp%d-%02d.prod ansible_host=10.0.%d.%d\n", h, g, h, g, h)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "hosts.ini"), []byte(inv.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	e := New(indexRepo(b, root))
	// Each lint is of the buffer after one more keystroke; "first" forgets
	// the texts the last lint redacted, as after a restart.
	for _, first := range []bool{false, true} {
		b.Run(map[bool]string{false: "edit", true: "first"}[first], func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if first {
					e.redacted = redactedTexts{}
				}
				buf := fmt.Appendf([]byte(inv.String()), "extra%d.prod ansible_host=10.1.0.1\n", i)
				fs, err := e.LintBuffer(context.Background(), "acme", "hosts.ini", buf, lint.Config{})
				if err != nil || len(fs) < 5000 {
					b.Fatalf("%d findings, %v", len(fs), err)
				}
			}
		})
	}
}
