package ingest

import (
	"os"
	"path/filepath"
	"testing"

	"handover/internal/config"
)

func TestReadData(t *testing.T) {
	root := t.TempDir()
	src := "---\n# zone\n'':\n  type: NS\n\nlovelace.box:\n  - type: A\n    value: 89.58.26.118\nmail:\n  value: 10.0.0.1\n"
	if err := os.WriteFile(filepath.Join(root, "box.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	d, problems := readData(config.Repo{}, root, "box.yaml")
	if d == nil || len(problems) > 0 {
		t.Fatalf("readData = %v, %v", d, problems)
	}
	want := []struct {
		heading string
		line    int
	}{{"box.yaml", 1}, {"", 3}, {"lovelace.box", 6}, {"mail", 9}}
	if len(d.Sections) != len(want) {
		t.Fatalf("sections = %+v", d.Sections)
	}
	for i, w := range want {
		if s := d.Sections[i]; s.Heading != w.heading || s.Source.Line != w.line {
			t.Errorf("section %d = %q at %d, want %q at %d", i, s.Heading, s.Source.Line, w.heading, w.line)
		}
	}
	if !d.Data || d.Sections[2].Text != "lovelace.box:\n  - type: A\n    value: 89.58.26.118" {
		t.Errorf("data %v, lovelace.box text %q", d.Data, d.Sections[2].Text)
	}
}
