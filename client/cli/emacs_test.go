package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// emacsDriver loads eglot (Debian's elpa-eglot, an ELPA package Emacs 28
// activates with package.el) after the configuration, starts eglot on the
// example inventory as `M-x eglot` does, asks for the hover at line 32
// (0-based 31) and writes what it received to OUT.
const emacsDriver = `
(package-initialize)
(require 'eglot)
(let ((out (getenv "HANDOVER_EMACS_OUT"))
      (text ""))
  (condition-case err
      (progn
        (find-file "inventories/production/hosts.ini")
        (apply #'eglot (eglot--guess-contact))
        (let ((server (eglot-current-server)))
          (unless server (error "no server manages %s (%s)" buffer-file-name major-mode))
          (let ((res (jsonrpc-request server :textDocument/hover
                                      (list :textDocument (list :uri (concat "file://" (expand-file-name buffer-file-name)))
                                            :position (list :line 31 :character 3)))))
            (setq text (format "%s" (plist-get (plist-get res :contents) :value))))))
    (error (setq text (format "error: %S" err))))
  (with-temp-file out (insert text))
  (kill-emacs 0))
`

// TestEmacsHover starts Emacs in batch mode with docs/editors.md's eglot
// configuration, opens the example inventory and checks the hover on a
// host line. Without Emacs and eglot it skips, unless
// HANDOVER_REQUIRE_EMACS is set (.ci/run sets it).
func TestEmacsHover(t *testing.T) {
	emacs := editorPath(t, "emacs", "HANDOVER_REQUIRE_EMACS", "emacs-nox elpa-eglot")
	dir := t.TempDir()
	check := exec.Command(emacs, "--batch", "--eval", "(progn (package-initialize) (require 'eglot))")
	check.Env = append(os.Environ(), "HOME="+dir) // package.el writes below ~/.emacs.d
	if err := check.Run(); err != nil {
		if os.Getenv("HANDOVER_REQUIRE_EMACS") != "" {
			t.Fatalf("emacs without eglot (%v) and HANDOVER_REQUIRE_EMACS is set (apt-get install elpa-eglot)", err)
		}
		t.Skipf("emacs without eglot (%v): apt-get install elpa-eglot", err)
	}
	cfg := editorConfig(t, "## Emacs (eglot)", "elisp", `("handover" "lsp")`, func(bin, addr string) string {
		return `("` + bin + `" "lsp" "--addr" "` + addr + `")`
	}, serveExample(t))
	initEl, driver, out := filepath.Join(dir, "init.el"), filepath.Join(dir, "driver.el"), filepath.Join(dir, "hover.md")
	checkHover(t, map[string]string{initEl: cfg, driver: emacsDriver}, out, []string{"HANDOVER_EMACS_OUT=" + out, "HOME=" + dir},
		emacs, "--batch", "-l", initEl, "-l", driver)
}
