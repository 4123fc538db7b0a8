// Package history reads git history for handover: who changed each indexed
// file and when, who last changed the lines that declare hosts, groups and
// resources (blame), who owns which path by CODEOWNERS and OWNERS files, and
// it keeps handover's own clones of remote repositories up to date (Sync).
//
// It reads git with go-git and runs the git binary only for blame, where
// git's handling of merges and renames is worth a process per file; without
// the binary, blame follows the file versions the log walk already found
// (go-git's own Blame re-walks the log per file and is far too slow). It
// knows nothing of the parsers, the index or the server: paths in,
// model.History out. Commit subjects are returned as written; redacting
// them is the caller's business.
package history

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"handover/internal/model"
	"handover/internal/redact"
)

// Options tune Read.
type Options struct {
	CommitsPerFile int // newest commits kept per file; 0 means 5
	// Since bounds how far back authorship is counted; zero means all history.
	// Older commits still count in FileHistory.Total and Commits, so a file
	// nobody touched for years still says who touched it last.
	Since time.Time
}

// Read reads the history of the work tree containing root for files (slash
// paths relative to root) and, for the lines given per file, who changed each
// line last. It returns (nil, nil) when root is not inside a git work tree.
// Paths outside git (untracked) are simply absent. root may be a
// subdirectory of the work tree.
//
// Lines are numbered as in the work tree, which is what the parsers read:
// lines changed but not committed are absent. The log is walked once for all
// files, however many; renames are not followed (a renamed file's history
// starts at the rename, except in blame by the git binary). Read leaves
// History.Owners empty: ReadOwners reports problems Read has no place for.
func Read(ctx context.Context, root string, files []string, lines map[string][]int, opt Options) (*model.History, error) {
	if opt.CommitsPerFile <= 0 {
		opt.CommitsPerFile = 5
	}
	wt, err := openWorkTree(root)
	if err != nil || wt == nil {
		return nil, err
	}
	if wt.close != nil {
		defer wt.close()
	}
	if _, err := wt.repo.Reference(plumbing.HEAD, false); err != nil {
		return nil, fmt.Errorf("%s: broken repository: HEAD: %w", wt.top, err)
	}
	h := &model.History{Branch: wt.branch(), Remote: wt.remote()}
	head, err := wt.repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return h, nil // HEAD names a branch without commits yet
	}
	if err != nil {
		return nil, fmt.Errorf("%s: HEAD: %w", wt.top, err)
	}
	commit, err := wt.repo.CommitObject(head.Hash())
	if err != nil {
		return nil, fmt.Errorf("%s: HEAD %s: %w", wt.top, head.Hash(), err)
	}
	wt.mailmap = readMailmap(wt.top, commit)
	h.Head = wt.modelCommit(commit)
	w, err := wt.walkLog(ctx, commit, files, slices.Collect(maps.Keys(lines)), opt)
	if err != nil {
		return nil, err
	}
	h.Files = w.files
	if h.Lines, err = wt.blameLines(ctx, commit, lines, w.events); err != nil {
		return nil, err
	}
	return h, nil
}

// workTree is an open repository and where root sits in it.
type workTree struct {
	repo    *git.Repository
	top     string // the work tree's top directory
	prefix  string // root relative to top, slash-separated; "" when root is top
	mailmap *mailmap
	close   func() error // releases the pack files; nil when there is nothing to release
}

func openWorkTree(root string) (*workTree, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, err
	}
	repo, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: opening git repository: %w", root, err)
	}
	w, err := repo.Worktree()
	if errors.Is(err, git.ErrIsBareRepository) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, err)
	}
	top := w.Filesystem.Root()
	// Compare real paths: a temp dir or a home directory behind a symlink
	// would otherwise put root outside its own work tree.
	realTop, err1 := filepath.EvalSymlinks(top)
	realRoot, err2 := filepath.EvalSymlinks(abs)
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(realTop, realRoot)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("%s: outside its work tree %s", root, top)
	}
	prefix := filepath.ToSlash(rel)
	if prefix == "." {
		prefix = ""
	}
	if prefix == ".git" || strings.HasPrefix(prefix, ".git/") {
		return nil, nil
	}
	wt := &workTree{repo: repo, top: realTop, prefix: prefix}
	// Reopen with pack files kept open and the object list read once: the
	// walk reads thousands of objects, and by default each read reopens the
	// pack and looks for a loose object first.
	if fsStorage, ok := repo.Storer.(*filesystem.Storage); ok {
		s := filesystem.NewStorageWithOptions(fsStorage.Filesystem(), cache.NewObjectLRUDefault(),
			filesystem.Options{KeepDescriptors: true, ExclusiveAccess: true})
		if wt.repo, err = git.Open(s, w.Filesystem); err != nil {
			return nil, fmt.Errorf("%s: opening git repository: %w", root, err)
		}
		wt.close = s.Close
	}
	return wt, nil
}

// repoPath turns a path relative to root into one relative to the top of
// the work tree; ok is false for paths that cannot be in it.
func (wt *workTree) repoPath(p string) (string, bool) {
	p = path.Clean(p)
	if p == "." || path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	if wt.prefix != "" {
		p = wt.prefix + "/" + p
	}
	return p, true
}

func (wt *workTree) branch() string {
	ref, err := wt.repo.Reference(plumbing.HEAD, false)
	if err != nil || ref.Type() != plumbing.SymbolicReference || !ref.Target().IsBranch() {
		return "" // detached
	}
	return ref.Target().Short()
}

func (wt *workTree) remote() string {
	r, err := wt.repo.Remote("origin")
	if err != nil || len(r.Config().URLs) == 0 {
		return ""
	}
	return redact.URL(r.Config().URLs[0])
}

func (wt *workTree) modelCommit(c *object.Commit) model.Commit {
	name, email := wt.mailmap.lookup(c.Author.Name, c.Author.Email)
	return model.Commit{
		Hash:    c.Hash.String(),
		Author:  name,
		Email:   email,
		Date:    c.Author.When,
		Subject: subject(c.Message),
	}
}

// subject is the first line of a commit message.
func subject(msg string) string {
	msg = strings.TrimLeft(msg, "\n")
	line, _, _ := strings.Cut(msg, "\n")
	return strings.TrimRight(line, "\r ")
}
