package stats

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"
	"time"
)

// WriteCSV writes one row per period: period, incidents, per_person,
// avg_hours, incident_loss, internal_hours, total_loss, then a column
// "category:NAME" per category in r.Categories order and "person:NAME" per
// person in r.People order. Numbers are rounded to two decimals.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	header := []string{"period", "incidents", "per_person", "avg_hours", "incident_loss", "internal_hours", "total_loss"}
	for _, c := range r.Categories {
		header = append(header, "category:"+c)
	}
	for _, p := range r.People {
		header = append(header, "person:"+p)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, s := range r.Periods {
		row := []string{
			s.Period, strconv.Itoa(s.Incidents), number(s.PerPerson), number(s.AvgHours),
			number(s.IncidentLoss), number(s.InternalHours), number(s.TotalLoss),
		}
		for _, c := range r.Categories {
			row = append(row, strconv.Itoa(s.ByCategory[c]))
		}
		for _, p := range r.People {
			row = append(row, strconv.Itoa(s.ByPerson[p]))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes r as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes an aligned table for a terminal: a row per period and
// category counts, a totals row, then a line per practice comparing the
// periods before it with those from its period on, then what was skipped.
func WriteText(w io.Writer, r *Report) error {
	var b bytes.Buffer // written out once, so there is one error to check
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	// tabwriter aligns every column right; the period names go left.
	width := len("period")
	for _, s := range r.Periods {
		width = max(width, len(s.Period))
	}
	fmt.Fprintf(tw, "%-*s\tincidents\tper person\tavg hours\tincident loss\tinternal hours\ttotal loss\t", width, "period")
	for _, c := range r.Categories {
		fmt.Fprintf(tw, "%s\t", c)
	}
	fmt.Fprintln(tw)
	for _, s := range append(append([]PeriodStats(nil), r.Periods...), r.Totals) {
		fmt.Fprintf(tw, "%-*s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t",
			width, s.Period, s.Incidents, s.PerPerson, s.AvgHours, s.IncidentLoss, s.InternalHours, s.TotalLoss)
		for _, c := range r.Categories {
			fmt.Fprintf(tw, "%d\t", s.ByCategory[c])
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	if len(r.People) > 0 {
		// The same periods again, split by person: who was involved how often.
		fmt.Fprintln(&b, "\nincidents by person")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%-*s\t", width, "period")
		for _, p := range r.People {
			fmt.Fprintf(tw, "%s\t", p)
		}
		fmt.Fprintln(tw)
		for _, s := range append(append([]PeriodStats(nil), r.Periods...), r.Totals) {
			fmt.Fprintf(tw, "%-*s\t", width, s.Period)
			for _, p := range r.People {
				fmt.Fprintf(tw, "%d\t", s.ByPerson[p])
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
		fmt.Fprintln(&b)
	}
	fmt.Fprintf(&b, "team size %d; hours are hours to resolve; incident loss = incidents x average hours\n", r.TeamSize)
	for _, p := range r.Practices {
		fmt.Fprintf(&b, "practice %s %s (%s): %s\n", p.Date.Format(time.DateOnly), p.Label,
			periodKey(periodStart(p.Date, r.By), r.By), beforeAfter(r, p.Date))
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(&b, "skipped %s\n", s)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// beforeAfter compares the mean incidents and total loss per period before
// date with those from date's period on, as the guide compares its months
// before and after adopting its practices.
func beforeAfter(r *Report, date time.Time) string {
	from := periodStart(date, r.By)
	var before, after []PeriodStats
	for _, s := range r.Periods {
		if s.Start.Before(from) {
			before = append(before, s)
		} else {
			after = append(after, s)
		}
	}
	describe := func(ss []PeriodStats) string {
		if len(ss) == 0 {
			return "no periods"
		}
		var incidents, loss float64
		for _, s := range ss {
			incidents += float64(s.Incidents)
			loss += s.TotalLoss
		}
		n := float64(len(ss))
		return fmt.Sprintf("%.2f incidents, %.2f h total loss per %s over %d", incidents/n, loss/n, r.By, len(ss))
	}
	return "before " + describe(before) + "; from then on " + describe(after)
}

// number writes v rounded to two decimals without trailing zeros.
func number(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}
