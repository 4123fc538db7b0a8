package terraform

import (
	"encoding/json"
	"math"
	"math/big"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"handover/internal/redact"
)

// literal evaluates expr without any variables or functions. Only literals
// (strings without interpolation, numbers, bools, null, and lists and
// objects of them) evaluate; anything else is not kept.
func literal(expr hcl.Expression) (any, bool) {
	v, diags := expr.Value(noVariables())
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return nil, false
	}
	v, _ = v.UnmarkDeep()
	return goValue(v), true
}

// noVariables is an evaluation context without variables or functions.
// It is not nil on purpose: given a nil context, the JSON syntax returns
// "${var.x}" as a literal string instead of evaluating the template.
func noVariables() *hcl.EvalContext { return &hcl.EvalContext{} }

// literalString is literal for a string (or a number or bool, as Terraform
// converts them).
func literalString(expr hcl.Expression) (string, bool) {
	v, diags := expr.Value(noVariables())
	if diags.HasErrors() {
		return "", false
	}
	return ctyString(v)
}

func ctyString(v cty.Value) (string, bool) {
	if !v.IsWhollyKnown() || v.IsNull() {
		return "", false
	}
	v, _ = v.UnmarkDeep()
	s, err := convert.Convert(v, cty.String)
	if err != nil || s.IsNull() {
		return "", false
	}
	return s.AsString(), true
}

// goValue converts a known cty value to the Go values model.Var holds.
func goValue(v cty.Value) any {
	if v.IsNull() {
		return nil
	}
	t := v.Type()
	switch {
	case t == cty.String:
		return v.AsString()
	case t == cty.Bool:
		return v.True()
	case t == cty.Number:
		return goNumber(v.AsBigFloat())
	case t.IsListType() || t.IsTupleType() || t.IsSetType():
		out := make([]any, 0, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, goValue(e))
		}
		return out
	case t.IsMapType() || t.IsObjectType():
		out := make(map[string]any, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out[k.AsString()] = goValue(e)
		}
		return out
	}
	return nil
}

// goNumber is int64 when integral and in range, else float64; a number too
// large for float64 stays its decimal text so that JSON can still hold it.
func goNumber(f *big.Float) any {
	if f.IsInt() {
		if i, acc := f.Int64(); acc == big.Exact {
			return i
		}
	}
	x, _ := f.Float64()
	if math.IsInf(x, 0) {
		return f.Text('g', -1)
	}
	return x
}

// literalTags reads a tags or labels map: the entries whose key and value
// are both literal. merge(...) contributes its literal object arguments, as
// in merge(var.tags, { Name = "web" }). ok is false when expr is not a map
// at all (Google's network tags are a list).
func literalTags(expr hcl.Expression) (map[string]string, bool) {
	if call, diags := hcl.ExprCall(expr); !diags.HasErrors() && call.Name == "merge" {
		out := map[string]string{}
		for _, arg := range call.Arguments {
			m, _ := literalTags(arg)
			for k, v := range m {
				out[k] = v
			}
		}
		return out, true
	}
	pairs, diags := hcl.ExprMap(expr)
	if diags.HasErrors() {
		return nil, false
	}
	out := make(map[string]string, len(pairs))
	for _, p := range pairs {
		kv, diags := p.Key.Value(noVariables())
		if diags.HasErrors() {
			continue
		}
		k, ok := ctyString(kv)
		if !ok {
			continue
		}
		vv, diags := p.Value.Value(noVariables())
		if diags.HasErrors() {
			continue
		}
		if v, ok := ctyString(vv); ok {
			out[k], _ = redact.Value(k, v).(string)
		}
	}
	return out, true
}

// text is an expression as written. A JSON string holds its expression as
// a template, so its quotes and escapes are taken off, and a lone
// interpolation "${var.x}" is shown as the native syntax would: var.x.
func (f *file) text(expr hcl.Expression) string {
	b := expr.Range().SliceBytes(f.src)
	if f.json && len(b) > 0 && b[0] == '"' {
		var s string
		if json.Unmarshal(b, &s) == nil {
			s = strings.TrimSpace(s)
			if inner, ok := strings.CutPrefix(s, "${"); ok && strings.HasSuffix(inner, "}") && !strings.Contains(inner, "${") {
				return strings.TrimSpace(strings.TrimSuffix(inner, "}"))
			}
			return s
		}
	}
	return strings.TrimSpace(string(b))
}

// stringOrText is the literal string value of expr, or else its text.
func (f *file) stringOrText(expr hcl.Expression) string {
	if s, ok := literalString(expr); ok {
		return s
	}
	return f.text(expr)
}
