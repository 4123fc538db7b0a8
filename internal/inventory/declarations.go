package inventory

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"handover/internal/limits"
	"handover/internal/model"
)

// Load merges what an inventory says into effective values, as ansible
// does. Conventions are about what is written where: a key path on the
// host line itself, one host not declared twice with two different
// values, no password in plain text in group_vars. Declarations are that
// raw view, with file:line, for checks such as package lint.

// Declarations are the places an inventory source sets something.
type Declarations struct {
	Hosts []HostDeclaration
	// GroupVars are [group:vars] lines and the vars: of YAML groups.
	GroupVars []VarDeclaration
	// VarsFiles are the top-level variables of every file in the
	// group_vars/ and host_vars/ directories beside the inventory, whether
	// or not a group or host of that name exists.
	VarsFiles []VarDeclaration

	lim limits.Limits // as Load's defaults: files, ranges, hosts and YAML are bounded
}

// newDeclarations holds what ReadDeclarations and FileDeclarations read
// to Load's default limits.
func newDeclarations() *Declarations {
	return &Declarations{lim: limits.Default()}
}

// hostsFull reports whether d holds as many host declarations as an
// inventory may have hosts; the rest are not read (Load reports that).
func (d *Declarations) hostsFull() bool {
	return len(d.Hosts) >= d.lim.InventoryHosts
}

// HostDeclaration is one line (or YAML key) that lists a host. A host in
// two groups has two; a range pattern such as web[1:3] gives one per host,
// all at the same line.
type HostDeclaration struct {
	Host   string
	Group  string // the section or YAML group listing it: "ungrouped" above the first INI section
	Source model.Source
	Vars   []VarDeclaration // written on that line or in the host's own mapping, in order
}

// VarDeclaration is one variable as written.
type VarDeclaration struct {
	Name   string
	Value  any    // as ansible reads it; a !vault value keeps its $ANSIBLE_VAULT text
	Owner  string // the host or group it is set for
	Group  bool   // Owner is a group
	Source model.Source
}

// ReadDeclarations reads the declarations of one inventory source under
// root, choosing files and formats as Load does. rel is slash-separated,
// relative to root. Lines ansible would reject are skipped: Load reports
// them as problems.
func ReadDeclarations(root, rel string) (*Declarations, error) {
	clean := path.Clean(rel)
	abs := filepath.Join(root, filepath.FromSlash(clean))
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, err
	}
	d := newDeclarations()
	varsBase := path.Dir(clean)
	if fi.IsDir() {
		if err := declarationsInDir(d, root, clean); err != nil {
			return nil, err
		}
		varsBase = clean
	} else {
		if data, _, ok := d.lim.ReadInventory(root, clean); ok {
			declarationsInFile(d, clean, data, fi.Mode())
		}
	}
	for _, dir := range []string{"group_vars", "host_vars"} {
		rel := path.Join(varsBase, dir)
		varsFileDeclarations(d, root, rel, rel, "", dir == "group_vars")
	}
	return d, nil
}

// declarationsInDir follows loadDir: every file that is not ignored, in
// sorted order, recursively.
func declarationsInDir(d *Declarations, root, rel string) error {
	entries, err := readDirInside(root, rel)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if ignoredInDir(e.Name()) {
			continue
		}
		childRel := path.Join(rel, e.Name())
		abs := filepath.Join(root, filepath.FromSlash(childRel))
		fi, err := os.Stat(abs)
		if err != nil {
			continue
		}
		if fi.IsDir() {
			_ = declarationsInDir(d, root, childRel) // Load reports an unreadable directory
			continue
		}
		if data, _, ok := d.lim.ReadInventory(root, childRel); ok {
			declarationsInFile(d, childRel, data, fi.Mode())
		}
	}
	return nil
}

// declarationsInFile follows loadFile's choice of plugin.
func declarationsInFile(d *Declarations, rel string, data []byte, mode os.FileMode) {
	if mode&0o111 != 0 && bytes.HasPrefix(data, []byte("#!")) {
		return
	}
	ext := pyExt(path.Base(rel))
	if ext == ".toml" {
		return
	}
	yamlExt := ext == "" || ext == ".yml" || ext == ".yaml" || ext == ".json"
	if yamlExt && couldBeYAMLMapping(data) && yamlDeclarations(d, rel, data) {
		return
	}
	iniDeclarations(d, rel, string(data))
}

// iniDeclarations scans an INI inventory with iniParser's states.
func iniDeclarations(d *Declarations, rel, text string) {
	group, state := "ungrouped", "hosts"
	var tokens, names []string
	for lineno, line := range iniLines(*newLineScanner(text)) {
		src := model.Source{Path: rel, Line: lineno}
		if name, st, ok := sectionLine(line); ok {
			group, state = name, st
			continue
		}
		switch state {
		case "vars":
			if k, v, ok := strings.Cut(line, "="); ok {
				d.GroupVars = append(d.GroupVars, VarDeclaration{Name: pyStrip(k), Value: pyValue(pyStrip(v)), Owner: group, Group: true, Source: src})
			}
		case "hosts":
			var err error
			if tokens, err = shlexSplit(tokens[:0], line); err != nil || len(tokens) == 0 {
				continue
			}
			if names, _, err = expandHostPattern(names[:0], tokens[0], d.lim.RangeHosts); err != nil || d.hostsFull() {
				continue
			}
			d.Hosts = appendHostLine(d.Hosts, names, tokens[1:], group, src)
		}
	}
}

// appendHostLine appends one declaration per host of an INI host line; a
// line with a token that is not key=value declares nothing, as ansible
// rejects it.
func appendHostLine(hosts []HostDeclaration, names, pairs []string, group string, src model.Source) []HostDeclaration {
	for _, t := range pairs {
		if !strings.Contains(t, "=") {
			return hosts
		}
	}
	for _, name := range names {
		if name == "" {
			continue
		}
		h := HostDeclaration{Host: name, Group: group, Source: src}
		for _, t := range pairs {
			k, v, _ := strings.Cut(t, "=")
			h.Vars = append(h.Vars, VarDeclaration{Name: k, Value: pyValue(v), Owner: name, Source: src})
		}
		hosts = append(hosts, h)
	}
	return hosts
}

// yamlDeclarations scans a YAML inventory. It returns false when ansible's
// YAML plugin would decline the file, which then goes to the INI plugin.
func yamlDeclarations(d *Declarations, rel string, data []byte) bool {
	root, err := decodeYAMLDocument(data, d.lim)
	if err != nil || root == nil {
		return false
	}
	root = deref(root)
	if root.Kind != yaml.MappingNode {
		return false
	}
	pairs, err := mappingPairs(root)
	if err != nil || len(pairs) == 0 {
		return false
	}
	pairs = lastWins(pairs)
	for _, p := range pairs {
		if k, _ := yamlValue(p.key); k == "plugin" {
			if v, _ := yamlValue(p.value); truthy(v) {
				return true // a plugin configuration declares nothing we can read
			}
		}
	}
	for _, p := range pairs {
		yamlGroupDeclarations(d, rel, p.key, p.value, 0)
	}
	return true
}

func yamlGroupDeclarations(d *Declarations, rel string, key, data *yaml.Node, depth int) {
	name, ok := yamlValueString(key)
	data = deref(data)
	if !ok || name == "" || data.Kind != yaml.MappingNode || depth > 100 {
		return
	}
	sections, err := mappingPairs(data)
	if err != nil {
		return
	}
	for _, s := range lastWins(sections) {
		section, _ := yamlValueString(s.key)
		var entries []yamlPair
		switch v := deref(s.value); {
		case v.Kind == yaml.MappingNode:
			if entries, err = mappingPairs(v); err != nil {
				continue
			}
			entries = lastWins(entries)
		case v.Kind == yaml.ScalarNode && !isNull(v):
			// "hosts: db1" is {db1: None} to ansible.
			if _, ok := yamlScalar(v).(string); ok {
				entries = []yamlPair{{key: v, value: &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: v.Line}}}
			}
		}
		for _, e := range entries {
			switch section {
			case "hosts":
				if !d.hostsFull() {
					d.Hosts = appendYAMLHost(d.Hosts, rel, name, e.key, e.value, d.lim.RangeHosts)
				}
			case "vars":
				if v, ok := yamlVar(rel, e, name, true); ok {
					d.GroupVars = append(d.GroupVars, v)
				}
			case "children":
				yamlGroupDeclarations(d, rel, e.key, e.value, depth+1)
			}
		}
	}
}

func appendYAMLHost(hosts []HostDeclaration, rel, group string, key, value *yaml.Node, maxRange int) []HostDeclaration {
	pattern, ok := yamlValueString(key)
	if !ok {
		return hosts
	}
	names, _, err := expandHostPattern(nil, pattern, maxRange)
	if err != nil {
		return hosts
	}
	var pairs []yamlPair
	if v := deref(value); v.Kind == yaml.MappingNode {
		if pairs, err = mappingPairs(v); err != nil {
			return hosts
		}
		pairs = lastWins(pairs)
	}
	for _, name := range names {
		if name == "" {
			continue
		}
		h := HostDeclaration{Host: name, Group: group, Source: model.Source{Path: rel, Line: key.Line}}
		for _, p := range pairs {
			if v, ok := yamlVar(rel, p, name, false); ok {
				h.Vars = append(h.Vars, v)
			}
		}
		hosts = append(hosts, h)
	}
	return hosts
}

// yamlVar reads one key: value pair of a vars mapping.
func yamlVar(rel string, p yamlPair, owner string, group bool) (VarDeclaration, bool) {
	k, err := yamlValue(p.key)
	if err != nil {
		return VarDeclaration{}, false
	}
	name, ok := jsonKey(k)
	if !ok {
		return VarDeclaration{}, false
	}
	v, err := yamlValue(p.value)
	if err != nil {
		return VarDeclaration{}, false
	}
	return VarDeclaration{Name: name, Value: v, Owner: owner, Group: group, Source: model.Source{Path: rel, Line: deref(p.key).Line}}, true
}

// varsFileDeclarations reads every vars file under rel (a group_vars or
// host_vars directory, or a directory inside one), as varsDir would for
// any name: hidden and backup files skipped, only YAML and JSON
// extensions or none. owner is the entity a subdirectory belongs to.
func varsFileDeclarations(d *Declarations, root, rel, base, owner string, group bool) {
	abs := filepath.Join(root, filepath.FromSlash(rel))
	entries, err := readDirInside(root, rel)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, ".") || strings.HasSuffix(n, "~") {
			continue
		}
		ext := pyExt(n)
		childOwner := owner
		if childOwner == "" {
			childOwner = n
			if ext == ".yml" || ext == ".yaml" || ext == ".json" {
				childOwner = strings.TrimSuffix(n, ext)
			}
		}
		childRel := path.Join(rel, n)
		if isDirEntryDir(abs, e) {
			if ext == "" || rel == base {
				varsFileDeclarations(d, root, childRel, base, childOwner, group)
			}
			continue
		}
		if ext != "" && ext != ".yml" && ext != ".yaml" && ext != ".json" {
			continue
		}
		data, _, ok := d.lim.ReadText(root, childRel)
		if !ok || bytes.HasPrefix(bytes.TrimSpace(data), []byte("$ANSIBLE_VAULT")) {
			continue
		}
		d.VarsFiles = appendVarsFile(d.VarsFiles, childRel, data, childOwner, group, d.lim)
	}
}

// appendVarsFile appends the top-level variables of one vars file.
func appendVarsFile(vars []VarDeclaration, rel string, data []byte, owner string, group bool, lim limits.Limits) []VarDeclaration {
	doc, err := decodeYAMLDocument(data, lim)
	if err != nil || doc == nil || deref(doc).Kind != yaml.MappingNode {
		return vars
	}
	pairs, err := mappingPairs(doc)
	if err != nil {
		return vars
	}
	for _, p := range lastWins(pairs) {
		if v, ok := yamlVar(rel, p, owner, group); ok {
			vars = append(vars, v)
		}
	}
	return vars
}
