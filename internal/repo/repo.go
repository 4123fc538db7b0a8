// Package repo walks a repository and decides which of its files handover
// should read: the Ansible inventory sources, named by ansible.cfg or
// recognised by their place, name and shape; the Terraform module
// directories and state files; the markdown files; the CODEOWNERS and
// OWNERS files. Its walk is the only one over a repository, with the one
// list of directories never walked (skipDirs). It classifies; it does
// not parse (packages inventory, terraform and markdown do) and knows
// nothing of the index.
package repo

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"handover/internal/limits"
	"handover/internal/model"
)

// Kind says what a source is.
type Kind string

const (
	// KindInventory is an Ansible inventory: a file, or a directory that
	// ansible -i reads as one inventory.
	KindInventory Kind = "inventory"
	// KindTerraform is a directory holding *.tf or *.tf.json files: one
	// Terraform module.
	KindTerraform Kind = "terraform"
	// KindState is a Terraform state file (*.tfstate).
	KindState Kind = "tfstate"
	// KindMarkdown is a markdown file: an SOP, an incident report or a doc,
	// as package markdown decides.
	KindMarkdown Kind = "markdown"
	// KindAlerts is a file of Prometheus alerting rules: a rule file or
	// PrometheusRule manifests.
	KindAlerts Kind = "alerts"
)

// File is one source found in a repository.
type File struct {
	Path string // slash-separated, relative to the root; a directory has no trailing slash
	Kind Kind
	Why  string // how it was recognised, e.g. "ansible.cfg inventory=" or "named hosts"
	// Config is the ansible.cfg that applies when ansible reads an
	// inventory source: the one that names it, else the nearest one in
	// the directories above it (where the team runs ansible from).
	Config string
	// NotReadBy is the ansible.cfg inventory= line whose directory holds
	// this source but skips it when ansible reads the directory (a *.ini
	// file, INVENTORY_IGNORE_EXTS): the team runs it with -i by hand.
	NotReadBy model.Source
}

// Sniffer reports whether the first bytes of a file look like an inventory.
// It sees at most the first 64 KiB, cut after the last whole line.
type Sniffer func(head []byte) bool

// Options tune Scan.
type Options struct {
	// SniffYAML decides *.yml and *.yaml files, SniffINI *.ini files and
	// extensionless files named after an environment (production, staging,
	// ...). A nil sniffer rejects every file it would have decided.
	SniffYAML, SniffINI Sniffer
	// SniffPlaybook decides which YAML files are playbooks; nil finds none.
	SniffPlaybook Sniffer
	// SniffAlerts decides which YAML (and *.rules) files hold Prometheus
	// alerting rules, wherever they are; nil finds none.
	SniffAlerts Sniffer

	// Ignore are extra globs (path.Match syntax) that skip a file or a whole
	// directory when they match its slash path relative to the root or its
	// base name, e.g. "archive", "*.bak", "docs/old".
	Ignore []string

	// Limits bound what is read: a candidate bigger than InventoryBytes is a
	// problem, not a source. Zero fields are the defaults.
	Limits limits.Limits
}

// Result is what Scan found.
type Result struct {
	Sources  []File          // inventory sources, sorted by Path
	Docs     []File          // Terraform modules, state files, markdown, playbooks, roles and alert rules, sorted by Path
	Problems []model.Problem // per file, sorted by path and line
	Files    int             // files looked at

	// Owners are the files named CODEOWNERS or OWNERS, wherever the walk
	// passed them, sorted: package history decides which of them count.
	Owners []string

	// RolesPath are the directories ansible.cfg files name in roles_path,
	// relative to the root.
	RolesPath []string

	// Configs are the ansible.cfg files ansible would read, by path.
	Configs []*model.AnsibleConfig
}

// sniffBytes is how much of a candidate the sniffers see.
const sniffBytes = 64 << 10

// Scan walks root and returns the inventory sources to load. A source is
// either a file or a directory (an inventories/<env>/ directory is one
// source, as ansible -i dir/ reads it).
//
// Sources named by an ansible.cfg ([defaults] inventory=, in the root or in
// any other directory) come first; the rest of the repository is searched
// too, for inventories the configuration does not name. A source inside
// another source is not listed again. Scan never descends into symlinked
// directories, so links cannot loop; a file that cannot be read, or a broken
// ansible.cfg, is a Problem and the walk goes on. Scan returns an error only
// when root cannot be walked at all or ctx is done.
func Scan(ctx context.Context, root string, opt Options) (*Result, error) {
	for _, g := range opt.Ignore {
		if _, err := path.Match(g, ""); err != nil {
			return nil, fmt.Errorf("ignore glob %q: %w", g, err)
		}
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(absRoot)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", root)
	}
	realRoot, err := filepath.EvalSymlinks(absRoot)
	if err != nil {
		return nil, err
	}
	opt.Limits = opt.Limits.OrDefault()
	w := &walker{ctx: ctx, absRoot: absRoot, realRoot: realRoot, opt: opt}
	if err := w.walkDir(absRoot, ".", false); err != nil {
		return nil, err
	}
	slices.Sort(w.owners)
	res := &Result{Sources: w.resolve(), Docs: w.documents(), Problems: w.problems, Files: w.files, Owners: w.owners, RolesPath: w.rolesPath}
	slices.SortFunc(w.configs, func(a, b *model.AnsibleConfig) int { return cmp.Compare(a.Path, b.Path) })
	res.Configs = w.configs
	for i := range res.Sources {
		if res.Sources[i].Config == "" {
			res.Sources[i].Config = nearestConfig(w.configs, res.Sources[i].Path)
		}
	}
	slices.SortFunc(res.Problems, func(a, b model.Problem) int {
		return cmp.Or(
			cmp.Compare(a.Source.Path, b.Source.Path),
			cmp.Compare(a.Source.Line, b.Source.Line),
			cmp.Compare(a.Message, b.Message))
	})
	// A file reached twice (by ansible.cfg and by name) has its problem once.
	res.Problems = slices.Compact(res.Problems)
	return res, nil
}

// candidate is a source before deduplication.
type candidate struct {
	File
	real    string // absolute, symlinks resolved: two paths to one file are one source
	dir     bool
	fromCfg bool
	cfgLine model.Source // the inventory= line, for fromCfg
}

// resolve drops the candidates that another one already covers. An
// ansible.cfg is what the team runs, so what it names wins: a directory found
// by its place gives way to a cfg-named source inside it, and the rest of
// that directory's inventories are then listed one by one.
func (w *walker) resolve() []File {
	var kept []candidate
	covered := func(c candidate) bool {
		for _, k := range kept {
			// A file that ansible skips in a directory ansible.cfg
			// names is a source of its own (skippedBy flags it).
			if k.real == c.real || (k.dir && within(k.real, c.real) && (c.dir || !k.fromCfg || !skippedInDir(k.real, c.real))) {
				return true
			}
		}
		return false
	}
	cfg, found := splitCandidates(w.cands)
	// Of two paths to one source, keep its own over a link to it.
	slices.SortStableFunc(found, func(a, b candidate) int {
		return cmp.Compare(a.linked(w), b.linked(w))
	})
	for _, c := range cfg {
		if !covered(c) {
			kept = append(kept, c)
		}
	}
	// Directories before files, so that files inside a kept directory go.
	for _, c := range found {
		if !c.dir || covered(c) {
			continue
		}
		if slices.ContainsFunc(cfg, func(k candidate) bool { return within(c.real, k.real) }) {
			continue
		}
		kept = append(kept, c)
	}
	for _, c := range found {
		if !c.dir && !covered(c) {
			c.NotReadBy = skippedBy(kept, c)
			kept = append(kept, c)
		}
	}
	out := make([]File, len(kept))
	for i, c := range kept {
		out[i] = c.File
	}
	slices.SortFunc(out, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return out
}

// nearestConfig returns the ansible.cfg in the deepest directory above
// rel, "" when there is none.
func nearestConfig(configs []*model.AnsibleConfig, rel string) string {
	best, bestDepth := "", -1
	for _, c := range configs {
		dir, depth := path.Dir(c.Path), 0
		if dir != "." {
			if !strings.HasPrefix(rel, dir+"/") {
				continue
			}
			depth = strings.Count(dir, "/") + 1
		}
		if depth > bestDepth {
			best, bestDepth = c.Path, depth
		}
	}
	return best
}

// skippedInDir reports whether ansible, reading directory dir as an
// inventory, skips the file p below it: its name, or the name of a
// directory on the way, is one ansible ignores.
func skippedInDir(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	if err != nil {
		return false
	}
	for _, name := range strings.Split(filepath.ToSlash(rel), "/") {
		if strings.HasPrefix(name, ".") || ansibleIgnoresInDir(name) {
			return true
		}
	}
	return false
}

// skippedBy returns the inventory= line of the ansible.cfg-named directory
// that holds c but skips it, zero when there is none.
func skippedBy(kept []candidate, c candidate) model.Source {
	for _, k := range kept {
		if k.fromCfg && k.dir && within(k.real, c.real) && skippedInDir(k.real, c.real) {
			return k.cfgLine
		}
	}
	return model.Source{}
}

// linked is 1 when c was reached through a symlink, else 0.
func (c candidate) linked(w *walker) int {
	if c.real == w.realPath(c.Path) {
		return 0
	}
	return 1
}

func splitCandidates(all []candidate) (cfg, found []candidate) {
	for _, c := range all {
		if c.fromCfg {
			cfg = append(cfg, c)
		} else {
			found = append(found, c)
		}
	}
	return cfg, found
}

// within reports whether absolute path p lies below directory dir.
func within(dir, p string) bool {
	return strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

func (w *walker) problem(sev model.Severity, rel string, line int, format string, args ...any) {
	w.problems = append(w.problems, model.Problem{
		Source:   model.Source{Path: rel, Line: line},
		Severity: sev,
		Message:  fmt.Sprintf(format, args...),
	})
}
