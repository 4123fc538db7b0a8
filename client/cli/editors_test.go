package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The end-to-end tests start real editors with docs/editors.md's
// configuration; these are what they share.

// editorPath finds an editor's program, and skips the test without it
// unless the variable require is set (.ci/run sets it after installing
// the packages named by install).
func editorPath(t *testing.T, program, require, install string) string {
	t.Helper()
	path, err := exec.LookPath(program)
	if err != nil {
		if os.Getenv(require) != "" {
			t.Fatalf("%s not found and %s is set (apt-get install %s)", program, require, install)
		}
		t.Skipf("%s not found: apt-get install %s", program, install)
	}
	return path
}

// editorConfig is the code block in language lang under heading in
// docs/editors.md, with its command line cmdLine replaced by the one
// running the test binary as `handover lsp` against the server at addr.
func editorConfig(t *testing.T, heading, lang, cmdLine string, testCmdLine func(bin, addr string) string, addr string) string {
	t.Helper()
	doc, err := os.ReadFile("../../docs/editors.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)" + regexp.QuoteMeta(heading) + "\n.*?```" + lang + "\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatalf("docs/editors.md has no %s block under %s", lang, heading)
	}
	cfg := string(m[1])
	if !strings.Contains(cfg, cmdLine) {
		t.Fatalf("the configuration under %s no longer says %s", heading, cmdLine)
	}
	// The test binary is `handover` (TestMain), pointed at the test's server.
	return strings.Replace(cfg, cmdLine, testCmdLine(os.Args[0], addr), 1)
}

// checkHover runs the editor as runEditor does and checks the hover it
// received on the jenkins01 line and wrote to out: its card.
func checkHover(t *testing.T, files map[string]string, out string, env []string, program string, args ...string) {
	t.Helper()
	got := runEditor(t, files, out, env, program, args...)
	for _, want := range []string{"jenkins01.prod.aws.acme-shop.internal", "Jenkins controller", "aws_instance.jenkins"} {
		if !strings.Contains(got, want) {
			t.Errorf("hover in %s: %q missing from:\n%s", program, want, got)
		}
	}
}

// runEditor writes files, runs program with args and env in the example
// repository, and returns what the editor wrote to out.
func runEditor(t *testing.T, files map[string]string, out string, env []string, program string, args ...string) string {
	t.Helper()
	for file, text := range files {
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := filepath.Abs("../../examples/acme-infra")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	editor := exec.CommandContext(ctx, program, args...)
	editor.Dir = root
	editor.Env = append(append(os.Environ(), env...), "HANDOVER_TEST_MAIN=1")
	if b, err := editor.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", program, err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(got)
}
