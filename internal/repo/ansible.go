package repo

import (
	"path"
	"path/filepath"
	"strings"
)

const (
	// KindPlaybook is an Ansible playbook: a YAML list of plays.
	KindPlaybook Kind = "playbook"
	// KindRole is an Ansible role's directory, below a roles/ directory
	// or a directory ansible.cfg's roles_path names.
	KindRole Kind = "role"
)

// roleSubdirs are the subdirectories whose main file makes a role.
var roleSubdirs = map[string]bool{"tasks": true, "meta": true, "handlers": true, "defaults": true, "vars": true}

// noteRoleFile records the role a file such as roles/nginx/tasks/main.yml
// belongs to, by its path alone.
func (w *walker) noteRoleFile(dir, name string) {
	switch name {
	case "main.yml", "main.yaml", "main":
	default:
		return
	}
	if !roleSubdirs[path.Base(dir)] || !strings.Contains(dir, "/") {
		return
	}
	if w.roleDirs == nil {
		w.roleDirs = map[string]bool{}
	}
	w.roleDirs[path.Dir(dir)] = true
}

// visitPlaybook adds a YAML file whose head is a list of plays, and
// reports whether it did.
func (w *walker) visitPlaybook(rel string, head []byte) bool {
	if w.opt.SniffPlaybook == nil || !w.opt.SniffPlaybook(head) {
		return false
	}
	w.docs = append(w.docs, File{Path: rel, Kind: KindPlaybook, Why: "a list of plays"})
	return true
}

// roles returns the role directories that ansible would find: those in a
// directory named roles, or in one that an ansible.cfg's roles_path names.
func (w *walker) roles() []File {
	inPath := map[string]bool{}
	for _, p := range w.rolesPath {
		inPath[p] = true
	}
	var out []File
	for dir := range w.roleDirs {
		parent := path.Dir(dir)
		switch {
		case path.Base(parent) == "roles":
			out = append(out, File{Path: dir, Kind: KindRole, Why: "roles/NAME/ directory"})
		case inPath[parent]:
			out = append(out, File{Path: dir, Kind: KindRole, Why: "ansible.cfg roles_path"})
		}
	}
	return out
}

// readRolesPath notes an ansible.cfg's [defaults] roles_path: a list
// separated by ":", relative to the cfg's directory. Paths outside the
// repository or depending on the environment are left out.
func (w *walker) readRolesPath(rel string, cfg *parsedCfg) {
	value, ok := cfg.value("roles_path")
	if !ok {
		return
	}
	for _, p := range strings.Split(value, ":") {
		p = strings.TrimSpace(p)
		if p == "" || strings.HasPrefix(p, "~") || strings.Contains(p, "$") || filepath.IsAbs(p) {
			continue
		}
		dir := path.Clean(path.Join(path.Dir(rel), filepath.ToSlash(p)))
		if dir != ".." && !strings.HasPrefix(dir, "../") {
			w.rolesPath = append(w.rolesPath, dir)
		}
	}
}
