package inventory

import (
	"math"
	"reflect"
	"testing"
)

// text marks an input that ansible keeps as the text it was.
type text struct{}

// literalCases were checked against Python 3.11's ast.literal_eval.
var literalCases = []struct {
	in   string
	want any // text{} for "stays the input string"
}{
	// integers
	{`42`, int64(42)},
	{`-7`, int64(-7)},
	{`+5`, int64(5)},
	{`- 3`, int64(-3)},
	{`0`, int64(0)},
	{`00`, int64(0)},
	{`0_0`, int64(0)},
	{`0777`, text{}}, // leading zeros are a SyntaxError in Python 3
	{`1_000`, int64(1000)},
	{`1__0`, text{}},
	{`1_`, text{}},
	{`0x1F`, int64(31)},
	{`0X1f`, int64(31)},
	{`0x_ff`, int64(255)},
	{`0o17`, int64(15)},
	{`0b101`, int64(5)},
	{`0b102`, text{}},
	{`9223372036854775807`, int64(math.MaxInt64)},
	{`9223372036854775808`, text{}}, // beyond int64: kept as text (Python keeps the big int)
	// floats
	{`3.14`, 3.14},
	{`1.`, 1.0},
	{`.5`, 0.5},
	{`1e3`, 1000.0},
	{`1E-2`, 0.01},
	{`1.5e+3`, 1500.0},
	{`1_0.5`, 10.5},
	{`1e1_0`, 1e10},
	{`1_.5`, text{}},
	{`1e400`, math.Inf(1)},
	{`-1e400`, math.Inf(-1)},
	{`007.5`, 7.5},
	{`+1.5`, 1.5},
	// constants
	{`True`, true},
	{`False`, false},
	{`None`, nil},
	{`true`, text{}},
	{`none`, text{}},
	// containers; tuples become lists
	{`True,`, []any{true}},
	{`1,2`, []any{int64(1), int64(2)}},
	{`1,`, []any{int64(1)}},
	{`(1)`, int64(1)},
	{`((1,2))`, []any{int64(1), int64(2)}},
	{`()`, []any{}},
	{`[]`, []any{}},
	{`{}`, map[string]any{}},
	{`[1, 2,]`, []any{int64(1), int64(2)}},
	{`(1,)`, []any{int64(1)}},
	{`[1, 'two', 3.0, None]`, []any{int64(1), "two", 3.0, nil}},
	{`{'a': {'b': [1, 2]}}`, map[string]any{"a": map[string]any{"b": []any{int64(1), int64(2)}}}},
	{`[1, [2, [3]]]`, []any{int64(1), []any{int64(2), []any{int64(3)}}}},
	{`{'k': (3,)}`, map[string]any{"k": []any{int64(3)}}},
	// dict keys as Python compares them and json prints them
	{`{1: 'one', True: 't', 1.0: 'f'}`, map[string]any{"1": "f"}},
	{`{None: 1, 2.5: 2, False: 3}`, map[string]any{"null": int64(1), "2.5": int64(2), "false": int64(3)}},
	// strings
	{`'quoted'`, "quoted"},
	{`"double"`, "double"},
	{`'a' 'b'`, "ab"},
	{`'a' "b"`, "ab"},
	{`'a' b'b'`, text{}},
	{`b'bytes'`, "bytes"},
	{`rb'x\n'`, `x\n`},
	{`r'raw\n'`, `raw\n`},
	{`u'uni'`, "uni"},
	{`f'x'`, text{}},
	{`'''triple'''`, "triple"},
	{`'tab\there'`, "tab\there"},
	{`'\x41\101'`, "AA"},
	{`'\u00e9'`, "é"},
	{`'\U0001F600'`, "😀"},
	{`'\q'`, `\q`},
	{`'\x4'`, text{}},
	{`'unterminated`, text{}},
	// signs apply to number constants only
	{`-(1)`, int64(-1)},
	{`-(-1)`, text{}},
	{`--1`, text{}},
	{`-True`, text{}},
	{`1+1`, text{}},
	// what ansible cannot print either stays text here
	{`1+2j`, text{}},
	{`1j`, text{}},
	{`{1, 2}`, text{}},
	{`set()`, text{}},
	{`...`, text{}},
	{`{(1, 2): 3}`, text{}},
	// not literals
	{`hello`, text{}},
	{`/usr/bin/python`, text{}},
	{`a=b`, text{}},
	{`foo#bar`, text{}},
	{`8080 # comment`, int64(8080)},
	{`foo # comment`, text{}},
	{`1 2`, text{}},
	{`[1 2]`, text{}},
	{`50%`, text{}},
	{`*`, text{}},
	{`a;b`, text{}},
	{`10.0.0.5`, text{}},
	{`1..2`, text{}},
	{`1.2.`, text{}},
	{`00.1.2`, text{}},
	{` 42`, int64(42)},
	{"\t42", int64(42)},
	{`42 `, int64(42)},
	{``, text{}},
}

func TestPyValue(t *testing.T) {
	for _, c := range literalCases {
		want := c.want
		if _, ok := want.(text); ok {
			want = c.in
		}
		got := pyValue(c.in)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("pyValue(%q) = %#v, want %#v", c.in, got, want)
		}
	}
}

func TestPyFloatRepr(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{1, "1.0"}, {0.5, "0.5"}, {2.5, "2.5"}, {0.0001, "0.0001"}, {1e-05, "1e-05"},
		{1e16, "1e+16"}, {1e15, "1000000000000000.0"}, {123456789.123456789, "123456789.12345679"},
		{-1.5, "-1.5"}, {math.Inf(1), "inf"}, {1.5e-7, "1.5e-07"}, {1.2345e20, "1.2345e+20"},
	} {
		if got := pyFloatRepr(c.in); got != c.want {
			t.Errorf("pyFloatRepr(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}
