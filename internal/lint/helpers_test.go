package lint

import (
	"context"
	"flag"
	"slices"
	"strings"
	"testing"
	"time"

	"handover/internal/config"
	"handover/internal/ingest"
	"handover/internal/model"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from what the tests produce")

// testNow is the clock of every test: SOP review ages count from it.
var testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// loadRepo reads a fixture repository through the ingest pipeline, as
// handoverd does before it lints.
func loadRepo(t *testing.T, root string) *model.Snapshot {
	t.Helper()
	snap, err := ingest.Snapshot(context.Background(), config.Repo{Name: "fixture", Path: root}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// want is a finding a test expects: its rule, its place (path:line) and
// parts of its message.
type want struct {
	rule string
	at   string
	has  []string
}

// matchFindings checks that every want is found and nothing else is.
func matchFindings(t *testing.T, got []model.Finding, wants []want) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range wants {
		i := slices.IndexFunc(got, func(f model.Finding) bool {
			if f.Rule != w.rule || f.Source.String() != w.at {
				return false
			}
			for _, s := range w.has {
				if !strings.Contains(f.Message, s) {
					return false
				}
			}
			return true
		})
		if i < 0 {
			t.Errorf("missing %s at %s with %q", w.rule, w.at, w.has)
			for _, f := range got {
				if f.Rule == w.rule && f.Source.String() == w.at {
					t.Logf("  there is: %s", f.Message)
				}
			}
			continue
		}
		used[i] = true
	}
	for i, f := range got {
		if !used[i] {
			t.Errorf("unexpected finding %s: %s: %s [%s]", f.Source, f.Level, f.Message, f.Rule)
		}
	}
}
