package lint

import (
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"handover/internal/inventory"
	"handover/internal/link"
	"handover/internal/markdown"
	"handover/internal/model"
	"handover/internal/terraform"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from what the tests produce")

// testNow is the clock of every test: SOP review ages count from it.
var testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// loadRepo reads a fixture repository as the ingest pipeline would, with
// the parsers themselves: every file under inventories/ (but group_vars
// and host_vars) is an inventory, every directory with *.tf a Terraform
// module, every *.md an SOP, incident or doc by its path.
func loadRepo(t *testing.T, root string) *model.Snapshot {
	t.Helper()
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	snap := &model.Snapshot{Repo: "fixture", Root: abs}
	var modules []string
	err = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(abs, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if d.Name() == "group_vars" || d.Name() == "host_vars" {
				return filepath.SkipDir
			}
			return nil
		}
		snap.Files++
		switch {
		case strings.HasPrefix(rel, "inventories/"):
			inv, err := inventory.Load(abs, rel)
			if err != nil {
				return err
			}
			snap.Inventories = append(snap.Inventories, inv)
		case strings.HasSuffix(rel, ".tf"):
			if dir := path.Dir(rel); !slices.Contains(modules, dir) {
				modules = append(modules, dir)
			}
		case strings.HasSuffix(rel, ".md"):
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			mf := markdown.Parse(rel, src, markdown.KindForPath(rel))
			snap.Problems = append(snap.Problems, mf.Problems...)
			switch {
			case mf.SOP != nil:
				snap.SOPs = append(snap.SOPs, mf.SOP)
			case mf.Incident != nil:
				snap.Incidents = append(snap.Incidents, mf.Incident)
			case mf.Doc != nil:
				snap.Docs = append(snap.Docs, mf.Doc)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range modules {
		snap.Terraform = append(snap.Terraform, terraform.LoadModule(abs, dir))
	}
	link.Build(snap)
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
