package index

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"handover/internal/model"
)

// Findings are written to a file of their own, redacted, and come back
// as they were after a restart; a generation written before they had
// their own file keeps those repo.json holds.
func TestFindingsSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	snap := hostsSnapshot("web", 3)
	for i := range 1000 {
		snap.Findings = append(snap.Findings, model.Finding{Rule: "host-python", Level: model.LevelWarning,
			Message: fmt.Sprintf("host web-%d has no ansible_python_interpreter on its line", i),
			Source:  model.Source{Path: "hosts.ini", Line: i + 1}, Fix: "add ansible_python_interpreter=/usr/bin/python3"})
	}
	snap.Findings = append(snap.Findings, model.Finding{Rule: "plaintext-secret", Level: model.LevelError,
		Message: "password=hunter2 in plain text", Source: model.Source{Path: "NOTES.md", Line: 3}})
	s := openStore(t, dir)
	replace(t, s, snap)
	want := s.Repos()[0].Findings
	if len(want) != 1001 || want[1000].Message == "password=hunter2 in plain text" || want[0].Source.Repo != "acme" {
		t.Fatalf("stored findings: %d, last %+v", len(want), want[len(want)-1])
	}
	s.Close()

	gen := generations(t, dir)[0]
	b, err := os.ReadFile(filepath.Join(gen, metaFile))
	if err != nil {
		t.Fatal(err)
	}
	var meta map[string]any
	if err := json.Unmarshal(b, &meta); err != nil {
		t.Fatal(err)
	}
	if _, ok := meta["findings"]; ok {
		t.Errorf("%s holds the findings too", metaFile)
	}
	if got := reopenedFindings(t, dir); !reflect.DeepEqual(got, want) {
		t.Errorf("after a restart: %d findings, want %d; first %+v, want %+v", len(got), len(want), got[0], want[0])
	}

	// The layout before: findings in repo.json, no file of their own.
	meta["findings"] = want[:2]
	b, err = json.Marshal(meta)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gen, metaFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(gen, findingsFile)); err != nil {
		t.Fatal(err)
	}
	if got := reopenedFindings(t, dir); !reflect.DeepEqual(got, want[:2]) {
		t.Errorf("from an older repo.json: %+v", got)
	}
}

func reopenedFindings(t *testing.T, dir string) []model.Finding {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if errs := s.OpenErrors(); len(errs) > 0 {
		t.Fatal(errs)
	}
	return s.Repos()[0].Findings
}

// A generation goes live once scorch has merged and persisted its
// batches' segments, not while its merges still run.
func TestReplaceReturnsSettled(t *testing.T) {
	s := openStore(t, t.TempDir())
	replace(t, s, hostsSnapshot("web", 3000))
	gens, err := s.acquire("acme")
	if err != nil {
		t.Fatal(err)
	}
	defer releaseAll(gens)
	st := gens[0].index.StatsMap()["index"].(map[string]any)
	if st["index_bgthreads_active"] != false {
		t.Errorf("live with merges running: %v, %v segments", st["index_bgthreads_active"], st["num_root_filesegments"])
	}
}
