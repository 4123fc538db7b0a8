package terraform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"handover/internal/model"
	"handover/internal/redact"
)

// Resources with count or for_each name their instances through
// count.index and each.key: `Name = "es0${count.index + 1}"`, `Name =
// each.key`. Without a state file those names are the only way to tell
// which inventory hosts the resource creates, so the configuration is
// expanded as far as it can be without Terraform: variables with literal
// defaults, locals built from them, and a few pure functions. Anything
// that needs a provider (ids, data sources, other resources) stays
// unknown, and an instance whose names are unknown is left out.

// maxExpanded bounds the instances read from one resource.
const maxExpanded = 256

// expansion is a resource with count or for_each and the expressions that
// may name its instances.
type expansion struct {
	r              *model.Resource
	count, forEach hcl.Expression
	attrs          map[string]hcl.Expression
}

// namingAttrs are the attributes whose values can name a machine.
var namingAttrs = map[string]bool{
	"name": true, "hostname": true, "host_name": true, "computer_name": true,
	"tags": true, "labels": true, "private_ip": true, "ipv4_address": true,
}

// noteExpansion remembers r when its block has count or for_each.
func (l *loader) noteExpansion(r *model.Resource, b *hcl.Block) {
	attrs := attributes(b.Body)
	e := expansion{r: r, attrs: map[string]hcl.Expression{}}
	if a, ok := attrs["count"]; ok {
		e.count = a.Expr
	}
	if a, ok := attrs["for_each"]; ok {
		e.forEach = a.Expr
	}
	if e.count == nil && e.forEach == nil {
		return
	}
	for name, a := range attrs {
		if namingAttrs[name] {
			e.attrs[name] = a.Expr
		}
	}
	if len(e.attrs) > 0 {
		l.expansions = append(l.expansions, e)
	}
}

// functions are the pure functions names are commonly built with.
var functions = map[string]function.Function{
	"format": stdlib.FormatFunc, "lower": stdlib.LowerFunc, "upper": stdlib.UpperFunc,
	"join": stdlib.JoinFunc, "split": stdlib.SplitFunc, "replace": stdlib.ReplaceFunc,
	"trimspace": stdlib.TrimSpaceFunc, "concat": stdlib.ConcatFunc, "merge": stdlib.MergeFunc,
	"keys": stdlib.KeysFunc, "values": stdlib.ValuesFunc, "lookup": stdlib.LookupFunc,
	"length": stdlib.LengthFunc, "element": stdlib.ElementFunc, "coalesce": stdlib.CoalesceFunc,
	"range": stdlib.RangeFunc, "flatten": stdlib.FlattenFunc, "distinct": stdlib.DistinctFunc,
	"toset":  stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
	"tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
	"tomap":  stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
}

// evalContext holds var.* (literal defaults; unknown otherwise, and
// always for sensitive variables) and local.* (evaluated in a few passes,
// since locals refer to each other).
func (l *loader) evalContext() *hcl.EvalContext { return l.context(true) }

// localsContext is evalContext with every variable unknown: what it
// evaluates to a known value, Terraform computes from the module's own
// literals, whatever the inputs.
func (l *loader) localsContext() *hcl.EvalContext { return l.context(false) }

func (l *loader) context(withVars bool) *hcl.EvalContext {
	vars := map[string]cty.Value{}
	for _, v := range l.mod.Variables {
		vars[v.Name] = cty.DynamicVal
		if !withVars {
			continue
		}
		expr, set := l.autoValues[v.Name]
		if !set {
			expr, set = l.defaults[v.Name]
		}
		if val, ok := l.given[v.Name]; ok && !v.Sensitive {
			vars[v.Name] = val
		} else if set && !v.Sensitive {
			if val, diags := expr.Value(noVariables()); !diags.HasErrors() {
				vars[v.Name] = val
			}
		}
	}
	locals := map[string]cty.Value{}
	for name := range l.locals {
		locals[name] = cty.DynamicVal
	}
	ctx := &hcl.EvalContext{Functions: functions, Variables: map[string]cty.Value{
		"var": cty.ObjectVal(vars), "local": cty.ObjectVal(locals),
	}}
	for range 4 {
		next := make(map[string]cty.Value, len(locals))
		for name, expr := range l.locals {
			if v, ok := evalLoosely(ctx, expr); ok {
				next[name] = v
			} else {
				next[name] = cty.DynamicVal
			}
		}
		ctx.Variables["local"] = cty.ObjectVal(next)
	}
	return ctx
}

// evalLoosely evaluates expr with every name ctx does not know (resources,
// data sources, modules) unknown instead of an error.
func evalLoosely(ctx *hcl.EvalContext, expr hcl.Expression) (v cty.Value, ok bool) {
	defer func() {
		if recover() != nil { // cty panics on some odd unknown combinations
			v, ok = cty.NilVal, false
		}
	}()
	child := ctx.NewChild()
	child.Variables = map[string]cty.Value{}
	for _, t := range expr.Variables() {
		if root := t.RootName(); !defined(ctx, root) {
			child.Variables[root] = cty.DynamicVal
		}
	}
	v, diags := expr.Value(child)
	if diags.HasErrors() {
		return cty.NilVal, false
	}
	v, _ = v.UnmarkDeep()
	return v, true
}

func defined(ctx *hcl.EvalContext, name string) bool {
	for c := ctx; c != nil; c = c.Parent() {
		if _, ok := c.Variables[name]; ok {
			return true
		}
	}
	return false
}

// expandedKey is one instance of an expanded resource.
type expandedKey struct {
	key  string               // as Terraform prints it: [0], ["web01"]
	vars map[string]cty.Value // count or each
}

// expandedKeys lists a resource's instances when count or for_each is known.
func expandedKeys(e expansion, ctx *hcl.EvalContext) []expandedKey {
	var out []expandedKey
	if e.count != nil {
		v, ok := evalLoosely(ctx, e.count)
		if !ok || !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
			return nil
		}
		n, _ := v.AsBigFloat().Int64()
		for i := range min(n, maxExpanded) {
			out = append(out, expandedKey{fmt.Sprintf("[%d]", i),
				map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(i)})}})
		}
		return out
	}
	v, ok := evalLoosely(ctx, e.forEach)
	if !ok || !v.IsKnown() || v.IsNull() {
		return nil
	}
	t := v.Type()
	if !(t.IsMapType() || t.IsObjectType() || t.IsSetType()) {
		return nil
	}
	for it := v.ElementIterator(); it.Next() && len(out) < maxExpanded; {
		k, val := it.Element()
		if t.IsSetType() {
			k = val
		}
		if !k.IsKnown() || k.Type() != cty.String {
			continue
		}
		each := cty.ObjectVal(map[string]cty.Value{"key": k, "value": val})
		out = append(out, expandedKey{fmt.Sprintf("[%q]", k.AsString()), map[string]cty.Value{"each": each}})
	}
	return out
}

// expand fills Expanded for every resource with count or for_each whose
// instances can be named.
func (l *loader) expand() {
	if len(l.expansions) == 0 {
		return
	}
	ctx := l.evalContext()
	for _, e := range l.expansions {
		for _, k := range expandedKeys(e, ctx) {
			inst := ctx.NewChild()
			inst.Variables = k.vars
			var attrs []model.Var
			for _, name := range sortedExprNames(e.attrs) {
				v, ok := evalLoosely(inst, e.attrs[name])
				if !ok || !v.IsWhollyKnown() || v.IsNull() {
					continue
				}
				if name == "tags" || name == "labels" {
					attrs = appendNameTag(attrs, name, v)
					continue
				}
				if s, ok := ctyString(v); ok {
					attrs = append(attrs, model.Var{Name: name, Value: redact.ResourceAttr(e.r.Type, name, s)})
				}
			}
			if len(attrs) > 0 {
				e.r.Expanded = append(e.r.Expanded, model.Instance{Key: k.key, Attrs: attrs, Source: e.r.Source})
			}
		}
	}
}

// appendNameTag appends tags.Name (labels.name) from a known tags object.
func appendNameTag(attrs []model.Var, attr string, v cty.Value) []model.Var {
	if !(v.Type().IsMapType() || v.Type().IsObjectType()) {
		return attrs
	}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if !strings.EqualFold(k.AsString(), "name") {
			continue
		}
		if s, ok := ctyString(e); ok {
			attrs = append(attrs, model.Var{Name: attr + "." + k.AsString(), Value: s})
		}
	}
	return attrs
}

func sortedExprNames(m map[string]hcl.Expression) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
