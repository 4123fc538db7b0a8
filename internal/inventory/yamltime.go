package inventory

import (
	"fmt"
	"strconv"
	"strings"
)

// yamlTimestamp is PyYAML's timestamp resolver and constructor, rendered as
// ansible prints dates: Python's isoformat().
func yamlTimestamp(s string) (string, bool) {
	num := func(t string, min, max int) (int, string, bool) {
		n := runOf(t, func(c byte) bool { return c >= '0' && c <= '9' })
		if n < min || n > max {
			return 0, t, false
		}
		v, _ := strconv.Atoi(t[:n])
		return v, t[n:], true
	}
	year, r, ok := num(s, 4, 4)
	if !ok || !strings.HasPrefix(r, "-") {
		return "", false
	}
	month, r, ok := num(r[1:], 1, 2)
	if !ok || !strings.HasPrefix(r, "-") {
		return "", false
	}
	day, r, ok := num(r[1:], 1, 2)
	if !ok || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || year < 1 {
		return "", false
	}
	if r == "" {
		// A bare date must be written YYYY-MM-DD.
		if len(s) != 10 {
			return "", false
		}
		return fmt.Sprintf("%04d-%02d-%02d", year, month, day), true
	}
	switch {
	case r[0] == 'T' || r[0] == 't':
		r = r[1:]
	case r[0] == ' ' || r[0] == '\t':
		r = strings.TrimLeft(r, " \t")
	default:
		return "", false
	}
	hour, r, ok := num(r, 1, 2)
	if !ok || !strings.HasPrefix(r, ":") {
		return "", false
	}
	minute, r, ok := num(r[1:], 2, 2)
	if !ok || !strings.HasPrefix(r, ":") {
		return "", false
	}
	second, r, ok := num(r[1:], 2, 2)
	if !ok || hour > 23 || minute > 59 || second > 59 {
		return "", false
	}
	micro := 0
	if strings.HasPrefix(r, ".") {
		n := runOf(r[1:], func(c byte) bool { return c >= '0' && c <= '9' })
		frac := r[1 : 1+n]
		r = r[1+n:]
		if len(frac) > 6 {
			frac = frac[:6]
		}
		frac += strings.Repeat("0", 6-len(frac))
		micro, _ = strconv.Atoi(frac)
	}
	zone := ""
	r = strings.TrimLeft(r, " \t")
	switch {
	case r == "":
	case r == "Z":
		zone = "+00:00"
	case r[0] == '+' || r[0] == '-':
		th, rest, ok := num(r[1:], 1, 2)
		if !ok {
			return "", false
		}
		tm := 0
		if rest != "" {
			if rest[0] != ':' {
				return "", false
			}
			if tm, rest, ok = num(rest[1:], 2, 2); !ok || rest != "" {
				return "", false
			}
		}
		if th*60+tm >= 24*60 {
			return "", false // Python's timezone() refuses it
		}
		zone = fmt.Sprintf("%c%02d:%02d", r[0], th, tm)
		if th == 0 && tm == 0 {
			zone = "+00:00"
		}
	default:
		return "", false
	}
	out := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second)
	if micro != 0 {
		out += fmt.Sprintf(".%06d", micro)
	}
	return out + zone, true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
