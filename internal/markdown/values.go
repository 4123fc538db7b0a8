package markdown

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"handover/internal/model"
)

// listOf is a YAML list as it is, or a string split at any of seps.
func listOf(v value, seps string) []string {
	if v.isList {
		return v.list
	}
	var out []string
	for _, s := range strings.FieldsFunc(v.text, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if s = unwrap(strings.TrimSpace(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// names drops the "@" of mentions, so that "@alice" and "alice" are one
// person; with splitAnd "Erin and Frank" are two.
func names(list []string, splitAnd bool) []string {
	var out []string
	for _, n := range list {
		parts := []string{n}
		if splitAnd {
			parts = strings.Split(strings.ReplaceAll(n, " & ", " and "), " and ")
		}
		for _, part := range parts {
			if part = strings.TrimPrefix(strings.TrimSpace(part), "@"); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// dateLayouts are the dates people write, after the ISO forms.
var dateLayouts = []string{
	"2006/01/02", "2006.01.02",
	"January 2, 2006", "January 2 2006", "Jan 2, 2006", "Jan 2 2006", "Jan. 2, 2006",
	"2 January 2006", "2 Jan 2006", "Monday, January 2, 2006", "Mon, Jan 2, 2006",
}

// normDate reads a date as YYYY-MM-DD. A date and time ("2024-03-07 14:05
// UTC", a YAML timestamp) keeps its date.
func normDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil && (len(s) == 10 || !isDigit(s[10])) {
			return t.Format("2006-01-02"), true
		}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return numericDate(s)
}

// numericDateRE is a day and month in either order, then the year:
// "13/11/2024" (British), "11/13/2024" (American), "11.11.2024".
var numericDateRE = regexp.MustCompile(`^(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4})$`)

// numericDate reads a numeric date whose order of day and month is plain:
// one of them is over 12, or they are the same. "03/04/2024" could be
// either and is not read.
func numericDate(s string) (string, bool) {
	m := numericDateRE.FindStringSubmatch(s)
	if m == nil || m[2] != m[4] {
		return "", false
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[3])
	day, month := a, b
	switch {
	case a == b, a > 12:
	case b > 12:
		day, month = b, a
	default:
		return "", false
	}
	t, err := time.Parse("2006-1-2", fmt.Sprintf("%s-%d-%d", m[5], month, day))
	if err != nil {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// dateIn finds a YYYY-MM-DD (or YYYYMMDD at the start) in a file name or a
// title: "2024-03-07-db-outage.md", "postmortem-2024-03-07.md".
func dateIn(s string) string {
	if len(s) >= 8 {
		if t, err := time.Parse("20060102", s[:8]); err == nil && (len(s) == 8 || !isDigit(s[8])) {
			return t.Format("2006-01-02")
		}
	}
	for i := 0; i+10 <= len(s); i++ {
		if i > 0 && isDigit(s[i-1]) || !isDigit(s[i]) {
			continue
		}
		cand := s[i : i+10]
		if i+10 < len(s) && isDigit(s[i+10]) {
			continue
		}
		for _, layout := range []string{"2006-01-02", "2006_01_02", "2006.01.02"} {
			if t, err := time.Parse(layout, cand); err == nil {
				return t.Format("2006-01-02")
			}
		}
	}
	return ""
}

// hourUnits are how long one unit is, in hours.
var hourUnits = map[string]float64{
	"h": 1, "hr": 1, "hrs": 1, "hour": 1, "hours": 1,
	"m": 1.0 / 60, "min": 1.0 / 60, "mins": 1.0 / 60, "minute": 1.0 / 60, "minutes": 1.0 / 60,
	"d": 24, "day": 24, "days": 24,
	"s": 1.0 / 3600, "sec": 1.0 / 3600, "secs": 1.0 / 3600, "second": 1.0 / 3600, "seconds": 1.0 / 3600,
}

// parseHours reads a time to resolve in hours: "3", "1.5", "3h", "1.5
// hours", "90m", "2h 30m", "~4 hours", "1,5 h". A bare number is hours.
func parseHours(s string) (float64, bool) {
	// A remark in brackets is not part of the figure: "7h (during
	// support hours 10:00-17:00)".
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(strings.TrimSpace(s), ")") {
		s = s[:i]
	}
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSpace(strings.TrimLeft(s, "~≈<>"))
	for _, w := range []string{"about ", "approx. ", "approx ", "approximately ", "around ", "roughly "} {
		s = strings.TrimPrefix(s, w)
	}
	s = strings.ReplaceAll(s, ",", ".")
	if h, err := strconv.ParseFloat(s, 64); err == nil {
		return h, h >= 0 && !math.IsInf(h, 1)
	}
	total, seen := 0.0, false
	for s != "" {
		s = strings.TrimLeft(s, " ")
		i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) && r != '.' })
		if i <= 0 {
			return 0, false
		}
		n, err := strconv.ParseFloat(s[:i], 64)
		if err != nil {
			return 0, false
		}
		s = strings.TrimLeft(s[i:], " ")
		j := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
		if j < 0 {
			j = len(s)
		}
		unit, ok := hourUnits[s[:j]]
		if !ok {
			return 0, false
		}
		total, seen = total+n*unit, true
		s = strings.TrimLeft(s[j:], " ,")
		s = strings.TrimPrefix(s, "and ")
	}
	// To a hundredth of an hour: "49h 29m" is 49.48, not 49.483333333333334.
	return math.Round(total*100) / 100, seen
}

// normCategory maps what people write to the client guide's three
// categories: "Knowledge Transfer", "knowledge_transfer", "KT",
// "Experience issues". An unknown category is kept as written.
func normCategory(s string) (string, bool) {
	c := strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '/'
	}), " ")
	c = strings.TrimSuffix(strings.TrimSuffix(c, " issues"), " issue")
	switch c {
	case "knowledge transfer", "kt", "knowledge", "knowledge sharing", "handover":
		return model.CategoryKnowledgeTransfer, true
	case "experience", "lack of experience", "inexperience":
		return model.CategoryExperience, true
	case "emergency":
		return model.CategoryEmergency, true
	}
	return strings.TrimSpace(s), false
}

// normKind reads a front matter kind: sop, incident or doc and synonyms.
func normKind(s string) model.Kind {
	switch normKey(s) {
	case "sop", "sops", "runbook", "procedure", "standard_operating_procedure":
		return model.KindSOP
	case "incident", "incidents", "postmortem", "post_mortem", "incident_report", "postmortems":
		return model.KindIncident
	case "doc", "docs", "document", "documentation":
		return model.KindDoc
	}
	return ""
}

// linkTarget is the destination of a value written as one markdown link,
// "[Security incident](../sops/security.md)"; anything else as written.
func linkTarget(s string) string {
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, ")") {
		return s
	}
	i := strings.Index(s, "](")
	if i < 0 || strings.Contains(s[i+2:len(s)-1], "](") {
		return s
	}
	if dest := strings.TrimSpace(s[i+2 : len(s)-1]); dest != "" {
		return dest
	}
	return s
}
