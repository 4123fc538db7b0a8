package terraform

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"handover/internal/model"
	"handover/internal/redact"
)

// file is one parsed configuration file: what the block decoders need to
// turn expressions back into source text and places.
type file struct {
	path     string
	dir      string // the module
	src      []byte
	json     bool
	comments *comments      // nil for JSON, which has none
	jsonDoc  map[string]any // a JSON file decoded, for its "//" comments
}

func (f *file) source(r hcl.Range) model.Source {
	return model.Source{Path: f.path, Line: r.Start.Line}
}

// why returns the comment block above a block header. In JSON, where
// HCL drops "//" properties, it is the block's own "//" property, the
// comment Terraform's JSON syntax allows, at the block's line.
func (f *file) why(b *hcl.Block) model.Why {
	if f.json {
		text := f.jsonComment(append([]string{b.Type}, b.Labels...))
		if text == "" || isBanner(text) {
			return model.Why{}
		}
		return model.Why{Text: redact.Text(text), Source: f.source(b.DefRange)}
	}
	if f.comments == nil {
		return model.Why{}
	}
	return f.comments.above(b.DefRange.Start.Line)
}

// jsonComment is the "//" property of the object at keys (resource,
// aws_instance, api); a block given as an array of objects has the first
// one's.
func (f *file) jsonComment(keys []string) string {
	if f.jsonDoc == nil {
		f.jsonDoc = map[string]any{}
		_ = json.Unmarshal(f.src, &f.jsonDoc) // a broken file is a parse problem already
	}
	var at any = f.jsonDoc
	for _, k := range append(keys, "//") {
		if list, ok := at.([]any); ok && len(list) > 0 {
			at = list[0]
		}
		obj, ok := at.(map[string]any)
		if !ok {
			return ""
		}
		at = obj[k]
	}
	s, _ := at.(string)
	return strings.TrimSpace(s)
}

// explain sets the Why of each of vars named in attrs from the comments
// above it and after its value: a value's reason is often written there
// rather than above the block.
func (f *file) explain(vars []model.Var, attrs hcl.Attributes) {
	if f.comments == nil {
		return
	}
	for i, v := range vars {
		if a, ok := attrs[v.Name]; ok {
			if w := f.comments.of(a.Range.Start.Line, a.Range.End.Line); w.Text != "" {
				vars[i].Why = &w
			}
		}
	}
}

// attributes returns a block body's attributes, without its nested blocks.
func attributes(body hcl.Body) hcl.Attributes {
	if sb, ok := body.(*hclsyntax.Body); ok {
		out := make(hcl.Attributes, len(sb.Attributes))
		for name, a := range sb.Attributes {
			out[name] = a.AsHCLAttribute()
		}
		return out
	}
	// JSON cannot tell a nested block from an object attribute without a
	// provider schema, so nested blocks come back as attributes here.
	attrs, _ := body.JustAttributes()
	return attrs
}

// sortedNames returns the attribute names in order.
func sortedNames(attrs hcl.Attributes) []string {
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// resourceMeta are arguments Terraform itself interprets (or, in JSON, the
// nested blocks it does); they are not attributes of the resource.
var resourceMeta = map[string]bool{
	"count": true, "for_each": true, "provider": true, "depends_on": true,
	"lifecycle": true, "provisioner": true, "connection": true, "dynamic": true,
}

func (f *file) resource(b *hcl.Block, mode string) *model.Resource {
	attrs := attributes(b.Body)
	r := &model.Resource{
		Mode:   mode,
		Type:   b.Labels[0],
		Name:   b.Labels[1],
		Module: f.dir,
		Source: f.source(b.DefRange),
		Why:    f.why(b),
	}
	r.Address = r.Type + "." + r.Name
	if mode == model.ModeData {
		r.Address = "data." + r.Address
	}
	r.Provider, _, _ = strings.Cut(r.Type, "_")
	for _, name := range sortedNames(attrs) {
		expr := attrs[name].Expr
		switch name {
		case "count":
			r.Count = redact.Text(f.text(expr))
			continue
		case "for_each":
			r.ForEach = redact.Text(f.text(expr))
			continue
		case "provider":
			if t, diags := hcl.AbsTraversalForExpr(expr); !diags.HasErrors() && len(t) > 0 {
				r.Provider = t.RootName()
				if len(t) > 1 {
					if a, ok := t[1].(hcl.TraverseAttr); ok {
						r.ProviderAlias = a.Name
					}
				}
			}
			continue
		case "tags", "labels", "instance_tags":
			if tags, ok := literalTags(expr); ok {
				if r.Tags == nil {
					r.Tags = map[string]string{}
				}
				for k, v := range tags {
					r.Tags[k] = v
				}
				continue
			}
			// Google's network tags are a list, not a map: an attribute.
		}
		if resourceMeta[name] {
			continue
		}
		r.Attrs = appendLiteral(r.Attrs, r.Type, name, expr)
	}
	f.explain(r.Attrs, attrs)
	r.Attrs = appendNestedAddresses(r.Attrs, b.Body, "")
	if mode == model.ModeData {
		r.Attrs = appendTagFilters(r.Attrs, b.Body)
	}
	r.Region = firstString(r.Attrs, "region", "location")
	r.Zone = firstString(r.Attrs, "availability_zone", "zone")
	return r
}

// addressBlocks are the nested blocks where providers put a machine's
// addresses: google's network_interface { network_ip, access_config {
// nat_ip } }, azurerm's ip_configuration { private_ip_address }.
var addressBlocks = map[string]bool{"network_interface": true, "access_config": true, "ip_configuration": true}

// addressAttrs are the attributes of those blocks that hold an address.
var addressAttrs = map[string]bool{
	"network_ip": true, "nat_ip": true, "private_ip_address": true, "public_ip_address": true, "ipv4_address": true,
}

// appendNestedAddresses appends the literal addresses inside address
// blocks as "network_interface.network_ip", so that a host named by its IP
// can be linked to the instance that has it.
func appendNestedAddresses(vars []model.Var, body hcl.Body, prefix string) []model.Var {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		return vars
	}
	for _, blk := range sb.Blocks {
		if !addressBlocks[blk.Type] {
			continue
		}
		name := prefix + blk.Type
		for _, attr := range sortedNames(attributes(blk.Body)) {
			if addressAttrs[attr] {
				vars = appendLiteral(vars, "", name+"."+attr, blk.Body.Attributes[attr].Expr)
			}
		}
		vars = appendNestedAddresses(vars, blk.Body, name+".")
	}
	return vars
}

// appendTagFilters appends a data source's tag lookups, filter { name =
// "tag:Name" values = ["a", "b"] } as filter.tag:Name = ["a", "b"], for
// linking the data source to the resources it finds. A filter whose name
// or values are not literal is left out: what it finds is not known.
func appendTagFilters(vars []model.Var, body hcl.Body) []model.Var {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		return vars
	}
	for _, blk := range sb.Blocks {
		if blk.Type != "filter" {
			continue
		}
		name, okName := blk.Body.Attributes["name"]
		values, okValues := blk.Body.Attributes["values"]
		if !okName || !okValues {
			continue
		}
		key, ok := literalString(name.Expr)
		if !ok || !strings.HasPrefix(key, "tag:") {
			continue
		}
		vars = appendLiteral(vars, "", "filter."+key, values.Expr)
	}
	return vars
}

// appendLiteral appends name's value, redacted, when expr is a literal
// other than null (which means "not set"). resourceType is the type of
// the resource it is an attribute of, or "".
func appendLiteral(vars []model.Var, resourceType, name string, expr hcl.Expression) []model.Var {
	v, ok := literal(expr)
	if !ok || v == nil {
		return vars
	}
	return append(vars, model.Var{Name: name, Value: redact.ResourceAttr(resourceType, name, v)})
}

// firstString returns the first of names that has a string value in vars.
func firstString(vars []model.Var, names ...string) string {
	for _, n := range names {
		if s := model.StringVar(vars, n); s != "" && s != redact.Mask {
			return s
		}
	}
	return ""
}

// moduleMeta are the module block's arguments that are not inputs.
var moduleMeta = map[string]bool{
	"source": true, "version": true, "count": true, "for_each": true,
	"providers": true, "depends_on": true,
}

func (f *file) moduleCall(b *hcl.Block) *model.ModuleCall {
	attrs := attributes(b.Body)
	c := &model.ModuleCall{
		Name:    b.Labels[0],
		Address: "module." + b.Labels[0],
		Module:  f.dir,
		Source:  f.source(b.DefRange),
		Why:     f.why(b),
	}
	for _, name := range sortedNames(attrs) {
		expr := attrs[name].Expr
		switch name {
		case "source":
			c.From = f.stringOrText(expr)
		case "version":
			c.Version = f.stringOrText(expr)
		case "count":
			c.Count = redact.Text(f.text(expr))
		case "for_each":
			c.ForEach = redact.Text(f.text(expr))
		}
		if moduleMeta[name] {
			continue
		}
		c.Inputs = appendLiteral(c.Inputs, "", name, expr)
	}
	f.explain(c.Inputs, attrs)
	return c
}

func (f *file) variable(b *hcl.Block) *model.Variable {
	attrs := attributes(b.Body)
	v := &model.Variable{
		Name:   b.Labels[0],
		Module: f.dir,
		Source: f.source(b.DefRange),
		Why:    f.why(b),
	}
	if a, ok := attrs["description"]; ok {
		d, _ := literalString(a.Expr)
		v.Description = redact.Text(d)
	}
	if a, ok := attrs["type"]; ok {
		v.Type = f.text(a.Expr)
	}
	if a, ok := attrs["sensitive"]; ok {
		s, _ := literal(a.Expr)
		v.Sensitive = s == true
	}
	if a, ok := attrs["default"]; ok && !v.Sensitive {
		if d, ok := literal(a.Expr); ok {
			v.Default = redact.Value(v.Name, d)
		}
	}
	return v
}

func (f *file) output(b *hcl.Block) *model.Output {
	attrs := attributes(b.Body)
	o := &model.Output{
		Name:   b.Labels[0],
		Module: f.dir,
		Source: f.source(b.DefRange),
		Why:    f.why(b),
	}
	if a, ok := attrs["description"]; ok {
		d, _ := literalString(a.Expr)
		o.Description = redact.Text(d)
	}
	if a, ok := attrs["sensitive"]; ok {
		s, _ := literal(a.Expr)
		o.Sensitive = s == true
	}
	if a, ok := attrs["value"]; ok {
		o.Value = redact.Text(f.text(a.Expr))
		if _, lit := literal(a.Expr); lit && (o.Sensitive || redact.IsSecretName(o.Name)) {
			// A literal is the value itself, not a reference to it.
			o.Value = redact.Mask
		}
	}
	return o
}

func (f *file) provider(b *hcl.Block) *model.Provider {
	attrs := attributes(b.Body)
	p := &model.Provider{
		Name:   b.Labels[0],
		Module: f.dir,
		Source: f.source(b.DefRange),
		Why:    f.why(b),
	}
	for _, name := range sortedNames(attrs) {
		if name == "alias" {
			p.Alias, _ = literalString(attrs[name].Expr)
			continue
		}
		p.Attrs = appendLiteral(p.Attrs, "", name, attrs[name].Expr)
	}
	p.Region = firstString(p.Attrs, "region", "location")
	return p
}

func (f *file) locals(b *hcl.Block) []model.Var {
	attrs := attributes(b.Body)
	var out []model.Var
	for _, name := range sortedNames(attrs) {
		out = appendLiteral(out, "", name, attrs[name].Expr)
	}
	return out
}
