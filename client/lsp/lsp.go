// Package lsp is `handover lsp`: a Language Server over stdio that puts
// handoverd's answers in any editor. On inventories, group_vars and
// host_vars, playbooks, Terraform files and Markdown runbooks it offers
// hover (the Explain answer), go to definition (a host or group name to
// its inventory line and to the Terraform block that creates it, a
// variable to where its effective value is set, a module call to its
// directory), references, diagnostics (lint of the open buffer),
// document and workspace symbols, and completion of host and group names.
//
// It holds no index of its own: every answer comes from handoverd through
// package client, and the protocol from github.com/tliron/glsp over
// github.com/sourcegraph/jsonrpc2. The
// repository is the one whose path on the server holds the open file.
package lsp

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"handover/client"
)

// Options configure the server.
type Options struct {
	// Repo names the repository to use, when the server's repository
	// paths do not hold the workspace (a checkout elsewhere).
	Repo string
	// Debounce is how long diagnostics wait for typing to pause; 300ms
	// when 0.
	Debounce time.Duration
	Log      *slog.Logger
}

// Run serves the Language Server Protocol on stdin and stdout until the
// client exits, answering from the handoverd c talks to.
func Run(ctx context.Context, c *client.Client, opts Options) error {
	s := newServer(c, opts)
	out := stdioFrames()
	s.setConn(out) // before the first message, which may publish
	conn := connect(ctx, out, s.handler())
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	return nil
}

// server is the state of one editor session.
type server struct {
	c    *client.Client
	opts Options
	log  *slog.Logger

	mu      sync.Mutex
	out     *frames              // the stream to the editor, nil until Run connects
	root    string               // the workspace folder
	repos   []repoRoot           // the server's repositories, longest path first
	docs    map[string]*document // open documents by URI
	pending map[string]*time.Timer
}

// repoRoot is a repository and where its files are on this machine.
type repoRoot struct{ name, root string }

func newServer(c *client.Client, opts Options) *server {
	if opts.Debounce == 0 {
		opts.Debounce = 300 * time.Millisecond
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &server{c: c, opts: opts, log: log, docs: map[string]*document{}, pending: map[string]*time.Timer{}}
}

func (s *server) setConn(out *frames) {
	s.mu.Lock()
	s.out = out
	s.mu.Unlock()
}

func (s *server) handler() *protocol.Handler {
	h := &protocol.Handler{
		Initialized:                func(*glsp.Context, *protocol.InitializedParams) error { return nil },
		Shutdown:                   func(*glsp.Context) error { return nil },
		SetTrace:                   func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		TextDocumentDidOpen:        s.didOpen,
		TextDocumentDidChange:      s.didChange,
		TextDocumentDidSave:        s.didSave,
		TextDocumentDidClose:       s.didClose,
		TextDocumentHover:          s.hover,
		TextDocumentDefinition:     s.definition,
		TextDocumentReferences:     s.references,
		TextDocumentDocumentSymbol: s.documentSymbols,
		WorkspaceSymbol:            s.workspaceSymbols,
		TextDocumentCompletion:     s.completion,
	}
	h.Initialize = func(_ *glsp.Context, p *protocol.InitializeParams) (any, error) {
		s.initialize(p)
		caps := h.CreateServerCapabilities()
		full := protocol.TextDocumentSyncKindFull
		caps.TextDocumentSync = &protocol.TextDocumentSyncOptions{OpenClose: &protocol.True, Change: &full,
			Save: &protocol.SaveOptions{IncludeText: &protocol.False}}
		caps.CompletionProvider = &protocol.CompletionOptions{TriggerCharacters: []string{"[", ":", " "}}
		name, version := "handover", "1"
		return protocol.InitializeResult{Capabilities: caps, ServerInfo: &protocol.InitializeResultServerInfo{Name: name, Version: &version}}, nil
	}
	return h
}

// initialize keeps the workspace folder and reads the server's
// repositories, to map files to repositories.
func (s *server) initialize(p *protocol.InitializeParams) {
	root := ""
	switch {
	case len(p.WorkspaceFolders) > 0:
		root = uriPath(p.WorkspaceFolders[0].URI)
	case p.RootURI != nil:
		root = uriPath(*p.RootURI)
	case p.RootPath != nil:
		root = *p.RootPath
	}
	s.mu.Lock()
	s.root = root
	s.mu.Unlock()
	s.loadRepos()
}

// loadRepos asks handoverd for its repositories. The forced one (--repo)
// is rooted at the workspace folder.
func (s *server) loadRepos() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	repos, err := s.c.ListRepositories(ctx)
	if err != nil {
		s.log.Warn("list repositories", "err", err)
		return
	}
	var roots []repoRoot
	for _, r := range repos {
		root := r.GetPath()
		if abs, err := filepath.Abs(root); err == nil {
			root = abs
		}
		if s.opts.Repo != "" && r.GetName() == s.opts.Repo && s.root != "" {
			root = s.root
		}
		roots = append(roots, repoRoot{name: r.GetName(), root: filepath.Clean(root)})
	}
	// The deepest root first: a repository inside another wins.
	for i := 1; i < len(roots); i++ {
		for j := i; j > 0 && len(roots[j].root) > len(roots[j-1].root); j-- {
			roots[j], roots[j-1] = roots[j-1], roots[j]
		}
	}
	s.mu.Lock()
	s.repos = roots
	s.mu.Unlock()
}

// locate returns the repository holding the file at uri and the file's
// path in it; ok is false outside every repository.
func (s *server) locate(uri string) (repo, rel string, ok bool) {
	p := uriPath(uri)
	s.mu.Lock()
	repos := s.repos
	s.mu.Unlock()
	if len(repos) == 0 {
		s.loadRepos()
		s.mu.Lock()
		repos = s.repos
		s.mu.Unlock()
	}
	for _, r := range repos {
		if s.opts.Repo != "" && r.name != s.opts.Repo {
			continue
		}
		if rel, err := filepath.Rel(r.root, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return r.name, filepath.ToSlash(rel), true
		}
	}
	return "", "", false
}

// rootOf is where repo's files are on this machine.
func (s *server) rootOf(repo string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.repos {
		if r.name == repo {
			return r.root
		}
	}
	return s.root
}

// uriPath turns a file:// URI into a path.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return uri
	}
	return filepath.FromSlash(u.Path)
}

// pathURI turns a path into a file:// URI.
func pathURI(p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

// location is a Location at a 1-based line of repo's file rel.
func (s *server) location(repo, rel string, line int) protocol.Location {
	if line > 0 {
		line--
	}
	pos := protocol.Position{Line: uint32(line)}
	return protocol.Location{URI: pathURI(filepath.Join(s.rootOf(repo), filepath.FromSlash(rel))), Range: protocol.Range{Start: pos, End: pos}}
}
