package ask

import (
	"fmt"
	"strconv"
	"time"
)

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

// questionDates reads the span a question names: a year (2021), a month
// of a year (July 2021) or a day (11 December 2020, December 11 2020,
// 2020-12-11). Both are empty when it names none.
func questionDates(ws []string) (since, until string) {
	year, day := 0, 0
	var month time.Month
	for i, w := range ws {
		if t, err := time.Parse(time.DateOnly, w); err == nil {
			return w, t.Format(time.DateOnly)
		}
		if m, ok := months[w]; ok {
			month = m
			for _, j := range []int{i - 1, i + 1} {
				if j >= 0 && j < len(ws) {
					if d, err := strconv.Atoi(ws[j]); err == nil && d >= 1 && d <= 31 {
						day = d
					}
				}
			}
			continue
		}
		if y, err := strconv.Atoi(w); err == nil && y >= 1990 && y <= 2099 {
			year = y
		}
	}
	switch {
	case year == 0:
		return "", ""
	case month == 0:
		return fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)
	case day == 0:
		first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
		return first.Format(time.DateOnly), first.AddDate(0, 1, -1).Format(time.DateOnly)
	}
	d := time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	return d, d
}
