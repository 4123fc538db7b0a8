package stats

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestWriteGolden(t *testing.T) {
	incidents, internal := fixture(t)
	month, err := Compute(incidents, Options{Internal: internal, Practices: fixturePractices})
	if err != nil {
		t.Fatal(err)
	}
	quarter, err := Compute(incidents, Options{By: Quarter, Internal: internal, TeamSize: 5, Practices: fixturePractices})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		golden string
		report *Report
		write  func(io.Writer, *Report) error
	}{
		{"month.csv", month, WriteCSV},
		{"month.json", month, WriteJSON},
		{"month.txt", month, WriteText},
		{"quarter.csv", quarter, WriteCSV},
		{"quarter.txt", quarter, WriteText},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b, tt.report); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", tt.golden)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", tt.golden, b.String())
			}
		})
	}
}
