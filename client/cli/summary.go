package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"handover/client"
	pb "handover/proto/handover/v1"
)

// summaryFormats are onboard's and handoff's: table is markdown, which
// reads as well in a terminal.
const summaryFormats = "table,markdown,html,json,yaml"

func (a *app) onboardCommand() *cobra.Command {
	var f filters
	cmd := &cobra.Command{
		Use:   "onboard",
		Short: "An onboarding summary: environments, hosts, Terraform, SOPs, incidents, owners, where to start",
		Long: `onboard writes, for someone starting on a project, one document that answers in order: which
environments and clouds exist; what runs where (environment x cloud x purpose); every host with its
purpose, key file and python; what Terraform manages; the SOPs to read first; recent incidents and
their lessons; convention problems to be careful with; who owns what and whom to ask; where to
start reading. Every line cites its file:line.

-o markdown (default) reads well in a terminal and on a code host; -o html is one self-contained
page; -o json and -o yaml are the document's structure.`,
		Example: `  handover onboard
  handover onboard --repo acme-infra -o html > onboarding.html`,
		Annotations: formats(summaryFormats),
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("onboard takes no arguments; name the repository with --repo: handover onboard --repo %s", args[0])}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
				resp, err := c.Onboard(ctx, f.repo, summaryFormat(a.output))
				return summaryView(resp.GetDocument(), resp.GetRendered()), err
			})
		},
	}
	f.register(cmd, "repo")
	cmd.Flags().Lookup("repo").Usage = "the repository (needed when several are indexed)"
	return cmd
}

func (a *app) handoffCommand() *cobra.Command {
	f := filters{since: "90d"}
	cmd := &cobra.Command{
		Use:   "handoff PERSON",
		Short: "A handoff summary for someone going on leave: what they changed and own, and who else knows it",
		Long: `handoff writes what PERSON changed and owns (hosts, resources, SOPs, docs, with the last commits),
the incidents they handled and the follow-ups still open, the SOPs they own that are overdue for
review, and for each area the people who also know it, or a warning where nobody else does (bus
factor 1). PERSON is a name, a first name, an email or a GitHub handle.`,
		Example: `  handover handoff oleh
  handover handoff marta@acme-shop.com --since 180d -o html > handoff-marta.html`,
		Annotations: formats(summaryFormats),
		Args:        exactArgs(1, "one person: a name, email or GitHub handle"),
		RunE: func(cmd *cobra.Command, args []string) error {
			filter, err := f.proto()
			if err != nil {
				return err
			}
			return a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
				resp, err := c.Handoff(ctx, &pb.HandoffRequest{Repo: filter.GetRepo(), Person: args[0], Since: filter.GetSince(), Format: summaryFormat(a.output)})
				return summaryView(resp.GetDocument(), resp.GetRendered()), err
			})
		},
	}
	f.register(cmd, "repo", "since")
	cmd.Flags().Lookup("repo").Usage = "the repository (needed when several are indexed)"
	cmd.Flags().Lookup("since").Usage = "what changed from this date: YYYY-MM-DD or a span (90d, 12w, 6m, 1y)"
	return cmd
}

// summaryFormat is the server's rendering for -o: markdown for a table,
// none (json) where the printer renders the structure.
func summaryFormat(output string) pb.SummaryFormat {
	switch output {
	case "table", "markdown":
		return pb.SummaryFormat_SUMMARY_FORMAT_MARKDOWN
	case "html":
		return pb.SummaryFormat_SUMMARY_FORMAT_HTML
	}
	return pb.SummaryFormat_SUMMARY_FORMAT_JSON
}

// summaryView is a summary document: the server's rendering as text,
// markdown or html, its structure as json or yaml.
func summaryView(doc *pb.SummaryDocument, rendered string) view {
	text := func(w io.Writer) error {
		_, err := io.WriteString(w, rendered)
		if err == nil && rendered == "" {
			_, err = fmt.Fprintln(w, "(empty document)")
		}
		return err
	}
	return view{value: doc, text: text, formats: map[string]func(io.Writer) error{"markdown": text, "html": text}}
}
