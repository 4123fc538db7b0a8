package summary

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"handover/internal/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it); got:\n%s", name, got)
	}
}

func goldenDocs(t *testing.T) map[string]*Document {
	return map[string]*Document{
		"onboarding":   Onboarding(testInput()),
		"handoff-anna": mustHandoff(t, testInput(), "anna", since2026),
		"handoff-dara": mustHandoff(t, testInput(), "@dara-q", since2026),
	}
}

func TestGolden(t *testing.T) {
	for name, d := range goldenDocs(t) {
		var md, html bytes.Buffer
		if err := WriteMarkdown(&md, d); err != nil {
			t.Fatal(err)
		}
		if err := WriteHTML(&html, d); err != nil {
			t.Fatal(err)
		}
		golden(t, name+".md", md.Bytes())
		golden(t, name+".html", html.Bytes())
	}
}

// hostile is a document whose every field tries to break out of its
// markup.
func hostile() *Document {
	const evil = `<script>alert("x")</script> | a|b & <img src=http://evil.example/x.png>`
	l := Line{Text: evil, Source: src("a|b.md", 3), Level: LevelWarning,
		Lines: []Line{{Text: "# not a heading"}, {Text: "1. not a list"}, {Text: "nested " + evil, Source: src("x`y.md", 1)}}}
	return &Document{
		Title:    evil,
		Subtitle: "- not a list either " + evil,
		Sections: []Section{{
			ID: "hosts", Title: evil, Intro: evil,
			Table: &Table{Columns: []string{"A|B", "<b>"}, Rows: [][]Cell{{{Text: evil, Source: src("t|t.ini", 2)}, {Text: "x\ny"}}}},
			Lines: []Line{l},
		}},
	}
}

func TestWriteHTMLSafe(t *testing.T) {
	docs := goldenDocs(t)
	docs["hostile"] = hostile()
	external := regexp.MustCompile(`(?i)<[^>]*\s(src|href)\s*=\s*["']?\s*(https?:)?//`)
	for name, d := range docs {
		var b bytes.Buffer
		if err := WriteHTML(&b, d); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := b.String()
		if m := external.FindString(out); m != "" {
			t.Errorf("%s: external reference %q", name, m)
		}
		for _, want := range []string{"<!DOCTYPE html>", "<style>", "</html>", `<meta charset="utf-8">`} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: no %s", name, want)
			}
		}
		if strings.Contains(strings.ToLower(out), "<script") || strings.Contains(out, "<img") {
			t.Errorf("%s: unescaped markup in the page", name)
		}
		if err := balanced(out); err != "" {
			t.Errorf("%s: %s", name, err)
		}
		for _, s := range d.Sections {
			if !strings.Contains(out, `<section id="`+s.ID+`">`) || !strings.Contains(out, `href="#`+s.ID+`"`) {
				t.Errorf("%s: section %s has no anchor", name, s.ID)
			}
		}
	}
	var b bytes.Buffer
	WriteHTML(&b, hostile())
	if !strings.Contains(b.String(), "<title>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Errorf("the title is not escaped:\n%s", b.String())
	}
}

// balanced checks that the tags the page uses open and close in order:
// well-formed enough for a browser to read it as written.
func balanced(page string) string {
	tag := regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>`)
	void := map[string]bool{"meta": true, "br": true, "img": true, "link": true, "hr": true}
	var stack []string
	for _, m := range tag.FindAllStringSubmatch(page, -1) {
		name := strings.ToLower(m[2])
		switch {
		case void[name]:
		case m[1] == "":
			stack = append(stack, name)
		case len(stack) == 0 || stack[len(stack)-1] != name:
			return "unexpected </" + name + "> after " + strings.Join(stack, ">")
		default:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return "unclosed " + strings.Join(stack, ", ")
	}
	return ""
}

func TestWriteMarkdownSafe(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMarkdown(&b, hostile()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if m := regexp.MustCompile(`(^|[^\\])<`).FindString(out); m != "" {
		t.Errorf("unescaped %q: raw HTML in the markdown:\n%s", m, out)
	}
	for _, want := range []string{
		`# \<script>`,               // the title
		"\n\\- not a list either",   // a subtitle that looks like a list
		"| A\\|B | \\<b> |",         // header cells
		"\\| a\\|b",                 // pipes inside a cell
		"`t\\|t.ini:2`",             // and inside a citation in a cell
		"| x y |",                   // a newline inside a cell
		"- **Warning:** \\<script>", // a warning line
		"  - \\# not a heading",
		"  - 1\\. not a list",
		"`` x`y.md:1 ``", // a backtick inside a citation
		"`a|b.md:3`",     // pipes are fine outside tables
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	for i, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "|") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 3 {
			t.Errorf("table line %d has the wrong number of cells: %q", i+1, line)
		}
	}
}

func TestMarkdownCitesOnce(t *testing.T) {
	d := &Document{Title: "t", Sections: []Section{{ID: "s", Title: "S", Lines: []Line{{
		Text: "parent", Source: model.Source{Path: "a.md", Line: 2},
		Lines: []Line{{Text: "same place", Source: model.Source{Path: "a.md", Line: 2}}, {Text: "other", Source: model.Source{Path: "a.md", Line: 9}}},
	}}}}}
	var b bytes.Buffer
	WriteMarkdown(&b, d)
	want := "- parent `a.md:2`\n  - same place\n  - other `a.md:9`\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
