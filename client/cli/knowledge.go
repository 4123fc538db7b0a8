package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"handover/client"
	"handover/client/render"
	"handover/internal/model"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

func (a *app) sopCommand() *cobra.Command {
	var f filters
	cmd := &cobra.Command{
		Use:   "sop WORDS",
		Short: "Print the SOP that best matches a few words, step by step (the emergency path)",
		Long: `Print the SOP that best matches a few words, step by step: the emergency path.
It prints one in full only when the match is clear (its title or file name has every
word, or it scores 1.5 times the next); otherwise it lists the candidates, and
'handover sop N' prints the Nth of them, or more words narrow the search.`,
		Example: `  handover sop breach
  handover sop "postgres failover"
  handover sop 2`,
		Args: minArgs(1, "a few words naming the emergency, e.g. handover sop breach"),
		RunE: func(cmd *cobra.Command, args []string) error {
			req := &pb.FindSOPRequest{Query: strings.Join(args, " "), Repo: f.repo}
			if n, err := strconv.Atoi(req.Query); err == nil {
				at, err := pickedCandidate(n)
				if err != nil {
					return err
				}
				req.Pick = at
			}
			return a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
				resp, err := c.FindSOPWith(ctx, req)
				if err == nil && !resp.GetClear() {
					saveCandidates(resp.GetCandidates())
				}
				return sopView(resp), err
			})
		},
	}
	f.register(cmd, "repo")
	return cmd
}

func (a *app) incidentsCommand() *cobra.Command {
	var (
		f     filters
		limit int
	)
	cmd := &cobra.Command{
		Use:   "incidents [WORDS]",
		Short: "List incident reports, newest first",
		Example: `  handover incidents --person priya
  handover incidents --category emergency --since 2025-06-01
  handover incidents jenkins`,
		Annotations: formats(tableFormats),
		RunE: func(cmd *cobra.Command, args []string) error {
			filter, err := f.proto()
			if err != nil {
				return err
			}
			return a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
				incs, total, err := c.ListIncidents(ctx, incidentFilter(filter), strings.Join(args, " "), limit)
				if err != nil {
					return view{}, err
				}
				return listView(&pb.ListIncidentsResponse{Incidents: incs, Total: total}, incidentTable(incs), len(incs), total, "incidents")
			})
		},
	}
	f.register(cmd, "repo", "person", "category", "since", "until")
	limitFlag(cmd, &limit, "incidents")
	return cmd
}

func (a *app) resourcesCommand() *cobra.Command {
	var (
		f     filters
		limit int
		graph string
	)
	cmd := &cobra.Command{
		Use:   "resources [WORDS]",
		Short: "List Terraform resources and data sources, or with --graph the module graph",
		Long: `List Terraform resources and data sources. With --graph, print the Terraform of a
repository as a system instead: the root modules (where terraform apply runs) in the
order to apply them, each with its state backend, version pins, variable files, module
calls and the roots it reads from (terraform_remote_state, data sources by tag or name),
then the reusable modules and who calls them. --graph=dot prints it in Graphviz's DOT.`,
		Example: `  handover resources --provider aws --region eu-west-1
  handover resources --type aws_instance
  handover resources jenkins
  handover resources --graph --repo acme
  handover resources --graph=dot --repo acme | dot -Tsvg > terraform.svg`,
		Annotations: formats(tableFormats),
		RunE: func(cmd *cobra.Command, args []string) error {
			filter, err := f.proto()
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("graph") {
				return a.graph(cmd, filter.GetRepo(), graph)
			}
			return a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
				res, total, err := c.ListResources(ctx, resourceFilter(filter), strings.Join(args, " "), limit)
				if err != nil {
					return view{}, err
				}
				return listView(&pb.ListResourcesResponse{Resources: res, Total: total}, resourceTable(res), len(res), total, "resources")
			})
		},
	}
	f.register(cmd, "repo", "provider", "region", "type", "env", "cloud")
	limitFlag(cmd, &limit, "resources")
	cmd.Flags().StringVar(&graph, "graph", "", "print the module graph: text, or dot for Graphviz")
	cmd.Flags().Lookup("graph").NoOptDefVal = "text"
	return cmd
}

// graph prints the module graph of repo as text or DOT.
func (a *app) graph(cmd *cobra.Command, repo, format string) error {
	if format != "text" && format != "dot" {
		return usageError{fmt.Errorf("--graph=%s: want text or dot", format)}
	}
	return a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
		mods, err := c.ModuleGraph(ctx, repo)
		if err != nil {
			return view{}, err
		}
		dirs := make([]*model.ModuleDir, len(mods))
		for i, m := range mods {
			dirs[i] = pbconv.ModuleDirFromProto(m)
		}
		v := view{value: mods, text: func(w io.Writer) error {
			if format == "dot" {
				render.ModuleGraphDOT(w, dirs)
			} else {
				render.ModuleGraph(w, dirs)
			}
			return nil
		}}
		if len(mods) == 0 {
			v.nothing = errors.New("no Terraform modules found")
		}
		return v, nil
	})
}

// candidatesFile keeps the candidates of the last unclear sop, so that
// `handover sop N` can pick one without the server remembering anything.
func candidatesFile() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "handover", "sop-candidates.json")
}

type savedCandidate struct {
	Repo string `json:"repo"`
	Path string `json:"path"`
	Line int32  `json:"line"`
}

// saveCandidates remembers where each candidate is; failing to is no
// reason to fail the command.
func saveCandidates(cands []*pb.SopCandidate) {
	out := make([]savedCandidate, len(cands))
	for i, c := range cands {
		out[i] = savedCandidate{Repo: c.GetSource().GetRepo(), Path: c.GetSource().GetPath(), Line: c.GetSource().GetLine()}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return
	}
	p := candidatesFile()
	if os.MkdirAll(filepath.Dir(p), 0o700) == nil {
		_ = os.WriteFile(p, b, 0o600)
	}
}

// pickedCandidate is where the Nth candidate of the last unclear sop is.
func pickedCandidate(n int) (*pb.Source, error) {
	b, err := os.ReadFile(candidatesFile())
	var saved []savedCandidate
	if err == nil {
		err = json.Unmarshal(b, &saved)
	}
	if err != nil || len(saved) == 0 {
		return nil, usageError{errors.New("no candidates to pick from: run handover sop WORDS first")}
	}
	if n < 1 || n > len(saved) {
		return nil, usageError{fmt.Errorf("pick 1 to %d of the last candidates", len(saved))}
	}
	c := saved[n-1]
	return &pb.Source{Repo: c.Repo, Path: c.Path, Line: c.Line}, nil
}
