package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"handover/internal/pbconv"
	"handover/internal/stats"
	pb "handover/proto/handover/v1"
)

func (a *app) statsCommand() *cobra.Command {
	var (
		req      pb.IncidentStatsRequest
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
		Annotations: map[string]string{formatsAnnotation: "table,json,csv"},
		Args:        exactArgs(0, "no arguments; use --since, --until, --by"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, d := range []*string{&req.Since, &req.Until} {
				v, err := parseDate(*d)
				if err != nil {
					return usageError{err}
				}
				*d = v
			}
			if req.By = pbconv.PeriodToProto(stats.Period(by)); req.By == pb.StatsPeriod_STATS_PERIOD_UNSPECIFIED {
				return usageError{fmt.Errorf("--by must be month or quarter, not %q", by)}
			}
			c, ctx, done, err := a.dial(cmd)
			if err != nil {
				return err
			}
			defer done()
			resp, err := c.IncidentStats(ctx, &req)
			if err != nil {
				return err
			}
			rep := pbconv.StatsFromProto(resp)
			if plot != "" {
				if err := stats.Plot(rep, stats.Options{Practices: rep.Practices}, plot); err != nil {
					return err
				}
				fmt.Fprintf(a.stderr, "chart written to %s\n", plot)
			}
			switch a.output {
			case "json":
				return writeJSON(a.stdout, resp)
			case "csv":
				return stats.WriteCSV(a.stdout, rep)
			}
			return stats.WriteText(a.stdout, rep)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&by, "by", "month", "period: month or quarter")
	fl.StringVar(&req.Since, "since", "", "from this date: YYYY-MM-DD or a span back from today (90d, 12w, 6m, 1y)")
	fl.StringVar(&req.Until, "until", "", "up to this date (YYYY-MM-DD or a span)")
	fl.StringVar(&req.Repo, "repo", "", "only this repository")
	fl.StringVar(&plot, "plot", "", "also draw the chart into this .svg or .png file")
	return cmd
}
