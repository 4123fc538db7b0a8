package terraform

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"handover/internal/model"
	"handover/internal/redact"
)

// Terragrunt estates keep one terragrunt.hcl per deployed unit: which module
// it applies (terraform { source }), the values it gives that module's
// variables (inputs), the units whose outputs it reads (dependency and
// dependencies blocks), and, usually through an include of a parent
// configuration (include { path = find_in_parent_folders() }), where the
// state goes (remote_state) and the inputs every unit shares. Each unit is
// a root module: terragrunt apply runs there. The files are HCL, read and
// evaluated with hcl/v2 and the functions of terragrunt_eval.go; the
// included file is read on the unit's behalf, so its
// path_relative_to_include() is the unit's path, as Terragrunt has it.

// TerragruntFile is the name of a Terragrunt unit's configuration.
const TerragruntFile = "terragrunt.hcl"

// tgFile is one parsed Terragrunt configuration and the context its
// expressions are evaluated in.
type tgFile struct {
	*file
	body  *hclsyntax.Body
	scope tgScope
	ctx   *hcl.EvalContext
}

// parseTerragrunt reads a terragrunt.hcl into the module's Info.
func (l *loader) parseTerragrunt(scope tgScope, rel string, src []byte) {
	defer func() {
		if r := recover(); r != nil {
			l.mod.Problems = append(l.mod.Problems, problem(model.Source{Path: rel}, fmt.Sprintf("cannot parse: %v", r)))
		}
	}()
	unit := l.parseTG(scope, rel, src)
	if unit == nil {
		return
	}
	info := &l.mod.Info
	info.Source = model.Source{Path: rel}
	if c := scanComments(rel, src); c != nil {
		l.headers[rel] = c.header(true)
	}
	// The included files, evaluated for this unit; their locals and inputs
	// are the include variable's.
	var included []*tgFile
	includeVar := map[string]cty.Value{}
	for _, b := range unit.body.Blocks {
		if b.Type != "include" {
			continue
		}
		inc := l.readInclude(unit, b)
		if inc == nil {
			continue
		}
		included = append(included, inc)
		label := ""
		if len(b.Labels) > 0 {
			label = b.Labels[0]
		}
		includeVar[label] = cty.ObjectVal(map[string]cty.Value{
			"locals": inc.ctx.Variables["local"], "inputs": inc.inputsValue(),
		})
	}
	if v, ok := includeVar[""]; ok && len(includeVar) == 1 {
		unit.ctx.Variables["include"] = v // an unlabelled include is include.locals
	} else {
		unit.ctx.Variables["include"] = cty.ObjectVal(includeVar)
	}
	unit.evalLocals()

	// The unit's own blocks, then the included files' (merged into the
	// unit as Terragrunt does): the first source and remote_state win,
	// every dependency counts.
	for _, t := range append([]*tgFile{unit}, included...) {
		l.applyTGBlocks(t)
	}
	// Inputs merge: the unit's own values win over the included ones.
	own := unit.inputs(l)
	set := map[string]bool{}
	for _, s := range own {
		set[s.Variable] = true
	}
	for _, inc := range included {
		var shared []model.Setting
		for _, s := range inc.inputs(l) {
			if !set[s.Variable] {
				set[s.Variable] = true
				shared = append(shared, s)
			}
		}
		if len(shared) > 0 {
			info.VarFiles = append(info.VarFiles, model.VarFile{Path: inc.path, Auto: true, Settings: shared})
		}
	}
	if _, ok := unit.body.Attributes["inputs"]; ok {
		info.VarFiles = append(info.VarFiles, model.VarFile{Path: rel, Auto: true, Settings: own})
	}
}

// applyTGBlocks reads t's terraform { source }, remote_state, dependency
// and dependencies blocks into the unit's Info, for a source or a state
// only when the unit has none yet.
func (l *loader) applyTGBlocks(t *tgFile) {
	info := &l.mod.Info
	for _, b := range t.body.Blocks {
		attrs := b.Body.Attributes
		at := t.source(b.DefRange())
		switch b.Type {
		case "terraform":
			if a, ok := attrs["source"]; ok && info.Terragrunt == "" {
				src, known := t.stringOrText(l, a.Expr, true)
				info.Terragrunt = redact.Text(src)
				c := model.CallTarget{Address: "terraform.source", From: info.Terragrunt, Source: t.source(a.NameRange)}
				if known {
					c.From, c.Version = terragruntSourceVersion(info.Terragrunt)
					c.Dir = terragruntLocalDir(l.mod.Dir, info.Terragrunt)
				}
				info.Calls = append(info.Calls, c)
			}
		case "dependency":
			if a, ok := attrs["config_path"]; ok && len(b.Labels) == 1 {
				for _, p := range t.paths(l, a.Expr) {
					info.DependsOn = append(info.DependsOn, model.Dependency{Dir: p, Via: fmt.Sprintf("dependency %q", b.Labels[0]), Source: at})
				}
			}
		case "dependencies":
			if a, ok := attrs["paths"]; ok {
				for _, p := range t.paths(l, a.Expr) {
					info.DependsOn = append(info.DependsOn, model.Dependency{Dir: p, Via: "dependencies", Source: at})
				}
			}
		case "remote_state":
			if info.Backend == nil {
				info.Backend = t.backend(l, b)
			}
		}
	}
}

// parseTG parses a Terragrunt configuration; syntax errors are the
// module's problems.
func (l *loader) parseTG(scope tgScope, rel string, src []byte) *tgFile {
	hf, diags := hclsyntax.ParseConfig(src, rel, hcl.InitialPos)
	l.addDiags(rel, diags)
	if hf == nil {
		return nil
	}
	body, ok := hf.Body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	return &tgFile{file: &file{path: rel, src: src, dir: l.mod.Dir}, body: body, scope: scope, ctx: scope.evalContext(tgVariables())}
}

// readInclude reads the file an include block names, for unit; what
// cannot be evaluated or read is a problem at the block.
func (l *loader) readInclude(unit *tgFile, b *hclsyntax.Block) *tgFile {
	at := unit.source(b.DefRange())
	a, ok := b.Body.Attributes["path"]
	if !ok {
		l.mod.Problems = append(l.mod.Problems, problem(at, "include without a path"))
		return nil
	}
	v, err := evalTG(unit.ctx, a.Expr)
	if err != nil || v.Type() != cty.String {
		l.mod.Problems = append(l.mod.Problems, tgProblem(at, "include path "+unit.text(a.Expr), err))
		return nil
	}
	rel, ok := resolve(l.mod.Dir, v.AsString())
	if !ok {
		l.mod.Problems = append(l.mod.Problems, problem(at, fmt.Sprintf("include path %s leaves the repository", v.AsString())))
		return nil
	}
	src, problems, ok := unit.scope.lim.ReadText(unit.scope.root, rel)
	if !ok {
		l.mod.Problems = append(l.mod.Problems, problems...)
		if len(problems) == 0 {
			l.mod.Problems = append(l.mod.Problems, problem(at, "include "+rel+": cannot read it"))
		}
		return nil
	}
	scope := unit.scope
	scope.included = path.Dir(rel)
	inc := l.parseTG(scope, rel, src)
	if inc != nil {
		inc.evalLocals()
	}
	return inc
}

// evalLocals evaluates the file's locals block into the local variable;
// a local that cannot be evaluated is unknown, and reported only where it
// is needed.
func (t *tgFile) evalLocals() {
	exprs := map[string]hcl.Expression{}
	for _, b := range t.body.Blocks {
		if b.Type == "locals" {
			for name, a := range b.Body.Attributes {
				exprs[name] = a.Expr
			}
		}
	}
	if len(exprs) == 0 {
		return
	}
	locals := map[string]cty.Value{}
	for name := range exprs {
		locals[name] = cty.DynamicVal
	}
	for range 4 { // locals may read each other
		t.ctx.Variables["local"] = cty.ObjectVal(locals)
		next := make(map[string]cty.Value, len(locals))
		for name, expr := range exprs {
			// Partly known values count: read_terragrunt_config's inputs
			// may be unknown where its locals are not.
			if v, diags := safeValue(t.ctx, expr); !diags.HasErrors() {
				next[name], _ = v.UnmarkDeep()
			} else {
				next[name] = cty.DynamicVal
			}
		}
		locals = next
	}
	t.ctx.Variables["local"] = cty.ObjectVal(locals)
}

// stringOrText is expr's string value and true, or else its text; report
// says a value that cannot be evaluated is a problem.
func (t *tgFile) stringOrText(l *loader, expr hcl.Expression, report bool) (string, bool) {
	v, err := evalTG(t.ctx, expr)
	if err == nil {
		if s, ok := ctyString(v); ok {
			return s, true
		}
	}
	if report {
		l.mod.Problems = append(l.mod.Problems, tgProblem(t.source(expr.Range()), t.text(expr), err))
	}
	return t.text(expr), false
}

// paths are the unit directories a config_path or paths expression names,
// relative to the repository root.
func (t *tgFile) paths(l *loader, expr hcl.Expression) []string {
	at := t.source(expr.Range())
	v, err := evalTG(t.ctx, expr)
	if err != nil {
		l.mod.Problems = append(l.mod.Problems, tgProblem(at, t.text(expr), err))
		return nil
	}
	var raw []string
	if s, ok := ctyString(v); ok {
		raw = []string{s}
	} else if list, ok := goValue(v).([]any); ok {
		for _, x := range list {
			if s, ok := x.(string); ok {
				raw = append(raw, s)
			}
		}
	}
	var out []string
	for _, p := range raw {
		if dir, ok := resolve(t.scope.unit, p); ok {
			out = append(out, dir)
		} else {
			l.mod.Problems = append(l.mod.Problems, problem(at, fmt.Sprintf("path %s leaves the repository", p)))
		}
	}
	return out
}

// backend reads a remote_state block: its backend type and its config,
// each value evaluated for the unit and redacted.
func (t *tgFile) backend(l *loader, b *hclsyntax.Block) *model.Backend {
	be := &model.Backend{Source: t.source(b.DefRange())}
	if a, ok := b.Body.Attributes["backend"]; ok {
		be.Type, _ = t.stringOrText(l, a.Expr, true)
	}
	if a, ok := b.Body.Attributes["config"]; ok {
		for _, s := range t.settings(l, a.Expr, true) {
			be.Config = append(be.Config, model.Var{Name: s.Variable, Value: s.Value})
		}
		slices.SortFunc(be.Config, func(a, b model.Var) int { return strings.Compare(a.Name, b.Name) })
	}
	return be
}

// inputs are the file's inputs attribute as settings.
func (t *tgFile) inputs(l *loader) []model.Setting {
	a, ok := t.body.Attributes["inputs"]
	if !ok {
		return nil
	}
	return t.settings(l, a.Expr, false)
}

// inputsValue is the file's inputs as a value, for include.x.inputs.
func (t *tgFile) inputsValue() cty.Value {
	if a, ok := t.body.Attributes["inputs"]; ok {
		if v, err := evalTG(t.ctx, a.Expr); err == nil {
			return v
		}
	}
	return cty.DynamicVal
}

// settings reads an object of values, each at its own line: a value that
// evaluates is kept redacted, any other (dependency.vpc.outputs.id) as
// written; strict says such a value is a problem too (a state location
// must be known). An object that is built by a function (merge(...)) is
// evaluated whole, its values at the attribute's line.
func (t *tgFile) settings(l *loader, expr hcl.Expression, strict bool) []model.Setting {
	var out []model.Setting
	pairs, diags := hcl.ExprMap(expr)
	if diags.HasErrors() {
		v, err := evalTG(t.ctx, expr)
		if err != nil || !(v.Type().IsObjectType() || v.Type().IsMapType()) {
			l.mod.Problems = append(l.mod.Problems, tgProblem(t.source(expr.Range()), t.text(expr), err))
			return nil
		}
		at := t.source(expr.Range())
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out = append(out, model.Setting{Variable: k.AsString(), Value: redact.Value(k.AsString(), goValue(e)), Source: at})
		}
		return out
	}
	for _, p := range pairs {
		name, ok := literalString(p.Key)
		if !ok {
			continue
		}
		s := model.Setting{Variable: name, Source: t.source(p.Key.Range())}
		if v, err := evalTG(t.ctx, p.Value); err == nil {
			s.Value = redact.Value(name, goValue(v))
		} else {
			s.Value = redact.Value(name, t.text(p.Value))
			if strict || err != errUnknown {
				l.mod.Problems = append(l.mod.Problems, tgProblem(s.Source, name+" = "+t.text(p.Value), err))
			}
		}
		out = append(out, s)
	}
	return out
}

// tgProblem says what could not be evaluated and why, as a warning: the
// rest of the file still counts.
func tgProblem(at model.Source, what string, err error) model.Problem {
	why := "not a string"
	if err != nil {
		why = err.Error()
	}
	return model.Problem{Source: at, Severity: model.SeverityWarning,
		Message: fmt.Sprintf("Terragrunt: cannot evaluate %s: %s", redact.Text(what), why)}
}

// terragruntSourceVersion splits a terraform { source } into the module
// and its version: tfr:///terraform-aws-modules/vpc/aws?version=5.0.0 is
// the registry module terraform-aws-modules/vpc/aws at 5.0.0, a git
// source's ?ref= is its version; other sources have none.
func terragruntSourceVersion(src string) (string, string) {
	base, query, ok := strings.Cut(src, "?")
	if !ok {
		return src, ""
	}
	values, err := url.ParseQuery(query)
	if err != nil {
		return src, ""
	}
	if registry, ok := strings.CutPrefix(base, "tfr://"); ok {
		registry = strings.TrimPrefix(registry, "registry.terraform.io")
		return strings.TrimPrefix(registry, "/"), values.Get("version")
	}
	return src, values.Get("ref")
}

// terragruntLocalDir is the directory a local terraform { source } names,
// relative to the repository root: "../../modules//vpc" from live/prod/vpc
// is modules/vpc, and "/modules//vpc" (from get_repo_root()) too. Remote
// sources (git::, tfr://, a registry address) give "".
func terragruntLocalDir(dir, src string) string {
	if !isLocalSource(src) && !strings.HasPrefix(src, "/") {
		return ""
	}
	src, _, _ = strings.Cut(src, "?")
	base, sub, _ := strings.Cut(strings.TrimPrefix(src, "/"), "//")
	if strings.HasPrefix(src, "/") {
		dir = "."
	}
	out, ok := resolve(dir, path.Join(base, sub))
	if !ok {
		return ""
	}
	return out
}
