package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"handover/internal/model"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// filterFlags are the filters shared by search and hosts.
type filterFlags struct{ env, cloud, purpose, group, kind, repo string }

func (f *filterFlags) register(cmd *cobra.Command, withKind bool) {
	fl := cmd.Flags()
	fl.StringVar(&f.env, "env", "", "only this environment (production, staging, ...)")
	fl.StringVar(&f.cloud, "cloud", "", "only this cloud (aws, gcp, azure, ...)")
	fl.StringVar(&f.purpose, "purpose", "", "only this purpose group (prod-ci) or purpose (ci)")
	fl.StringVar(&f.group, "group", "", "only members of this group")
	fl.StringVar(&f.repo, "repo", "", "only this repository")
	if withKind {
		fl.StringVar(&f.kind, "kind", "", "only this kind: host, group, resource, module, variable, output, provider, sop, incident, doc")
	}
}

func (f *filterFlags) hostFilter() *pb.HostFilter {
	return &pb.HostFilter{Env: f.env, Cloud: f.cloud, Purpose: f.purpose, Group: f.group, Repo: f.repo}
}

func (f *filterFlags) searchFilter() (*pb.SearchFilter, error) {
	kind := pbconv.KindToProto(model.Kind(f.kind))
	if f.kind != "" && kind == pb.DocumentKind_DOCUMENT_KIND_UNSPECIFIED {
		return nil, usageError{fmt.Errorf("--kind %q: want host, group, resource, module, variable, output, provider, sop, incident or doc", f.kind)}
	}
	return &pb.SearchFilter{Env: f.env, Cloud: f.cloud, Purpose: f.purpose, Group: f.group, Kind: kind, Repo: f.repo}, nil
}

func (a *app) askCommand() *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:   "ask QUESTION",
		Short: "Ask what runs where and why, in plain words",
		Example: `  handover ask "where does jenkins run and why"
  handover ask what runs in production on aws`,
		Args: minArgs(1, "a question, e.g. handover ask \"where does jenkins run\""),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, ctx, done, err := a.dial(cmd)
			if err != nil {
				return err
			}
			defer done()
			resp, err := c.Ask(ctx, strings.Join(args, " "), limit)
			if err != nil {
				return err
			}
			if a.output == "json" {
				return writeJSON(a.stdout, resp)
			}
			writeAnswer(a.stdout, resp)
			return nil
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 20, "list at most this many hosts")
	return cmd
}

func (a *app) searchCommand() *cobra.Command {
	var (
		f         filterFlags
		limit     int
		page      string
		facets    []string
		highlight bool
	)
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Full-text search with filters and facets",
		Example: `  handover search nodejs --env production
  handover search 'purpose_text:jenkins' --facets env,cloud`,
		Args: minArgs(1, "a query"),
		RunE: func(cmd *cobra.Command, args []string) error {
			filter, err := f.searchFilter()
			if err != nil {
				return err
			}
			c, ctx, done, err := a.dial(cmd)
			if err != nil {
				return err
			}
			defer done()
			resp, err := c.Find(ctx, &pb.SearchRequest{
				Query: strings.Join(args, " "), Filter: filter, Facets: facets,
				Highlight: highlight, PageSize: int32(limit), PageToken: page,
			})
			if err != nil {
				return err
			}
			if a.output == "json" {
				return writeJSON(a.stdout, resp)
			}
			writeSearch(a.stdout, resp)
			return nil
		},
	}
	f.register(cmd, true)
	cmd.Flags().IntVar(&limit, "limit", 20, "results per page (at most 200)")
	cmd.Flags().StringVar(&page, "page", "", "page token from a previous search")
	cmd.Flags().StringSliceVar(&facets, "facets", []string{"kind", "env", "cloud", "purpose", "provider", "region"}, "fields to count values of")
	cmd.Flags().BoolVar(&highlight, "highlight", true, "show matching fragments")
	return cmd
}

func (a *app) hostsCommand() *cobra.Command {
	var (
		f     filterFlags
		limit int
	)
	cmd := &cobra.Command{
		Use:     "hosts",
		Short:   "List hosts, optionally filtered",
		Example: "  handover hosts --env production --cloud aws",
		Args:    exactArgs(0, "no arguments; filter with --env, --cloud, --purpose, --group, --repo"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, ctx, done, err := a.dial(cmd)
			if err != nil {
				return err
			}
			defer done()
			hosts, total, err := c.ListHosts(ctx, f.hostFilter(), limit)
			if err != nil {
				return err
			}
			if a.output == "json" {
				return writeJSON(a.stdout, &pb.ListHostsResponse{Hosts: hosts, Total: total})
			}
			writeHostTable(a.stdout, hosts)
			a.writeShown(len(hosts), total, "hosts")
			return nil
		},
	}
	f.register(cmd, false)
	cmd.Flags().IntVar(&limit, "limit", 200, "list at most this many hosts (0: all)")
	return cmd
}

func (a *app) hostCommand() *cobra.Command {
	var repo string
	cmd := &cobra.Command{
		Use:     "host NAME",
		Short:   "Everything about one host: purpose, place, groups, effective variables",
		Example: "  handover host jenkins-agent-01",
		Args:    exactArgs(1, "one host name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, ctx, done, err := a.dial(cmd)
			if err != nil {
				return err
			}
			defer done()
			hosts, err := c.FindHosts(ctx, args[0], repo)
			if err != nil {
				return err
			}
			if a.output == "json" {
				return writeJSON(a.stdout, &pb.FindHostsResponse{Hosts: hosts})
			}
			for i, h := range hosts {
				if i > 0 {
					fmt.Fprintln(a.stdout)
				}
				writeHostDetail(a.stdout, h)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&repo, "repo", "", "only this repository")
	return cmd
}

func (a *app) reposCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "repos",
		Short: "List repositories, their index state and the problems found in them",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, ctx, done, err := a.dial(cmd)
			if err != nil {
				return err
			}
			defer done()
			repos, err := c.ListRepositories(ctx)
			if err != nil {
				return err
			}
			if a.output == "json" {
				return writeJSON(a.stdout, &pb.ListRepositoriesResponse{Repos: repos})
			}
			writeRepos(a.stdout, repos)
			return nil
		},
	}
}

func (a *app) indexCommand() *cobra.Command {
	var quiet bool
	cmd := &cobra.Command{
		Use:   "index [REPO...]",
		Short: "Reindex repositories (all by default), with progress",
		RunE: func(cmd *cobra.Command, args []string) error {
			c, ctx, done, err := a.dial(cmd)
			if err != nil {
				return err
			}
			defer done()
			var bar *progressbar.ProgressBar
			finish := func() {
				if bar != nil {
					bar.Finish()
					fmt.Fprintln(a.stderr)
					bar = nil
				}
			}
			onEvent := func(ev *pb.ReindexResponse) {
				if quiet || a.output == "json" || !isTerminal(a.stderr) || ev.GetPhase() != pb.ReindexPhase_REINDEX_PHASE_INDEXING || ev.GetTotal() == 0 {
					return
				}
				if bar == nil {
					bar = progressbar.NewOptions64(ev.GetTotal(),
						progressbar.OptionSetWriter(a.stderr),
						progressbar.OptionSetDescription("indexing "+ev.GetRepo()),
						progressbar.OptionShowCount(),
						progressbar.OptionSetWidth(30),
						progressbar.OptionThrottle(0))
				}
				bar.Set64(ev.GetDone())
			}
			final, err := c.Reindex(ctx, args, onEvent)
			finish()
			if err != nil {
				return err
			}
			if a.output == "json" {
				for _, ev := range final {
					if err := writeJSON(a.stdout, ev); err != nil {
						return err
					}
				}
			} else {
				for _, ev := range final {
					state := "indexed"
					if ev.GetPhase() == pb.ReindexPhase_REINDEX_PHASE_FAILED {
						state = "FAILED"
					}
					fmt.Fprintf(a.stdout, "%s: %s: %s\n", ev.GetRepo(), state, ev.GetMessage())
					writeProblems(a.stdout, ev.GetProblems())
				}
			}
			for _, ev := range final {
				if ev.GetPhase() == pb.ReindexPhase_REINDEX_PHASE_FAILED {
					return fmt.Errorf("reindex of %s failed", ev.GetRepo())
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	return cmd
}

// isTerminal reports whether w is a terminal, where a progress bar helps;
// in a pipe or a log it is noise.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writeShown says when a list is cut short by --limit.
func (a *app) writeShown(shown int, total int64, noun string) {
	if int64(shown) < total {
		fmt.Fprintf(a.stdout, "\n%d of %d %s shown; --limit 0 lists all\n", shown, total, noun)
	}
}
