package limits

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"handover/internal/model"
)

func TestCheckText(t *testing.T) {
	l := Limits{LineBytes: 10}
	tests := []struct {
		in       string
		ok       bool
		line     int
		message  string
		wantText string
	}{
		{"a\nb\n", true, 0, "", "a\nb\n"},
		{"a\nb\x00\n", false, 2, "binary file", ""},
		{"\x01\x02\x03\x04abc", false, 1, "binary file", ""},
		{"short\n0123456789ab\n", false, 2, "line-bytes", ""},
		{"ok\nweb\xff1\n", true, 2, "invalid UTF-8", "ok\nweb\uFFFD1\n"},
		{"\uFEFF[web]\r\nweb1\r\n", true, 0, "", "[web]\r\nweb1\r\n"},
	}
	for _, tt := range tests {
		text, problems, ok := l.CheckText("f", []byte(tt.in))
		if ok != tt.ok || string(text) != tt.wantText {
			t.Errorf("CheckText(%q) = %q, %v; want %q, %v", tt.in, text, ok, tt.wantText, tt.ok)
		}
		if tt.message == "" {
			if len(problems) > 0 {
				t.Errorf("CheckText(%q): problems %v", tt.in, problems)
			}
			continue
		}
		if len(problems) != 1 || problems[0].Source.Line != tt.line || !strings.Contains(problems[0].Message, tt.message) {
			t.Errorf("CheckText(%q): problems %v; want one at line %d with %q", tt.in, problems, tt.line, tt.message)
		}
	}
}

func TestCapProblems(t *testing.T) {
	var in []model.Problem
	for range 5 {
		in = append(in, model.Problem{Source: model.Source{Path: "a"}}, model.Problem{Source: model.Source{Path: "b"}})
	}
	in = append(in, model.Problem{Source: model.Source{Path: "c"}})
	got := CapProblems(in, 2)
	count := map[string]int{}
	for _, p := range got {
		count[p.Source.Path]++
	}
	if count["a"] != 3 || count["b"] != 3 || count["c"] != 1 || !strings.Contains(got[len(got)-1].Message, "3 more problems") {
		t.Errorf("CapProblems = %v", got)
	}
}

func TestReadText(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "big"), make([]byte, 11), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Inside(root, "link"); !errors.Is(err, ErrOutside) {
		t.Errorf("Inside(link out) = %v, want ErrOutside", err)
	}
	l := Limits{FileBytes: 10}
	for name, want := range map[string]string{"link": "outside the repository", "big": "file-bytes", "missing": "cannot read"} {
		if _, problems, ok := l.ReadText(root, name); ok || len(problems) != 1 || !strings.Contains(problems[0].Message, want) {
			t.Errorf("ReadText(%s) = %v, %v; want a problem with %q", name, problems, ok, want)
		}
	}
	// A file that is a named pipe is refused at once: opening it for
	// reading as os.Open does would wait for a writer that never comes.
	if err := syscall.Mkfifo(filepath.Join(root, "pipe"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	done := make(chan []model.Problem)
	go func() { _, problems, _ := l.ReadText(root, "pipe"); done <- problems }()
	select {
	case problems := <-done:
		if len(problems) != 1 || !strings.Contains(problems[0].Message, "not a regular file") {
			t.Errorf("ReadText(pipe) = %v, want a problem saying it is not a regular file", problems)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ReadText blocked on a named pipe")
	}
}

// TestLongLine checks the jumping search against a line-by-line one, with
// lines of every length around the cap and the long line anywhere.
func TestLongLine(t *testing.T) {
	const max = 8
	byLine := func(data []byte) (int, int, bool) {
		for start := 0; start < len(data); {
			end := start + strings.IndexByte(string(data[start:]), '\n')
			if end < start {
				end = len(data)
			}
			if end-start > max {
				return start, end, true
			}
			start = end + 1
		}
		return 0, 0, false
	}
	var cases []string
	for _, a := range []int{0, 1, 7, 8, 9, 17} {
		for _, b := range []int{0, 3, 8, 9, 30} {
			for _, c := range []int{0, 8, 9} {
				for _, last := range []string{"", "\n"} {
					cases = append(cases, strings.Repeat("a", a)+"\n"+strings.Repeat("b", b)+"\n"+strings.Repeat("c", c)+last)
				}
			}
		}
	}
	cases = append(cases, "", "\n", "\n\n\n", strings.Repeat("x", 9), strings.Repeat("x\n", 40)+strings.Repeat("y", 9))
	for _, s := range cases {
		gs, ge, gl := longLine([]byte(s), max)
		ws, we, wl := byLine([]byte(s))
		if gs != ws || ge != we || gl != wl {
			t.Errorf("longLine(%q) = %d, %d, %v; want %d, %d, %v", s, gs, ge, gl, ws, we, wl)
		}
	}
}
