package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handover/internal/config"
	"handover/internal/model"
)

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		errs []string
	}{
		{Config{}, nil},
		{Config{Levels: map[string]model.Level{ruleHostPurpose: model.LevelError, ruleGroupName: model.LevelOff}, SOPMaxAge: time.Hour}, nil},
		{Config{Levels: map[string]model.Level{"host-purpouse": model.LevelError}}, []string{`unknown lint rule "host-purpouse"`}},
		{Config{Levels: map[string]model.Level{ruleHostPurpose: "fatal"}}, []string{`lint rule host-purpose: unknown level "fatal"`}},
		{Config{SOPMaxAge: -time.Hour}, []string{"negative"}},
		{Config{Levels: map[string]model.Level{"b-rule": model.LevelOff, "a-rule": model.LevelOff}}, []string{`"a-rule"`, `"b-rule"`}},
	} {
		err := c.cfg.Validate()
		if (err != nil) != (len(c.errs) > 0) {
			t.Errorf("%+v: Validate() = %v", c.cfg, err)
			continue
		}
		for _, s := range c.errs {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%+v: error %q lacks %q", c.cfg, err, s)
			}
		}
	}
}

func countRules(fs []model.Finding) map[string]int {
	n := map[string]int{}
	for _, f := range fs {
		n[f.Rule+"/"+string(f.Level)]++
	}
	return n
}

func TestConfigLevels(t *testing.T) {
	snap := loadRepo(t, "testdata/bad")
	base := countRules(Check(snap, Config{Now: testNow}))
	got := countRules(Check(snap, Config{Now: testNow, Levels: map[string]model.Level{
		ruleHostPurpose:     model.LevelError,
		ruleGroupName:       model.LevelOff,
		rulePlaintextSecret: model.LevelOff,
		ruleHierarchy:       model.LevelNote,
	}}))
	for _, c := range []struct {
		key  string
		want int
	}{
		{"host-purpose/error", base["host-purpose/warning"]},
		{"host-purpose/warning", 0},
		{"group-name/note", 0},
		{"plaintext-secret/error", 0},
		{"hierarchy/note", base["hierarchy/warning"]},
		{"hierarchy/warning", 0},
		{"host-conflict/error", base["host-conflict/error"]},
	} {
		if got[c.key] != c.want {
			t.Errorf("%s: %d findings, want %d", c.key, got[c.key], c.want)
		}
	}
	if base["host-purpose/warning"] == 0 || base["hierarchy/warning"] == 0 {
		t.Fatal("the bad fixture lost its findings")
	}
}

func TestConfigSOPMaxAge(t *testing.T) {
	snap := loadRepo(t, "testdata/good") // reviewed 2025-03-01
	reviews := func(cfg Config) []model.Finding {
		var out []model.Finding
		for _, f := range Check(snap, cfg) {
			if f.Rule == ruleSOPReview {
				out = append(out, f)
			}
		}
		return out
	}
	if fs := reviews(Config{Now: testNow}); len(fs) != 0 {
		t.Errorf("92 days with the default 365: %v", fs)
	}
	fs := reviews(Config{Now: testNow, SOPMaxAge: 30 * 24 * time.Hour})
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "last reviewed on 2025-03-01, 3 months ago (the limit is 30 days)") {
		t.Errorf("30 days: %v", fs)
	}
	if fs := reviews(Config{Now: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}); len(fs) != 1 || !strings.Contains(fs[0].Message, "22 months ago") {
		t.Errorf("in 2027: %v", fs)
	}
}

func TestConfigRules(t *testing.T) {
	cfg := Config{Levels: map[string]model.Level{"host-purpose": model.LevelError, "group-name": model.LevelOff}}
	got := map[string]model.Level{}
	for _, r := range cfg.Rules() {
		got[r.ID] = r.Level
	}
	if got["host-purpose"] != model.LevelError || got["group-name"] != model.LevelOff || got["tf-why"] != model.LevelWarning {
		t.Errorf("levels = %v", got)
	}
	if len(got) != len(Rules()) {
		t.Errorf("%d rules, want %d", len(got), len(Rules()))
	}
}

func TestConfigFrom(t *testing.T) {
	ini := filepath.Join(t.TempDir(), "handover.ini")
	if err := os.WriteFile(ini, []byte("[lint]\nhost-purpose = error\nsop-max-age = 30d\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(ini)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ConfigFrom(cfg)
	if err != nil || c.Levels[ruleHostPurpose] != model.LevelError || c.SOPMaxAge != 30*24*time.Hour {
		t.Errorf("ConfigFrom = %+v, %v", c, err)
	}
	cfg.Lint.Levels[ruleHostPurpose] = "fatal"
	if _, err := ConfigFrom(cfg); err == nil || !strings.Contains(err.Error(), ini+": [lint]: lint rule host-purpose: unknown level") {
		t.Errorf("unknown level: %v", err)
	}
}
