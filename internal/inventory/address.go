package inventory

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// parseAddress is ansible's parse_address(address, allow_ranges=True)
// (ansible/parsing/utils/addresses.py), written out by hand instead of its
// regular expressions: it splits an optional port off a host pattern and
// checks that what remains is an IPv4 address, an IPv6 address or a host
// name, any of them possibly holding [x:y] ranges. ok is false where ansible
// raises; port is -1 when none is given.
func parseAddress(address string) (host string, port int64, ok bool) {
	port = -1
	// bracketed_hostport: ^\[(.+)\]:([0-9]+)$
	if len(address) > 0 && address[0] == '[' {
		if inner, p, found := cutBracketedPort(address); found {
			address, port = inner, p
		}
	}
	// hostport: ^((?:[^:\[\]]|\[[^\]]*\])*):([0-9]+)$, tried on what the
	// first pattern left, as ansible's loop does.
	if h, p, found := cutHostPort(address); found {
		address, port = h, p
	}
	if port < -1 {
		return "", -1, false
	}
	if isIPv4Pattern(address) || isIPv6Pattern(address) || isHostnamePattern(address) {
		return address, port, true
	}
	return "", -1, false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parsePort is Python's int() on a run of digits; -2 when it does not fit.
func parsePort(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -2
	}
	return n
}

func cutBracketedPort(s string) (string, int64, bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 3 || s[i-1] != ']' || !allDigits(s[i+1:]) {
		return "", 0, false
	}
	return s[1 : i-1], parsePort(s[i+1:]), true
}

func cutHostPort(s string) (string, int64, bool) {
	i := 0
	for i < len(s) {
		switch s[i] {
		case '[':
			j := strings.IndexByte(s[i+1:], ']')
			if j < 0 {
				return "", 0, false
			}
			i += j + 2
			continue
		case ']':
			return "", 0, false
		case ':':
			if !allDigits(s[i+1:]) {
				return "", 0, false
			}
			return s[:i], parsePort(s[i+1:]), true
		}
		i++
	}
	return "", 0, false
}

// rangeLen returns the length of a range expression "[...]" at the start
// of s, or 0. kind selects the pattern: 'n' numeric_range [0-9]+:[0-9]+,
// 'x' hexadecimal_range, 'a' alphanumeric_range ([a-z]:[a-z] or numeric);
// each takes an optional numeric :step.
func rangeLen(s string, kind byte) int {
	if len(s) < 5 || s[0] != '[' {
		return 0
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return 0
	}
	parts := strings.Split(s[1:end], ":")
	if len(parts) != 2 && len(parts) != 3 {
		return 0
	}
	if len(parts) == 3 && !allDigits(parts[2]) {
		return 0
	}
	switch kind {
	case 'n':
		if !allDigits(parts[0]) || !allDigits(parts[1]) {
			return 0
		}
	case 'x':
		if !allHex(parts[0]) || !allHex(parts[1]) {
			return 0
		}
	case 'a':
		letter := func(p string) bool { return len(p) == 1 && isASCIILetter(p[0]) }
		if !(letter(parts[0]) && letter(parts[1])) && !(allDigits(parts[0]) && allDigits(parts[1])) {
			return 0
		}
	}
	return end + 1
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func allHex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHexDigit(s[i]) {
			return false
		}
	}
	return true
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// isIPv4Pattern: four dot-separated parts, each 0..255 (up to three digits)
// or a numeric range.
func isIPv4Pattern(s string) bool {
	for part := 0; part < 4; part++ {
		n := rangeLen(s, 'n')
		if n == 0 {
			n = decimalRun(s)
			if n == 0 || n > 3 || n == 3 && s[:3] > "255" {
				return false
			}
		}
		s = s[n:]
		if part < 3 {
			if s == "" || s[0] != '.' {
				return false
			}
			s = s[1:]
		}
	}
	return s == ""
}

// ipv6Component is the length of a 16-bit group (1-4 hex digits) or a
// hexadecimal range at the start of s, or 0.
func ipv6Component(s string) int {
	if n := rangeLen(s, 'x'); n > 0 {
		return n
	}
	n := 0
	for n < len(s) && n < 4 && isHexDigit(s[n]) {
		n++
	}
	return n
}

// isIPv6Pattern follows the alternatives of ansible's ipv6 pattern. As in
// ansible, where '^' and '$' bind to the first and last alternative only,
// all but the last alternative need only match a prefix of s.
func isIPv6Pattern(s string) bool {
	// after[k] is the offset after k leading "h:" groups, for k <= n.
	var after [8]int
	n, rest := 0, s
	for n < 7 {
		c := ipv6Component(rest)
		if c == 0 || c >= len(rest) || rest[c] != ':' {
			break
		}
		rest = rest[c+1:]
		n++
		after[n] = len(s) - len(rest)
	}
	if n == 7 && ipv6Component(rest) > 0 { // (h:){7}h
		return true
	}
	for k := 1; k <= n && k <= 6; k++ { // (h:){1,6}: and every a::b form
		if strings.HasPrefix(s[after[k]:], ":") {
			return true
		}
	}
	if strings.HasPrefix(s, "::") { // :(:h){1,6}, ::, ::(ffff:)?a.b.c.d
		return true
	}
	if c := ipv6Component(s); c > 0 && strings.HasPrefix(s[c:], "::") { // h::
		return true
	}
	if strings.HasPrefix(s, "0:0:0:0:0:0:") { // (0:){6}a.b.c.d
		if _, ok := ipv6DottedQuad(s[12:]); ok {
			return true
		}
	}
	const mapped = "0:0:0:0:0:ffff:" // (0:){5}ffff:a.b.c.d$
	if len(s) > len(mapped) && strings.EqualFold(s[:len(mapped)], mapped) {
		if r, ok := ipv6DottedQuad(s[len(mapped):]); ok && r == "" {
			return true
		}
	}
	return false
}

// ipv6DottedQuad matches (h\.){3}h at the start of s and returns the rest.
func ipv6DottedQuad(s string) (string, bool) {
	for i := 0; i < 3; i++ {
		c := ipv6Component(s)
		if c == 0 || c >= len(s) || s[c] != '.' {
			return s, false
		}
		s = s[c+1:]
	}
	c := ipv6Component(s)
	return s[c:], c > 0
}

// isHostnamePattern: dot-separated labels of word characters, '-' and '_'
// and alphanumeric ranges; a label starts with a word character or a range
// and does not end with '-' or '_'.
func isHostnamePattern(s string) bool {
	if s == "" {
		return false
	}
	for {
		i, last := 0, byte(0)
		for i < len(s) && s[i] != '.' {
			c := s[i]
			if c == '[' {
				n := rangeLen(s[i:], 'a')
				if n == 0 {
					return false
				}
				i += n
				last = ']'
				continue
			}
			if c == '-' {
				if i == 0 {
					return false
				}
				i++
				last = c
				continue
			}
			if c < utf8.RuneSelf {
				if !(c == '_' || c >= '0' && c <= '9' || isASCIILetter(c)) {
					return false
				}
				i++
				last = c
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isPyWordRune(r) {
				return false
			}
			i += size
			last = 'a'
		}
		if i == 0 || last == '-' || last == '_' {
			return false
		}
		if i == len(s) {
			return true
		}
		s = s[i+1:]
	}
}

// isPyWordRune is Python's \w for non-ASCII characters.
func isPyWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsNumber(r)
}
