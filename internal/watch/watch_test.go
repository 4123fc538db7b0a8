package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// changes starts a watch of root and returns the bursts it hands on.
func changes(t *testing.T, root string) <-chan Change {
	return changesWith(t, root, Options{Quiet: 50 * time.Millisecond, QuietOne: 50 * time.Millisecond})
}

func changesWith(t *testing.T, root string, opt Options) <-chan Change {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	out := make(chan Change, 16)
	if err := Watch(ctx, root, opt, func(_ context.Context, ch Change) { out <- ch }); err != nil {
		t.Fatal(err)
	}
	return out
}

func next(t *testing.T, ch <-chan Change) Change {
	t.Helper()
	select {
	case c := <-ch:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("no change in 5s")
		return Change{}
	}
}

func write(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWatch: a burst of writes is one change with every path; new
// directories are watched; inside .git only HEAD and refs count; skipped
// directories are not watched.
func TestWatch(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, ".git/HEAD"), "ref: refs/heads/main\n")
	write(t, filepath.Join(root, ".git/refs/heads/main"), "0000\n")
	write(t, filepath.Join(root, "node_modules/x/readme.md"), "x\n")
	ch := changes(t, root)

	write(t, filepath.Join(root, "a.md"), "a\n")
	write(t, filepath.Join(root, "b.md"), "b\n")
	if c := next(t, ch); !slices.Equal(c.Paths, []string{"a.md", "b.md"}) || c.GitMoved {
		t.Errorf("burst: %+v; want a.md and b.md in one change", c)
	}

	write(t, filepath.Join(root, "new/dir/c.md"), "c\n")
	if c := next(t, ch); !slices.Contains(c.Paths, "new") {
		t.Errorf("new directory: %+v", c)
	}
	time.Sleep(100 * time.Millisecond)
	write(t, filepath.Join(root, "new/dir/d.md"), "d\n")
	if c := next(t, ch); !slices.Equal(c.Paths, []string{"new/dir/d.md"}) {
		t.Errorf("file in a new directory: %+v", c)
	}

	write(t, filepath.Join(root, ".git/index"), "index\n")
	write(t, filepath.Join(root, "node_modules/x/other.md"), "x\n")
	write(t, filepath.Join(root, ".git/refs/heads/main"), "1111\n")
	if c := next(t, ch); !c.GitMoved || len(c.Paths) != 0 {
		t.Errorf("git: %+v; want GitMoved only", c)
	}
}

// TestWatchOneFile: a write to one file is handed on after QuietOne, not
// Quiet; a burst that names a second path waits Quiet.
func TestWatchOneFile(t *testing.T) {
	root := t.TempDir()
	ch := changesWith(t, root, Options{Quiet: 3 * time.Second, QuietOne: 200 * time.Millisecond})

	start := time.Now()
	write(t, filepath.Join(root, "a.md"), "a\n")
	c := next(t, ch)
	if took := time.Since(start); !slices.Equal(c.Paths, []string{"a.md"}) || took >= 3*time.Second {
		t.Errorf("one file: %+v after %v; want a.md before Quiet", c, took)
	}

	start = time.Now()
	write(t, filepath.Join(root, "a.md"), "a2\n")
	write(t, filepath.Join(root, "b.md"), "b\n")
	c = next(t, ch)
	if took := time.Since(start); !slices.Equal(c.Paths, []string{"a.md", "b.md"}) || took < 3*time.Second {
		t.Errorf("two files: %+v after %v; want both, after Quiet", c, took)
	}
}

// TestWatchTruncatedFile: a file truncated and written 50 ms later, as
// by a writer held up between the two, is handed on once, with its new
// text, although QuietOne is shorter than the pause; an empty file is
// handed on after QuietEmpty all the same.
func TestWatchTruncatedFile(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "hosts.ini")
	write(t, p, "[web]\nweb01\n")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	read := make(chan string, 16)
	opt := Options{Quiet: 10 * time.Millisecond, QuietOne: 10 * time.Millisecond, QuietEmpty: 500 * time.Millisecond}
	if err := Watch(ctx, root, opt, func(context.Context, Change) {
		b, _ := os.ReadFile(p)
		read <- string(b)
	}); err != nil {
		t.Fatal(err)
	}

	f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if _, err := f.WriteString("[web]\nweb02\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got := <-read; got != "[web]\nweb02\n" {
		t.Errorf("the change was handed on with the file reading %q; want its new text", got)
	}

	start := time.Now()
	write(t, p, "")
	if got := <-read; got != "" || time.Since(start) < opt.QuietEmpty {
		t.Errorf("emptied file handed on reading %q after %v; want empty, after QuietEmpty", got, time.Since(start))
	}
}
