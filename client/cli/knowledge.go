package cli

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"handover/client"
	pb "handover/proto/handover/v1"
)

func (a *app) sopCommand() *cobra.Command {
	var f filters
	cmd := &cobra.Command{
		Use:   "sop WORDS",
		Short: "Print the SOP that best matches a few words, step by step (the emergency path)",
		Example: `  handover sop breach
  handover sop "postgres failover"`,
		Args: minArgs(1, "a few words naming the emergency, e.g. handover sop breach"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
				resp, err := c.FindSOP(ctx, strings.Join(args, " "), f.repo)
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
	)
	cmd := &cobra.Command{
		Use:   "resources [WORDS]",
		Short: "List Terraform resources and data sources",
		Example: `  handover resources --provider aws --region eu-west-1
  handover resources --type aws_instance
  handover resources jenkins`,
		Annotations: formats(tableFormats),
		RunE: func(cmd *cobra.Command, args []string) error {
			filter, err := f.proto()
			if err != nil {
				return err
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
	return cmd
}
