package inventory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"handover/internal/limits"
	"handover/internal/model"
)

// group_vars/ and host_vars/ are read as ansible's host_group_vars plugin
// reads them: for an entity NAME the first of NAME, NAME.yml, NAME.yaml,
// NAME.json that exists is used; a directory contributes its files
// (recursively, sorted, hidden and backup files skipped, only those
// extensions or none), merged key by key, later files winning.

var varsExtensions = []string{"", ".yml", ".yaml", ".json"}

// varsDir is one group_vars or host_vars directory, listed once so that
// looking up a hundred thousand host names costs no system calls.
type varsDir struct {
	root    string          // repository root
	rel     string          // slash-separated, relative to root
	entries map[string]bool // name -> is a directory
}

// openVarsDir lists dir (relative to root); it returns nil when there is
// no such directory, or when a symlink places it outside the repository.
func openVarsDir(root, rel string, problems *[]model.Problem) *varsDir {
	abs := filepath.Join(root, filepath.FromSlash(rel))
	fi, err := os.Stat(abs)
	if err != nil {
		return nil
	}
	if _, err := limits.Inside(root, rel); err != nil {
		*problems = append(*problems, model.Problem{Source: model.Source{Path: rel}, Severity: model.SeverityWarning, Message: err.Error()})
		return nil
	}
	if !fi.IsDir() {
		*problems = append(*problems, model.Problem{Source: model.Source{Path: rel}, Severity: model.SeverityWarning,
			Message: fmt.Sprintf("Found %s that is not a directory, skipping: %s", path.Base(rel), rel)})
		return nil
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		*problems = append(*problems, model.Problem{Source: model.Source{Path: rel}, Severity: model.SeverityError, Message: err.Error()})
		return nil
	}
	v := &varsDir{root: root, rel: rel, entries: make(map[string]bool, len(entries))}
	for _, e := range entries {
		v.entries[e.Name()] = isDirEntryDir(abs, e)
	}
	return v
}

func isDirEntryDir(dir string, e os.DirEntry) bool {
	if e.Type()&os.ModeSymlink != 0 {
		fi, err := os.Stat(filepath.Join(dir, e.Name()))
		return err == nil && fi.IsDir()
	}
	return e.IsDir()
}

// files returns the vars files for an entity, relative to root.
func (v *varsDir) files(name string) []string {
	if v == nil || name == "" || strings.HasPrefix(name, "/") || climbs(name) {
		return nil // a name that climbs out of the directory is no entity's file
	}
	nested := strings.Contains(name, "/")
	var buf [128]byte
	for _, ext := range varsExtensions {
		// Looked up without making the name: most of a hundred thousand
		// hosts have no file, and each string made costs an allocation.
		key := append(append(buf[:0], name...), ext...)
		var isDir, found bool
		if nested {
			fi, err := os.Stat(filepath.Join(v.root, filepath.FromSlash(v.rel), filepath.FromSlash(string(key))))
			found, isDir = err == nil, err == nil && fi.IsDir()
		} else {
			isDir, found = v.entries[string(key)]
		}
		if !found {
			continue
		}
		rel := path.Join(v.rel, string(key))
		if !isDir {
			return []string{rel}
		}
		return v.dirFiles(rel)
	}
	return nil
}

// climbs reports whether a slash-separated name has a ".." element.
func climbs(name string) bool {
	for name != "" {
		var elem string
		elem, name, _ = strings.Cut(name, "/")
		if elem == ".." {
			return true
		}
	}
	return false
}

// dirFiles is DataLoader._get_dir_vars_files. A directory that a symlink
// places outside the repository gives nothing; its files would be
// reported by loadVars, the directory itself has no place to say so.
func (v *varsDir) dirFiles(rel string) []string {
	abs, err := limits.Inside(v.root, rel)
	if err != nil {
		return []string{rel} // loadVars reports it
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(entries))
	dirs := map[string]bool{}
	for _, e := range entries {
		names = append(names, e.Name())
		dirs[e.Name()] = isDirEntryDir(abs, e)
	}
	sort.Strings(names)
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, ".") || strings.HasSuffix(n, "~") {
			continue
		}
		ext := pyExt(n)
		switch {
		case dirs[n] && ext == "":
			out = append(out, v.dirFiles(path.Join(rel, n))...)
		case !dirs[n] && (ext == "" || ext == ".yml" || ext == ".yaml" || ext == ".json"):
			out = append(out, path.Join(rel, n))
		}
	}
	return out
}

// pyExt is os.path.splitext(name)[1]: leading dots do not start an
// extension.
func pyExt(name string) string {
	base := strings.TrimLeft(name, ".")
	i := strings.LastIndexByte(base, '.')
	if i < 0 {
		return ""
	}
	return base[i:]
}

// loadVars reads and merges the given vars files, each held to lim.
func loadVars(root string, files []string, lim limits.Limits, problems *[]model.Problem) varList {
	var out varList
	for _, f := range files {
		data, fileProblems, ok := lim.ReadText(root, f)
		*problems = append(*problems, fileProblems...)
		if !ok {
			continue
		}
		vars, err := parseVarsFile(data, lim)
		if err != nil {
			*problems = append(*problems, model.Problem{Source: model.Source{Path: f}, Severity: model.SeverityError, Message: err.Error()})
			continue
		}
		for _, kv := range vars {
			src := model.Source{Path: f}
			if kv.Source != nil {
				src.Line = kv.Source.Line
			}
			out.set(kv.Name, kv.Value, &src)
		}
	}
	return out
}

// parseVarsFile reads a vars file as ansible's DataLoader does: JSON if it
// is JSON, else YAML. An empty file gives no variables.
func parseVarsFile(data []byte, lim limits.Limits) ([]model.Var, error) {
	trimmed := bytes.TrimSpace(data)
	if bytes.HasPrefix(trimmed, []byte("$ANSIBLE_VAULT")) {
		return nil, fmt.Errorf("file is encrypted with ansible-vault; its variables are not read")
	}
	if json.Valid(trimmed) {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err == nil {
			v = fromJSON(v)
			m, ok := v.(map[string]any)
			if !ok {
				if truthy(v) {
					return nil, fmt.Errorf("expected a mapping of variables, got %s", pyTypeOf(v))
				}
				return nil, nil
			}
			vars := make([]model.Var, 0, len(m))
			for k, x := range m {
				vars = append(vars, model.Var{Name: k, Value: x})
			}
			sort.Slice(vars, func(i, j int) bool { return vars[i].Name < vars[j].Name })
			return vars, nil
		}
	}
	root, err := decodeYAMLDocument(data, lim)
	if err != nil {
		return nil, err
	}
	if root == nil || isNull(root) {
		return nil, nil
	}
	root = deref(root)
	if root.Kind != yaml.MappingNode {
		v, _ := yamlValue(root)
		if truthy(v) {
			return nil, fmt.Errorf("expected a mapping of variables, got %s", pyTypeOf(v))
		}
		return nil, nil
	}
	pairs, err := mappingPairs(root)
	if err != nil {
		return nil, err
	}
	var vars varList
	for _, p := range pairs {
		k, err := yamlValue(p.key)
		if err != nil {
			return nil, err
		}
		name, ok := jsonKey(k)
		if !ok {
			return nil, fmt.Errorf("line %d: unsupported variable name", p.key.Line)
		}
		v, err := yamlValue(p.value)
		if err != nil {
			return nil, err
		}
		vars.set(name, v, &model.Source{Line: p.key.Line})
	}
	return vars, nil
}

// fromJSON turns json.Number into int64 or float64 as Python's json module
// would type them.
func fromJSON(v any) any {
	switch v := v.(type) {
	case json.Number:
		s := string(v)
		if strings.ContainsAny(s, ".eE") {
			f, _ := v.Float64()
			return f
		}
		if n, err := v.Int64(); err == nil {
			return n
		}
		return s // beyond int64: kept as text
	case []any:
		for i := range v {
			v[i] = fromJSON(v[i])
		}
		return v
	case map[string]any:
		for k := range v {
			v[k] = fromJSON(v[k])
		}
		return v
	}
	return v
}
