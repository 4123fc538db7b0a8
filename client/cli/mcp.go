package cli

import (
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"handover/client"
	"handover/client/mcp"
)

func (a *app) mcpCommand() *cobra.Command {
	var httpAddr string
	cmd := &cobra.Command{
		Use:   "mcp",
		Short: "Serve handover to coding agents over the Model Context Protocol (stdio, or --http)",
		Long: `mcp serves handover's answers to coding agents (Claude Code, Cursor, VS Code) over the Model
Context Protocol: read-only tools (ask, search, host, sop, incidents, resources, onboard, handoff,
lint, stats, repos), host and SOP cards as handover://REPO/... resources, and the prompts "onboard
me" and "hand over PERSON". It talks to handoverd at --addr. Agents start it over stdio; --http
serves streamable HTTP instead. docs/agents.md shows how to register it.`,
		Example: `  claude mcp add handover -- handover mcp
  handover mcp --http 127.0.0.1:7458`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := client.New(a.addr)
			if err != nil {
				return err
			}
			defer c.Close()
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			srv := mcp.NewServer(c, mcp.Options{Timeout: a.timeout, Version: version()})
			if httpAddr == "" {
				return mcp.ServeStdio(ctx, srv)
			}
			lis, err := net.Listen("tcp", httpAddr)
			if err != nil {
				return usageError{err}
			}
			fmt.Fprintf(a.stderr, "handover mcp: streamable HTTP on http://%s/ for handoverd at %s\n", lis.Addr(), a.addr)
			return mcp.ServeHTTP(ctx, srv, lis)
		},
	}
	cmd.Flags().StringVar(&httpAddr, "http", "", "serve streamable HTTP on this address (127.0.0.1:PORT) instead of stdio")
	return cmd
}
