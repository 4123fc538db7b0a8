package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"

	"github.com/spf13/cobra"

	"handover/client"
	"handover/internal/config"
	"handover/internal/ingest"
	"handover/internal/lint"
	"handover/internal/model"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

func (a *app) lintCommand() *cobra.Command {
	var (
		f          filters
		configPath string
		listRules  bool
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

Exit status: 1 when any finding is an error, 0 otherwise; 3 when a path cannot be read.`,
		Example: `  handover lint inventories/production/hosts.ini
  handover lint -o sarif . > handover.sarif
  handover lint --repo acme-infra`,
		Annotations: formats("table,json,sarif,yaml,wide"),
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
				return a.print(rulesView(rules))
			}
			var findings []model.Finding
			if f.repo != "" {
				if len(args) > 0 {
					return usageError{errors.New("give paths or --repo, not both")}
				}
				err = a.withClient(cmd, func(ctx context.Context, c *client.Client) (err error) {
					findings, err = remoteFindings(ctx, c, f.repo)
					return err
				})
			} else {
				findings, err = localFindings(cmd.Context(), cfg, lcfg, args)
			}
			if err != nil {
				return err
			}
			v, err := findingsView(findings, rules)
			if err == nil {
				err = a.print(v)
			}
			if err != nil {
				return err
			}
			if n := errorCount(findings); n > 0 {
				return findingsError{n}
			}
			return nil
		},
	}
	f.register(cmd, "repo")
	cmd.Flags().Lookup("repo").Usage = "lint an indexed repository on the server instead of local paths"
	fl := cmd.Flags()
	fl.StringVar(&configPath, "config", "", "handover.ini with a [lint] section (default ./handover.ini when it exists)")
	fl.BoolVar(&listRules, "rules", false, "list the rules and their levels, and exit")
	return cmd
}

// findingsView is lint's findings: as text, as lint's JSON, or as SARIF.
func findingsView(findings []model.Finding, rules []lint.Rule) (view, error) {
	var js bytes.Buffer
	if err := lint.WriteJSON(&js, findings); err != nil {
		return view{}, err
	}
	return view{
		value: json.RawMessage(js.Bytes()),
		text:  func(w io.Writer) error { return lint.WriteText(w, findings) },
		formats: map[string]func(io.Writer) error{
			"sarif": func(w io.Writer) error { return lint.WriteSARIF(w, findings, rules, version()) },
		},
	}, nil
}

func rulesView(rules []lint.Rule) view {
	resp := &pb.LintResponse{}
	t := newTable(column{name: "RULE"}, column{name: "LEVEL"}, column{name: "CHECKS", text: true}, column{name: "HELP", wide: true})
	for _, r := range rules {
		resp.Rules = append(resp.Rules, pbconv.LintRuleToProto(r))
		t.add(r.ID, string(r.Level), r.Summary, r.Help)
	}
	return view{value: resp, table: t}
}

func errorCount(findings []model.Finding) int {
	n := 0
	for _, f := range findings {
		if f.Level == model.LevelError {
			n++
		}
	}
	return n
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

func remoteFindings(ctx context.Context, c *client.Client, repo string) ([]model.Finding, error) {
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
