// Package cli is the handover command line: cobra commands over package
// client, and the table, JSON and YAML renderings of the answers. It
// lives in a package, not in main, so tests can run the real commands
// in-process.
//
// Every command has one shape: it reads its flags, asks handoverd (call),
// builds a view of the answer, and the printer renders the view in the
// format -o names.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"handover/client"
	"handover/client/lsp"
)

// Exit codes, as handover --help and the README list them.
const (
	ExitOK       = 0
	ExitNotFound = 1 // nothing found: no such host, no SOP matches, an empty list
	ExitFindings = 1 // lint found errors
	ExitUsage    = 2 // the command line is wrong: command, arguments, flags, -o
	ExitInternal = 3 // the command could not run: server unreachable or failing, unreadable input
)

// usageError marks errors in how the command was called.
type usageError struct{ error }

// notFoundError is an answer of nothing: the question was fine.
type notFoundError struct{ error }

// findingsError ends lint when it found errors; the findings are printed.
type findingsError struct{ errors int }

func (e findingsError) Error() string {
	return fmt.Sprintf("lint found %d error%s", e.errors, plural(e.errors))
}

type app struct {
	addr    string
	output  string
	timeout time.Duration
	stdout  io.Writer
	stderr  io.Writer
}

// Main runs the handover command line with args and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteC()
	if err == nil {
		return ExitOK
	}
	code := exitCode(err)
	fmt.Fprintln(stderr, "handover:", errorMessage(err))
	if code == ExitUsage && cmd != nil {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return code
}

// exitCode is the one table from errors to exit codes.
func exitCode(err error) int {
	var (
		ue usageError
		nf notFoundError
		fe findingsError
	)
	switch {
	case errors.As(err, &ue):
		return ExitUsage
	case errors.As(err, &fe):
		return ExitFindings
	case errors.As(err, &nf):
		return ExitNotFound
	}
	switch status.Code(err) {
	case codes.InvalidArgument:
		return ExitUsage
	case codes.NotFound:
		return ExitNotFound
	}
	return ExitInternal
}

// errorMessage is what stderr says: the server's own words, without the
// rpc error wrapping.
func errorMessage(err error) string {
	if s, ok := status.FromError(err); ok {
		msg := s.Message()
		// The server's domain errors start with their class ("not found:
		// host x"); the exit code says that already.
		for _, p := range []string{"not found: ", "invalid argument: "} {
			msg = strings.TrimPrefix(msg, p)
		}
		return msg
	}
	return err.Error()
}

const rootLong = `handover asks handoverd, which indexes your Ansible inventories, Terraform, SOPs,
incident reports and docs, what runs where and why.

  handover ask "where does jenkins run and why"
  handover sop breach
  handover hosts --env production --cloud aws
  handover lint inventories/production/hosts.ini

Every command prints with -o: table (the default), wide (every column, nothing cut), json or
yaml; lint also sarif, stats csv, onboard and handoff markdown or html. Lists show --limit
results (default 50; 0 shows all). Tables cut long text to fit a terminal, never in a pipe.

Exit codes:
  0  success
  1  nothing found (no such host, no SOP matches, an empty list), or lint found errors
  2  wrong usage: unknown command, wrong arguments, bad flag or -o
  3  could not run: server unreachable or failing, unreadable input`

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "handover",
		Short:         "Find out what runs where and why in your infrastructure repositories",
		Long:          rootLong,
		SilenceUsage:  true,
		SilenceErrors: true,
		// Runnable, so that an unknown command is an argument the root
		// rejects as a usage error, not help and exit 0.
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			msg := fmt.Sprintf("unknown command %q", args[0])
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				msg += "; did you mean " + strings.Join(s, " or ") + "?"
			}
			return usageError{errors.New(msg)}
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if a.output == "text" {
				a.output = "table"
			}
			if err := checkFormat(cmd, a.output); err != nil {
				return err
			}
			return checkLimit(cmd)
		},
	}
	root.SuggestionsMinimumDistance = 2
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	addr := os.Getenv("HANDOVER_ADDR")
	if addr == "" {
		addr = client.DefaultAddr
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.addr, "addr", addr, "handoverd address (env HANDOVER_ADDR)")
	pf.StringVarP(&a.output, "output", "o", "table", "output format: table, wide, json or yaml; lint also sarif, stats csv, onboard and handoff markdown or html")
	pf.DurationVar(&a.timeout, "timeout", 30*time.Second, "give up after this long")

	root.AddCommand(a.askCommand(), a.searchCommand(), a.hostsCommand(), a.hostCommand(),
		a.sopCommand(), a.incidentsCommand(), a.resourcesCommand(), a.lintCommand(), a.statsCommand(),
		a.onboardCommand(), a.handoffCommand(), a.mcpCommand(),
		a.reposCommand(), a.indexCommand(), lsp.Command(&a.addr))
	return root
}

// call is what every command that asks handoverd does: dial, ask within
// --timeout, and print the view made of the answer.
func (a *app) call(cmd *cobra.Command, ask func(ctx context.Context, c *client.Client) (view, error)) error {
	var v view
	err := a.withClient(cmd, func(ctx context.Context, c *client.Client) (err error) {
		v, err = ask(ctx, c)
		return err
	})
	if err != nil {
		return err
	}
	return a.print(v)
}

// withClient runs fn with a client of handoverd and a context bounded by
// --timeout.
func (a *app) withClient(cmd *cobra.Command, fn func(ctx context.Context, c *client.Client) error) error {
	c, err := client.New(a.addr)
	if err != nil {
		return err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(cmd.Context(), a.timeout)
	defer cancel()
	return fn(ctx, c)
}

func (a *app) print(v view) error {
	if v.nothing == nil {
		return newPrinter(a.output, a.stdout).print(v)
	}
	if a.output == "json" || a.output == "yaml" {
		if err := newPrinter(a.output, a.stdout).print(view{value: v.value}); err != nil {
			return err
		}
	}
	return notFoundError{v.nothing}
}

// exactArgs is cobra.ExactArgs reporting a usage error.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{fmt.Errorf("expected %s", what)}
		}
		return nil
	}
}

func minArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) < n {
			return usageError{fmt.Errorf("expected %s", what)}
		}
		return nil
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
