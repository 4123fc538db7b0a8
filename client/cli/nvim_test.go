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

// neovimConfig is the Neovim configuration docs/editors.md gives.
func neovimConfig(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile("../../docs/editors.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## Neovim.*?```lua\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/editors.md has no lua block under ## Neovim")
	}
	return string(m[1])
}

// nvimDriver waits for handover lsp to attach to the buffer, asks for the
// hover at line 32 (0-based 31) and writes what it received to OUT.
const nvimDriver = `
local out = os.getenv('HANDOVER_NVIM_OUT')
local function finish(text)
  local f = io.open(out, 'w'); f:write(text); f:close()
  vim.cmd('qa!')
end
local function clients()
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = 0 }) end
  return vim.lsp.buf_get_clients(0)
end
local deadline = vim.loop.now() + 20000
local function try()
  if next(clients()) == nil then
    if vim.loop.now() > deadline then return finish('no client attached') end
    return vim.defer_fn(try, 100)
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 31, character = 3 } }
  local res, err = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 10000)
  local text = err and ('error: ' .. tostring(err)) or ''
  for _, r in pairs(res or {}) do
    if r.result and r.result.contents then text = text .. (r.result.contents.value or vim.inspect(r.result.contents)) end
    if r.err then text = text .. vim.inspect(r.err) end
  end
  finish(text)
end
try()
`

// TestNeovimHover starts Neovim headless with docs/editors.md's
// configuration, opens the example inventory and checks the hover on a
// host line. Without nvim it skips, unless HANDOVER_REQUIRE_NVIM is set
// (.ci/run sets it).
func TestNeovimHover(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("HANDOVER_REQUIRE_NVIM") != "" {
			t.Fatal("nvim not found and HANDOVER_REQUIRE_NVIM is set (apt-get install neovim)")
		}
		t.Skip("nvim not found: apt-get install neovim")
	}
	root, err := filepath.Abs("../../examples/acme-infra")
	if err != nil {
		t.Fatal(err)
	}
	addr := serveExample(t)
	cfg := neovimConfig(t)
	cmdLine := "cmd = { 'handover', 'lsp' }"
	if !strings.Contains(cfg, cmdLine) {
		t.Fatalf("the Neovim configuration no longer says %s", cmdLine)
	}
	// The test binary is `handover` (TestMain), pointed at the test's server.
	cfg = strings.Replace(cfg, cmdLine, "cmd = { '"+os.Args[0]+"', 'lsp', '--addr', '"+addr+"' }", 1)
	dir := t.TempDir()
	initLua, driver, out := filepath.Join(dir, "init.lua"), filepath.Join(dir, "driver.lua"), filepath.Join(dir, "hover.md")
	for file, text := range map[string]string{initLua: cfg, driver: nvimDriver} {
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-n", "-i", "NONE", "-u", initLua,
		"inventories/production/hosts.ini", "-c", "luafile "+driver)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "HANDOVER_TEST_MAIN=1", "HANDOVER_NVIM_OUT="+out, "XDG_STATE_HOME="+dir, "XDG_DATA_HOME="+dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"jenkins01.prod.aws.acme-shop.internal", "Jenkins controller", "aws_instance.jenkins"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("hover in Neovim: %q missing from:\n%s", want, got)
		}
	}
}
