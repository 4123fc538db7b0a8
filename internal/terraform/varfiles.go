package terraform

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"handover/internal/model"
	"handover/internal/redact"
)

// Variable definitions files give a root module's variables their values:
// terraform.tfvars and *.auto.tfvars (and their .json forms) are loaded by
// Terraform itself, any other *.tfvars is given with -var-file, one per
// environment or cloud. They are how an estate says "in production the
// nodes are m5.xlarge", so each is read as the inputs of its root module:
// every value with the variable it sets and its line, redacted like any
// variable, and never kept for a sensitive one.

// IsVarFile reports whether name is a variable definitions file.
func IsVarFile(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") {
		return false
	}
	return strings.HasSuffix(name, ".tfvars") || strings.HasSuffix(name, ".tfvars.json")
}

// isAutoVarFile is a file Terraform loads without -var-file.
func isAutoVarFile(name string) bool {
	base := strings.TrimSuffix(name, ".json")
	return base == "terraform.tfvars" || strings.HasSuffix(base, ".auto.tfvars")
}

// parseVarFile reads one variable definitions file. A syntax error is a
// problem at its line; the assignments that parsed are kept.
func (l *loader) parseVarFile(rel string, src []byte) {
	defer func() {
		if r := recover(); r != nil {
			l.mod.Problems = append(l.mod.Problems, problem(model.Source{Path: rel}, fmt.Sprintf("cannot parse: %v", r)))
		}
	}()
	var hf *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(rel, ".json") {
		hf, diags = hcljson.Parse(src, rel)
	} else {
		hf, diags = hclsyntax.ParseConfig(src, rel, hcl.InitialPos)
	}
	l.addDiags(rel, diags)
	if hf == nil || hf.Body == nil {
		return
	}
	attrs, adiags := hf.Body.JustAttributes()
	if !diags.HasErrors() {
		l.addDiags(rel, adiags)
	}
	if l.mod.Info.Source.Path == "" {
		l.mod.Info.Source = model.Source{Path: rel}
	}
	vf := model.VarFile{Path: rel, Auto: isAutoVarFile(path.Base(rel))}
	for name, a := range attrs {
		vf.Settings = append(vf.Settings, setting(name, a, rel))
		if vf.Auto {
			l.autoValues[name] = a.Expr
		}
	}
	slices.SortFunc(vf.Settings, func(a, b model.Setting) int { return cmp.Compare(a.Source.Line, b.Source.Line) })
	l.mod.Info.VarFiles = append(l.mod.Info.VarFiles, vf)
}

// setting is one assignment: its literal value, redacted, or else the
// expression as written (a tfvars file may only hold literals, but
// Terragrunt inputs may call functions).
func setting(name string, a *hcl.Attribute, rel string) model.Setting {
	s := model.Setting{Variable: name, Source: model.Source{Path: rel, Line: a.NameRange.Start.Line}}
	if v, ok := literal(a.Expr); ok {
		s.Value = redact.Value(name, v)
	}
	return s
}

// varRef is the variable an expression is, when it is exactly var.NAME.
func varRef(expr hcl.Expression) (string, bool) {
	t, diags := hcl.AbsTraversalForExpr(expr)
	if diags.HasErrors() || len(t) != 2 || t.RootName() != "var" {
		return "", false
	}
	a, ok := t[1].(hcl.TraverseAttr)
	return a.Name, ok
}

// noteInputs records each attribute of r written as `attr = var.x`, with
// the variable's default when it has one; ApplyVarFiles adds the value
// each variable file gives x.
func (l *loader) noteInputs(r *model.Resource, b *hcl.Block) {
	attrs := attributes(b.Body)
	for _, name := range sortedNames(attrs) {
		if resourceMeta[name] {
			continue
		}
		if v, ok := varRef(attrs[name].Expr); ok {
			r.Inputs = append(r.Inputs, model.Setting{Attr: name, Variable: v})
		}
	}
}

// fillDefaults gives the inputs noted by noteInputs their variable's
// literal default (at the variable block), once every file is read; an
// input of an undeclared variable is dropped, as Terraform rejects it.
func (l *loader) fillDefaults() {
	vars := map[string]*model.Variable{}
	for _, v := range l.mod.Variables {
		vars[v.Name] = v
	}
	for _, r := range l.mod.Resources {
		kept := r.Inputs[:0]
		for _, in := range r.Inputs {
			v := vars[in.Variable]
			if v == nil {
				continue
			}
			in.Source, in.Sensitive = v.Source, v.Sensitive
			if !v.Sensitive {
				in.Value = v.Default
			}
			kept = append(kept, in)
		}
		r.Inputs = kept
	}
}

// ApplyVarFiles gives each variable of mod the values files set, and each
// resource attribute written as var.x the value every file gives x. files
// are mod's own variable files or those of a directory beside it that
// holds no configuration (environments/prod.tfvars). A value for a
// sensitive variable is dropped from the file as well.
func ApplyVarFiles(mod *model.TerraformModule, files []model.VarFile) {
	vars := map[string]*model.Variable{}
	for _, v := range mod.Variables {
		vars[v.Name] = v
	}
	for fi := range files {
		for si := range files[fi].Settings {
			s := &files[fi].Settings[si]
			v := vars[s.Variable]
			if v == nil {
				continue
			}
			if v.Sensitive {
				s.Sensitive, s.Value = true, nil
			}
			v.Settings = append(v.Settings, *s)
			for _, r := range mod.Resources {
				for _, in := range r.Inputs[:len(r.Inputs):len(r.Inputs)] {
					if in.Variable == s.Variable && in.Source == v.Source { // the attribute, not another file's value
						r.Inputs = append(r.Inputs, model.Setting{Attr: in.Attr, Variable: s.Variable, Value: s.Value, Sensitive: s.Sensitive, Source: s.Source})
					}
				}
			}
		}
	}
}
