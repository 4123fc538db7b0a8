package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"handover/client"
	"handover/internal/pbconv"
	"handover/internal/stats"
	pb "handover/proto/handover/v1"
)

func (a *app) statsCommand() *cobra.Command {
	var (
		f        filters
		by, plot string
	)
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Incident statistics per month or quarter: incidents per person, incident and internal hours, total losses",
		Long: `stats measures incidents over time the way the client guide does: per period the number of
incidents, incidents per person, incident losses (incidents x average hours to resolve), the hours
spent on internal processes ([internal-hours] or [stats] internal-hours = FILE.csv in handover.ini),
and the total, split by category and by person. Losses are in hours.

--plot draws the four series into an .svg or .png file, with a marker at each practice adoption
date from [stats] practices in handover.ini.`,
		Example: `  handover stats --by quarter
  handover stats --since 2025-01-01 --plot incidents.svg
  handover stats -o csv > incidents.csv`,
		Annotations: formats("table,json,csv,yaml"),
		Args:        exactArgs(0, "no arguments; use --since, --until, --by"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			filter, err := f.proto()
			if err != nil {
				return err
			}
			period := pbconv.PeriodToProto(stats.Period(by))
			if period == pb.StatsPeriod_STATS_PERIOD_UNSPECIFIED {
				return usageError{fmt.Errorf("--by must be month or quarter, not %q", by)}
			}
			return a.call(cmd, func(ctx context.Context, c *client.Client) (view, error) {
				resp, err := c.IncidentStats(ctx, &pb.IncidentStatsRequest{Repo: filter.GetRepo(), By: period, Since: filter.GetSince(), Until: filter.GetUntil()})
				if err != nil {
					return view{}, err
				}
				rep := pbconv.StatsFromProto(resp)
				if plot != "" {
					if err := stats.Plot(rep, stats.Options{Practices: rep.Practices}, plot); err != nil {
						return view{}, err
					}
					fmt.Fprintf(a.stderr, "chart written to %s\n", plot)
				}
				return view{
					value:   resp,
					text:    func(w io.Writer) error { return stats.WriteText(w, rep) },
					formats: map[string]func(io.Writer) error{"csv": func(w io.Writer) error { return stats.WriteCSV(w, rep) }},
				}, nil
			})
		},
	}
	f.register(cmd, "repo", "since", "until")
	fl := cmd.Flags()
	fl.StringVar(&by, "by", "month", "period: month or quarter")
	fl.StringVar(&plot, "plot", "", "also draw the chart into this .svg or .png file")
	return cmd
}
