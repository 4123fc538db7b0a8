package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/proto"

	"handover/client"
	pb "handover/proto/handover/v1"
)

// maxAskLimit is the most hosts handoverd lists in one answer; --limit 0
// (all) asks for that many.
const maxAskLimit = 200

func (a *app) askCommand() *cobra.Command {
	var (
		limit int
		f     filters
	)
	cmd := &cobra.Command{
		Use:   "ask QUESTION",
		Short: "Ask what runs where and why, in plain words",
		Example: `  handover ask "where does jenkins run and why"
  handover ask what runs in production on aws
  handover ask --repo infra --kind resource "how big is the vpn vm"
  handover ask "which hosts run nginx env:staging"`,
		Args: minArgs(1, "a question, e.g. handover ask \"where does jenkins run\""),
		RunE: func(cmd *cobra.Command, args []string) error {
			filter, err := f.proto()
			if err != nil {
				return err
			}
			return a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
				n := limit
				if n == 0 || n > maxAskLimit {
					n = maxAskLimit
				}
				resp, err := c.AskWith(ctx, &pb.AskRequest{Question: strings.Join(args, " "), Limit: int32(n), Repo: filter.GetRepo(), Kind: filter.GetKind()})
				return answerView(resp), err
			})
		},
	}
	f.register(cmd, "repo", "kind")
	limitFlag(cmd, &limit, fmt.Sprintf("hosts, at most %d", maxAskLimit))
	return cmd
}

func (a *app) searchCommand() *cobra.Command {
	var (
		f         filters
		limit     int
		facets    []string
		highlight bool
	)
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Full-text search with filters and facets",
		Example: `  handover search nodejs --env production
  handover search 'purpose_text:jenkins' --facets env,cloud`,
		Annotations: formats(tableFormats),
		Args:        minArgs(1, "a query"),
		RunE: func(cmd *cobra.Command, args []string) error {
			filter, err := f.proto()
			if err != nil {
				return err
			}
			return a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
				resp, err := c.FindAll(ctx, &pb.SearchRequest{
					Query: strings.Join(args, " "), Filter: filter, Facets: facets, Highlight: highlight,
				}, limit)
				if err != nil {
					return view{}, err
				}
				return searchView(resp)
			})
		},
	}
	f.register(cmd, "repo", "kind", "env", "cloud", "purpose", "group")
	limitFlag(cmd, &limit, "matches")
	cmd.Flags().StringSliceVar(&facets, "facets", []string{"kind", "env", "cloud", "purpose", "provider", "region"}, "fields to count values of")
	cmd.Flags().BoolVar(&highlight, "highlight", true, "show matching fragments")
	return cmd
}

func (a *app) hostsCommand() *cobra.Command {
	var (
		f     filters
		limit int
	)
	cmd := &cobra.Command{
		Use:         "hosts",
		Short:       "List hosts, optionally filtered",
		Example:     "  handover hosts --env production --cloud aws",
		Annotations: formats(tableFormats),
		Args:        exactArgs(0, "no arguments; filter with --env, --cloud, --purpose, --group, --repo"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			filter, err := f.proto()
			if err != nil {
				return err
			}
			return a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
				hosts, total, err := c.ListHosts(ctx, hostFilter(filter), limit)
				if err != nil {
					return view{}, err
				}
				v, err := listView(&pb.ListHostsResponse{Hosts: hosts, Total: total}, hostTable(hosts), len(hosts), total, "hosts")
				if v.nothing != nil {
					v.nothing = filterMiss(ctx, c, filter, v.nothing)
				}
				return v, err
			})
		},
	}
	f.register(cmd, "repo", "env", "cloud", "purpose", "group")
	limitFlag(cmd, &limit, "hosts")
	return cmd
}

func (a *app) hostCommand() *cobra.Command {
	var f filters
	cmd := &cobra.Command{
		Use:     "host NAME",
		Short:   "Everything about one host: purpose, place, groups, effective variables",
		Example: "  handover host jenkins-agent-01",
		Args:    exactArgs(1, "one host name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
				hosts, err := c.FindHosts(ctx, args[0], f.repo)
				return hostView(hosts), err
			})
		},
	}
	f.register(cmd, "repo")
	return cmd
}

func (a *app) reposCommand() *cobra.Command {
	return &cobra.Command{
		Use:         "repos",
		Short:       "List repositories, their index state and the problems found in them",
		Annotations: formats(tableFormats),
		Args:        exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
				repos, err := c.ListRepositories(ctx)
				return reposView(repos), err
			})
		},
	}
}

func (a *app) indexCommand() *cobra.Command {
	var quiet, full bool
	cmd := &cobra.Command{
		Use:   "index [REPO...]",
		Short: "Reindex repositories (all by default), with progress: what changed, or whole with --full",
		RunE: func(cmd *cobra.Command, args []string) error {
			var final []*pb.ReindexResponse
			err := a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
				bar := &reindexBar{w: a.stderr, off: quiet || a.output != "table" || !isTerminal(a.stderr)}
				var err error
				final, err = c.Reindex(ctx, args, full, bar.show)
				bar.finish()
				return reindexView(final), err
			})
			if err != nil {
				return err
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
	cmd.Flags().BoolVar(&full, "full", false, "rebuild each repository whole, into a new index, instead of writing what changed in place")
	return cmd
}

// reindexBar shows the indexing progress of a reindex on a terminal.
type reindexBar struct {
	w   io.Writer
	off bool
	bar *progressbar.ProgressBar
}

func (b *reindexBar) show(ev *pb.ReindexResponse) {
	if b.off || ev.GetPhase() != pb.ReindexPhase_REINDEX_PHASE_INDEXING || ev.GetTotal() == 0 {
		return
	}
	if b.bar == nil {
		b.bar = progressbar.NewOptions64(ev.GetTotal(),
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription("indexing "+ev.GetRepo()),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(0))
	}
	b.bar.Set64(ev.GetDone())
}

func (b *reindexBar) finish() {
	if b.bar != nil {
		b.bar.Finish()
		fmt.Fprintln(b.w)
		b.bar = nil
	}
}

func reindexView(final []*pb.ReindexResponse) view {
	list := make([]proto.Message, len(final))
	for i, ev := range final {
		list[i] = ev
	}
	return view{value: list, text: func(w io.Writer) error {
		for _, ev := range final {
			state := "indexed"
			if ev.GetPhase() == pb.ReindexPhase_REINDEX_PHASE_FAILED {
				state = "FAILED"
			}
			fmt.Fprintf(w, "%s: %s: %s\n", ev.GetRepo(), state, ev.GetMessage())
			writeProblems(w, ev.GetProblems())
		}
		return nil
	}}
}

// listView is the view of a list cut by --limit: its table, and under it
// how many of how many are shown. An empty list is nothing found.
func listView(value proto.Message, t *table, shown int, total int64, noun string) (view, error) {
	if shown == 0 {
		return view{value: value, nothing: fmt.Errorf("no %s match", noun)}, nil
	}
	return view{value: value, table: t, text: func(w io.Writer) error {
		writeShown(w, shown, total, noun)
		return nil
	}}, nil
}

// writeShown says when a list is cut short by --limit.
func writeShown(w io.Writer, shown int, total int64, noun string) {
	if int64(shown) < total {
		fmt.Fprintf(w, "\n%d of %d %s shown; --limit 0 lists all\n", shown, total, noun)
	}
}
