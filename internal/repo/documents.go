package repo

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// visitDocument notes a Terraform, state, markdown, CODEOWNERS or OWNERS
// file by its name alone;
// nothing is opened. dir is the file's directory, rel its path. Unlike
// inventories these are read in group_vars/ and roles/ too: a role's README
// is documentation.
func (w *walker) visitDocument(dir, rel, name string) {
	w.noteRoleFile(dir, name)
	lower := strings.ToLower(name)
	switch {
	case name == "CODEOWNERS" || name == "OWNERS":
		w.owners = append(w.owners, rel)
	case strings.HasSuffix(lower, ".tf") || strings.HasSuffix(lower, ".tf.json") ||
		strings.HasSuffix(lower, ".tfvars") || strings.HasSuffix(lower, ".tfvars.json") || name == "terragrunt.hcl":
		if w.tfDirs == nil {
			w.tfDirs = map[string]bool{}
		}
		w.tfDirs[dir] = true
	case strings.HasSuffix(lower, ".tfstate"):
		w.docs = append(w.docs, File{Path: rel, Kind: KindState, Why: "*.tfstate"})
	case strings.HasSuffix(lower, ".md") || strings.HasSuffix(lower, ".markdown") || strings.HasSuffix(lower, ".md.erb") ||
		strings.HasSuffix(lower, ".rst"):
		w.docs = append(w.docs, File{Path: rel, Kind: KindMarkdown, Why: "markdown"})
	}
}

// documents returns the Terraform directories, state and markdown files
// found, sorted by path.
func (w *walker) documents() []File {
	out := append(slices.Clip(w.docs), w.roles()...)
	for dir := range w.tfDirs {
		out = append(out, File{Path: dir, Kind: KindTerraform, Why: "*.tf or *.tfvars files"})
	}
	slices.SortFunc(out, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return out
}

// SameAfterWrite reports whether a walk of root would find what res says
// after the files changed (slash paths relative to root) were written: it
// does when each is a regular file res lists as a document that its name
// alone decides (markdown, a state file), for a file's content never
// changes what the walk makes of such a name. A live update then reads
// the files again without walking the repository.
func (res *Result) SameAfterWrite(root string, changed []string) bool {
	if len(changed) == 0 {
		return false
	}
	for _, p := range changed {
		i, found := slices.BinarySearchFunc(res.Docs, p, func(f File, p string) int { return cmp.Compare(f.Path, p) })
		if !found || res.Docs[i].Kind != KindMarkdown && res.Docs[i].Kind != KindState {
			return false
		}
		fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	return true
}
