package history

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"

	"handover/internal/redact"
)

// Sync makes dir a clone of url at branch (the remote's default branch when
// empty): it clones when dir does not exist, else fetches and resets the work
// tree to the remote branch (the checkout is handover's own, never edited).
// It returns the new HEAD hash and whether it changed. url may be a local
// path or file:// (tests), https or ssh.
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

	// Point the local branch at the fetched commit and HEAD at the branch
	// (it changes when the configured branch does), then make the index and
	// work tree match; a hard reset also removes files the remote deleted.
	local := plumbing.NewBranchReferenceName(branch)
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
	if err := wt.Reset(&git.ResetOptions{Commit: target, Mode: git.HardReset}); err != nil {
		return "", false, fmt.Errorf("sync %s: checking out %s: %w", dir, target, err)
	}
	return target.String(), target != old, nil
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
