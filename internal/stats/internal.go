package stats

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// InternalHours is time spent on internal processes (meetings,
// documentation, SOP writing, planning) in one period: the guide's "losses
// caused by internal processes".
type InternalHours struct {
	// Period is "2025-03" (a month), "2025-Q1" (a quarter), or a date
	// YYYY-MM-DD that falls in a period.
	Period string  `json:"period"`
	Hours  float64 `json:"hours"`
	Note   string  `json:"note,omitempty"`
}

// ReadInternalHoursCSV reads "period,hours[,note]" rows. A first row whose
// first field is "period" is a header and is skipped; blank lines and lines
// starting with # are ignored. Errors say the line: "line 3: hours "x": not
// a number".
func ReadInternalHoursCSV(r io.Reader) ([]InternalHours, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.Comment = '#'
	var rows []InternalHours
	for first := true; ; first = false {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			// csv.ParseError already says "record on line N".
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if first && strings.EqualFold(strings.TrimSpace(rec[0]), "period") {
			continue
		}
		row, err := parseInternalHours(rec)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		rows = append(rows, row)
	}
}

func parseInternalHours(rec []string) (InternalHours, error) {
	if len(rec) < 2 || len(rec) > 3 {
		return InternalHours{}, fmt.Errorf("%d fields, want period,hours[,note]", len(rec))
	}
	period := strings.TrimSpace(rec[0])
	if _, err := parseSpan(period); err != nil {
		return InternalHours{}, err
	}
	text := strings.TrimSpace(rec[1])
	hours, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(hours) || math.IsInf(hours, 0) {
		return InternalHours{}, fmt.Errorf("hours %q: not a number", text)
	}
	if hours < 0 {
		return InternalHours{}, fmt.Errorf("hours %q: negative", text)
	}
	row := InternalHours{Period: period, Hours: hours}
	if len(rec) == 3 {
		row.Note = strings.TrimSpace(rec[2])
	}
	return row, nil
}
