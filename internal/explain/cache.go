package explain

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"handover/internal/index"
	"handover/internal/inventory"
	"handover/internal/model"
)

// repoCache is what Explain keeps of one index generation of a
// repository: its inventory sources, their groups, and the declarations
// of their variables, read once.
type repoCache struct {
	name, root, generation string
	inventories            []inventorySource
	groups                 map[string]map[string]*model.Group // inventory -> group name -> group

	mu      sync.Mutex
	decls   map[string]*inventory.Declarations              // by inventory, read on first use
	vars    map[string]*varIndex                            // by inventory, built on first use
	byLine  map[string]map[string]map[int]*lineDeclarations // by inventory, path and line, built on first use
	reached map[string]reached                              // by inventory and group
	saved   map[string]*fileText                            // inventory files by path, read on first use
}

// reached is how many hosts a group's variables reach, and the first
// MaxValues of them by name.
type reached struct {
	first []string
	total int
}

// inventorySource is one inventory: a file, or a directory of files.
type inventorySource struct {
	path string
	dir  bool
	base string // the directory holding its group_vars/ and host_vars/
}

// repo returns the cache of info's generation, reading it when the
// repository was reindexed since.
func (e *Explainer) repo(ctx context.Context, info index.RepoInfo) (*repoCache, error) {
	e.mu.Lock()
	rc := e.repos[info.Name]
	e.mu.Unlock()
	if rc != nil && rc.generation == info.Generation {
		return rc, nil
	}
	rc = &repoCache{name: info.Name, root: info.Root, generation: info.Generation,
		groups: map[string]map[string]*model.Group{}, decls: map[string]*inventory.Declarations{}, vars: map[string]*varIndex{},
		byLine: map[string]map[string]map[int]*lineDeclarations{}, reached: map[string]reached{}, saved: map[string]*fileText{}}
	err := e.index.Each(ctx, index.Filter{Repo: info.Name, Kind: string(model.KindGroup)}, func(h index.Hit) bool {
		if g, ok := h.Item.(*model.Group); ok {
			if rc.groups[g.Inventory] == nil {
				rc.groups[g.Inventory] = map[string]*model.Group{}
			}
			rc.groups[g.Inventory][g.Name] = g
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	for inv := range rc.groups {
		src := inventorySource{path: inv, base: path.Dir(inv)}
		if fi, err := os.Stat(filepath.Join(info.Root, filepath.FromSlash(inv))); err == nil && fi.IsDir() {
			src.dir, src.base = true, inv
		}
		rc.inventories = append(rc.inventories, src)
	}
	e.mu.Lock()
	e.repos[info.Name] = rc
	e.mu.Unlock()
	return rc, nil
}

type fileKind int

const (
	otherFile fileKind = iota
	inventoryFile
	varsFile
)

// inventoriesOf says whether rel is an inventory file (of invs[0]) or a
// group_vars/host_vars file (of each of invs, which share it).
func (rc *repoCache) inventoriesOf(rel string) ([]inventorySource, inventory.VarsFile, fileKind) {
	if vf, ok := inventory.VarsFileOf(rel); ok {
		var invs []inventorySource
		for _, inv := range rc.inventories {
			if inv.base == vf.Base {
				invs = append(invs, inv)
			}
		}
		if len(invs) > 0 {
			return invs, vf, varsFile
		}
	}
	for _, inv := range rc.inventories {
		if rel == inv.path || inv.dir && strings.HasPrefix(rel, inv.path+"/") {
			return []inventorySource{inv}, inventory.VarsFile{}, inventoryFile
		}
	}
	return nil, inventory.VarsFile{}, otherFile
}

// owns reports whether rel is one of inv's files: the inventory itself or
// one of its vars files.
func (inv inventorySource) owns(rel string) bool {
	if rel == inv.path || inv.dir && strings.HasPrefix(rel, inv.path+"/") {
		return true
	}
	vf, ok := inventory.VarsFileOf(rel)
	return ok && vf.Base == inv.base
}

// varIndex is every place an inventory sets a variable, by variable name
// and then by owner ("g:" or "h:" and the group or host), in file order.
type varIndex struct {
	byName map[string]map[string][]setting
}

type setting struct {
	decl inventory.VarDeclaration
	file bool // set in group_vars/ or host_vars/, not in the inventory
}

func ownerKey(owner string, group bool) string {
	if group {
		return "g:" + owner
	}
	return "h:" + owner
}

func newVarIndex(d *inventory.Declarations, skip string) *varIndex {
	vi := &varIndex{byName: map[string]map[string][]setting{}}
	add := func(v inventory.VarDeclaration, file bool) {
		if v.Source.Path == skip {
			return
		}
		owners := vi.byName[v.Name]
		if owners == nil {
			owners = map[string][]setting{}
			vi.byName[v.Name] = owners
		}
		k := ownerKey(v.Owner, v.Group)
		owners[k] = append(owners[k], setting{decl: v, file: file})
	}
	for _, v := range d.GroupVars {
		add(v, false)
	}
	for _, h := range d.Hosts {
		for _, v := range h.Vars {
			add(v, false)
		}
	}
	for _, v := range d.VarsFiles {
		add(v, true)
	}
	return vi
}

// override is an editor's unsaved file standing in for the one on disk.
type override struct {
	rel   string
	decls *inventory.Declarations
}

// varIndex returns the variable declarations of inv, with over's file as
// the editor holds it when it is one of inv's files.
func (rc *repoCache) varIndex(inv inventorySource, over *override) (*varIndex, error) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	d, err := rc.declarations(inv)
	if err != nil {
		return nil, err
	}
	if over == nil || !inv.owns(over.rel) {
		vi := rc.vars[inv.path]
		if vi == nil {
			vi = newVarIndex(d, "")
			rc.vars[inv.path] = vi
		}
		return vi, nil
	}
	edited := newVarIndex(d, over.rel)
	for name, owners := range newVarIndex(over.decls, "").byName {
		if edited.byName[name] == nil {
			edited.byName[name] = map[string][]setting{}
		}
		for k, ss := range owners {
			edited.byName[name][k] = append(edited.byName[name][k], ss...)
		}
	}
	return edited, nil
}

// lines returns inv's declarations by path and line, as saved.
func (rc *repoCache) lines(inv inventorySource) (map[string]map[int]*lineDeclarations, error) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if l := rc.byLine[inv.path]; l != nil {
		return l, nil
	}
	d, err := rc.declarations(inv)
	if err != nil {
		return nil, err
	}
	l := indexLines(d)
	rc.byLine[inv.path] = l
	return l, nil
}

// declarations reads inv's declarations once; rc.mu is held.
func (rc *repoCache) declarations(inv inventorySource) (*inventory.Declarations, error) {
	if d := rc.decls[inv.path]; d != nil {
		return d, nil
	}
	d, err := inventory.ReadDeclarations(rc.root, inv.path)
	if err != nil {
		return nil, err
	}
	rc.decls[inv.path] = d
	return d, nil
}

// reach returns the first MaxValues hosts by name of group in inv (all
// its hosts for "all") and how many there are, from the group tree read
// once: counting them in the index would visit every match.
func (rc *repoCache) reach(inv, group string) ([]string, int) {
	key := inv + "\x00" + group
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if r, ok := rc.reached[key]; ok {
		return r.first, r.total
	}
	groups := rc.groups[inv]
	hosts := map[string]bool{}
	seen := map[string]bool{}
	var walk func(name string)
	walk = func(name string) {
		g := groups[name]
		if g == nil || seen[name] {
			return
		}
		seen[name] = true
		for _, h := range g.Hosts {
			hosts[h] = true
		}
		for _, c := range g.Children {
			walk(c)
		}
	}
	if group == "all" {
		for name := range groups {
			walk(name)
		}
	} else {
		walk(group)
	}
	names := make([]string, 0, len(hosts))
	for h := range hosts {
		names = append(names, h)
	}
	slices.Sort(names)
	r := reached{first: names[:min(len(names), MaxValues)], total: len(names)}
	rc.reached[key] = r
	return r.first, r.total
}

// savedFile returns an inventory file as read on first use, split into
// lines.
func (rc *repoCache) savedFile(rel string) (*fileText, error) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if f := rc.saved[rel]; f != nil {
		return f, nil
	}
	f, err := readFile(rc.root, rel, true)
	if err != nil {
		return nil, err
	}
	f.lines = strings.Split(f.text, "\n")
	rc.saved[rel] = f
	return f, nil
}
