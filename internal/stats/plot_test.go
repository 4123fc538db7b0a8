package stats

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlot(t *testing.T) {
	incidents, internal := fixture(t)
	opt := Options{Internal: internal, Practices: fixturePractices}
	r, err := Compute(incidents, opt)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tests := []struct {
		file    string
		wantErr string
	}{
		{file: "chart.svg"},
		{file: "chart.PNG"},
		{file: "chart.pdf", wantErr: `unknown format ".pdf"`},
		{file: "chart", wantErr: `unknown format ""`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			err := Plot(r, opt, path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				if _, err := os.Stat(path); !os.IsNotExist(err) {
					t.Errorf("%s was written anyway", path)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if info.Size() < 10_000 {
				t.Errorf("%s is only %d bytes", path, info.Size())
			}
		})
	}

	f, err := os.Open(filepath.Join(dir, "chart.PNG"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// 900 x 600 points at 96 DPI: 900*96/72 = 1200 by 600*96/72 = 800 pixels.
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 800 {
		t.Errorf("PNG is %dx%d, want 1200x800", b.Dx(), b.Dy())
	}

	svg, err := os.ReadFile(filepath.Join(dir, "chart.svg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<svg", "Incidents per person", "Incident losses (hours)", "Internal process hours", "Total losses (hours)",
		"SOPs and incident reports", "Code review", "2025-01", "2025-07",
	} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("SVG has no %q", want)
		}
	}
}

func TestPlotEmpty(t *testing.T) {
	r, err := Compute(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := Plot(r, Options{}, filepath.Join(t.TempDir(), "empty.svg")); err == nil {
		t.Error("no error for a report without periods")
	}
}
