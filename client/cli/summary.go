package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

func (a *app) onboardCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "onboard [REPO]",
		Short: "An onboarding summary: environments, hosts, Terraform, SOPs, incidents, owners, where to start",
		Long: `onboard writes, for someone starting on a project, one document that answers in order: which
environments and clouds exist; what runs where (environment x cloud x purpose); every host with its
purpose, key file and python; what Terraform manages; the SOPs to read first; recent incidents and
their lessons; convention problems to be careful with; who owns what and whom to ask; where to
start reading. Every line cites its file:line.

-o markdown (default) reads well in a terminal and on a code host; -o html is one self-contained
page; -o json is the document's structure.`,
		Example: `  handover onboard
  handover onboard acme-infra -o html > onboarding.html`,
		Annotations: map[string]string{formatsAnnotation: "table,markdown,html,json"},
		Args:        cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			repo := ""
			if len(args) == 1 {
				repo = args[0]
			}
			c, ctx, done, err := a.dial(cmd)
			if err != nil {
				return err
			}
			defer done()
			resp, err := c.Onboard(ctx, repo, summaryFormat(a.output))
			if err != nil {
				return err
			}
			return a.writeSummary(resp.GetDocument(), resp.GetRendered())
		},
	}
	return cmd
}

func (a *app) handoffCommand() *cobra.Command {
	var req pb.HandoffRequest
	cmd := &cobra.Command{
		Use:   "handoff PERSON",
		Short: "A handoff summary for someone going on leave: what they changed and own, and who else knows it",
		Long: `handoff writes what PERSON changed and owns (hosts, resources, SOPs, docs, with the last commits),
the incidents they handled and the follow-ups still open, the SOPs they own that are overdue for
review, and for each area the people who also know it, or a warning where nobody else does (bus
factor 1). PERSON is a name, a first name, an email or a GitHub handle.`,
		Example: `  handover handoff oleh
  handover handoff marta@acme-shop.com --since 180d -o html > handoff-marta.html`,
		Annotations: map[string]string{formatsAnnotation: "table,markdown,html,json"},
		Args:        exactArgs(1, "one person: a name, email or GitHub handle"),
		RunE: func(cmd *cobra.Command, args []string) error {
			since, err := parseDate(req.Since)
			if err != nil {
				return usageError{err}
			}
			req.Since, req.Person = since, args[0]
			req.Format = summaryFormat(a.output)
			c, ctx, done, err := a.dial(cmd)
			if err != nil {
				return err
			}
			defer done()
			resp, err := c.Handoff(ctx, &req)
			if err != nil {
				return err
			}
			return a.writeSummary(resp.GetDocument(), resp.GetRendered())
		},
	}
	cmd.Flags().StringVar(&req.Since, "since", "90d", "what changed from this date: YYYY-MM-DD or a span (90d, 12w, 6m, 1y)")
	cmd.Flags().StringVar(&req.Repo, "repo", "", "the repository (needed when several are indexed)")
	return cmd
}

// summaryFormat maps -o to the server's formats: the table default is
// markdown, which reads as well in a terminal.
func summaryFormat(output string) pb.SummaryFormat {
	if output == "table" {
		return pb.SummaryFormat_SUMMARY_FORMAT_MARKDOWN
	}
	return pbconv.FormatToProto(output)
}

func (a *app) writeSummary(doc *pb.SummaryDocument, rendered string) error {
	if a.output == "json" {
		return writeJSON(a.stdout, doc)
	}
	_, err := io.WriteString(a.stdout, rendered)
	if err == nil && rendered == "" {
		_, err = fmt.Fprintln(a.stdout, "(empty document)")
	}
	return err
}
