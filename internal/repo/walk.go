package repo

import (
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"handover/internal/model"
)

// skipDirs are never walked, at any depth: version control (.git, .hg,
// .svn), vendored dependencies (node_modules, vendor, .terraform's
// providers and modules, .terragrunt-cache's copies of each unit and the
// module it applies), Python environments and caches. They are large
// and hold other projects' files, nothing a team wrote about its own
// infrastructure: not its inventories, docs or OWNERS files. This is the
// repository's one skip list; what else handover reads of a repository
// (owners, documents, history's paths) comes from the walk that honours it.
var skipDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true,
	"node_modules": true, "vendor": true, ".terraform": true, ".terragrunt-cache": true,
	".venv": true, "venv": true, ".tox": true, "__pycache__": true,
}

// noInventoryDirs hold variables or role content. Their files are never
// inventories (a role's tests/inventory is for the role's own tests), but
// they are walked: later kinds (docs) live there too.
var noInventoryDirs = map[string]bool{"group_vars": true, "host_vars": true, "roles": true}

// inventoryParents are the directories whose subdirectories are one
// inventory each: inventories/production/, inventory/staging/.
var inventoryParents = map[string]bool{"inventories": true, "inventory": true}

// inventoryDirMarkers make a directory below an inventoryParent a source.
var inventoryDirMarkers = map[string]bool{
	"hosts": true, "hosts.ini": true, "hosts.yml": true, "hosts.yaml": true,
	"inventory": true, "inventory.ini": true, "inventory.yml": true, "inventory.yaml": true,
	"group_vars": true, "host_vars": true,
}

// ansibleIgnoresInDir reports whether ansible skips a file of this name when
// it reads its directory as an inventory (the default INVENTORY_IGNORE_EXTS).
func ansibleIgnoresInDir(name string) bool {
	for _, ext := range []string{".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst", ".orig", ".ini", ".cfg", ".retry"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

type walker struct {
	ctx      context.Context
	absRoot  string // root made absolute
	realRoot string // absRoot with symlinks resolved
	opt      Options

	cands     []candidate
	tfDirs    map[string]bool // directories holding *.tf files
	docs      []File          // state and markdown files
	owners    []string        // CODEOWNERS and OWNERS files
	roleDirs  map[string]bool // directories holding a role's main file
	rolesPath []string        // ansible.cfg roles_path directories
	configs   []*model.AnsibleConfig
	problems  []model.Problem
	files     int
}

// walkDir visits one directory: its files first, so that its ansible.cfg
// is read before anything below it, then its subdirectories in name order.
// inert is true below group_vars/, host_vars/ and roles/.
func (w *walker) walkDir(abs, rel string, inert bool) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		if rel == "." {
			return err
		}
		w.problem(model.SeverityError, rel, 0, "cannot read directory: %v", pathless(err))
		return nil
	}
	if !inert {
		w.checkInventoryDir(rel, w.realPath(rel), entries)
	}
	var dirs []string
	for _, e := range entries {
		name := e.Name()
		childRel := joinRel(rel, name)
		if w.ignored(childRel, name) {
			continue
		}
		childAbs := filepath.Join(abs, name)
		switch typ := e.Type(); {
		case typ.IsDir():
			if !skipDirs[name] {
				dirs = append(dirs, name)
			}
		case typ&fs.ModeSymlink != 0:
			w.visitLink(childAbs, childRel, name, inert)
		case typ.IsRegular():
			w.files++
			w.visitDocument(rel, childRel, name)
			w.visitFile(childAbs, w.realPath(childRel), childRel, name, nil, inert)
		}
	}
	for _, name := range dirs {
		err := w.walkDir(filepath.Join(abs, name), joinRel(rel, name), inert || noInventoryDirs[name])
		if err != nil {
			return err
		}
	}
	return nil
}

// checkInventoryDir makes rel a directory source when it sits below an
// inventories/ or inventory/ directory and holds an inventory file or vars.
func (w *walker) checkInventoryDir(rel, real string, entries []os.DirEntry) {
	if rel == "." {
		return
	}
	parent := path.Base(path.Dir(rel))
	if !inventoryParents[parent] {
		w.checkSplitInventoryDir(rel, real, entries)
		return
	}
	// Ansible skips *.ini, *.cfg, *.md, ... when it reads a directory
	// (INVENTORY_IGNORE_EXTS): a directory holding only hosts.ini is not a
	// source, its hosts.ini is, and is found by name.
	readable := false
	for _, e := range entries {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") && !ansibleIgnoresInDir(e.Name()) {
			readable = true
			break
		}
	}
	if !readable {
		return
	}
	for _, e := range entries {
		if inventoryDirMarkers[e.Name()] {
			w.cands = append(w.cands, candidate{
				File: File{Path: rel, Kind: KindInventory, Why: parent + "/*/ directory"},
				real: real,
				dir:  true,
			})
			return
		}
	}
}

// visitLink follows a symlink to a file, and judges a symlinked directory
// as a possible inventory directory without descending into it: links are
// never walked, so they cannot loop. Links that leave the repository are
// not read.
func (w *walker) visitLink(abs, rel, name string, inert bool) {
	target, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return // broken or looping: nothing to read
	}
	info, err := os.Stat(target)
	if err != nil {
		return
	}
	if !w.inside(target) {
		if !inert && (info.IsDir() || ruleFor(name).how != notCandidate) {
			w.problem(model.SeverityWarning, rel, 0, "symlink leads outside the repository; not read")
		}
		return
	}
	switch {
	case info.IsDir():
		if inert || skipDirs[name] {
			return
		}
		entries, err := os.ReadDir(target)
		if err != nil {
			w.problem(model.SeverityError, rel, 0, "cannot read directory: %v", pathless(err))
			return
		}
		w.checkInventoryDir(rel, target, entries)
	case info.Mode().IsRegular():
		w.files++
		w.visitDocument(path.Dir(rel), rel, name)
		w.visitFile(abs, target, rel, name, info, inert)
	}
}

func (w *walker) ignored(rel, name string) bool { return Ignored(w.opt.Ignore, rel, name) }

// Ignored reports whether one of a repository's ignore globs (handover.ini
// ignore =, "vendor/" or "*.bak") matches rel, a slash path relative to
// the root, or name, its last element: the walk skips what it matches, and
// so does a watch.
func Ignored(globs []string, rel, name string) bool {
	for _, g := range globs {
		g = strings.TrimSuffix(g, "/")
		if ok, _ := path.Match(g, rel); ok {
			return true
		}
		if ok, _ := path.Match(g, name); ok {
			return true
		}
	}
	return false
}

// realPath is where a walked path really is: the walk never passes
// through a link, so only the root's own links matter.
func (w *walker) realPath(rel string) string {
	return filepath.Join(w.realRoot, filepath.FromSlash(rel))
}

// inside reports whether a symlink-free absolute path is in the repository.
func (w *walker) inside(real string) bool {
	r, err := filepath.Rel(w.realRoot, real)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

func joinRel(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

// pathless drops the absolute path from an fs error: a Problem already
// names the file, relative to the repository.
func pathless(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// SkippedDir reports whether a directory of this name is never walked
// (skipDirs): a watcher of the repository need not watch it either.
func SkippedDir(name string) bool { return skipDirs[name] }
