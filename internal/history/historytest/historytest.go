// Package historytest builds git repositories with scripted histories for
// tests: who committed which file when. It writes objects with go-git, so it
// needs neither the git binary nor a ~/.gitconfig. It is for tests only;
// reading history is package history's job.
package historytest

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/memory"
)

// Commit is one scripted commit.
type Commit struct {
	Author, Email string
	Date          time.Time
	Message       string
	Files         map[string]string // path -> new content; "" deletes the file
}

// Build creates a git repository in dir with the commits in order (author and
// committer date = Date) on branch main and checks the last one out. When dir
// already is a git repository, the commits go on top of its HEAD instead, so
// a test can add to a history it built before.
func Build(t testing.TB, dir string, commits []Commit) {
	t.Helper()
	scripted := make([]change, len(commits))
	for i, c := range commits {
		files := make(map[string]*string, len(c.Files))
		for p, content := range c.Files {
			if content == "" {
				files[p] = nil
			} else {
				files[p] = &content
			}
		}
		scripted[i] = change{Commit: c, files: files}
	}
	if err := build(dir, scripted); err != nil {
		t.Fatalf("historytest.Build %s: %v", dir, err)
	}
}

// change is a Commit whose files can also be empty: nil deletes.
type change struct {
	Commit
	files map[string]*string
}

// build writes the commits as objects, moves the branch HEAD points to and
// resets the work tree to it.
func build(dir string, changes []change) error {
	repo, err := git.PlainOpen(dir)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		repo, err = git.PlainInitWithOptions(dir, &git.PlainInitOptions{
			InitOptions: git.InitOptions{DefaultBranch: plumbing.Main},
		})
	}
	if err != nil {
		return err
	}
	headRef, err := repo.Reference(plumbing.HEAD, false)
	if err != nil {
		return err
	}
	branch := headRef.Target()
	if headRef.Type() != plumbing.SymbolicReference || !branch.IsBranch() {
		return fmt.Errorf("HEAD is not on a branch")
	}

	root := newDirNode()
	var parents []plumbing.Hash
	if ref, err := repo.Reference(branch, true); err == nil {
		parent, err := repo.CommitObject(ref.Hash())
		if err != nil {
			return err
		}
		tree, err := parent.Tree()
		if err != nil {
			return err
		}
		if err := root.load(tree); err != nil {
			return err
		}
		parents = []plumbing.Hash{parent.Hash}
	} else if !errors.Is(err, plumbing.ErrReferenceNotFound) {
		return err
	}

	// Objects go to memory first and into the repository as one pack file
	// at the end: writing thousands of loose objects is what would cost.
	s := &recordingStorer{EncodedObjectStorer: memory.NewStorage(), seen: map[plumbing.Hash]bool{}}
	for i, c := range changes {
		for _, p := range slices.Sorted(maps.Keys(c.files)) {
			if err := checkPath(p); err != nil {
				return fmt.Errorf("commit %d: %w", i, err)
			}
			content := c.files[p]
			if content == nil {
				root.remove(strings.Split(p, "/"))
				continue
			}
			blob, err := writeBlob(s, *content)
			if err != nil {
				return err
			}
			root.set(strings.Split(p, "/"), blob)
		}
		tree, err := root.write(s)
		if err != nil {
			return err
		}
		sig := object.Signature{Name: c.Author, Email: c.Email, When: c.Date}
		msg := c.Message
		if !strings.HasSuffix(msg, "\n") {
			msg += "\n"
		}
		commit := &object.Commit{Author: sig, Committer: sig, Message: msg, TreeHash: tree, ParentHashes: parents}
		obj := s.NewEncodedObject()
		if err := commit.Encode(obj); err != nil {
			return err
		}
		h, err := s.SetEncodedObject(obj)
		if err != nil {
			return err
		}
		parents = []plumbing.Hash{h}
	}
	if len(parents) == 0 {
		return nil // no commits at all: an empty repository
	}
	head := parents[0]
	if err := writePack(repo.Storer, s); err != nil {
		return fmt.Errorf("writing objects: %w", err)
	}
	if err := repo.Storer.SetReference(plumbing.NewHashReference(branch, head)); err != nil {
		return err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return err
	}
	if err := wt.Reset(&git.ResetOptions{Commit: head, Mode: git.HardReset}); err != nil {
		return fmt.Errorf("checking out %s: %w", head, err)
	}
	return nil
}

// recordingStorer remembers which objects were written, in order.
type recordingStorer struct {
	storer.EncodedObjectStorer
	hashes []plumbing.Hash
	seen   map[plumbing.Hash]bool
}

func (r *recordingStorer) SetEncodedObject(o plumbing.EncodedObject) (plumbing.Hash, error) {
	h, err := r.EncodedObjectStorer.SetEncodedObject(o)
	if err == nil && !r.seen[h] {
		r.seen[h] = true
		r.hashes = append(r.hashes, h)
	}
	return h, err
}

// writePack stores the objects of src in dst as one pack file, without
// deltas (git gc makes those if a test wants them).
func writePack(dst storer.Storer, src *recordingStorer) (err error) {
	if len(src.hashes) == 0 {
		return nil
	}
	pw, ok := dst.(storer.PackfileWriter)
	if !ok {
		for _, h := range src.hashes {
			o, err := src.EncodedObject(plumbing.AnyObject, h)
			if err != nil {
				return err
			}
			if _, err := dst.SetEncodedObject(o); err != nil {
				return err
			}
		}
		return nil
	}
	w, err := pw.PackfileWriter()
	if err != nil {
		return err
	}
	defer func() {
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}()
	_, err = packfile.NewEncoder(w, src, false).Encode(src.hashes, 0)
	return err
}

func checkPath(p string) error {
	if p == "" || path.IsAbs(p) || path.Clean(p) != p || p == ".git" || strings.HasPrefix(p, "../") ||
		strings.HasPrefix(p, ".git/") || p == ".." {
		return fmt.Errorf("bad path %q: want a clean relative slash path", p)
	}
	return nil
}

func writeBlob(s storer.EncodedObjectStorer, content string) (plumbing.Hash, error) {
	obj := s.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write([]byte(content)); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return s.SetEncodedObject(obj)
}

// dirNode is one directory of the tree being built. Only directories changed
// since the last commit are encoded again, so a commit costs its changes, not
// the size of the tree.
type dirNode struct {
	files map[string]plumbing.Hash
	dirs  map[string]*dirNode
	hash  plumbing.Hash // the encoded tree, valid unless dirty
	dirty bool
}

func newDirNode() *dirNode {
	return &dirNode{files: map[string]plumbing.Hash{}, dirs: map[string]*dirNode{}, dirty: true}
}

func (d *dirNode) load(t *object.Tree) error {
	for _, e := range t.Entries {
		if e.Mode != filemode.Dir {
			d.files[e.Name] = e.Hash
			continue
		}
		sub, err := t.Tree(e.Name)
		if err != nil {
			return err
		}
		child := newDirNode()
		if err := child.load(sub); err != nil {
			return err
		}
		d.dirs[e.Name] = child
	}
	d.hash, d.dirty = t.Hash, false
	return nil
}

func (d *dirNode) set(segs []string, blob plumbing.Hash) {
	d.dirty = true
	name := segs[0]
	if len(segs) == 1 {
		delete(d.dirs, name)
		d.files[name] = blob
		return
	}
	delete(d.files, name)
	child := d.dirs[name]
	if child == nil {
		child = newDirNode()
		d.dirs[name] = child
	}
	child.set(segs[1:], blob)
}

// remove deletes a file and then any directory it leaves empty.
func (d *dirNode) remove(segs []string) {
	name := segs[0]
	if len(segs) == 1 {
		if _, ok := d.files[name]; ok {
			delete(d.files, name)
			d.dirty = true
		}
		return
	}
	child := d.dirs[name]
	if child == nil {
		return
	}
	child.remove(segs[1:])
	if child.dirty {
		d.dirty = true
	}
	if len(child.files) == 0 && len(child.dirs) == 0 {
		delete(d.dirs, name)
	}
}

func (d *dirNode) write(s storer.EncodedObjectStorer) (plumbing.Hash, error) {
	if !d.dirty {
		return d.hash, nil
	}
	entries := make([]object.TreeEntry, 0, len(d.files)+len(d.dirs))
	for name, h := range d.files {
		entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: h})
	}
	for name, child := range d.dirs {
		h, err := child.write(s)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
	}
	sort.Sort(object.TreeEntrySorter(entries))
	obj := s.NewEncodedObject()
	if err := (&object.Tree{Entries: entries}).Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	h, err := s.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	d.hash, d.dirty = h, false
	return h, nil
}

// readTree reads every regular file below dir, skipping .git, by slash path.
func readTree(dir string) (map[string]string, error) {
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	return files, err
}
