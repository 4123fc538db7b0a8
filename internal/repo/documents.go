package repo

import (
	"cmp"
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
	case strings.HasSuffix(lower, ".tf") || strings.HasSuffix(lower, ".tf.json"):
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
		out = append(out, File{Path: dir, Kind: KindTerraform, Why: "*.tf files"})
	}
	slices.SortFunc(out, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return out
}
