package terraform

import (
	"os"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"handover/internal/limits"
	"handover/internal/model"
	"handover/internal/redact"
)

// Staging estates build their machines through one local module:
// `module "pg01" { source = "../modules/ec2-host"  name = "pg01" }`. The
// module's own resources only say `Name = var.name`, so on their own they
// name no host. For each call of a local module the module's resources are
// evaluated with the call's literal inputs (as expand does for count and
// for_each) and the ones that come out named are added to the calling
// module as Terraform addresses them (module.pg01.aws_instance.this), at
// the call's line: that is where the host is created, in the caller's
// environment.

// moduleCallExprs is a module call and its raw argument expressions.
type moduleCallExprs struct {
	call   *model.ModuleCall
	inputs hcl.Attributes
}

// isLocalSource is a module source Terraform reads from disk.
func isLocalSource(src string) bool {
	return strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../")
}

// throughCalls adds the named resources each local module call creates,
// one set per instance of a call with count or for_each.
func (l *loader) throughCalls(root string, lim limits.Limits) {
	if len(l.calls) == 0 {
		return
	}
	var ctx *hcl.EvalContext
	children := map[string]*loader{}
	for _, c := range l.calls {
		if !isLocalSource(c.call.From) {
			continue
		}
		dir := path.Join(l.mod.Dir, c.call.From)
		if dir == l.mod.Dir || dir == ".." || strings.HasPrefix(dir, "../") {
			continue
		}
		child, seen := children[dir]
		if !seen {
			child = loadQuietly(root, dir, lim)
			children[dir] = child // parsed once however often it is called
		}
		if child == nil {
			continue
		}
		if ctx == nil {
			ctx = l.evalContext()
		}
		keys := []expandedKey{{}}
		if a, ok := c.inputs["for_each"]; ok {
			keys = expandedKeys(expansion{forEach: a.Expr}, ctx)
		} else if a, ok := c.inputs["count"]; ok {
			keys = expandedKeys(expansion{count: a.Expr}, ctx)
		}
		for _, k := range keys {
			inst := ctx.NewChild()
			inst.Variables = k.vars
			child.given = map[string]cty.Value{}
			for name, a := range c.inputs {
				if v, ok := evalLoosely(inst, a.Expr); ok && !moduleMeta[name] {
					child.given[name] = v
				}
			}
			for _, r := range child.namedThrough(c.call, c.call.Address+k.key) {
				placeResource(r, l.mod.Providers) // the caller's provider configures the module
				l.mod.Resources = append(l.mod.Resources, r)
			}
		}
	}
}

// loadQuietly parses a called module's files for evaluation only; its
// problems are reported when the module itself is read.
func loadQuietly(root, dir string, lim limits.Limits) *loader {
	real, err := limits.Inside(root, dir)
	if err != nil {
		return nil
	}
	entries, err := os.ReadDir(real)
	if err != nil {
		return nil
	}
	l := newLoader(&model.TerraformModule{Dir: dir})
	l.readFiles(root, dir, entries, lim)
	return l
}

// namedThrough evaluates the naming attributes of the module's managed
// resources without count or for_each, and returns those that come out
// named, addressed through call.
func (l *loader) namedThrough(call *model.ModuleCall, address string) []*model.Resource {
	ctx := l.evalContext()
	var out []*model.Resource
	for _, r := range l.mod.Resources {
		if r.Mode != "managed" || r.Count != "" || r.ForEach != "" {
			continue
		}
		exprs := l.namingExprs[r]
		var attrs []model.Var
		for _, name := range sortedExprNames(exprs) {
			v, ok := evalLoosely(ctx, exprs[name])
			if !ok || !v.IsKnown() || v.IsNull() {
				continue
			}
			if name == "tags" || name == "labels" {
				attrs = appendNameTag(attrs, name, v)
				continue
			}
			if !v.IsWhollyKnown() {
				continue
			}
			if s, ok := ctyString(v); ok {
				attrs = append(attrs, model.Var{Name: name, Value: redact.ResourceAttr(r.Type, name, s)})
			}
		}
		if len(attrs) == 0 {
			continue
		}
		out = append(out, &model.Resource{
			Address: address + "." + r.Address, Mode: r.Mode, Type: r.Type, Name: r.Name,
			Module: call.Module, Provider: r.Provider, ProviderAlias: r.ProviderAlias,
			Source: call.Source, Why: r.Why, Region: r.Region, Zone: r.Zone, Attrs: attrs,
		})
	}
	return out
}

// noteNaming remembers the expressions of r's naming attributes.
func (l *loader) noteNaming(r *model.Resource, b *hcl.Block) {
	for name, a := range attributes(b.Body) {
		if slices.Contains(placeAttrs, name) {
			if l.placeExprs[r] == nil {
				l.placeExprs[r] = map[string]hcl.Expression{}
			}
			l.placeExprs[r][name] = a.Expr
		}
		if namingAttrs[name] {
			if l.namingExprs[r] == nil {
				l.namingExprs[r] = map[string]hcl.Expression{}
			}
			l.namingExprs[r][name] = a.Expr
		}
	}
}

// placeAttrs are the attributes that place a resource.
var placeAttrs = []string{"region", "location"}

// placeFromVariables fills Region from `location = var.location` (or a
// local) when the variable has a literal default, and from
// `location = azurerm_resource_group.main.location` once that resource is
// placed: Azure estates place every resource one of those ways, so
// without them none has a region.
func (l *loader) placeFromVariables() {
	if len(l.placeExprs) == 0 {
		return
	}
	ctx := l.evalContext()
	byAddress := map[string]*model.Resource{}
	for _, r := range l.mod.Resources {
		byAddress[r.Address] = r
	}
	for range 3 { // a resource group placed by a variable places the resources in it
		for r, exprs := range l.placeExprs {
			if r.Region == "" {
				r.Region = placeOf(ctx, exprs, byAddress)
			}
		}
	}
}

func placeOf(ctx *hcl.EvalContext, exprs map[string]hcl.Expression, byAddress map[string]*model.Resource) string {
	for _, name := range placeAttrs {
		expr, ok := exprs[name]
		if !ok {
			continue
		}
		if tr, diags := hcl.AbsTraversalForExpr(expr); !diags.HasErrors() && len(tr) == 3 {
			typ, n1 := tr[0].(hcl.TraverseRoot)
			res, n2 := tr[1].(hcl.TraverseAttr)
			attr, n3 := tr[2].(hcl.TraverseAttr)
			if n1 && n2 && n3 && slices.Contains(placeAttrs, attr.Name) {
				if other := byAddress[typ.Name+"."+res.Name]; other != nil && other.Region != "" {
					return other.Region
				}
			}
		}
		if v, ok := evalLoosely(ctx, expr); ok {
			if s, ok := ctyString(v); ok && s != "" {
				return s
			}
		}
	}
	return ""
}
