package terraform

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"handover/internal/model"
	"handover/internal/redact"
)

// Terragrunt estates keep one terragrunt.hcl per deployed unit: which module
// it applies (terraform { source }), the values it gives that module's
// variables (inputs), the units whose outputs it reads (dependency and
// dependencies blocks), and, usually through an include of a parent
// terragrunt.hcl, where the state goes (remote_state). Each unit is a root
// module: terragrunt apply runs there. The file is HCL, read with hcl/v2's
// native syntax; Terragrunt's functions (find_in_parent_folders,
// get_env, ...) are not run, so only literal values are kept, and inputs
// that are expressions are shown as written.

// TerragruntFile is the name of a Terragrunt unit's configuration.
const TerragruntFile = "terragrunt.hcl"

// parseTerragrunt reads a terragrunt.hcl into the module's Info.
func (l *loader) parseTerragrunt(rel string, src []byte) {
	defer func() {
		if r := recover(); r != nil {
			l.mod.Problems = append(l.mod.Problems, problem(model.Source{Path: rel}, fmt.Sprintf("cannot parse: %v", r)))
		}
	}()
	f := &file{path: rel, src: src, dir: l.mod.Dir}
	hf, diags := hclsyntax.ParseConfig(src, rel, hcl.InitialPos)
	l.addDiags(rel, diags)
	if hf == nil {
		return
	}
	body, ok := hf.Body.(*hclsyntax.Body)
	if !ok {
		return
	}
	info := &l.mod.Info
	info.Source = model.Source{Path: rel}
	if c := scanComments(rel, src); c != nil {
		l.headers[rel] = c.header(true)
	}
	dir := l.mod.Dir
	for _, b := range body.Blocks {
		attrs := attributes(b.Body)
		at := f.source(b.DefRange())
		switch b.Type {
		case "terraform":
			if a, ok := attrs["source"]; ok {
				info.Terragrunt = redact.Text(f.stringOrText(a.Expr))
				t := model.CallTarget{Address: "terraform.source", From: info.Terragrunt, Source: f.source(a.NameRange)}
				t.Dir = terragruntLocalDir(dir, info.Terragrunt)
				info.Calls = append(info.Calls, t)
			}
		case "dependency":
			if a, ok := attrs["config_path"]; ok && len(b.Labels) == 1 {
				if p, ok := literalString(a.Expr); ok {
					info.DependsOn = append(info.DependsOn, model.Dependency{Dir: path.Join(dir, p), Via: fmt.Sprintf("dependency %q", b.Labels[0]), Source: at})
				}
			}
		case "dependencies":
			if a, ok := attrs["paths"]; ok {
				if ps, ok := literal(a.Expr); ok {
					list, _ := ps.([]any)
					for _, p := range list {
						if s, ok := p.(string); ok {
							info.DependsOn = append(info.DependsOn, model.Dependency{Dir: path.Join(dir, s), Via: "dependencies", Source: at})
						}
					}
				}
			}
		case "remote_state":
			be := &model.Backend{Source: at}
			if a, ok := attrs["backend"]; ok {
				be.Type, _ = literalString(a.Expr)
			}
			if a, ok := attrs["config"]; ok {
				for _, s := range f.inputs(a.Expr) { // key = "${path_relative_to_include()}/..." stays as written
					be.Config = append(be.Config, model.Var{Name: s.Variable, Value: s.Value})
				}
				slices.SortFunc(be.Config, func(a, b model.Var) int { return strings.Compare(a.Name, b.Name) })
			}
			info.Backend = be
		}
	}
	if a, ok := body.Attributes["inputs"]; ok {
		info.VarFiles = append(info.VarFiles, model.VarFile{Path: rel, Auto: true, Settings: f.inputs(a.Expr)})
	}
}

// inputs reads a Terragrunt inputs object: each key at its own line, a
// literal value redacted, anything else (dependency.vpc.outputs.id) as
// written.
func (f *file) inputs(expr hcl.Expression) []model.Setting {
	pairs, diags := hcl.ExprMap(expr)
	if diags.HasErrors() {
		return nil
	}
	var out []model.Setting
	for _, p := range pairs {
		name, ok := literalString(p.Key)
		if !ok {
			continue
		}
		s := model.Setting{Variable: name, Source: f.source(p.Key.Range())}
		if v, ok := literal(p.Value); ok {
			s.Value = redact.Value(name, v)
		} else {
			s.Value = redact.Value(name, f.text(p.Value))
		}
		out = append(out, s)
	}
	return out
}

// terragruntLocalDir is the directory a local terraform { source } names,
// relative to the repository root: "../../modules//vpc" from live/prod/vpc
// is modules/vpc. Remote sources (git::, tfr://, a registry address) give "".
func terragruntLocalDir(dir, src string) string {
	if !isLocalSource(src) {
		return ""
	}
	src, _, _ = strings.Cut(src, "?")
	base, sub, _ := strings.Cut(src, "//")
	return path.Join(dir, base, sub)
}
