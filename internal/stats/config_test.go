package stats

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handover/internal/config"
)

func TestOptionsFrom(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("hours.csv", "period,hours\n2025-01,40\n")
	ini := write("handover.ini", "[stats]\nteam-size = 6\ninternal-hours = hours.csv\npractices = 2025-04-01 SOPs\n\n[internal-hours]\n2025-Q2 = 110\n")
	cfg, err := config.Load(ini)
	if err != nil {
		t.Fatal(err)
	}
	opt, err := OptionsFrom(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if opt.TeamSize != 6 || len(opt.Practices) != 1 || opt.Practices[0].Label != "SOPs" ||
		len(opt.Internal) != 2 || opt.Internal[0] != (InternalHours{Period: "2025-01", Hours: 40}) || opt.Internal[1].Hours != 110 {
		t.Errorf("options = %+v", opt)
	}

	write("hours.csv", "period,hours\n2025-01,lots\n")
	if _, err := OptionsFrom(cfg); err == nil || !strings.Contains(err.Error(), "hours.csv: line 2") {
		t.Errorf("bad CSV: %v", err)
	}
	os.Remove(filepath.Join(dir, "hours.csv"))
	if _, err := OptionsFrom(cfg); err == nil || !strings.Contains(err.Error(), "handover.ini: [stats] internal-hours") {
		t.Errorf("missing CSV: %v", err)
	}
}
