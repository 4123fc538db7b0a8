package lint

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"handover/internal/limits"
	"handover/internal/model"
	"handover/internal/redact"
)

func (c *checker) terraform(m *model.TerraformModule) {
	for _, r := range m.Resources {
		if r.Mode == "managed" && strings.TrimSpace(r.Why.Text) == "" && !hasPurposeTag(r.Tags) {
			c.report(ruleTerraformWhy, r.Source,
				"add a comment above the block saying what it is for and who needs it, or a Purpose tag (purpose label on Google Cloud)",
				"resource %s has no comment saying why it exists and no Purpose tag", r.Address)
		}
	}
	if c.on(rulePlaintextSecret) {
		c.terraformSecrets(m)
	}
}

func hasPurposeTag(tags map[string]string) bool {
	for k, v := range tags {
		if strings.EqualFold(k, "purpose") && strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// The terraform package redacts every literal that looks secret, so the
// model says a secret literal is there but not whether it is an empty
// string, and keeps no default at all for a sensitive variable. Those few
// blocks are re-read to tell, and to point at the attribute's own line.

func (c *checker) terraformSecrets(m *model.TerraformModule) {
	files := &tfFiles{root: c.root, bodies: map[string]*hclsyntax.Body{}}
	for _, v := range m.Variables {
		maskedDefault := v.Default != nil && hasMask(v.Default)
		if !v.Sensitive && !redact.IsSecretName(v.Name) && !maskedDefault {
			continue
		}
		line, secret, ok := files.literal(v.Source, "default")
		switch {
		case ok && secret:
			c.tfSecret(model.Source{Path: v.Source.Path, Line: line}, "the default of variable "+v.Name, v.Name)
		case !ok && maskedDefault:
			c.tfSecret(v.Source, "the default of variable "+v.Name, v.Name)
		}
	}
	attrs := func(src model.Source, what string, vars []model.Var) {
		for _, a := range vars {
			if !hasMask(a.Value) {
				continue
			}
			name, _, _ := strings.Cut(a.Name, ".")
			line, secret, ok := files.literal(src, name)
			if ok && !secret {
				continue
			}
			at := src
			if ok {
				at.Line = line
			}
			c.tfSecret(at, name+" of "+what, "")
		}
	}
	for _, r := range m.Resources {
		attrs(r.Source, r.Address, r.Attrs)
	}
	for _, p := range m.Providers {
		what := "provider " + p.Name
		if p.Alias != "" {
			what += "." + p.Alias
		}
		attrs(p.Source, what, p.Attrs)
	}
	for _, mc := range m.Modules {
		attrs(mc.Source, mc.Address, mc.Inputs)
	}
}

// hasMask reports whether a redacted value is, or holds, a mask: whole,
// or inside text such as a command line.
func hasMask(v any) bool {
	switch x := v.(type) {
	case string:
		return redact.HasMask(x)
	case []any:
		for _, e := range x {
			if hasMask(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if hasMask(e) {
				return true
			}
		}
	}
	return false
}

// tfFiles parses Terraform files on demand, once each.
type tfFiles struct {
	root   string
	bodies map[string]*hclsyntax.Body // nil: not readable as native syntax
}

func (t *tfFiles) body(path string) *hclsyntax.Body {
	if b, ok := t.bodies[path]; ok {
		return b
	}
	var body *hclsyntax.Body
	if t.root != "" && strings.HasSuffix(path, ".tf") {
		if src, _, ok := limits.Default().ReadText(t.root, path); ok {
			f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
			if !diags.HasErrors() {
				body, _ = f.Body.(*hclsyntax.Body)
			}
		}
	}
	t.bodies[path] = body
	return body
}

// literal looks at attribute attr of the block declared at src. ok is
// false when the file cannot be re-read; otherwise line is the
// attribute's line and secret says whether it is a literal holding text or
// a number (an expression is not written in the file, so not a leak).
func (t *tfFiles) literal(src model.Source, attr string) (line int, secret, ok bool) {
	body := t.body(src.Path)
	if body == nil {
		return 0, false, false
	}
	for _, b := range body.Blocks {
		if b.DefRange().Start.Line != src.Line {
			continue
		}
		a := b.Body.Attributes[attr]
		if a == nil {
			return src.Line, false, true
		}
		v, diags := a.Expr.Value(&hcl.EvalContext{})
		if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
			return a.SrcRange.Start.Line, false, true
		}
		v, _ = v.UnmarkDeep()
		return a.SrcRange.Start.Line, hasText(v), true
	}
	return 0, false, false
}

// hasText reports whether a literal is or holds a non-empty string or a
// number: pin_password = 1234 is a secret as package redact defines one
// (settings such as token_ttl = 3600 were never masked). Bools are not.
func hasText(v cty.Value) bool {
	switch {
	case v.IsNull():
		return false
	case v.Type() == cty.String:
		return strings.TrimSpace(v.AsString()) != "" && !redact.IsBoolText(v.AsString())
	case v.Type() == cty.Number:
		return true
	case v.CanIterateElements():
		for it := v.ElementIterator(); it.Next(); {
			if _, e := it.Element(); hasText(e) {
				return true
			}
		}
	}
	return false
}
