package markdown

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handover/internal/model"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from what Parse returns")

// seedSOP is a copy of the client guide's security incident SOP.
const seedSOP = "testdata/seed/sop-security-incident.md"

// repoFiles are the markdown files of testdata/repo, a small repository in
// the shapes real ones have, by their path in that repository.
func repoFiles(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir("testdata/repo", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel("testdata/repo", p)
		if err != nil {
			return err
		}
		src, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = src
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestSeedSOPRoundTrip renders the seed SOP's steps back as a markdown list
// and wants the seed's own list lines: every item's text, marker and
// nesting exactly as written, and each step's Source on its line.
func TestSeedSOPRoundTrip(t *testing.T) {
	src, err := os.ReadFile(seedSOP)
	if err != nil {
		t.Fatal(err)
	}
	const path = "sops/sop-security-incident.md"
	mf := Parse(path, src, KindForPath(path))
	if mf.SOP == nil || len(mf.Problems) > 0 {
		t.Fatalf("want an SOP without problems, got %+v", mf)
	}
	if got, want := mf.SOP.Title, "SOP: security incident (breach found or reported)"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if len(mf.SOP.Steps) != 1 || mf.SOP.Steps[0].Heading != "" {
		t.Fatalf("want one procedure under the title, got %+v", mf.SOP.Steps)
	}

	lines := strings.Split(strings.TrimRight(string(src), "\n"), "\n")
	var want []string
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) != "" {
			want = append(want, l)
		}
	}
	got := renderSteps(mf.SOP.Steps[0].Steps, "", func(s model.Step, line string) {
		if s.Source.Path != path || s.Source.Line < 1 || s.Source.Line > len(lines) || lines[s.Source.Line-1] != line {
			t.Errorf("step %q: source %v does not hold %q", s.Text, s.Source, line)
		}
	})
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("steps rendered back:\n%s\n\nwant the seed's list:\n%s", g, w)
	}
}

// renderSteps writes steps as a markdown list, nested items indented by
// their parent's marker width, and calls visit with each step's first line.
func renderSteps(steps []model.Step, indent string, visit func(model.Step, string)) []string {
	var out []string
	for _, s := range steps {
		textLines := strings.Split(s.Text, "\n")
		first := indent + s.Marker + " " + textLines[0]
		if visit != nil {
			visit(s, first)
		}
		out = append(out, first)
		cont := indent + strings.Repeat(" ", len(s.Marker)+1)
		for _, l := range textLines[1:] {
			out = append(out, strings.TrimRight(cont+l, " "))
		}
		out = append(out, renderSteps(s.Steps, cont, visit)...)
	}
	return out
}

// TestGolden compares everything Parse returns for testdata/repo with
// testdata/golden; go test -run TestGolden -update rewrites it.
func TestGolden(t *testing.T) {
	for path, src := range repoFiles(t) {
		t.Run(path, func(t *testing.T) {
			got, err := json.MarshalIndent(Parse(path, src, KindForPath(path)), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", filepath.FromSlash(path)+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Parse(%s) differs from %s:\n%s", path, golden, got)
			}
		})
	}
}

// TestCRLF wants a file with Windows line ends read exactly as with '\n'.
func TestCRLF(t *testing.T) {
	for path, src := range repoFiles(t) {
		crlf := bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
		lf, _ := json.Marshal(Parse(path, src, KindForPath(path)))
		got, _ := json.Marshal(Parse(path, crlf, KindForPath(path)))
		if !bytes.Equal(got, lf) {
			t.Errorf("%s with CRLF:\n%s\nwant as with LF:\n%s", path, got, lf)
		}
	}
}

// FuzzParse wants parse never to panic and every Source to be a line of
// the file it was given.
func FuzzParse(f *testing.F) {
	for _, src := range repoFiles(f) {
		f.Add(src)
	}
	if src, err := os.ReadFile(seedSOP); err == nil {
		f.Add(src)
	}
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\n- a\n---\n#\n1.\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		const path = "docs/fuzz.md"
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, hint := range []model.Kind{"", model.KindSOP, model.KindIncident} {
			mf := parse(path, src, hint)
			set := 0
			var sources []model.Source
			if mf.SOP != nil {
				set++
				sources = append(sources, mf.SOP.Source)
				sources = append(sources, sectionSources(mf.SOP.Sections)...)
				for _, p := range mf.SOP.Steps {
					sources = append(sources, stepSources(p.Steps)...)
				}
			}
			if mf.Incident != nil {
				set++
				sources = append(sources, mf.Incident.Source)
				sources = append(sources, sectionSources(mf.Incident.Sections)...)
			}
			if mf.Doc != nil {
				set++
				sources = append(sources, mf.Doc.Source)
				sources = append(sources, sectionSources(mf.Doc.Sections)...)
			}
			if set != 1 {
				t.Fatalf("hint %q: %d of SOP, Incident and Doc set", hint, set)
			}
			for _, p := range mf.Problems {
				sources = append(sources, p.Source)
			}
			for _, s := range sources {
				if s.Path != path || s.Line < 0 || s.Line > lines {
					t.Fatalf("hint %q: source %v outside the file's %d lines", hint, s, lines)
				}
			}
		}
	})
}

func sectionSources(secs []model.Section) []model.Source {
	var out []model.Source
	for _, s := range secs {
		out = append(out, s.Source)
	}
	return out
}

func stepSources(steps []model.Step) []model.Source {
	var out []model.Source
	for _, s := range steps {
		out = append(out, s.Source)
		out = append(out, stepSources(s.Steps)...)
	}
	return out
}
