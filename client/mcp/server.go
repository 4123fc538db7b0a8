// Package mcp serves handover to coding agents over the Model Context
// Protocol (the official go-sdk): read-only tools (ask, search, host, sop,
// incidents, resources, onboard, handoff, lint, stats, repos), host and
// SOP cards as resources (handover://REPO/host/NAME,
// handover://REPO/sop/PATH), and the prompts "onboard me" and "hand over
// PERSON". It talks to handoverd through package client and knows nothing
// the server does not say: answers are package render's text, each fact
// with its file:line, secrets redacted as the server sends them, and cut
// into pages of at most MaxResultTokens that an agent asks for with a
// cursor. It is neither an MCP library nor a second API.
package mcp

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"handover/client"
)

// Options tune a server; the zero value serves agents as documented.
type Options struct {
	// Timeout bounds each call to handoverd; 0 is 30s.
	Timeout time.Duration
	// PageTokens is the most a result or a prompt holds, estimated by
	// Tokens; 0 is MaxResultTokens. Tests make it small to see pages.
	PageTokens int
	// Version is what the server tells clients it is.
	Version string
}

// instructions tell an agent, once per session, what the tools are for.
const instructions = `handover answers what runs where and why in the team's infrastructure repositories (Ansible, Terraform, SOPs, incidents, docs, git history). Every fact cites file:line: quote it. Long results come in pages: pass next cursor to get more. Secrets are shown as [redacted].`

// tools is what the server's handlers share.
type tools struct {
	c    *client.Client
	opts Options
}

// NewServer returns an MCP server answering from the handoverd c talks to.
func NewServer(c *client.Client, opts Options) *sdk.Server {
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.PageTokens <= 0 {
		opts.PageTokens = MaxResultTokens
	}
	opts.PageTokens = max(opts.PageTokens, 2*footerTokens)
	if opts.Version == "" {
		opts.Version = "dev"
	}
	s := sdk.NewServer(&sdk.Implementation{Name: "handover", Title: "handover", Version: opts.Version},
		&sdk.ServerOptions{Instructions: instructions})
	t := &tools{c: c, opts: opts}
	t.register(s)
	t.registerResources(s)
	t.registerPrompts(s)
	return s
}

// ServeStdio serves one agent over stdin and stdout, as agents start a
// local server, until ctx ends or the agent hangs up.
func ServeStdio(ctx context.Context, s *sdk.Server) error {
	return s.Run(ctx, &sdk.StdioTransport{})
}

// HTTPHandler serves agents over streamable HTTP.
func HTTPHandler(s *sdk.Server) http.Handler {
	return sdk.NewStreamableHTTPHandler(func(*http.Request) *sdk.Server { return s }, nil)
}

// ServeHTTP serves agents over streamable HTTP on lis until ctx ends.
func ServeHTTP(ctx context.Context, s *sdk.Server, lis net.Listener) error {
	// Requests' contexts end when the server shuts down, so that an
	// agent's open event stream ends too instead of holding Shutdown.
	base, stop := context.WithCancel(context.Background())
	defer stop()
	srv := &http.Server{
		Handler:           HTTPHandler(s),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	srv.RegisterOnShutdown(stop)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(lis) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if errors.Is(err, context.DeadlineExceeded) {
		err = srv.Close() // what outlived the grace period is cut
	}
	if serveErr := <-done; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}
