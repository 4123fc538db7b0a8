package stats

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is how incidents are grouped over time.
type Period string

// The groupings Compute knows.
const (
	Month   Period = "month"
	Quarter Period = "quarter"
)

// day is the date part of t as midnight UTC, so that dates compare as days
// whatever location or time of day t was given in.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// periodStart is the first day of the period of kind by that holds t.
func periodStart(t time.Time, by Period) time.Time {
	y, m, _ := t.Date()
	if by == Quarter {
		m = (m-1)/3*3 + 1
	}
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
}

// nextPeriod is the first day of the period after the one starting at start.
func nextPeriod(start time.Time, by Period) time.Time {
	if by == Quarter {
		return start.AddDate(0, 3, 0)
	}
	return start.AddDate(0, 1, 0)
}

// periodKey names the period starting at start: "2025-03" or "2025-Q1".
func periodKey(start time.Time, by Period) string {
	if by == Quarter {
		return fmt.Sprintf("%04d-Q%d", start.Year(), (int(start.Month())-1)/3+1)
	}
	return start.Format("2006-01")
}

// span is a stretch of days [start, end) named by an internal-hours row.
type span struct {
	kind  string // "month", "quarter" or "day"
	start time.Time
	end   time.Time // exclusive
}

// parseSpan reads "2025-03", "2025-Q1" (or "2025-q1") or "2025-03-14".
func parseSpan(s string) (span, error) {
	s = strings.TrimSpace(s)
	if y, q, ok := strings.Cut(s, "-"); ok && len(q) == 2 && (q[0] == 'Q' || q[0] == 'q') {
		year, err := strconv.Atoi(y)
		if err != nil || len(y) != 4 || q[1] < '1' || q[1] > '4' {
			return span{}, fmt.Errorf("period %q: want YYYY-MM, YYYY-Qn or YYYY-MM-DD", s)
		}
		start := time.Date(year, time.Month(int(q[1]-'1')*3+1), 1, 0, 0, 0, 0, time.UTC)
		return span{kind: string(Quarter), start: start, end: nextPeriod(start, Quarter)}, nil
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		return span{kind: string(Month), start: t, end: nextPeriod(t, Month)}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return span{kind: "day", start: t, end: t.AddDate(0, 0, 1)}, nil
	}
	return span{}, fmt.Errorf("period %q: want YYYY-MM, YYYY-Qn or YYYY-MM-DD", s)
}
