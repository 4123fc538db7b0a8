package history

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage"

	"handover/internal/model"
)

// walk is what one pass over the log found.
type walk struct {
	files  map[string]*model.FileHistory // for the files asked for
	events map[string][]fileEvent        // for the files to blame, newest first
}

// fileEvent is a commit that changed a file: its version before (in the
// first parent; zero when the file was created) and after.
type fileEvent struct {
	commit   model.Commit
	from, to plumbing.Hash
}

// walkLog walks the log from head once and, for each commit, compares its
// tree with its parents' only along the paths asked for: a directory whose
// tree hash did not change is not opened. That makes a commit cost what it
// changed, not the size of the repository or the number of files. Changes
// to the files in blame are kept as events for blameFromEvents.
func (wt *workTree) walkLog(ctx context.Context, head *object.Commit, files []string, blame []string, opt Options) (*walk, error) {
	trie := &pathTrie{}
	var stats []*fileStats
	add := func(f string) *fileStats {
		p, ok := wt.repoPath(f)
		if !ok {
			return nil
		}
		node := trie.insert(p)
		if node.file == 0 {
			stats = append(stats, &fileStats{path: path.Clean(f), authors: map[string]*model.AuthorStat{}})
			node.file = len(stats)
		}
		return stats[node.file-1]
	}
	for _, f := range files {
		if st := add(f); st != nil {
			st.report = true
		}
	}
	for _, f := range blame {
		if st := add(f); st != nil {
			st.blame = true
		}
	}
	w := &walk{}
	if len(stats) == 0 {
		return w, nil
	}

	// Newest first by committer date, like git log. In a shallow clone the
	// parents of the boundary commits are missing: those commits are roots.
	missing, err := shallowParents(wt.repo.Storer)
	if err != nil {
		return nil, fmt.Errorf("%s: shallow: %w", wt.top, err)
	}
	iter := object.NewCommitIterCTime(head, maps.Clone(missing), nil)
	defer iter.Close()
	d := treeDiffer{s: wt.repo.Storer, trees: map[plumbing.Hash]map[string]treeEntry{}, commitTrees: map[plumbing.Hash]plumbing.Hash{}}
	ch := newChanges(len(stats))
	err = iter.ForEach(func(c *object.Commit) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		d.commitTrees[c.Hash] = c.TreeHash
		// A commit touches a file when the file differs from every parent:
		// a merge that took one side's version unchanged did not touch it.
		parents := c.ParentHashes
		if len(missing) > 0 {
			parents = slices.DeleteFunc(slices.Clone(parents), func(p plumbing.Hash) bool { return missing[p] })
		}
		if len(parents) == 0 {
			ch.parent = 0
			if err := d.diff(plumbing.ZeroHash, c.TreeHash, trie, ch.mark); err != nil {
				return err
			}
		}
		for i, p := range parents {
			pt, err := d.commitTree(p)
			if err != nil {
				return err
			}
			ch.parent = i
			if err := d.diff(pt, c.TreeHash, trie, ch.mark); err != nil {
				return err
			}
		}
		var mc *model.Commit
		for _, f := range ch.touched {
			if ch.counts[f] == max(len(parents), 1) {
				if mc == nil {
					m := wt.modelCommit(c)
					mc = &m
				}
				st := stats[f-1]
				st.add(*mc, opt)
				if st.blame {
					st.events = append(st.events, fileEvent{commit: *mc, from: ch.from[f], to: ch.to[f]})
				}
			}
			ch.counts[f] = 0
		}
		ch.touched = ch.touched[:0]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: log: %w", wt.top, err)
	}

	w.files = map[string]*model.FileHistory{}
	w.events = map[string][]fileEvent{}
	for _, st := range stats {
		if st.report && st.total > 0 {
			w.files[st.path] = st.history()
		}
		if st.blame {
			w.events[st.path] = st.events
		}
	}
	return w, nil
}

// shallowParents are the parents of a shallow clone's boundary commits,
// which the clone does not have.
func shallowParents(s storage.Storer) (map[plumbing.Hash]bool, error) {
	shallow, err := s.Shallow()
	if err != nil || len(shallow) == 0 {
		return nil, err
	}
	missing := map[plumbing.Hash]bool{}
	for _, h := range shallow {
		c, err := object.GetCommit(s, h)
		if err != nil {
			return nil, fmt.Errorf("boundary commit %s: %w", h, err)
		}
		for _, p := range c.ParentHashes {
			if s.HasEncodedObject(p) != nil {
				missing[p] = true
			}
		}
	}
	return missing, nil
}

// changes collects the files one commit changed, per parent.
type changes struct {
	parent   int // the parent being compared
	counts   []int
	touched  []int
	from, to []plumbing.Hash // the versions against the first parent
}

func newChanges(n int) *changes {
	return &changes{counts: make([]int, n+1), from: make([]plumbing.Hash, n+1), to: make([]plumbing.Hash, n+1)}
}

func (ch *changes) mark(file int, from, to plumbing.Hash) {
	if ch.counts[file] == 0 {
		ch.touched = append(ch.touched, file)
	}
	ch.counts[file]++
	if ch.parent == 0 {
		ch.from[file], ch.to[file] = from, to
	}
}

// pathTrie holds the requested paths, one node per path segment.
type pathTrie struct {
	children map[string]*pathTrie
	file     int // 1-based index of the file ending here; 0 when none does
}

func (t *pathTrie) insert(p string) *pathTrie {
	for seg := range strings.SplitSeq(p, "/") {
		if t.children == nil {
			t.children = map[string]*pathTrie{}
		}
		child := t.children[seg]
		if child == nil {
			child = &pathTrie{}
			t.children[seg] = child
		}
		t = child
	}
	return t
}

type treeEntry struct {
	hash plumbing.Hash
	mode filemode.FileMode
}

// treeDiffer compares trees along a pathTrie, caching decoded trees.
type treeDiffer struct {
	s           storer.EncodedObjectStorer
	trees       map[plumbing.Hash]map[string]treeEntry
	commitTrees map[plumbing.Hash]plumbing.Hash // commit -> its root tree
}

// maxCachedTrees bounds the tree cache; it is dropped whole when full,
// which costs a few re-reads and keeps memory flat on huge histories.
const maxCachedTrees = 1 << 14

func (d *treeDiffer) tree(h plumbing.Hash) (map[string]treeEntry, error) {
	if h.IsZero() {
		return nil, nil
	}
	if t, ok := d.trees[h]; ok {
		return t, nil
	}
	m, err := readTree(d.s, h)
	if err != nil {
		return nil, fmt.Errorf("tree %s: %w", h, err)
	}
	if len(d.trees) >= maxCachedTrees {
		clear(d.trees)
	}
	d.trees[h] = m
	return m, nil
}

// readTree decodes a tree object straight into a map: entries are
// "<octal mode> <name>\x00<20-byte hash>". It is go-git's DecodeTree without
// the copies, and the walk spends most of its time here.
func readTree(s storer.EncodedObjectStorer, h plumbing.Hash) (map[string]treeEntry, error) {
	obj, err := s.EncodedObject(plumbing.TreeObject, h)
	if err != nil {
		return nil, err
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	data := make([]byte, 0, obj.Size())
	buf := bytes.NewBuffer(data)
	_, err = buf.ReadFrom(r)
	r.Close()
	if err != nil {
		return nil, err
	}
	data = buf.Bytes()
	m := make(map[string]treeEntry, len(data)/40)
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		nul := bytes.IndexByte(data, 0)
		if sp < 0 || nul < sp || len(data) < nul+1+20 {
			return nil, errors.New("malformed tree")
		}
		mode, err := filemode.New(string(data[:sp]))
		if err != nil {
			return nil, err
		}
		var e treeEntry
		e.mode = mode
		copy(e.hash[:], data[nul+1:nul+21])
		m[string(data[sp+1:nul])] = e
		data = data[nul+21:]
	}
	return m, nil
}

func (d *treeDiffer) commitTree(h plumbing.Hash) (plumbing.Hash, error) {
	if t, ok := d.commitTrees[h]; ok {
		return t, nil
	}
	c, err := object.GetCommit(d.s, h)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("commit %s: %w", h, err)
	}
	d.commitTrees[h] = c.TreeHash
	return c.TreeHash, nil
}

// diff calls mark for each requested file that differs between the trees a
// and b (zero for none), with its blobs in each (zero when absent), opening
// only directories whose hashes differ.
func (d *treeDiffer) diff(a, b plumbing.Hash, node *pathTrie, mark func(file int, from, to plumbing.Hash)) error {
	if a == b {
		return nil
	}
	ta, err := d.tree(a)
	if err != nil {
		return err
	}
	tb, err := d.tree(b)
	if err != nil {
		return err
	}
	for name, child := range node.children {
		ea, inA := ta[name]
		eb, inB := tb[name]
		if inA == inB && ea == eb {
			continue
		}
		dirA, dirB := inA && ea.mode == filemode.Dir, inB && eb.mode == filemode.Dir
		if child.file != 0 {
			fileA, fileB := inA && !dirA, inB && !dirB
			if fileA != fileB || fileA && ea != eb {
				var from, to plumbing.Hash
				if fileA {
					from = ea.hash
				}
				if fileB {
					to = eb.hash
				}
				mark(child.file, from, to)
			}
		}
		if child.children != nil && (dirA || dirB) {
			var ha, hb plumbing.Hash
			if dirA {
				ha = ea.hash
			}
			if dirB {
				hb = eb.hash
			}
			if err := d.diff(ha, hb, child, mark); err != nil {
				return err
			}
		}
	}
	return nil
}

// fileStats gathers one file's history during the walk.
type fileStats struct {
	path    string
	report  bool // asked for in files
	blame   bool // asked for in lines: keep events
	events  []fileEvent
	total   int
	commits []model.Commit
	authors map[string]*model.AuthorStat // by identity: email, else name
}

func (st *fileStats) add(c model.Commit, opt Options) {
	st.total++
	if len(st.commits) < opt.CommitsPerFile {
		st.commits = append(st.commits, c)
	}
	if !opt.Since.IsZero() && c.Date.Before(opt.Since) {
		return
	}
	key := strings.ToLower(c.Email)
	if key == "" {
		key = "name:" + c.Author
	}
	a := st.authors[key]
	if a == nil {
		// The walk is newest first, so the name kept is the newest one.
		a = &model.AuthorStat{Name: c.Author, Email: c.Email}
		st.authors[key] = a
	}
	a.Commits++
	if c.Date.After(a.Last) {
		a.Last = c.Date
	}
}

func (st *fileStats) history() *model.FileHistory {
	fh := &model.FileHistory{Path: st.path, Total: st.total, Commits: st.commits}
	for _, a := range st.authors {
		fh.Authors = append(fh.Authors, *a)
	}
	slices.SortFunc(fh.Authors, func(x, y model.AuthorStat) int {
		if c := cmp.Compare(y.Commits, x.Commits); c != 0 {
			return c
		}
		if c := y.Last.Compare(x.Last); c != 0 {
			return c
		}
		return cmp.Compare(x.Name, y.Name)
	})
	return fh
}
