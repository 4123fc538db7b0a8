package terraform

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"handover/internal/limits"
)

// Terragrunt's own functions are evaluated where they depend on the
// repository alone (find_in_parent_folders, path_relative_to_include,
// get_terragrunt_dir, ...). Paths are repository paths written with the
// repository root as "/": "/live/terragrunt.hcl" is told apart from a path
// relative to the unit ("../vpc"), and nothing of the machine's own paths
// reaches the index. What depends on the machine or the cloud (get_env,
// get_aws_account_id, run_cmd, a dependency's outputs) is unknown: a value
// shown as written, or a problem where a path or a state location was
// needed, never a guess.

// tgScope is where a Terragrunt expression is evaluated: in a unit's
// terragrunt.hcl, or in a file it includes, on the unit's behalf.
type tgScope struct {
	root     string // the repository on disk
	lim      limits.Limits
	unit     string // the unit's directory, relative to the root
	included string // the included file's directory; "" in the unit itself
	depth    int    // read_terragrunt_config calls above this file
}

// repoPath is rel written from the repository root as "/".
func repoPath(rel string) string { return path.Clean("/" + rel) }

// resolve turns an evaluated path into one relative to the repository
// root: a "/" path as it is, any other relative to base. ok is false for a
// path that leaves the repository.
func resolve(base, p string) (string, bool) {
	var out string
	if strings.HasPrefix(p, "/") {
		out = strings.TrimPrefix(path.Clean(p), "/")
	} else {
		out = path.Join(base, p)
	}
	if out == "" {
		out = "."
	}
	return out, out != ".." && !strings.HasPrefix(out, "../")
}

// relPath is target relative to from, both relative to the root.
func relPath(from, target string) string {
	r, err := filepath.Rel(filepath.FromSlash("/"+from), filepath.FromSlash("/"+target))
	if err != nil {
		return "."
	}
	return filepath.ToSlash(r)
}

// evalContext is the functions of Terraform's and Terragrunt's that handover
// evaluates, and the variables: local (the file's locals) and include
// (each included file's locals and inputs, by label).
func (s tgScope) evalContext(vars map[string]cty.Value) *hcl.EvalContext {
	fns := make(map[string]function.Function, len(functions)+10)
	for k, f := range functions {
		fns[k] = f
	}
	str := func(f func() string) function.Function {
		return function.New(&function.Spec{Type: function.StaticReturnType(cty.String),
			Impl: func([]cty.Value, cty.Type) (cty.Value, error) { return cty.StringVal(f()), nil }})
	}
	includedDir := s.included
	if includedDir == "" {
		includedDir = s.unit
	}
	fns["get_terragrunt_dir"] = str(func() string { return repoPath(s.unit) })
	fns["get_original_terragrunt_dir"] = fns["get_terragrunt_dir"]
	fns["get_parent_terragrunt_dir"] = str(func() string { return repoPath(includedDir) })
	fns["get_repo_root"] = str(func() string { return "/" })
	fns["get_path_to_repo_root"] = str(func() string { return relPath(s.unit, ".") })
	fns["get_path_from_repo_root"] = str(func() string { return s.unit })
	fns["path_relative_to_include"] = str(func() string { return relPath(includedDir, s.unit) })
	fns["path_relative_from_include"] = str(func() string { return relPath(s.unit, includedDir) })
	fns["dirname"] = pathFunc(path.Dir)
	fns["basename"] = pathFunc(path.Base)
	fns["abspath"] = pathFunc(path.Clean) // repository paths are absolute already
	fns["find_in_parent_folders"] = s.findInParentFolders()
	fns["read_terragrunt_config"] = s.readTerragruntConfig()
	fns["get_env"] = function.New(&function.Spec{
		Params:   []function.Parameter{{Name: "name", Type: cty.String}},
		VarParam: &function.Parameter{Name: "default", Type: cty.String},
		Type:     function.StaticReturnType(cty.String),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return cty.UnknownVal(cty.String), nil // the machine's environment, not the repository's
		},
	})
	return &hcl.EvalContext{Functions: fns, Variables: vars}
}

// pathFunc is one of Terraform's path functions (dirname, basename) on
// repository paths.
func pathFunc(f func(string) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(f(args[0].AsString())), nil
		},
	})
}

// findInParentFolders is Terragrunt's find_in_parent_folders([name[,
// fallback]]): the nearest file or folder of that name (terragrunt.hcl
// without one) in a directory above the unit, within the repository.
func (s tgScope) findInParentFolders() function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "args", Type: cty.String},
		Type:     function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			name := TerragruntFile
			if len(args) > 0 {
				name = args[0].AsString()
			}
			for dir := s.unit; dir != "." && dir != ""; {
				dir = path.Dir(dir)
				rel := path.Join(dir, name)
				if real, err := limits.Inside(s.root, rel); err == nil {
					if _, err := os.Stat(real); err == nil {
						return cty.StringVal(repoPath(rel)), nil
					}
				}
			}
			if len(args) > 1 {
				return args[1], nil
			}
			return cty.NilVal, fmt.Errorf("no %s in a folder above %s", name, s.unit)
		},
	})
}

// maxConfigDepth bounds read_terragrunt_config reading files that read
// files: a file that reads itself stops there.
const maxConfigDepth = 4

// readTerragruntConfig is read_terragrunt_config(path[, default]): another
// Terragrunt file's locals and inputs (env.hcl, account.hcl above the
// units), evaluated for the unit.
func (s tgScope) readTerragruntConfig() function.Function {
	return function.New(&function.Spec{
		Params:   []function.Parameter{{Name: "path", Type: cty.String}},
		VarParam: &function.Parameter{Name: "default", Type: cty.DynamicPseudoType},
		Type:     function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			rel, ok := resolve(s.unit, args[0].AsString())
			if !ok {
				return cty.NilVal, fmt.Errorf("%s leaves the repository", args[0].AsString())
			}
			if s.depth >= maxConfigDepth {
				return cty.NilVal, fmt.Errorf("%s: read_terragrunt_config nested more than %d deep", rel, maxConfigDepth)
			}
			src, _, ok := s.lim.ReadText(s.root, rel)
			if !ok {
				if len(args) > 1 {
					return args[1], nil
				}
				return cty.NilVal, fmt.Errorf("cannot read %s", rel)
			}
			hf, diags := hclsyntax.ParseConfig(src, rel, hcl.InitialPos)
			if hf == nil {
				return cty.NilVal, fmt.Errorf("%s does not parse: %v", rel, diags)
			}
			body, isSyntax := hf.Body.(*hclsyntax.Body)
			if diags.HasErrors() || !isSyntax {
				return cty.NilVal, fmt.Errorf("%s does not parse: %v", rel, diags)
			}
			sub := s
			sub.depth++
			t := &tgFile{file: &file{path: rel, src: src}, body: body, scope: sub, ctx: sub.evalContext(tgVariables())}
			t.evalLocals()
			return cty.ObjectVal(map[string]cty.Value{"locals": t.ctx.Variables["local"], "inputs": t.inputsValue()}), nil
		},
	})
}

// tgVariables are the variables a Terragrunt file starts with: no locals
// or includes yet, and dependencies whose outputs are not known.
func tgVariables() map[string]cty.Value {
	return map[string]cty.Value{
		"local":      cty.EmptyObjectVal,
		"include":    cty.EmptyObjectVal,
		"dependency": cty.DynamicVal, // outputs of another unit's apply
	}
}

// errUnknown says a value depends on what the repository does not hold.
var errUnknown = errors.New("depends on the environment it runs in (get_env, a dependency's outputs, ...), not on the repository")

// evalTG evaluates expr in ctx: a wholly known value, or why not.
func evalTG(ctx *hcl.EvalContext, expr hcl.Expression) (cty.Value, error) {
	v, diags := safeValue(ctx, expr)
	if diags.HasErrors() {
		msg := diags.Errs()[0].Error()
		if d := diags[0]; d.Detail != "" {
			msg = d.Summary + ": " + d.Detail
		}
		return cty.NilVal, errors.New(msg)
	}
	if !v.IsWhollyKnown() {
		return cty.NilVal, errUnknown
	}
	v, _ = v.UnmarkDeep()
	return v, nil
}

// safeValue is expr.Value, with a panic of cty's on odd unknowns turned
// into a diagnostic.
func safeValue(ctx *hcl.EvalContext, expr hcl.Expression) (v cty.Value, diags hcl.Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			v, diags = cty.NilVal, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: fmt.Sprint(r)}}
		}
	}()
	return expr.Value(ctx)
}
