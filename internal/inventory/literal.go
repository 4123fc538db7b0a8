package inventory

import (
	"fmt"
	"math"
	"strings"
)

// INI values go through Python's ast.literal_eval (ansible's _parse_value):
// what parses as a Python literal becomes that value, anything else stays the
// text it was. pyValue reproduces that for the literals a Go value can hold.
//
// Not reproduced, and kept as text instead: complex numbers, sets, Ellipsis,
// dicts with tuple keys (ansible cannot print these either), integers
// outside int64, and "\N{name}" escapes (they need the Unicode name table).

// pyValue returns the value ansible gives to the INI value text s.
func pyValue(s string) any {
	if v, ok := literalEval(s); ok {
		return v
	}
	return s
}

// literalEval evaluates s like ast.literal_eval; ok is false when Python
// would raise (ansible then keeps the text) or the result has no Go form.
func literalEval(s string) (any, bool) {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:] // literal_eval strips these itself
	}
	if s == "" {
		return nil, false
	}
	// Fast paths for the usual inventory values: plain words and paths are
	// text, small integers are integers.
	c := s[0]
	switch {
	case c == '/' || c == '~' || c == '$' || c == '@' || c == '!' || c == '%' || c == '&' || c == '*' || c == '<' || c == '>' || c == '=' || c == '|' || c == '^' || c == '?' || c == '`':
		return nil, false
	case isIdentStart(c):
		n := identLen(s)
		v, isConst := pyConstant(s[:n])
		if n == len(s) {
			return v, isConst
		}
		if !isConst && !isStringPrefix(s[:n], s[n]) {
			// A name that is not a constant: not a literal whatever follows.
			return nil, false
		}
	case c >= '0' && c <= '9':
		if n := decimalRun(s); n == len(s) && (c != '0' || n == 1) && n <= 18 {
			var v int64
			for i := 0; i < n; i++ {
				v = v*10 + int64(s[i]-'0')
			}
			return v, true
		}
		if isDottedDigits(s) {
			// An address such as 10.0.0.5: a number has one dot at most,
			// and two numbers in a row are a syntax error.
			return nil, false
		}
	}
	p := pyParser{src: s}
	p.next()
	v, ok := p.parseTop()
	if !ok || p.tok.kind != tkEOF {
		return nil, false
	}
	return v, true
}

// pyConstant is the value of the names literal_eval accepts.
func pyConstant(name string) (any, bool) {
	switch name {
	case "True":
		return true, true
	case "False":
		return false, true
	case "None":
		return nil, true
	}
	return nil, false
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func isIdentByte(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') }

func identLen(s string) int {
	i := 0
	for i < len(s) && isIdentByte(s[i]) {
		i++
	}
	return i
}

func decimalRun(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// isDottedDigits reports whether s is digits and at least two dots only.
func isDottedDigits(s string) bool {
	dots := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			dots++
		case c < '0' || c > '9':
			return false
		}
	}
	return dots >= 2
}

// isStringPrefix reports whether word followed by next starts a Python
// string literal such as r'..', b"..", rb'..', f'..'.
func isStringPrefix(word string, next byte) bool {
	if next != '\'' && next != '"' || len(word) > 2 {
		return false
	}
	switch strings.ToLower(word) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf":
		return true
	}
	return false
}

// pyParser is a recursive-descent parser for the part of Python's expression
// grammar that literal_eval accepts. Anything outside it fails, which is
// what literal_eval does for valid non-literal expressions and for syntax
// errors alike.
type pyParser struct {
	src   string
	pos   int
	tok   pyToken
	depth int
}

// parseTop parses `elem (',' elem)* [',']`: a bare tuple becomes a list.
func (p *pyParser) parseTop() (any, bool) {
	first, ok := p.parseElem()
	if !ok {
		return nil, false
	}
	if p.tok.kind != tkComma {
		return first, true
	}
	items := []any{first}
	for p.tok.kind == tkComma {
		p.next()
		if p.tok.kind == tkEOF {
			break
		}
		v, ok := p.parseElem()
		if !ok {
			return nil, false
		}
		items = append(items, v)
	}
	return items, true
}

// parseElem parses one literal: a constant, a signed number, a string
// (adjacent strings concatenate), a list, a tuple or a dict.
func (p *pyParser) parseElem() (any, bool) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 200 {
		return nil, false
	}
	t := p.tok
	switch t.kind {
	case tkNumber:
		p.next()
		return t.val, true
	case tkName:
		p.next()
		return pyConstant(t.text)
	case tkString:
		return p.parseStrings()
	case tkOp:
		switch t.text {
		case "+", "-":
			p.next()
			return p.parseSigned(t.text == "-")
		case "[":
			p.next()
			return p.parseSeq("]")
		case "(":
			p.next()
			return p.parseParen()
		case "{":
			p.next()
			return p.parseDict()
		}
	}
	return nil, false
}

// parseSigned parses the operand of a unary sign: literal_eval allows it
// only on a number constant (not a bool), possibly in parentheses.
func (p *pyParser) parseSigned(neg bool) (any, bool) {
	parens := 0
	for p.tok.kind == tkOp && p.tok.text == "(" {
		parens++
		p.next()
	}
	if p.tok.kind != tkNumber {
		return nil, false
	}
	v := p.tok.val
	p.next()
	for ; parens > 0; parens-- {
		if p.tok.kind != tkOp || p.tok.text != ")" {
			return nil, false
		}
		p.next()
	}
	if p.tok.kind == tkOp && (p.tok.text == "+" || p.tok.text == "-") {
		// A binary +/- is only a literal for complex numbers.
		return nil, false
	}
	if !neg {
		return v, true
	}
	switch n := v.(type) {
	case int64:
		if n == minInt64 {
			return nil, false
		}
		return -n, true
	case float64:
		return -n, true
	}
	return nil, false
}

const minInt64 = -1 << 63

func (p *pyParser) parseStrings() (any, bool) {
	var sb strings.Builder
	bytesLit := p.tok.bytes
	n := 0
	var first string
	for p.tok.kind == tkString {
		if p.tok.bytes != bytesLit || p.tok.fstring {
			return nil, false // mixing bytes and str is a SyntaxError; f-strings are not literals
		}
		if n == 0 {
			first = p.tok.text
		} else {
			if n == 1 {
				sb.WriteString(first)
			}
			sb.WriteString(p.tok.text)
		}
		n++
		p.next()
	}
	if n == 1 {
		return first, true
	}
	return sb.String(), true
}

// parseSeq parses the rest of a list or tuple after its opening bracket.
func (p *pyParser) parseSeq(closer string) (any, bool) {
	items := []any{}
	for {
		if p.tok.kind == tkOp && p.tok.text == closer {
			p.next()
			return items, true
		}
		v, ok := p.parseElem()
		if !ok {
			return nil, false
		}
		items = append(items, v)
		if p.tok.kind == tkComma {
			p.next()
			continue
		}
		if p.tok.kind == tkOp && p.tok.text == closer {
			p.next()
			return items, true
		}
		return nil, false
	}
}

// parseParen parses what follows '(': an empty tuple, a parenthesised
// literal, or a tuple.
func (p *pyParser) parseParen() (any, bool) {
	if p.tok.kind == tkOp && p.tok.text == ")" {
		p.next()
		return []any{}, true
	}
	v, ok := p.parseElem()
	if !ok {
		return nil, false
	}
	if p.tok.kind == tkOp && p.tok.text == ")" {
		p.next()
		return v, true
	}
	if p.tok.kind != tkComma {
		return nil, false
	}
	p.next()
	rest, ok := p.parseSeq(")")
	if !ok {
		return nil, false
	}
	return append([]any{v}, rest.([]any)...), true
}

// parseDict parses what follows '{'. A set literal fails: ansible cannot
// print sets.
func (p *pyParser) parseDict() (any, bool) {
	m := map[string]any{}
	var keys pyKeys
	for {
		if p.tok.kind == tkOp && p.tok.text == "}" {
			p.next()
			return m, true
		}
		k, ok := p.parseElem()
		if !ok {
			return nil, false
		}
		if p.tok.kind != tkColon {
			return nil, false
		}
		p.next()
		v, ok := p.parseElem()
		if !ok {
			return nil, false
		}
		key, ok := keys.name(k)
		if !ok {
			return nil, false
		}
		m[key] = v
		if p.tok.kind == tkComma {
			p.next()
			continue
		}
		if p.tok.kind == tkOp && p.tok.text == "}" {
			p.next()
			return m, true
		}
		return nil, false
	}
}

// jsonKey is the key Python's json module writes for a dict key: ansible
// shows variables as JSON, so that is the name a key ends up with.
func jsonKey(k any) (string, bool) {
	switch k := k.(type) {
	case string:
		return k, true
	case bool:
		if k {
			return "true", true
		}
		return "false", true
	case nil:
		return "null", true
	case int64:
		return formatInt(k), true
	case float64:
		return pyFloatRepr(k), true
	}
	return "", false
}

// pyKeys tracks dict keys as Python compares them: True, 1 and 1.0 are one
// key, which keeps its first spelling and its last value.
type pyKeys map[string]string

// name returns the JSON name for key k: that of the first equal key.
func (ks *pyKeys) name(k any) (string, bool) {
	name, ok := jsonKey(k)
	if !ok {
		return "", false
	}
	id := pyKeyIdentity(k)
	if *ks == nil {
		*ks = pyKeys{}
	}
	if first, seen := (*ks)[id]; seen {
		return first, true
	}
	(*ks)[id] = name
	return name, true
}

// pyKeyIdentity is a string equal for keys Python's dict treats as equal.
func pyKeyIdentity(k any) string {
	switch k := k.(type) {
	case bool:
		if k {
			return "n:1"
		}
		return "n:0"
	case int64:
		return "n:" + formatInt(k)
	case float64:
		if k == math.Trunc(k) && math.Abs(k) < 1<<63 {
			return "n:" + formatInt(int64(k))
		}
		return "f:" + pyFloatRepr(k)
	case string:
		return "s:" + k
	case nil:
		return "none"
	}
	return fmt.Sprintf("%T:%v", k, k)
}
