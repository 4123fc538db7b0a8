package history

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"handover/internal/redact"
)

// Sync makes dir a clone of url at branch (the remote's default branch when
// empty): it clones when dir does not exist or is empty, else fetches and
// moves the work tree to the remote branch, but only when that loses
// nothing: the work tree must be clean (no changes, no untracked files) and
// every commit of HEAD and of the local branch must be on the remote (a
// fast-forward, or a remote that was force-pushed). Otherwise dir is left
// as it is and the error is a *KeptError saying why; the caller can read dir
// as it stands. It returns the new HEAD hash and whether it changed. url may
// be a local path or file:// (tests), https or ssh.
//
// An empty branch follows the branch the first clone checked out. Local
// paths and file:// need the git binary (go-git runs git-upload-pack for
// them); https and ssh do not. Errors never show the URL's credentials.
func Sync(ctx context.Context, url, branch, dir string) (head string, changed bool, err error) {
	defer func() {
		if err != nil {
			err = redactError(err, url)
		}
	}()
	repo, err := git.PlainOpen(dir)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return clone(ctx, url, branch, dir)
	}
	if err != nil {
		return "", false, fmt.Errorf("sync %s: %w", dir, err)
	}

	var old plumbing.Hash
	if ref, err := repo.Head(); err == nil {
		old = ref.Hash()
	}
	if err := setOrigin(repo, url); err != nil {
		return "", false, fmt.Errorf("sync %s: %w", dir, err)
	}
	if branch == "" {
		if branch, err = checkedOutBranch(ctx, repo); err != nil {
			return "", false, fmt.Errorf("sync %s: %w", dir, err)
		}
	}
	remoteRef := plumbing.NewRemoteReferenceName("origin", branch)
	seen := remoteHeads(repo) // before the fetch: what a force-push replaced counts too
	spec := config.RefSpec(fmt.Sprintf("+%s:%s", plumbing.NewBranchReferenceName(branch), remoteRef))
	err = repo.FetchContext(ctx, &git.FetchOptions{RemoteName: "origin", RefSpecs: []config.RefSpec{spec}, Force: true})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return "", false, fmt.Errorf("sync %s: fetching %s from %s: %w", dir, branch, url, err)
	}
	ref, err := repo.Reference(remoteRef, true)
	if err != nil {
		return "", false, fmt.Errorf("sync %s: %s: %w", dir, remoteRef, err)
	}
	target := ref.Hash()
	if target == old {
		return target.String(), false, nil
	}
	local := plumbing.NewBranchReferenceName(branch)
	if err := checkNothingLost(repo, dir, old, local, append(seen, remoteHeads(repo)...)); err != nil {
		return old.String(), false, err
	}

	// Point the local branch at the fetched commit and HEAD at the branch
	// (it changes when the configured branch does), then make the index and
	// work tree match; a hard reset also removes files the remote deleted.
	if err := repo.Storer.SetReference(plumbing.NewHashReference(local, target)); err != nil {
		return "", false, err
	}
	if err := repo.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, local)); err != nil {
		return "", false, err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return "", false, fmt.Errorf("sync %s: %w", dir, err)
	}
	// Only the files that differ between the two commits are touched: a
	// reset of the whole tree would also delete ignored files (.env, local
	// secrets), which are the user's.
	files, err := changedFiles(repo, old, target)
	if err != nil {
		return "", false, fmt.Errorf("sync %s: %w", dir, err)
	}
	if err := wt.Reset(&git.ResetOptions{Commit: target, Mode: git.HardReset, Files: files}); err != nil {
		return "", false, fmt.Errorf("sync %s: checking out %s: %w", dir, target, err)
	}
	return target.String(), target != old, nil
}

// changedFiles lists the paths that differ between commits a and b; nil
// when a is zero (nothing checked out yet: everything).
func changedFiles(repo *git.Repository, a, b plumbing.Hash) ([]string, error) {
	if a.IsZero() {
		return nil, nil
	}
	trees := make([]*object.Tree, 2)
	for i, h := range []plumbing.Hash{a, b} {
		c, err := repo.CommitObject(h)
		if err != nil {
			return nil, err
		}
		if trees[i], err = c.Tree(); err != nil {
			return nil, err
		}
	}
	changes, err := object.DiffTree(trees[0], trees[1])
	if err != nil {
		return nil, err
	}
	var files []string
	for _, ch := range changes {
		for _, name := range []string{ch.From.Name, ch.To.Name} {
			if name != "" && !slices.Contains(files, name) {
				files = append(files, name)
			}
		}
	}
	if len(files) == 0 {
		files = []string{".git-nothing-changed"} // an empty list would mean every file
	}
	return files, nil
}

// KeptError says why Sync left an existing work tree as it was.
type KeptError struct {
	Dir, Reason string
}

func (e *KeptError) Error() string {
	return fmt.Sprintf("%s not updated from the remote: %s; handover does not touch it", e.Dir, e.Reason)
}

// remoteHeads are the commits the remote-tracking branches point at.
func remoteHeads(repo *git.Repository) []plumbing.Hash {
	var out []plumbing.Hash
	refs, err := repo.References()
	if err != nil {
		return nil
	}
	_ = refs.ForEach(func(r *plumbing.Reference) error {
		if r.Name().IsRemote() && r.Type() == plumbing.HashReference {
			out = append(out, r.Hash())
		}
		return nil
	})
	return out
}

// checkNothingLost returns a *KeptError unless moving HEAD and the local
// branch to the remote loses nothing: a clean work tree (ignored files
// aside, which the reset keeps) and no commit that only this clone has.
func checkNothingLost(repo *git.Repository, dir string, head plumbing.Hash, local plumbing.ReferenceName, remote []plumbing.Hash) error {
	wt, err := repo.Worktree()
	if err != nil {
		return err
	}
	status, err := wt.Status()
	if err != nil {
		return err
	}
	if !status.IsClean() {
		return &KeptError{Dir: dir, Reason: fmt.Sprintf("the work tree has %d changed or untracked files", len(status))}
	}
	commits := []plumbing.Hash{head}
	if ref, err := repo.Reference(local, true); err == nil {
		commits = append(commits, ref.Hash())
	}
	for _, c := range commits {
		if !c.IsZero() && !onRemote(repo, c, remote) {
			return &KeptError{Dir: dir, Reason: fmt.Sprintf("commit %s is not on the remote (local commits)", c.String()[:12])}
		}
	}
	return nil
}

// onRemote reports whether commit c is one of remote or an ancestor of one.
func onRemote(repo *git.Repository, c plumbing.Hash, remote []plumbing.Hash) bool {
	commit, err := repo.CommitObject(c)
	if err != nil {
		return false
	}
	for _, r := range remote {
		if r == c {
			return true
		}
		if rc, err := repo.CommitObject(r); err == nil {
			if ok, err := commit.IsAncestor(rc); err == nil && ok {
				return true
			}
		}
	}
	return false
}

func clone(ctx context.Context, url, branch, dir string) (string, bool, error) {
	created := false
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		created = true
	case err != nil:
		return "", false, fmt.Errorf("sync %s: %w", dir, err)
	case len(entries) > 0:
		return "", false, fmt.Errorf("sync %s: not a git repository and not empty", dir)
	}
	opts := &git.CloneOptions{URL: url}
	if branch != "" {
		opts.ReferenceName = plumbing.NewBranchReferenceName(branch)
		opts.SingleBranch = true
	}
	repo, err := git.PlainCloneContext(ctx, dir, false, opts)
	if err != nil {
		cleanUp(dir, created)
		return "", false, fmt.Errorf("sync %s: cloning %s: %w", dir, url, err)
	}
	ref, err := repo.Head()
	if err != nil {
		return "", false, fmt.Errorf("sync %s: cloned %s: %w", dir, url, err)
	}
	return ref.Hash().String(), true, nil
}

// cleanUp removes what a failed clone left: dir itself when Sync created it,
// else its contents.
func cleanUp(dir string, created bool) {
	if created {
		os.RemoveAll(dir)
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// setOrigin points origin at url, which changes when the configuration does.
func setOrigin(repo *git.Repository, url string) error {
	cfg, err := repo.Config()
	if err != nil {
		return err
	}
	origin := cfg.Remotes["origin"]
	if origin != nil && len(origin.URLs) == 1 && origin.URLs[0] == url {
		return nil
	}
	if origin == nil {
		origin = &config.RemoteConfig{Name: "origin"}
		cfg.Remotes["origin"] = origin
	}
	origin.URLs = []string{url}
	if len(origin.Fetch) == 0 {
		origin.Fetch = []config.RefSpec{"+refs/heads/*:refs/remotes/origin/*"}
	}
	return repo.SetConfig(cfg)
}

// checkedOutBranch is the branch HEAD is on, else the remote's default.
func checkedOutBranch(ctx context.Context, repo *git.Repository) (string, error) {
	head, err := repo.Reference(plumbing.HEAD, false)
	if err == nil && head.Type() == plumbing.SymbolicReference && head.Target().IsBranch() {
		return head.Target().Short(), nil
	}
	remote, err := repo.Remote("origin")
	if err != nil {
		return "", err
	}
	refs, err := remote.ListContext(ctx, &git.ListOptions{})
	if err != nil {
		return "", err
	}
	for _, r := range refs {
		if r.Name() == plumbing.HEAD && r.Type() == plumbing.SymbolicReference {
			return r.Target().Short(), nil
		}
	}
	return "", errors.New("cannot tell the remote's default branch; configure one")
}

// redactedError keeps the cause for errors.Is but shows no credentials.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func redactError(err error, rawURL string) error {
	msg := err.Error()
	safe := strings.ReplaceAll(msg, rawURL, redact.URL(rawURL))
	// go-git may print the endpoint its own way: drop the secrets themselves.
	if u, perr := url.Parse(rawURL); perr == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			safe = strings.ReplaceAll(safe, pw, "REDACTED")
		}
		if name := u.User.Username(); name != "" && !strings.Contains(u.Scheme, "ssh") {
			safe = strings.ReplaceAll(safe, name+"@", "")
		}
	}
	if safe == msg {
		return err
	}
	return &redactedError{msg: safe, err: err}
}
