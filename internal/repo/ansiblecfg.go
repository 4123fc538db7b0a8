package repo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/ini.v1"

	"handover/internal/model"
)

// cfgError is a fault in an ansible.cfg, at a 1-based line (0 if unknown).
type cfgError struct {
	line int
	msg  string
}

func (e *cfgError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// cfgPath is one entry of [defaults] inventory and the line it is on.
type cfgPath struct {
	value string
	line  int
}

// readAnsibleCfg adds the inventories an ansible.cfg names. Relative paths
// are relative to the cfg's directory, as ansible resolves them.
func (w *walker) readAnsibleCfg(abs, rel string) {
	data, problems, ok := w.opt.Limits.ReadText(w.absRoot, rel)
	w.problems = append(w.problems, problems...)
	if !ok {
		return
	}
	cfg, err := parseCfg(data)
	if err != nil {
		var ce *cfgError
		if !errors.As(err, &ce) {
			ce = &cfgError{msg: err.Error()}
		}
		w.problem(model.SeverityError, rel, ce.line, "ansible would not read this file: %s", ce.msg)
		return
	}
	w.configs = append(w.configs, &model.AnsibleConfig{Path: rel, Defaults: cfg.settings(rel)})
	w.readRolesPath(rel, cfg)
	for _, p := range cfg.inventoryPaths() {
		w.addCfgSource(rel, filepath.Dir(abs), p)
	}
}

func (w *walker) addCfgSource(cfgRel, cfgDir string, p cfgPath) {
	if strings.HasPrefix(p.value, "~") || strings.Contains(p.value, "$") || strings.Contains(p.value, "{{") {
		w.problem(model.SeverityWarning, cfgRel, p.line, "inventory %q depends on the environment it runs in; not read", p.value)
		return
	}
	abs := filepath.Clean(filepath.FromSlash(p.value))
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(cfgDir, abs)
	}
	rel, err := filepath.Rel(w.absRoot, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		w.problem(model.SeverityWarning, cfgRel, p.line, "inventory %q is outside the repository; not read", p.value)
		return
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		// ansible warns "Unable to parse ... as an inventory source" and runs
		// on with an empty inventory.
		w.problem(model.SeverityWarning, cfgRel, p.line, "inventory %q does not exist", p.value)
		return
	}
	if !w.inside(real) {
		w.problem(model.SeverityWarning, cfgRel, p.line, "inventory %q leads outside the repository through a symlink; not read", p.value)
		return
	}
	info, err := os.Stat(real)
	if err != nil {
		w.problem(model.SeverityError, cfgRel, p.line, "inventory %q: %v", p.value, pathless(err))
		return
	}
	rel = filepath.ToSlash(rel)
	switch {
	case info.IsDir():
	case info.Mode().IsRegular():
		if !w.smallEnough(rel, info, w.opt.Limits.FileBytes, "file-bytes") {
			return
		}
	default:
		return
	}
	w.cands = append(w.cands, candidate{
		File:    File{Path: rel, Kind: KindInventory, Why: cfgRel + " inventory=", Config: cfgRel},
		real:    real,
		dir:     info.IsDir(),
		fromCfg: true,
		cfgLine: model.Source{Path: cfgRel, Line: p.line},
	})
}

// cfgDefaultKeys are the [defaults] settings handover reads: how hosts are
// reached, where ansible looks for inventories and roles, and whether (and
// when) vars plugins read group_vars/ and host_vars/.
var cfgDefaultKeys = []string{"inventory", "remote_user", "private_key_file", "interpreter_python", "roles_path",
	"vars_plugins_enabled", "run_vars_plugins"}

// cfgPluginKeys are the settings of other sections handover reads, named
// section.key: the stage at which host_group_vars runs.
var cfgPluginKeys = []string{"vars_host_group_vars.stage"}

// parsedCfg is an ansible.cfg's sections and the line of each of their
// keys ([defaults] keys by name, the others as section.key).
type parsedCfg struct {
	file     *ini.File
	defaults *ini.Section // nil when there is none
	lines    map[string]int
	text     []string
}

// parseCfg reads an ansible.cfg as ansible reads its config: Python's
// configparser with ';' inline comments (after whitespace; '#' only
// starts whole-line comments), case-insensitive keys, values that go on
// over indented lines, and no duplicate sections or keys.
func parseCfg(data []byte) (*parsedCfg, error) {
	// cfgLayout first: it numbers the lines, which ini.v1 errors do not.
	keyLines, err := cfgLayout(data)
	if err != nil {
		return nil, err
	}
	f, err := loadCfg(data)
	if err != nil {
		return nil, &cfgError{msg: strings.TrimSpace(err.Error())}
	}
	p := &parsedCfg{file: f, lines: keyLines, text: strings.Split(string(data), "\n")}
	if sec, err := f.GetSection("defaults"); err == nil {
		p.defaults = sec
	}
	return p, nil
}

// value is a setting without its inline comment, its lines joined by
// spaces; key is a [defaults] key or section.key. ok is false when it is
// not set.
func (p *parsedCfg) value(key string) (v string, ok bool) {
	sec := p.defaults
	if section, k, other := strings.Cut(key, "."); other {
		sec, key = nil, k
		if s, err := p.file.GetSection(section); err == nil {
			sec = s
		}
	}
	if sec == nil || !sec.HasKey(key) {
		return "", false
	}
	return strings.Join(strings.Fields(stripInlineComment(sec.Key(key).Value())), " "), true
}

// settings returns the cfgDefaultKeys and cfgPluginKeys the file sets, in
// that order, each with its line in rel.
func (p *parsedCfg) settings(rel string) []model.Var {
	var out []model.Var
	for _, k := range append(cfgDefaultKeys[:len(cfgDefaultKeys):len(cfgDefaultKeys)], cfgPluginKeys...) {
		if v, ok := p.value(k); ok {
			out = append(out, model.Var{Name: k, Value: v, Source: &model.Source{Path: rel, Line: p.lines[k]}})
		}
	}
	return out
}

// inventorySetting returns the paths of [defaults] inventory: a
// comma-separated list of paths, over one or more lines.
func inventorySetting(data []byte) ([]cfgPath, error) {
	p, err := parseCfg(data)
	if err != nil {
		return nil, err
	}
	return p.inventoryPaths(), nil
}

func (p *parsedCfg) inventoryPaths() []cfgPath {
	if p.defaults == nil || !p.defaults.HasKey("inventory") {
		return nil
	}
	var out []cfgPath
	n := p.lines["inventory"]
	for i, vline := range strings.Split(p.defaults.Key("inventory").Value(), "\n") {
		if i > 0 {
			n = lineOf(p.text, n+1, strings.TrimSpace(vline))
		}
		for _, v := range strings.Split(stripInlineComment(vline), ",") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, cfgPath{value: v, line: n})
			}
		}
	}
	return out
}

// loadCfg reads an ansible.cfg the way configparser does, as far as
// ini.v1 can.
func loadCfg(data []byte) (*ini.File, error) {
	return ini.LoadSources(ini.LoadOptions{
		IgnoreInlineComment:        true, // stripped by the caller, ';' only
		AllowPythonMultilineValues: true,
		IgnoreContinuation:         true, // configparser has no '\' continuation
		InsensitiveKeys:            true,
	}, data)
}

// cfgLayout checks a file line by line for what configparser rejects,
// including what ini.v1 lets through (repeats, settings before any
// section), and returns the line of each key: a key of [defaults] by its
// name, any other as section.key.
func cfgLayout(data []byte) (keyLines map[string]int, err error) {
	keyLines = map[string]int{}
	sections := map[string]int{}
	var keys map[string]int
	section, inValue := "", false
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';':
			continue
		case inValue && line[0] != trimmed[0]: // indented: the value goes on
			continue
		case trimmed[0] == '[':
			// configparser, like ini.v1, takes up to the last ']'.
			end := strings.LastIndexByte(stripInlineComment(trimmed), ']')
			if end < 0 {
				return nil, &cfgError{n, fmt.Sprintf("section header %s has no closing ]", trimmed)}
			}
			name := trimmed[1:end]
			if first, ok := sections[name]; ok {
				return nil, &cfgError{n, fmt.Sprintf("section [%s] already started on line %d", name, first)}
			}
			sections[name], section, keys, inValue = n, name, map[string]int{}, false
			continue
		}
		end := strings.IndexAny(trimmed, "=:")
		switch {
		case end < 0:
			return nil, &cfgError{n, fmt.Sprintf("want key = value, got %q", trimmed)}
		case end == 0:
			return nil, &cfgError{n, fmt.Sprintf("a value without a key: %q", trimmed)}
		case section == "":
			return nil, &cfgError{n, "a setting before the first [section]"}
		}
		key := strings.ToLower(strings.TrimSpace(trimmed[:end]))
		if first, ok := keys[key]; ok {
			return nil, &cfgError{n, fmt.Sprintf("%s already set on line %d of [%s]", key, first, section)}
		}
		keys[key], inValue = n, true
		if section == "defaults" {
			keyLines[key] = n
		} else {
			keyLines[section+"."+key] = n
		}
	}
	return keyLines, nil
}

// stripInlineComment cuts a value at a ';' that follows whitespace.
func stripInlineComment(s string) string {
	for i := 1; i < len(s); i++ {
		if s[i] == ';' && (s[i-1] == ' ' || s[i-1] == '\t') {
			return s[:i]
		}
	}
	return s
}

// lineOf returns the first 1-based line at or after from that contains text.
func lineOf(lines []string, from int, text string) int {
	for i := max(from, 1) - 1; i < len(lines); i++ {
		if strings.Contains(lines[i], text) {
			return i + 1
		}
	}
	return from
}
