package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"

	"github.com/spf13/cobra"

	"handover/internal/config"
	"handover/internal/ingest"
	"handover/internal/lint"
	"handover/internal/model"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// exitError ends a command with an exit code and nothing more to say:
// lint has printed its findings already.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func (a *app) lintCommand() *cobra.Command {
	var (
		repo, configPath string
		listRules        bool
	)
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check inventories, Terraform, SOPs and incident reports against the conventions",
		Long: `lint checks files against the team's written standard, for code review. It runs locally
on the paths given (files or directories; the current directory by default) and needs no server;
with --repo it asks handoverd for the findings of an indexed repository instead.

Rules are re-leveled or switched off in the [lint] section of handover.ini (--config):
  [lint]
  host-purpose = error   ; error, warning, note or off
  sop-max-age  = 180d

Exit status: 1 when any finding is an error, 0 otherwise.`,
		Example: `  handover lint inventories/production/hosts.ini
  handover lint -o sarif . > handover.sarif
  handover lint --repo acme-infra`,
		Annotations: map[string]string{formatsAnnotation: "table,json,sarif"},
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := config.Load(configPath)
			if err != nil {
				return usageError{err}
			}
			lcfg, err := lint.ConfigFrom(cfg)
			if err != nil {
				return usageError{err}
			}
			rules := lcfg.Rules()
			if listRules {
				return writeRules(a, rules)
			}
			var findings []model.Finding
			if repo != "" {
				if len(args) > 0 {
					return usageError{errors.New("give paths or --repo, not both")}
				}
				findings, err = a.remoteFindings(cmd, repo)
			} else {
				findings, err = localFindings(cmd.Context(), cfg, lcfg, args)
			}
			if err != nil {
				return err
			}
			switch a.output {
			case "json":
				err = lint.WriteJSON(a.stdout, findings)
			case "sarif":
				err = lint.WriteSARIF(a.stdout, findings, rules, version())
			default:
				err = lint.WriteText(a.stdout, findings)
			}
			if err != nil {
				return err
			}
			if lint.HasErrors(findings) {
				return exitError{ExitError}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&repo, "repo", "", "lint an indexed repository on the server instead of local paths")
	fl.StringVar(&configPath, "config", "", "handover.ini with a [lint] section (default ./handover.ini when it exists)")
	fl.BoolVar(&listRules, "rules", false, "list the rules and their levels, and exit")
	return cmd
}

func writeRules(a *app, rules []lint.Rule) error {
	if a.output == "json" || a.output == "sarif" {
		resp := &pb.LintResponse{}
		for _, r := range rules {
			resp.Rules = append(resp.Rules, pbconv.LintRuleToProto(r))
		}
		return writeJSON(a.stdout, resp)
	}
	t := newTable(a.stdout)
	fmt.Fprintln(t, "RULE\tLEVEL\tCHECKS")
	for _, r := range rules {
		fmt.Fprintf(t, "%s\t%s\t%s\n", r.ID, r.Level, r.Summary)
	}
	return t.Flush()
}

// localFindings lints each path: a directory as a repository, a file on
// its own. Finding paths are given as the user named them.
func localFindings(ctx context.Context, cfg *config.Config, lcfg lint.Config, paths []string) ([]model.Finding, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var out []model.Finding
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		var snap *model.Snapshot
		prefix := ""
		if fi.IsDir() {
			snap, err = ingest.Snapshot(ctx, repoFor(cfg, p), nil)
			prefix = filepath.ToSlash(filepath.Clean(p))
		} else if filepath.IsAbs(p) {
			snap, err = ingest.File(filepath.Dir(p), filepath.Base(p))
			prefix = filepath.ToSlash(filepath.Dir(p))
		} else {
			snap, err = ingest.File(".", p)
		}
		if err != nil {
			return nil, err
		}
		for _, f := range lint.Check(snap, lcfg) {
			if !fi.IsDir() && f.Source.Path != filepath.ToSlash(filepath.Clean(p)) && f.Source.Path != filepath.Base(p) {
				continue // another file of a Terraform module read for context
			}
			if prefix != "" && prefix != "." {
				f.Source.Path = path.Join(prefix, f.Source.Path)
			}
			f.Source.Repo = ""
			out = append(out, f)
		}
	}
	return out, nil
}

// repoFor is the configured repository at dir, for its path mappings, or
// an unconfigured one named after the directory.
func repoFor(cfg *config.Config, dir string) config.Repo {
	abs, _ := filepath.Abs(dir)
	for _, r := range cfg.Repos {
		if ra, _ := filepath.Abs(r.Path); ra == abs {
			return r
		}
	}
	return config.Repo{Name: filepath.Base(abs), Path: dir}
}

func (a *app) remoteFindings(cmd *cobra.Command, repo string) ([]model.Finding, error) {
	c, ctx, done, err := a.dial(cmd)
	if err != nil {
		return nil, err
	}
	defer done()
	resp, err := c.Lint(ctx, repo)
	if err != nil {
		return nil, err
	}
	out := make([]model.Finding, 0, len(resp.GetFindings()))
	for _, f := range resp.GetFindings() {
		finding := pbconv.FindingFromProto(f)
		finding.Source.Repo = ""
		out = append(out, finding)
	}
	return out, nil
}

// version is the module version the binary was built from, for SARIF.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
