// Package cli is the handover command line: cobra commands over package
// client, and the table and JSON renderings of the answers. It lives in a
// package, not in main, so tests can run the real commands in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"handover/client"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1 // the command ran and failed: server down, not found, ...
	ExitUsage = 2 // the command line itself is wrong
)

// usageError marks errors in how the command was called.
type usageError struct{ error }

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
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintln(stderr, "handover:", err)
	var ue usageError
	switch {
	case errors.As(err, &ue):
		return ExitUsage
	case status.Code(err) == codes.InvalidArgument:
		return ExitUsage
	}
	return ExitError
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "handover",
		Short: "Find out what runs where and why in your infrastructure repositories",
		Long: `handover asks handoverd, which indexes your Ansible inventories, Terraform, SOPs,
incident reports and docs, what runs where and why.

  handover ask "where does jenkins run and why"
  handover sop breach
  handover hosts --env production --cloud aws
  handover lint inventories/production/hosts.ini`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if a.output == "text" {
				a.output = "table"
			}
			formats := []string{"table", "json"}
			if f := cmd.Annotations[formatsAnnotation]; f != "" {
				formats = strings.Split(f, ",")
			}
			if slices.Contains(formats, a.output) {
				return nil
			}
			return usageError{fmt.Errorf("%s: -o must be %s, not %q", cmd.Name(), strings.Join(formats, ", "), a.output)}
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	addr := os.Getenv("HANDOVER_ADDR")
	if addr == "" {
		addr = client.DefaultAddr
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.addr, "addr", addr, "handoverd address (env HANDOVER_ADDR)")
	pf.StringVarP(&a.output, "output", "o", "table", "output format: table (or text) or json; lint also sarif, stats also csv, onboard and handoff markdown or html")
	pf.DurationVar(&a.timeout, "timeout", 30*time.Second, "give up after this long")

	root.AddCommand(a.askCommand(), a.searchCommand(), a.hostsCommand(), a.hostCommand(),
		a.sopCommand(), a.incidentsCommand(), a.resourcesCommand(), a.lintCommand(), a.statsCommand(),
		a.onboardCommand(), a.handoffCommand(),
		a.reposCommand(), a.indexCommand())
	return root
}

// formatsAnnotation lists the -o formats a command takes, when they are
// not table and json.
const formatsAnnotation = "formats"

// dial returns a client and a context bounded by --timeout.
func (a *app) dial(cmd *cobra.Command) (*client.Client, context.Context, context.CancelFunc, error) {
	c, err := client.New(a.addr)
	if err != nil {
		return nil, nil, nil, err
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), a.timeout)
	return c, ctx, func() { cancel(); c.Close() }, nil
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
