package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	pb "handover/proto/handover/v1"
)

func (a *app) sopCommand() *cobra.Command {
	var repo string
	cmd := &cobra.Command{
		Use:   "sop WORDS",
		Short: "Print the SOP that best matches a few words, step by step (the emergency path)",
		Example: `  handover sop breach
  handover sop "postgres failover"`,
		Args: minArgs(1, "a few words naming the emergency, e.g. handover sop breach"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, ctx, done, err := a.dial(cmd)
			if err != nil {
				return err
			}
			defer done()
			resp, err := c.FindSOP(ctx, strings.Join(args, " "), repo)
			if err != nil {
				return err
			}
			if a.output == "json" {
				return writeJSON(a.stdout, resp)
			}
			writeSOP(a.stdout, resp.GetSop())
			if len(resp.GetOthers()) > 0 {
				fmt.Fprintln(a.stdout, "\nAlso matching:")
				for _, o := range resp.GetOthers() {
					fmt.Fprintf(a.stdout, "  %s  (%s)\n", o.GetTitle(), source(o.GetSource()))
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&repo, "repo", "", "only this repository")
	return cmd
}

func (a *app) incidentsCommand() *cobra.Command {
	var (
		f     pb.IncidentFilter
		limit int
	)
	cmd := &cobra.Command{
		Use:   "incidents [WORDS]",
		Short: "List incident reports, newest first",
		Example: `  handover incidents --person priya
  handover incidents --category emergency --since 2025-06-01
  handover incidents jenkins`,
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, d := range []*string{&f.Since, &f.Until} {
				v, err := parseDate(*d)
				if err != nil {
					return usageError{err}
				}
				*d = v
			}
			c, ctx, done, err := a.dial(cmd)
			if err != nil {
				return err
			}
			defer done()
			incs, total, err := c.ListIncidents(ctx, &f, strings.Join(args, " "), limit)
			if err != nil {
				return err
			}
			if a.output == "json" {
				return writeJSON(a.stdout, &pb.ListIncidentsResponse{Incidents: incs, Total: total})
			}
			writeIncidents(a.stdout, incs)
			a.writeShown(len(incs), total, "incidents")
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.Person, "person", "", "only incidents this person was involved in")
	fl.StringVar(&f.Category, "category", "", "only this category: knowledge-transfer, experience or emergency")
	fl.StringVar(&f.Since, "since", "", "only from this date on: YYYY-MM-DD, or a duration back from today such as 90d or 12w")
	fl.StringVar(&f.Until, "until", "", "only up to this date (YYYY-MM-DD or 30d)")
	fl.StringVar(&f.Repo, "repo", "", "only this repository")
	fl.IntVar(&limit, "limit", 50, "list at most this many (0: all)")
	return cmd
}

func (a *app) resourcesCommand() *cobra.Command {
	var (
		f     pb.ResourceFilter
		limit int
	)
	cmd := &cobra.Command{
		Use:   "resources [WORDS]",
		Short: "List Terraform resources and data sources",
		Example: `  handover resources --provider aws --region eu-west-1
  handover resources --type aws_instance
  handover resources jenkins`,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, ctx, done, err := a.dial(cmd)
			if err != nil {
				return err
			}
			defer done()
			res, total, err := c.ListResources(ctx, &f, strings.Join(args, " "), limit)
			if err != nil {
				return err
			}
			if a.output == "json" {
				return writeJSON(a.stdout, &pb.ListResourcesResponse{Resources: res, Total: total})
			}
			writeResources(a.stdout, res)
			a.writeShown(len(res), total, "resources")
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.Provider, "provider", "", "only this provider (aws, google, ...)")
	fl.StringVar(&f.Region, "region", "", "only this region or location")
	fl.StringVar(&f.Type, "type", "", "only this resource type (aws_instance, ...)")
	fl.StringVar(&f.Env, "env", "", "only this environment, read from the module's directory")
	fl.StringVar(&f.Cloud, "cloud", "", "only this cloud (aws, gcp, ...)")
	fl.StringVar(&f.Repo, "repo", "", "only this repository")
	fl.IntVar(&limit, "limit", 100, "list at most this many (0: all)")
	return cmd
}

// parseDate accepts YYYY-MM-DD or a span back from today: 90d, 12w, 6m, 1y.
func parseDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return s, nil
	}
	var n int
	var unit string
	if _, err := fmt.Sscanf(s, "%d%s", &n, &unit); err == nil && n >= 0 {
		now := time.Now()
		var t time.Time
		switch unit {
		case "d":
			t = now.AddDate(0, 0, -n)
		case "w":
			t = now.AddDate(0, 0, -7*n)
		case "m":
			t = now.AddDate(0, -n, 0)
		case "y":
			t = now.AddDate(-n, 0, 0)
		}
		if !t.IsZero() {
			return t.Format(time.DateOnly), nil
		}
	}
	return "", fmt.Errorf("date %q: want YYYY-MM-DD or a span such as 90d, 12w, 6m, 1y", s)
}
