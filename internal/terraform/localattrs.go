package terraform

import (
	"cmp"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"handover/internal/model"
	"handover/internal/redact"
)

// localAttr is an attribute of a resource, or an input of a module call,
// written with the module's locals alone (instance_class =
// local.db_class, name = "${local.prefix}-db"): not a literal, but a value
// Terraform computes from the module's own text, whatever its inputs.
type localAttr struct {
	vars         *[]model.Var // the resource's Attrs or the call's Inputs
	resourceType string       // for redact.ResourceAttr; "" for a module input
	name         string
	expr         hcl.Expression
}

// noteLocalAttrs remembers the attributes of b that are not literals and
// refer to locals only, for evalLocalAttrs.
func (l *loader) noteLocalAttrs(vars *[]model.Var, resourceType string, b *hcl.Block, skip map[string]bool) {
	attrs := attributes(b.Body)
	for _, name := range sortedNames(attrs) {
		// An expression that refers to something is never a literal:
		// appendLiteral has passed it over.
		expr := attrs[name].Expr
		if skip[name] || tagAttrs[name] || !onlyLocals(expr) {
			continue
		}
		l.localAttrs = append(l.localAttrs, localAttr{vars: vars, resourceType: resourceType, name: name, expr: expr})
	}
}

// tagAttrs are read as Tags, not as attributes.
var tagAttrs = map[string]bool{"tags": true, "labels": true, "instance_tags": true}

// onlyLocals reports whether expr refers to something, and to locals only.
func onlyLocals(expr hcl.Expression) bool {
	refs := expr.Variables()
	return len(refs) > 0 && !slices.ContainsFunc(refs, func(t hcl.Traversal) bool { return t.RootName() != "local" })
}

// evalLocalAttrs adds the noted attributes whose value the locals decide
// (every variable unknown; a local that depends on one stays unknown),
// in the order of their names, redacted like literals.
func (l *loader) evalLocalAttrs() {
	if len(l.localAttrs) == 0 {
		return
	}
	ctx := l.localsContext()
	touched := map[*[]model.Var]bool{}
	for _, a := range l.localAttrs {
		v, ok := evalLoosely(ctx, a.expr)
		if !ok || !v.IsWhollyKnown() || v.IsNull() {
			continue
		}
		*a.vars = append(*a.vars, model.Var{Name: a.name, Value: redact.ResourceAttr(a.resourceType, a.name, goValue(v))})
		touched[a.vars] = true
	}
	for vars := range touched {
		slices.SortStableFunc(*vars, func(a, b model.Var) int { return cmp.Compare(a.Name, b.Name) })
	}
}
