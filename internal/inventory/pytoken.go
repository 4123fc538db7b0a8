package inventory

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The tokens of Python's tokenizer that literal_eval can use. Anything else
// is tkError, which no literal contains.
type pyTokenKind uint8

const (
	tkEOF pyTokenKind = iota
	tkError
	tkNumber
	tkString
	tkName
	tkOp // ( ) [ ] { } + -
	tkComma
	tkColon
)

type pyToken struct {
	kind    pyTokenKind
	text    string // name, operator, or the decoded string
	val     any    // int64 or float64 for tkNumber
	bytes   bool   // a b'' literal
	fstring bool
}

// next scans the next token into p.tok.
func (p *pyParser) next() {
	s := p.src
	for p.pos < len(s) {
		c := s[p.pos]
		if c == ' ' || c == '\t' || c == '\f' {
			p.pos++
			continue
		}
		if c == '#' {
			p.pos = len(s)
		}
		break
	}
	if p.pos >= len(s) {
		p.tok = pyToken{kind: tkEOF}
		return
	}
	c := s[p.pos]
	switch {
	case c >= '0' && c <= '9' || c == '.' && p.pos+1 < len(s) && s[p.pos+1] >= '0' && s[p.pos+1] <= '9':
		v, end, ok := scanPyNumber(s, p.pos)
		p.pos = end
		if !ok {
			p.tok = pyToken{kind: tkError}
			return
		}
		p.tok = pyToken{kind: tkNumber, val: v}
	case c == '\'' || c == '"':
		p.scanString("")
	case isIdentStart(c):
		n := identLen(s[p.pos:])
		word := s[p.pos : p.pos+n]
		if p.pos+n < len(s) && isStringPrefix(word, s[p.pos+n]) {
			p.pos += n
			p.scanString(strings.ToLower(word))
			return
		}
		p.pos += n
		p.tok = pyToken{kind: tkName, text: word}
	case c == ',':
		p.pos++
		p.tok = pyToken{kind: tkComma}
	case c == ':':
		p.pos++
		p.tok = pyToken{kind: tkColon}
	case strings.IndexByte("()[]{}+-", c) >= 0:
		p.pos++
		p.tok = pyToken{kind: tkOp, text: s[p.pos-1 : p.pos]}
	default:
		p.tok = pyToken{kind: tkError}
		p.pos = len(s)
	}
}

// scanPyNumber scans a Python number literal at s[i:]. Imaginary numbers,
// malformed literals and integers outside int64 fail.
func scanPyNumber(s string, i int) (v any, end int, ok bool) {
	start := i
	digits := func(isDigit func(byte) bool) bool {
		// digit (["_"] digit)*
		if i >= len(s) || !isDigit(s[i]) {
			return false
		}
		for i < len(s) {
			if isDigit(s[i]) {
				i++
			} else if s[i] == '_' && i+1 < len(s) && isDigit(s[i+1]) {
				i += 2
			} else {
				break
			}
		}
		return true
	}
	dec := func(c byte) bool { return c >= '0' && c <= '9' }
	finish := func() bool {
		// A number may not run into a name (1abc, 1j are not literals here).
		return i >= len(s) || !isIdentByte(s[i]) && s[i] != '.'
	}
	if s[i] == '0' && i+1 < len(s) && strings.IndexByte("xXoObB", s[i+1]) >= 0 {
		base := 16
		isDigit := func(c byte) bool { return dec(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
		switch s[i+1] | 0x20 {
		case 'o':
			base, isDigit = 8, func(c byte) bool { return c >= '0' && c <= '7' }
		case 'b':
			base, isDigit = 2, func(c byte) bool { return c == '0' || c == '1' }
		}
		i += 2
		if i < len(s) && s[i] == '_' {
			i++
		}
		if !digits(isDigit) || !finish() {
			return nil, i, false
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(s[start+2:i], "_", ""), base, 64)
		return n, i, err == nil
	}
	isFloat := false
	if s[i] != '.' {
		digits(dec)
	}
	intEnd := i
	if i < len(s) && s[i] == '.' {
		isFloat = true
		i++
		if i < len(s) && dec(s[i]) {
			digits(dec)
		} else if intEnd == start {
			return nil, i, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits(dec) {
			return nil, j, false
		}
		isFloat = true
	}
	if !finish() {
		return nil, i, false
	}
	text := strings.ReplaceAll(s[start:i], "_", "")
	if isFloat {
		f, err := strconv.ParseFloat(text, 64)
		if err != nil && !math.IsInf(f, 0) && f != 0 {
			return nil, i, false
		}
		return f, i, true
	}
	// A decimal integer: "0" may repeat, but no other leading zeros.
	if len(text) > 1 && text[0] == '0' && strings.Trim(text, "0") != "" {
		return nil, i, false
	}
	n, err := strconv.ParseInt(text, 10, 64)
	return n, i, err == nil
}

// scanString scans a string literal whose (lower-case) prefix was already
// consumed; p.pos is at the opening quote.
func (p *pyParser) scanString(prefix string) {
	s := p.src
	q := s[p.pos]
	triple := strings.HasPrefix(s[p.pos:], strings.Repeat(string(q), 3))
	open := 1
	if triple {
		open = 3
	}
	raw := strings.IndexByte(prefix, 'r') >= 0
	isBytes := strings.IndexByte(prefix, 'b') >= 0
	i := p.pos + open
	bodyStart := i
	bodyEnd := -1
	for i < len(s) {
		c := s[i]
		if c == '\\' {
			i += 2
			continue
		}
		if c == q && (!triple || strings.HasPrefix(s[i:], s[p.pos:p.pos+3])) {
			bodyEnd = i
			break
		}
		i++
	}
	if bodyEnd < 0 {
		p.tok = pyToken{kind: tkError}
		p.pos = len(s)
		return
	}
	p.pos = bodyEnd + open
	body := s[bodyStart:bodyEnd]
	tok := pyToken{kind: tkString, bytes: isBytes, fstring: strings.IndexByte(prefix, 'f') >= 0}
	if isBytes {
		for j := 0; j < len(body); j++ {
			if body[j] >= utf8.RuneSelf {
				p.tok = pyToken{kind: tkError} // bytes can only contain ASCII literal characters
				return
			}
		}
	}
	if raw || strings.IndexByte(body, '\\') < 0 {
		tok.text = body
		p.tok = tok
		return
	}
	text, ok := decodePyEscapes(body, isBytes)
	if !ok {
		p.tok = pyToken{kind: tkError}
		return
	}
	tok.text = text
	p.tok = tok
}

// decodePyEscapes decodes the backslash escapes of a non-raw string body.
// For bytes the result must be UTF-8, as ansible's to_text wants it.
func decodePyEscapes(body string, isBytes bool) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(body) {
			return "", false
		}
		c = body[i]
		switch c {
		case '\n':
		case '\\', '\'', '"':
			b.WriteByte(c)
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			n, j := 0, i
			for j < len(body) && j < i+3 && body[j] >= '0' && body[j] <= '7' {
				n = n*8 + int(body[j]-'0')
				j++
			}
			i = j - 1
			if isBytes {
				if n > 0xff {
					return "", false
				}
				b.WriteByte(byte(n))
			} else {
				b.WriteRune(rune(n))
			}
		case 'x', 'u', 'U':
			width := 2
			switch c {
			case 'u':
				width = 4
			case 'U':
				width = 8
			}
			if isBytes && c != 'x' {
				b.WriteByte('\\')
				b.WriteByte(c)
				continue
			}
			if i+1+width > len(body) {
				return "", false // truncated escape
			}
			n, err := strconv.ParseUint(body[i+1:i+1+width], 16, 32)
			if err != nil {
				return "", false
			}
			i += width
			switch {
			case isBytes:
				b.WriteByte(byte(n))
			case n > utf8.MaxRune || n >= 0xd800 && n <= 0xdfff:
				return "", false // not a code point Go can hold
			default:
				b.WriteRune(rune(n))
			}
		case 'N':
			if isBytes {
				b.WriteString(`\N`)
				continue
			}
			return "", false
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	out := b.String()
	if isBytes && !utf8.ValidString(out) {
		return "", false
	}
	return out, true
}

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }

// pyFloatRepr formats f as Python's repr(float) does.
func pyFloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // [-]d[.ddd]e±dd
	sign := ""
	if e[0] == '-' {
		sign, e = "-", e[1:]
	}
	mant, expText, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expText)
	digits := strings.Replace(mant, ".", "", 1)
	decpt := exp + 1
	if decpt <= -4 || decpt > 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		return sign + m + "e" + es + leftPad(strconv.Itoa(exp), 2)
	}
	switch {
	case decpt <= 0:
		return sign + "0." + strings.Repeat("0", -decpt) + digits
	case decpt >= len(digits):
		return sign + digits + strings.Repeat("0", decpt-len(digits)) + ".0"
	default:
		return sign + digits[:decpt] + "." + digits[decpt:]
	}
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}
