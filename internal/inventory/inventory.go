// Package inventory parses Ansible inventories (INI and YAML files and
// inventory directories, with their group_vars/ and host_vars/) into
// model.Inventory: hosts, groups, and each host's effective variables
// exactly as `ansible-inventory --list` shows them, plus what ansible does
// not know: the comments that say what a host or group is for, and the
// environment, cloud and purpose read from the client's group hierarchy.
//
// It is for reading inventories as they are checked in. It is not a
// replacement for ansible: it runs no inventory scripts or cloud plugins
// (aws_ec2 and the like: they become model.InventorySource, described, not
// run), evaluates only the common Jinja of the constructed plugin,
// decrypts no vault, and reads no playbook-adjacent vars. ApplyConfig adds
// an ansible.cfg's connection defaults. Where ansible would reject a file, the problem is
// recorded with ansible's wording and everything readable is still returned.
package inventory

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unsafe"

	"handover/internal/limits"
	"handover/internal/model"
)

// Load is LoadLimited with the default limits.
func Load(root, rel string) (*model.Inventory, error) {
	return LoadLimited(root, rel, limits.Limits{})
}

// LoadLimited reads one inventory source under the repository root: an INI or YAML file, or a
// directory (read as Ansible reads `-i dir/`: every file in it that is not ignored, merged, plus
// the group_vars/ and host_vars/ inside it). rel is slash-separated, relative to root.
// It returns an error only when the source itself cannot be found; parse problems are recorded in
// Inventory.Problems (with file:line) and everything that could be read is still returned.
// Nothing outside root is read, whatever the symlinks, and every file, range, host count and
// YAML document is held to lim: what goes beyond is a problem.
//
// Hosts and groups keep ansible's order (groups "all" and "ungrouped"
// first); Host.DirectGroups, Host.Groups, Host.Vars and Host.InheritedVars
// are sorted by name. Hosts with the same groups share their group lists
// and InheritedVars, and variable values are shared too: treat what Load
// returns as read-only.
func LoadLimited(root, rel string, lim limits.Limits) (*model.Inventory, error) {
	return load(root, rel, lim, nil)
}

// LoadConfigured is LoadLimited for an inventory that the ansible.cfg cfg
// applies to (nil for none): group_vars/ and host_vars/ are read as its
// vars plugin settings say (varsplugin.go), and ApplyConfig adds its
// connection defaults.
func LoadConfigured(root, rel string, lim limits.Limits, cfg *model.AnsibleConfig) (*model.Inventory, error) {
	inv, err := load(root, rel, lim, cfg)
	if err != nil {
		return nil, err
	}
	ApplyConfig(inv, cfg)
	return inv, nil
}

func load(root, rel string, lim limits.Limits, cfg *model.AnsibleConfig) (*model.Inventory, error) {
	clean := path.Clean(rel)
	abs := filepath.Join(root, filepath.FromSlash(clean))
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, err
	}
	d := newInventoryData(model.Source{Path: clean}, lim)
	varsBase := path.Dir(clean)
	if fi.IsDir() {
		entries, err := readDirInside(root, clean)
		if err != nil {
			return nil, err
		}
		if !loadDir(d, root, clean, entries) {
			d.problem(model.Source{Path: clean}, model.SeverityWarning, "no inventory file found in directory %s", clean)
		}
		varsBase = clean
	} else if data, ok := d.readText(root, clean); ok {
		loadFile(d, clean, data, fi.Mode())
	}
	d.reconcile()
	var problems []model.Problem
	stage, why, cfgProblem := hostGroupVarsStage(cfg)
	if cfgProblem != nil {
		problems = append(problems, *cfgProblem)
	}
	gv := openVarsDir(root, path.Join(varsBase, "group_vars"), &problems)
	hv := openVarsDir(root, path.Join(varsBase, "host_vars"), &problems)
	if stage == varsNotRead {
		for _, v := range []*varsDir{gv, hv} {
			if v != nil {
				problems = append(problems, notReadProblem(v.rel, why))
			}
		}
		gv, hv = nil, nil
	}
	d.varsAsInventory = stage == varsAsInventory
	inv := d.build(root, rel, gv, hv)
	d.summarizeProblems()
	inv.Problems = limits.CapProblems(append(append(d.problems, problems...), inv.Problems...), d.lim.FileProblems)
	return inv, nil
}

// readText reads one file of the inventory under d.lim, recording why
// when it cannot be read.
func (d *inventoryData) readText(root, rel string) ([]byte, bool) {
	data, problems, ok := d.lim.ReadInventory(root, rel)
	for _, p := range problems {
		d.problem(p.Source, p.Severity, "%s", p.Message)
	}
	return data, ok
}

// readDirInside lists a directory of the repository, refusing one that a
// symlink places outside it.
func readDirInside(root, rel string) ([]os.DirEntry, error) {
	real, err := limits.Inside(root, rel)
	if err != nil {
		return nil, err
	}
	return os.ReadDir(real)
}

// ignoredExtensions are INVENTORY_IGNORE_EXTS: REJECT_EXTS plus .orig,
// .ini, .cfg and .retry. Yes, ansible skips *.ini inside a directory.
var ignoredExtensions = []string{".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst", ".orig", ".ini", ".cfg", ".retry"}

// ignoredInDir is InventoryManager's IGNORED pattern.
func ignoredInDir(name string) bool {
	if strings.HasPrefix(name, ".") || name == "host_vars" || name == "group_vars" || name == "vars_plugins" {
		return true
	}
	for _, ext := range ignoredExtensions {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// loadDir parses every file of an inventory directory, recursively, in
// sorted order; it reports whether any was an inventory.
func loadDir(d *inventoryData, root, rel string, entries []os.DirEntry) bool {
	parsed := false
	for _, e := range entries { // os.ReadDir sorts by name, as ansible's sorted(os.listdir)
		name := e.Name()
		childRel := path.Join(rel, name)
		if ignoredInDir(name) {
			if strings.HasSuffix(name, ".ini") {
				d.problem(model.Source{Path: childRel}, model.SeverityWarning, "ansible ignores *.ini files inside an inventory directory; %s is not read", childRel)
			}
			continue
		}
		abs := filepath.Join(root, filepath.FromSlash(childRel))
		fi, err := os.Stat(abs)
		if err != nil {
			d.problem(model.Source{Path: childRel}, model.SeverityError, "%v", err)
			continue
		}
		if fi.IsDir() {
			sub, err := readDirInside(root, childRel)
			if err != nil {
				d.problem(model.Source{Path: childRel}, model.SeverityError, "%v", err)
				continue
			}
			if loadDir(d, root, childRel, sub) {
				parsed = true
			}
			continue
		}
		data, ok := d.readText(root, childRel)
		if !ok {
			continue
		}
		if loadFile(d, childRel, data, fi.Mode()) {
			parsed = true
		}
	}
	return parsed
}

// loadFile parses one inventory file into d, choosing the plugin as
// ansible's plugin order does: an executable script is run by the script
// plugin (we do not), a YAML mapping goes to the YAML plugin (files with
// no extension or .yml/.yaml/.json), and anything else to the INI plugin.
func loadFile(d *inventoryData, rel string, data []byte, mode os.FileMode) bool {
	src := model.Source{Path: rel}
	if mode&0o111 != 0 && strings.HasPrefix(string(data[:min(len(data), 2)]), "#!") {
		d.problem(src, model.SeverityWarning, "executable inventory script: not run, its hosts are not known")
		d.addScript(rel, data)
		return false
	}
	ext := pyExt(path.Base(rel))
	if isScript(ext, data) {
		d.problem(src, model.SeverityWarning, "inventory script (not executable here): not run and not read as INI, its hosts are not known")
		d.addScript(rel, data)
		return false
	}
	if ext == ".toml" {
		d.problem(src, model.SeverityWarning, "TOML inventories are not read")
		return false
	}
	yamlExt := ext == "" || ext == ".yml" || ext == ".yaml" || ext == ".json"
	// zzz-inventory.config, "plugin: constructed": the auto and YAML plugins
	// pass it over for its extension, the INI plugin fails on its first
	// line, and ansible warns that it cannot parse it.
	if !yamlExt {
		if plugin, line := pluginConfigLine(data); plugin != "" {
			d.problem(model.Source{Path: rel, Line: line}, model.SeverityWarning,
				"a \"plugin: %s\" configuration that ansible does not read here: the auto plugin reads only .yml and .yaml files, and %s only when [inventory] enable_plugins in ansible.cfg lists it; as INI it fails on its first line",
				plugin, plugin)
			return false
		}
	}
	if !yamlExt || !couldBeYAMLMapping(data) {
		parseINI(d, rel, bytesToString(data))
		return true
	}
	err := parseYAMLInventory(d, rel, data)
	switch {
	case err == nil:
		return true
	case errors.Is(err, errPluginConfig):
		return d.loadPluginConfig(rel, data)
	}
	// Ansible would go on to the INI plugin. A YAML-looking file that is
	// not valid INI either is reported as the YAML error it most likely is.
	trial := newInventoryData(src, d.lim)
	parseINI(trial, rel, bytesToString(data))
	for _, p := range trial.problems {
		if p.Severity == model.SeverityError {
			d.problem(src, model.SeverityError, "%s", strings.TrimPrefix(err.Error(), errNotYAMLInventory.Error()+": "))
			return false
		}
	}
	parseINI(d, rel, bytesToString(data))
	return true
}

// pluginConfigLine returns the plugin an inventory plugin configuration
// names on its first significant line (after comments and a document
// start) and that line's number; "" when the file does not open so.
func pluginConfigLine(data []byte) (plugin string, line int) {
	lines := newLineScanner(string(data[:min(len(data), 4<<10)]))
	for n := 1; ; n++ {
		l, ok := lines.next()
		if !ok {
			return "", 0
		}
		t := strings.TrimSpace(l)
		if t == "" || t[0] == '#' || t == "---" {
			continue
		}
		if key, value, ok := yamlKeyLine(t); ok && key == "plugin" {
			return strings.Trim(value, `"'`), n
		}
		return "", 0
	}
}

// bytesToString returns data as a string without copying it. Callers hand
// over data: it must not change afterwards, since host names and values
// are substrings of the result.
func bytesToString(data []byte) string {
	if len(data) == 0 {
		return ""
	}
	return unsafe.String(&data[0], len(data))
}

// couldBeYAMLMapping reports whether the first significant line of data can
// start a YAML mapping. INI files almost never pass, which saves parsing a
// large INI file as YAML first.
func couldBeYAMLMapping(data []byte) bool {
	lines := newLineScanner(string(data[:min(len(data), 64<<10)]))
	for {
		line, ok := lines.next()
		if !ok {
			return false
		}
		t := strings.TrimSpace(line)
		if t == "" || t[0] == '#' || t[0] == '%' || t == "---" {
			continue
		}
		t = strings.TrimPrefix(t, "--- ")
		switch t[0] {
		case '{', '?', '&', '!', '"', '\'':
			return true
		case '[':
			return false
		case '-':
			if len(t) == 1 || t[1] == ' ' || t[1] == '\t' {
				return false // a sequence
			}
		}
		// A block mapping key: a single plain token before ": " or a final
		// ":". INI host lines have spaces or '=' before any colon.
		i := strings.Index(t, ": ")
		if j := strings.Index(t, ":\t"); j >= 0 && (i < 0 || j < i) {
			i = j
		}
		if i < 0 && strings.HasSuffix(t, ":") {
			i = len(t) - 1
		}
		return i > 0 && strings.IndexAny(t[:i], " \t=") < 0
	}
}
