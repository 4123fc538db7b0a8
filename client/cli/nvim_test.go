package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// nvimAttached starts the function try, which waits for handover lsp to
// attach to the buffer; a driver goes on with what try asks once it has,
// ends it and calls it. finish writes the driver's text to OUT and quits.
const nvimAttached = `
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
`

// nvimDriver waits for handover lsp to attach to the buffer, asks for the
// hover at line 32 (0-based 31) and writes what it received to OUT.
const nvimDriver = nvimAttached + `  local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 31, character = 3 } }
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
	nvim := editorPath(t, "nvim", "HANDOVER_REQUIRE_NVIM", "neovim")
	cfg := editorConfig(t, "## Neovim", "lua", "cmd = { 'handover', 'lsp' }", func(bin, addr string) string {
		return "cmd = { '" + bin + "', 'lsp', '--addr', '" + addr + "' }"
	}, serveExample(t))
	dir := t.TempDir()
	initLua, driver, out := filepath.Join(dir, "init.lua"), filepath.Join(dir, "driver.lua"), filepath.Join(dir, "hover.md")
	checkHover(t, map[string]string{initLua: cfg, driver: nvimDriver}, out,
		[]string{"HANDOVER_NVIM_OUT=" + out, "XDG_STATE_HOME=" + dir, "XDG_DATA_HOME=" + dir},
		nvim, "--headless", "-n", "-i", "NONE", "-u", initLua, "inventories/production/hosts.ini", "-c", "luafile "+driver)
}

// nvimDefinitionDriver waits for handover lsp to attach to the runbook,
// asks for the definition of the host name at line 12 (0-based 11),
// column 21, and writes each location it received, "uri line", to OUT.
const nvimDefinitionDriver = nvimAttached + `  local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 11, character = 20 } }
  local res, err = vim.lsp.buf_request_sync(0, 'textDocument/definition', params, 10000)
  local text = err and ('error: ' .. tostring(err)) or ''
  for _, r in pairs(res or {}) do
    local locs = r.result or {}
    if locs.uri then locs = { locs } end
    for _, l in ipairs(locs) do
      local uri, range = l.uri or l.targetUri, l.range or l.targetSelectionRange
      text = text .. uri .. ' ' .. range.start.line .. '\n'
    end
    if r.err then text = text .. vim.inspect(r.err) end
  end
  finish(text)
end
try()
`

// TestNeovimDefinition: with docs/editors.md's configuration, Neovim
// jumps from a host name in a runbook to the host's inventory line.
func TestNeovimDefinition(t *testing.T) {
	nvim := editorPath(t, "nvim", "HANDOVER_REQUIRE_NVIM", "neovim")
	cfg := editorConfig(t, "## Neovim", "lua", "cmd = { 'handover', 'lsp' }", func(bin, addr string) string {
		return "cmd = { '" + bin + "', 'lsp', '--addr', '" + addr + "' }"
	}, serveExample(t))
	dir := t.TempDir()
	initLua, driver, out := filepath.Join(dir, "init.lua"), filepath.Join(dir, "driver.lua"), filepath.Join(dir, "locations")
	got := runEditor(t, map[string]string{initLua: cfg, driver: nvimDefinitionDriver}, out,
		[]string{"HANDOVER_NVIM_OUT=" + out, "XDG_STATE_HOME=" + dir, "XDG_DATA_HOME=" + dir},
		nvim, "--headless", "-n", "-i", "NONE", "-u", initLua, "sops/jenkins-outage.md", "-c", "luafile "+driver)
	// jenkins01 is declared at hosts.ini:32 (0-based 31).
	if !strings.Contains(got, "/inventories/production/hosts.ini 31\n") {
		t.Errorf("definition of jenkins01 in the runbook: got %q, want the location inventories/production/hosts.ini line 32", got)
	}
}
