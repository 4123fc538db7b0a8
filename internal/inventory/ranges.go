package inventory

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

const asciiLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// expandHostPattern is ansible's BaseInventoryPlugin._expand_hostpattern:
// the host names a pattern such as web[01:20].example.com:2222 stands for
// (appended to dst), and its port (-1 for none). Ansible has no bound; here
// one pattern gives at most max hosts, so that a typo like web[1:10000000]
// does not take the process down.
func expandHostPattern(dst []string, pattern string, max int) ([]string, int64, error) {
	if strings.IndexByte(pattern, ':') < 0 && strings.IndexByte(pattern, '[') < 0 {
		// Without a port or a range the pattern is the name, whether
		// parse_address accepts it or not.
		return append(dst, pattern), -1, nil
	}
	host, port, ok := parseAddress(pattern)
	if !ok {
		// Not a recognisable address: ansible keeps the whole text.
		host, port = pattern, -1
	}
	if port == -2 {
		return dst, -1, errors.New("port number out of range")
	}
	if strings.IndexByte(host, '[') < 0 {
		return append(dst, host), port, nil
	}
	names, err := expandHostnameRange(dst, host, len(dst)+max)
	return names, port, err
}

// expandHostnameRange is ansible's expand_hostname_range, appending to dst:
// the first [begin:end(:step)] of line is expanded (numeric with zero
// padding, or letters), then the results are expanded again while any '['
// remains. dst may grow to max names, no further.
func expandHostnameRange(dst []string, line string, max int) ([]string, error) {
	if line == "" {
		return dst, nil
	}
	// line.replace('[', '|', 1).replace(']', '|', 1).split('|') must give
	// exactly head, range, tail.
	r := strings.Replace(strings.Replace(line, "[", "|", 1), "]", "|", 1)
	parts := strings.Split(r, "|")
	switch {
	case len(parts) < 3:
		return dst, fmt.Errorf("not enough values to unpack (expected 3, got %d)", len(parts))
	case len(parts) > 3:
		return dst, errors.New("too many values to unpack (expected 3)")
	}
	head, nrange, tail := parts[0], parts[1], parts[2]
	bounds := strings.Split(nrange, ":")
	if len(bounds) != 2 && len(bounds) != 3 {
		return dst, errors.New("host range must be begin:end or begin:end:step")
	}
	beg, end, step := bounds[0], bounds[1], "1"
	if len(bounds) == 3 {
		step = bounds[2]
	}
	if beg == "" {
		beg = "0"
	}
	if end == "" {
		return dst, errors.New("host range must specify end value")
	}
	width := 0
	if beg[0] == '0' && len(beg) > 1 {
		width = len(beg)
		if width != len(end) {
			return dst, errors.New("host range must specify equal-length begin and end formats")
		}
	}
	seq, err := rangeSequence(beg, end, step, max-len(dst))
	if err != nil {
		return dst, err
	}
	for _, item := range seq {
		if width > 0 {
			item = zfill(item, width)
		}
		name := head + item + tail
		if strings.IndexByte(name, '[') >= 0 {
			if dst, err = expandHostnameRange(dst, name, max); err != nil {
				return dst, err
			}
			continue
		}
		if len(dst) >= max {
			return dst, tooManyHosts(line, max)
		}
		dst = append(dst, name)
	}
	return dst, nil
}

// rangeSequence is the body of expand_hostname_range's try block: a slice
// of string.ascii_letters when both bounds are found in it, else Python's
// range(int(beg), int(end)+1, int(step)), of at most max items.
func rangeSequence(beg, end, step string, max int) ([]string, error) {
	ib, ie := strings.Index(asciiLetters, beg), strings.Index(asciiLetters, end)
	if ib >= 0 && ie >= 0 {
		if ib > ie {
			return nil, errors.New("host range must have begin <= end")
		}
		st, err := pyInt(step)
		if err == nil && st != 0 {
			// A negative step gives Python an empty slice, as begin <= end.
			var seq []string
			letters := asciiLetters[ib : ie+1]
			for i := 0; st > 0 && i < len(letters); i += int(st) {
				seq = append(seq, letters[i:i+1])
			}
			return seq, nil
		}
		// int(step) failed or the slice step was zero: ValueError, which
		// sends Python on to the numeric range below.
	}
	b, err := pyInt(beg)
	if err != nil {
		return nil, err
	}
	e, err := pyInt(end)
	if err != nil {
		return nil, err
	}
	st, err := pyInt(step)
	if err != nil {
		return nil, err
	}
	if st == 0 {
		return nil, errors.New("range() arg 3 must not be zero")
	}
	e++
	n := int64(0)
	if st > 0 && e > b {
		n = (e - b + st - 1) / st
	} else if st < 0 && e < b {
		n = (b - e - st - 1) / -st
	}
	if n > int64(max) {
		return nil, fmt.Errorf("host range [%s:%s] has %d hosts, more than the %d allowed (limits: range-hosts)", beg, end, n, max)
	}
	seq := make([]string, 0, n)
	for i := int64(0); i < n; i++ {
		seq = append(seq, strconv.FormatInt(b+i*st, 10))
	}
	return seq, nil
}

func tooManyHosts(pattern string, max int) error {
	return fmt.Errorf("host pattern %s expands to more than the %d hosts allowed (limits: range-hosts)", pattern, max)
}

// pyInt is Python's int(s) for a str: surrounding whitespace, a sign, and
// digits with single underscores between them.
func pyInt(s string) (int64, error) {
	t := pyStrip(s)
	body := strings.TrimLeft(t, "+-")
	if len(t)-len(body) > 1 || body == "" || body[0] == '_' || body[len(body)-1] == '_' || strings.Contains(body, "__") {
		return 0, fmt.Errorf("invalid literal for int() with base 10: %s", pyRepr(s))
	}
	n, err := strconv.ParseInt(t[:len(t)-len(body)]+strings.ReplaceAll(body, "_", ""), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid literal for int() with base 10: %s", pyRepr(s))
	}
	return n, nil
}

// zfill is Python's str.zfill: pad with zeros after any sign.
func zfill(s string, width int) string {
	if len(s) >= width {
		return s
	}
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], s[1:]
	}
	return sign + strings.Repeat("0", width-len(s)-len(sign)) + s
}

// pyRepr quotes s roughly as Python's repr(str) does, for messages.
func pyRepr(s string) string {
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}
