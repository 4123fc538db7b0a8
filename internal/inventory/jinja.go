package inventory

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// The constructed plugin's options are Jinja expressions over each host's
// variables. handover evaluates the common shapes: literals, variable
// lookups (name, a.b, a['b'], a[0]), comparisons, in / not in, and / or /
// not, ~ and + concatenation, the tests defined / undefined / none, the
// filters default (d), lower, upper, string, int and trim, and the
// methods startswith, endswith, lower and upper. Anything else is an
// errUnsupported, reported with its file and line and never guessed.

// errUnsupported is an expression handover does not evaluate.
var errUnsupported = errors.New("not an expression handover evaluates")

// errEval is a failure ansible would meet too (an undefined variable, a
// comparison of a string with a number): without strict, ansible skips
// the entry for that host.
var errEval = errors.New("evaluation error")

// undefined is a variable that does not exist; only default and the
// defined tests accept it.
type undefined struct{ name string }

// jinjaExpr is a parsed expression: eval runs it over one host's vars.
type jinjaExpr struct {
	eval func(vars map[string]any) (any, error)
}

type jinjaParser struct {
	toks []string
	pos  int
}

// parseJinja parses one expression.
func parseJinja(src string) (*jinjaExpr, error) {
	toks, err := jinjaTokens(src)
	if err != nil {
		return nil, err
	}
	p := &jinjaParser{toks: toks}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("%w: unexpected %q", errUnsupported, p.toks[p.pos])
	}
	return e, nil
}

func jinjaTokens(s string) ([]string, error) {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, fmt.Errorf("%w: unterminated string", errUnsupported)
			}
			out = append(out, s[i:j+1])
			i = j + 1
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			out = append(out, s[i:j])
			i = j
		case c == '_' || unicode.IsLetter(rune(c)):
			j := i
			for j < len(s) && (s[j] == '_' || unicode.IsLetter(rune(s[j])) || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			out = append(out, s[i:j])
			i = j
		default:
			if i+1 < len(s) && strings.Contains("== != <= >=", s[i:i+2]) {
				out = append(out, s[i:i+2])
				i += 2
				continue
			}
			if !strings.ContainsRune("<>~+-|.()[],:{}", rune(c)) {
				return nil, fmt.Errorf("%w: %q", errUnsupported, string(c))
			}
			out = append(out, string(c))
			i++
		}
	}
	return out, nil
}

func (p *jinjaParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *jinjaParser) accept(tok string) bool {
	if p.peek() == tok {
		p.pos++
		return true
	}
	return false
}

func (p *jinjaParser) expect(tok string) error {
	if !p.accept(tok) {
		return fmt.Errorf("%w: want %q at %q", errUnsupported, tok, p.peek())
	}
	return nil
}

// binary builds a left-associative level of operators.
func (p *jinjaParser) binary(next func() (*jinjaExpr, error), ops map[string]func(a, b any) (any, error)) (*jinjaExpr, error) {
	left, err := next()
	if err != nil {
		return nil, err
	}
	for {
		op, ok := ops[p.peek()]
		if !ok {
			return left, nil
		}
		p.pos++
		right, err := next()
		if err != nil {
			return nil, err
		}
		left = both(left, right, op)
	}
}

// both evaluates two operands, both defined, and applies op to them.
func both(l, r *jinjaExpr, op func(a, b any) (any, error)) *jinjaExpr {
	return &jinjaExpr{eval: func(vars map[string]any) (any, error) {
		a, b, err := evalPair(vars, l, r)
		if err == nil {
			err = defined(a, b)
		}
		if err != nil {
			return nil, err
		}
		return op(a, b)
	}}
}

// mapped applies f to e's value.
func mapped(e *jinjaExpr, f func(any) (any, error)) *jinjaExpr {
	return &jinjaExpr{eval: func(vars map[string]any) (any, error) {
		v, err := e.eval(vars)
		if err != nil {
			return nil, err
		}
		return f(v)
	}}
}

// evalPair evaluates two expressions, the first error winning.
func evalPair(vars map[string]any, l, r *jinjaExpr) (a, b any, err error) {
	if a, err = l.eval(vars); err != nil {
		return nil, nil, err
	}
	b, err = r.eval(vars)
	return a, b, err
}

func (p *jinjaParser) or() (*jinjaExpr, error) {
	return p.logic("or", p.and, true)
}

func (p *jinjaParser) and() (*jinjaExpr, error) {
	return p.logic("and", p.not, false)
}

// logic is and / or, which stop at the first operand that decides.
func (p *jinjaParser) logic(word string, next func() (*jinjaExpr, error), stopOn bool) (*jinjaExpr, error) {
	left, err := next()
	if err != nil {
		return nil, err
	}
	for p.accept(word) {
		right, err := next()
		if err != nil {
			return nil, err
		}
		l, r := left, right
		left = &jinjaExpr{eval: func(vars map[string]any) (any, error) {
			a, err := l.eval(vars)
			if err != nil {
				return nil, err
			}
			t, err := truth(a)
			if err != nil || t == stopOn {
				return a, err
			}
			return r.eval(vars)
		}}
	}
	return left, nil
}

func (p *jinjaParser) not() (*jinjaExpr, error) {
	if !p.accept("not") {
		return p.compare()
	}
	e, err := p.not()
	if err != nil {
		return nil, err
	}
	return mapped(e, func(v any) (any, error) {
		t, err := truth(v)
		return !t, err
	}), nil
}

func (p *jinjaParser) compare() (*jinjaExpr, error) {
	left, err := p.math()
	if err != nil {
		return nil, err
	}
	for {
		switch tok := p.peek(); {
		case tok == "is":
			p.pos++
			negate := p.accept("not")
			test := p.peek()
			p.pos++
			if test != "defined" && test != "undefined" && test != "none" {
				return nil, fmt.Errorf("%w: test %q", errUnsupported, test)
			}
			l := left
			left = &jinjaExpr{eval: func(vars map[string]any) (any, error) {
				v, err := l.eval(vars)
				if err != nil {
					return nil, err
				}
				_, undef := v.(undefined)
				var r bool
				switch test {
				case "defined":
					r = !undef
				case "undefined":
					r = undef
				case "none":
					if undef {
						return nil, errEval
					}
					r = v == nil
				}
				return r != negate, nil
			}}
		case tok == "in" || tok == "not" && p.pos+1 < len(p.toks) && p.toks[p.pos+1] == "in":
			negate := tok == "not"
			p.pos++
			if negate {
				p.pos++
			}
			right, err := p.math()
			if err != nil {
				return nil, err
			}
			left = both(left, right, func(a, b any) (any, error) {
				in, err := contains(b, a)
				return in != negate, err
			})
		case compareOps[tok] != nil:
			p.pos++
			right, err := p.math()
			if err != nil {
				return nil, err
			}
			op := compareOps[tok]
			left = both(left, right, func(a, b any) (any, error) { return op(a, b) })
		default:
			return left, nil
		}
	}
}

var compareOps = map[string]func(a, b any) (bool, error){
	"==": func(a, b any) (bool, error) { return equal(a, b), nil },
	"!=": func(a, b any) (bool, error) { return !equal(a, b), nil },
	"<":  func(a, b any) (bool, error) { c, err := order(a, b); return c < 0, err },
	">":  func(a, b any) (bool, error) { c, err := order(a, b); return c > 0, err },
	"<=": func(a, b any) (bool, error) { c, err := order(a, b); return c <= 0, err },
	">=": func(a, b any) (bool, error) { c, err := order(a, b); return c >= 0, err },
}

// math is + and -, concat ~ binding tighter, as Jinja parses them.
func (p *jinjaParser) math() (*jinjaExpr, error) {
	return p.binary(p.concat, map[string]func(a, b any) (any, error){"+": add, "-": subtract})
}

func (p *jinjaParser) concat() (*jinjaExpr, error) {
	return p.binary(p.unary, map[string]func(a, b any) (any, error){"~": func(a, b any) (any, error) {
		return pyStr(a) + pyStr(b), nil
	}})
}

func (p *jinjaParser) unary() (*jinjaExpr, error) {
	if p.accept("-") {
		e, err := p.unary()
		if err != nil {
			return nil, err
		}
		return mapped(e, func(v any) (any, error) { return subtract(int64(0), v) }), nil
	}
	e, err := p.postfix()
	if err != nil {
		return nil, err
	}
	for p.accept("|") {
		if e, err = p.filter(e); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// filter applies one filter to e.
func (p *jinjaParser) filter(e *jinjaExpr) (*jinjaExpr, error) {
	name := p.peek()
	p.pos++
	var args []*jinjaExpr
	if p.accept("(") {
		for !p.accept(")") {
			a, err := p.or()
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			if !p.accept(",") && p.peek() != ")" {
				return nil, fmt.Errorf("%w: filter %s arguments", errUnsupported, name)
			}
		}
	}
	apply, ok := filters[name]
	if !ok || (name == "default" || name == "d") && (len(args) < 1 || len(args) > 2) || name != "default" && name != "d" && len(args) > 0 {
		return nil, fmt.Errorf("%w: filter %q", errUnsupported, name)
	}
	return &jinjaExpr{eval: func(vars map[string]any) (any, error) {
		v, err := e.eval(vars)
		if err != nil {
			return nil, err
		}
		var vals []any
		for _, a := range args {
			x, err := a.eval(vars)
			if err != nil {
				return nil, err
			}
			vals = append(vals, x)
		}
		return apply(v, vals)
	}}, nil
}

var filters = map[string]func(v any, args []any) (any, error){
	"default": defaultFilter, "d": defaultFilter,
	"lower":  stringFilter(strings.ToLower),
	"upper":  stringFilter(strings.ToUpper),
	"trim":   stringFilter(strings.TrimSpace),
	"string": stringFilter(func(s string) string { return s }),
	"int": func(v any, _ []any) (any, error) {
		switch x := v.(type) {
		case undefined:
			return nil, errEval
		case int64:
			return x, nil
		case float64:
			return int64(x), nil
		case bool:
			return map[bool]int64{true: 1, false: 0}[x], nil
		case string:
			if n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
				return n, nil
			}
			if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
				return int64(f), nil
			}
		}
		return int64(0), nil
	},
}

func defaultFilter(v any, args []any) (any, error) {
	if _, undef := v.(undefined); undef {
		return args[0], nil
	}
	if len(args) == 2 {
		if t, _ := truth(args[1]); t {
			if truthy, _ := truth(v); !truthy {
				return args[0], nil
			}
		}
	}
	return v, nil
}

func stringFilter(f func(string) string) func(any, []any) (any, error) {
	return func(v any, _ []any) (any, error) {
		if _, undef := v.(undefined); undef {
			return nil, errEval
		}
		return f(pyStr(v)), nil
	}
}

// postfix is a primary with .attr, [index] and method calls.
func (p *jinjaParser) postfix() (*jinjaExpr, error) {
	e, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case p.accept("."):
			attr := p.peek()
			p.pos++
			if p.accept("(") {
				if e, err = p.method(e, attr); err != nil {
					return nil, err
				}
				continue
			}
			e = lookup(e, &jinjaExpr{eval: func(map[string]any) (any, error) { return attr, nil }})
		case p.accept("["):
			idx, err := p.or()
			if err != nil {
				return nil, err
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			e = lookup(e, idx)
		default:
			return e, nil
		}
	}
}

// method is a string method call: startswith, endswith, lower, upper.
func (p *jinjaParser) method(e *jinjaExpr, name string) (*jinjaExpr, error) {
	var arg *jinjaExpr
	if !p.accept(")") {
		a, err := p.or()
		if err != nil {
			return nil, err
		}
		arg = a
		if err := p.expect(")"); err != nil {
			return nil, err
		}
	}
	one := name == "startswith" || name == "endswith"
	if (one != (arg != nil)) || !one && name != "lower" && name != "upper" {
		return nil, fmt.Errorf("%w: method %q", errUnsupported, name)
	}
	return &jinjaExpr{eval: func(vars map[string]any) (any, error) {
		v, err := e.eval(vars)
		if err != nil {
			return nil, err
		}
		s, ok := v.(string)
		if !ok {
			return nil, errEval
		}
		switch name {
		case "lower":
			return strings.ToLower(s), nil
		case "upper":
			return strings.ToUpper(s), nil
		}
		a, err := arg.eval(vars)
		if err != nil {
			return nil, err
		}
		x, ok := a.(string)
		if !ok {
			return nil, errEval
		}
		if name == "startswith" {
			return strings.HasPrefix(s, x), nil
		}
		return strings.HasSuffix(s, x), nil
	}}, nil
}

// lookup is a[i] and a.b: a missing key or attribute is undefined.
func lookup(e, idx *jinjaExpr) *jinjaExpr {
	return &jinjaExpr{eval: func(vars map[string]any) (any, error) {
		v, k, err := evalPair(vars, e, idx)
		if err != nil {
			return nil, err
		}
		switch x := v.(type) {
		case undefined:
			return nil, errEval
		case map[string]any:
			if s, ok := k.(string); ok {
				if r, ok := x[s]; ok {
					return r, nil
				}
			}
			return undefined{pyStr(k)}, nil
		case []any:
			if n, ok := k.(int64); ok {
				if n < 0 {
					n += int64(len(x))
				}
				if n >= 0 && n < int64(len(x)) {
					return x[n], nil
				}
			}
			return undefined{pyStr(k)}, nil
		}
		return undefined{pyStr(k)}, nil
	}}
}

func (p *jinjaParser) primary() (*jinjaExpr, error) {
	tok := p.peek()
	p.pos++
	switch {
	case tok == "":
		return nil, fmt.Errorf("%w: empty expression", errUnsupported)
	case tok[0] == '\'' || tok[0] == '"':
		s := unquoteJinja(tok[1 : len(tok)-1])
		return constantExpr(s), nil
	case tok[0] >= '0' && tok[0] <= '9':
		if n, err := strconv.ParseInt(tok, 10, 64); err == nil {
			return constantExpr(n), nil
		}
		f, err := strconv.ParseFloat(tok, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: number %q", errUnsupported, tok)
		}
		return constantExpr(f), nil
	case tok == "true" || tok == "True":
		return constantExpr(true), nil
	case tok == "false" || tok == "False":
		return constantExpr(false), nil
	case tok == "none" || tok == "None":
		return constantExpr(nil), nil
	case tok == "(":
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		return e, p.expect(")")
	case tok == "[":
		return p.list()
	case tok == "{":
		return p.dict()
	case tok[0] == '_' || unicode.IsLetter(rune(tok[0])):
		if p.peek() == "(" || jinjaKeywords[tok] {
			return nil, fmt.Errorf("%w: %s", errUnsupported, tok)
		}
		name := tok
		return &jinjaExpr{eval: func(vars map[string]any) (any, error) {
			if v, ok := vars[name]; ok {
				return v, nil
			}
			return undefined{name}, nil
		}}, nil
	}
	return nil, fmt.Errorf("%w: %q", errUnsupported, tok)
}

var jinjaKeywords = map[string]bool{"and": true, "or": true, "not": true, "in": true, "is": true, "if": true, "else": true, "lookup": true, "query": true}

func (p *jinjaParser) list() (*jinjaExpr, error) {
	var items []*jinjaExpr
	for !p.accept("]") {
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		items = append(items, e)
		if !p.accept(",") && p.peek() != "]" {
			return nil, fmt.Errorf("%w: list", errUnsupported)
		}
	}
	return &jinjaExpr{eval: func(vars map[string]any) (any, error) {
		out := make([]any, 0, len(items))
		for _, e := range items {
			v, err := e.eval(vars)
			if err != nil {
				return nil, err
			}
			if err := defined(v); err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}}, nil
}

func (p *jinjaParser) dict() (*jinjaExpr, error) {
	var keys, values []*jinjaExpr
	for !p.accept("}") {
		k, err := p.or()
		if err != nil {
			return nil, err
		}
		if err := p.expect(":"); err != nil {
			return nil, err
		}
		v, err := p.or()
		if err != nil {
			return nil, err
		}
		keys, values = append(keys, k), append(values, v)
		if !p.accept(",") && p.peek() != "}" {
			return nil, fmt.Errorf("%w: mapping", errUnsupported)
		}
	}
	return &jinjaExpr{eval: func(vars map[string]any) (any, error) {
		out := make(map[string]any, len(keys))
		for i := range keys {
			k, err := keys[i].eval(vars)
			if err != nil {
				return nil, err
			}
			v, err := values[i].eval(vars)
			if err != nil {
				return nil, err
			}
			if err := defined(k, v); err != nil {
				return nil, err
			}
			out[pyStr(k)] = v
		}
		return out, nil
	}}, nil
}

func constantExpr(v any) *jinjaExpr {
	return &jinjaExpr{eval: func(map[string]any) (any, error) { return v, nil }}
}

func unquoteJinja(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\'`, `'`, `\"`, `"`, `\n`, "\n", `\t`, "\t").Replace(s)
}

// defined fails on an undefined value used other than by default or a test.
func defined(vs ...any) error {
	for _, v := range vs {
		if _, undef := v.(undefined); undef {
			return errEval
		}
	}
	return nil
}

// truth is Python's truth value; an undefined value fails.
func truth(v any) (bool, error) {
	switch x := v.(type) {
	case undefined:
		return false, errEval
	case nil:
		return false, nil
	case bool:
		return x, nil
	case int64:
		return x != 0, nil
	case float64:
		return x != 0, nil
	case string:
		return x != "", nil
	case []any:
		return len(x) > 0, nil
	case map[string]any:
		return len(x) > 0, nil
	}
	return true, nil
}

func equal(a, b any) bool {
	if fa, ok := number(a); ok {
		if fb, ok := number(b); ok {
			return fa == fb
		}
		return false
	}
	return fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b)
}

// number is a numeric value as float64; bools count, as in Python.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func order(a, b any) (int, error) {
	if fa, ok := number(a); ok {
		if fb, ok := number(b); ok {
			switch {
			case fa < fb:
				return -1, nil
			case fa > fb:
				return 1, nil
			}
			return 0, nil
		}
	}
	sa, ok1 := a.(string)
	sb, ok2 := b.(string)
	if ok1 && ok2 {
		return strings.Compare(sa, sb), nil
	}
	return 0, errEval // Python: '<' not supported between these types
}

func contains(container, item any) (bool, error) {
	switch c := container.(type) {
	case string:
		s, ok := item.(string)
		if !ok {
			return false, errEval
		}
		return strings.Contains(c, s), nil
	case []any:
		for _, x := range c {
			if equal(x, item) {
				return true, nil
			}
		}
		return false, nil
	case map[string]any:
		s, ok := item.(string)
		if !ok {
			return false, nil
		}
		_, in := c[s]
		return in, nil
	}
	return false, errEval
}

func add(a, b any) (any, error) {
	if sa, ok := a.(string); ok {
		if sb, ok := b.(string); ok {
			return sa + sb, nil
		}
		return nil, errEval
	}
	if la, ok := a.([]any); ok {
		if lb, ok := b.([]any); ok {
			return append(append([]any{}, la...), lb...), nil
		}
		return nil, errEval
	}
	return arith(a, b, 1)
}

func subtract(a, b any) (any, error) { return arith(a, b, -1) }

func arith(a, b any, sign int64) (any, error) {
	ia, aInt := a.(int64)
	ib, bInt := b.(int64)
	if aInt && bInt {
		return ia + sign*ib, nil
	}
	fa, ok1 := number(a)
	fb, ok2 := number(b)
	if !ok1 || !ok2 {
		return nil, errEval
	}
	return fa + float64(sign)*fb, nil
}

// pyStr is Python's str() of a value, as Jinja prints it.
func pyStr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case string:
		return x
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eIN") {
			s += ".0" // Python's str(1.0)
		}
		return s
	case undefined:
		return ""
	}
	return formatValue(v)
}
