package lsp

import (
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"handover/client"
)

// Command is `handover lsp`; addr is the --addr flag's value once parsed.
func Command(addr *string) *cobra.Command {
	var opts Options
	var verbose bool
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Serve the Language Server Protocol on stdin/stdout for editors (docs/editors.md)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := client.New(*addr)
			if err != nil {
				return err
			}
			defer c.Close()
			level := slog.LevelWarn
			if verbose {
				level = slog.LevelDebug
			}
			// stdout carries the protocol: the log goes to stderr, which
			// editors keep in their LSP log.
			opts.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
			return Run(cmd.Context(), c, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Repo, "repo", "", "the repository of the workspace, when handoverd's repository paths do not hold it")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "log every call to stderr")
	return cmd
}
