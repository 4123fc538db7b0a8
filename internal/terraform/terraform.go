// Package terraform reads Terraform configuration (HCL) and state into model
// values: the resources, data sources, module calls, variables, outputs,
// providers and literal locals of one module directory, the comment block
// above each block (what it is for), and the deployed instances a state file
// records for them.
//
// It is not Terraform. Nothing is evaluated beyond literals: no variables,
// locals or functions are resolved, no providers or modules are installed,
// nothing touches the network. Remote and registry modules are recorded as
// calls, not followed. Secrets never leave the package: secret-looking names
// and values, sensitive variables and sensitive state attributes are
// redacted, and sensitive state outputs are not read at all.
package terraform

import (
	"cmp"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"

	"handover/internal/limits"
	"handover/internal/model"
	"handover/internal/redact"
)

// LoadModule is LoadModuleLimited with the default limits.
func LoadModule(root, dir string) *model.TerraformModule {
	return LoadModuleLimited(root, dir, limits.Limits{})
}

// LoadModuleLimited parses every *.tf (and *.tf.json) file directly in dir
// (slash path relative to root, "." for root) as one Terraform module. Files
// that do not parse become Problems; the blocks of every other file still
// come back. A file that a symlink places outside root, or that goes beyond
// lim (size, line length, binary), is a problem and not read.
func LoadModuleLimited(root, dir string, lim limits.Limits) *model.TerraformModule {
	mod := &model.TerraformModule{Dir: dir, Info: model.ModuleDir{Dir: dir}}
	real, err := limits.Inside(root, dir)
	var entries []os.DirEntry
	if err == nil {
		entries, err = os.ReadDir(real)
	}
	if err != nil {
		mod.Problems = append(mod.Problems, problem(model.Source{Path: dir}, err.Error()))
		return mod
	}
	l := newLoader(mod)
	l.readFiles(root, dir, entries, lim, true)
	l.finish()
	mod.Info.Purpose = l.purposeOf(root, lim, l.headers)
	for _, c := range mod.Modules {
		t := model.CallTarget{Address: c.Address, From: redact.Text(c.From), Version: c.Version, Source: c.Source}
		if isLocalSource(c.From) {
			t.Dir = path.Join(dir, c.From)
		}
		mod.Info.Calls = append(mod.Info.Calls, t)
	}
	l.throughCalls(root, lim)
	return mod
}

// readFiles parses the configuration files among entries of dir, and its
// variable files when withVarFiles (Terraform reads them only in the root
// module, not in a module it calls).
func (l *loader) readFiles(root, dir string, entries []os.DirEntry, lim limits.Limits, withVarFiles bool) {
	for _, e := range entries {
		name := e.Name()
		varFile := withVarFiles && IsVarFile(name)
		terragrunt := withVarFiles && name == TerragruntFile
		if e.IsDir() || !isConfigFile(name) && !varFile && !terragrunt {
			continue
		}
		rel := path.Join(dir, name)
		src, problems, ok := lim.ReadText(root, rel)
		l.mod.Problems = append(l.mod.Problems, problems...)
		switch {
		case !ok:
		case varFile:
			l.parseVarFile(rel, src)
		case terragrunt:
			l.parseTerragrunt(tgScope{root: root, lim: lim, unit: dir}, rel, src)
		default:
			l.parseFile(rel, src)
		}
	}
}

// isConfigFile follows Terraform's own rules: *.tf and *.tf.json, but not
// editor backups and temporary files. Override files are left out because
// Terraform merges them into the blocks they override; read as blocks of
// their own they would duplicate every address they touch.
func isConfigFile(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		(strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")) {
		return false
	}
	base, ok := strings.CutSuffix(name, ".tf")
	if !ok {
		base, ok = strings.CutSuffix(name, ".tf.json")
	}
	if !ok {
		return false
	}
	return base != "override" && !strings.HasSuffix(base, "_override")
}

// loader collects the blocks of one module's files.
type loader struct {
	mod *model.TerraformModule

	// For expand: resources with count or for_each, and the raw
	// expressions of locals and variable defaults.
	expansions []expansion
	locals     map[string]hcl.Expression
	defaults   map[string]hcl.Expression
	// For throughCalls: each module call with its raw input expressions.
	calls []moduleCallExprs
	// given are the values a module call passes to this module's variables.
	given map[string]cty.Value
	// headers are the comment opening each file, for the module's purpose.
	headers map[string]model.Why
	// autoValues are what terraform.tfvars and *.auto.tfvars set: they
	// win over the variables' defaults.
	autoValues map[string]hcl.Expression
	// namingExprs are each managed resource's naming attributes, for
	// evaluation through a module call.
	namingExprs map[*model.Resource]map[string]hcl.Expression
	// placeExprs are each managed resource's region and location.
	placeExprs map[*model.Resource]map[string]hcl.Expression
	// localAttrs are the attributes and inputs written with locals only.
	localAttrs []localAttr
}

func newLoader(mod *model.TerraformModule) *loader {
	return &loader{mod: mod, locals: map[string]hcl.Expression{}, defaults: map[string]hcl.Expression{},
		autoValues: map[string]hcl.Expression{}, headers: map[string]model.Why{},
		namingExprs: map[*model.Resource]map[string]hcl.Expression{},
		placeExprs:  map[*model.Resource]map[string]hcl.Expression{}}
}

// topSchema names the blocks handover reads. terraform, moved, import,
// check, removed, ephemeral and any future block are left alone.
var topSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "terraform"},
}}

// parseFile adds the blocks of one file to the module.
func (l *loader) parseFile(rel string, src []byte) {
	defer func() {
		// The HCL parsers are fuzzed upstream, but one odd file must never
		// take down a whole repository walk.
		if r := recover(); r != nil {
			l.mod.Problems = append(l.mod.Problems, problem(model.Source{Path: rel}, fmt.Sprintf("cannot parse: %v", r)))
		}
	}()
	f := &file{path: rel, src: src, dir: l.mod.Dir}
	var hf *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(rel, ".json") {
		f.json = true
		hf, diags = hcljson.Parse(src, rel)
	} else {
		hf, diags = hclsyntax.ParseConfig(src, rel, hcl.InitialPos)
		f.comments = scanComments(rel, src)
		l.headers[rel] = f.comments.header(false)
	}
	if l.mod.Info.Source.Path == "" || path.Base(rel) == "main.tf" {
		l.mod.Info.Source = model.Source{Path: rel}
	}
	l.addDiags(rel, diags)
	if hf == nil || hf.Body == nil {
		return
	}
	content, _, cdiags := hf.Body.PartialContent(topSchema)
	if !diags.HasErrors() {
		// After a syntax error the partial body yields follow-on noise.
		l.addDiags(rel, cdiags)
	}
	if content == nil {
		return
	}
	for _, b := range content.Blocks {
		l.addBlock(f, b)
	}
}

func (l *loader) addBlock(f *file, b *hcl.Block) {
	m := l.mod
	switch b.Type {
	case "resource":
		r := f.resource(b, "managed")
		m.Resources = append(m.Resources, r)
		l.noteExpansion(r, b)
		l.noteNaming(r, b)
		l.noteInputs(r, b)
		l.noteLocalAttrs(&r.Attrs, r.Type, b, resourceMeta)
	case "data":
		r := f.resource(b, "data")
		m.Resources = append(m.Resources, r)
		l.noteLocalAttrs(&r.Attrs, r.Type, b, resourceMeta)
	case "module":
		c := f.moduleCall(b)
		m.Modules = append(m.Modules, c)
		l.noteLocalAttrs(&c.Inputs, "", b, moduleMeta)
		l.calls = append(l.calls, moduleCallExprs{call: c, inputs: attributes(b.Body)})
	case "variable":
		m.Variables = append(m.Variables, f.variable(b))
		if a, ok := attributes(b.Body)["default"]; ok {
			l.defaults[b.Labels[0]] = a.Expr
		}
	case "output":
		m.Outputs = append(m.Outputs, f.output(b))
	case "provider":
		m.Providers = append(m.Providers, f.provider(b))
	case "terraform":
		l.terraformBlock(f, b)
	case "locals":
		m.Locals = append(m.Locals, f.locals(b)...)
		for name, a := range attributes(b.Body) {
			l.locals[name] = a.Expr
		}
	}
}

// addDiags turns HCL diagnostics into problems at file:line.
func (l *loader) addDiags(rel string, diags hcl.Diagnostics) {
	for _, d := range diags {
		src := model.Source{Path: rel}
		if d.Subject != nil {
			src.Line = d.Subject.Start.Line
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		p := problem(src, msg)
		if d.Severity == hcl.DiagWarning {
			p.Severity = model.SeverityWarning
		}
		l.mod.Problems = append(l.mod.Problems, p)
	}
}

func problem(src model.Source, msg string) model.Problem {
	return model.Problem{Source: src, Severity: model.SeverityError, Message: msg}
}

// finish fills what needs the whole module (a resource's region from its
// provider configuration in another file) and sorts everything by place.
func (l *loader) finish() {
	m := l.mod
	l.fillDefaults()
	ApplyVarFiles(m, m.Info.VarFiles)
	l.placeFromVariables()
	for _, r := range m.Resources {
		placeResource(r, m.Providers)
	}
	l.expand()
	l.evalLocalAttrs()
	bySource := func(a, b model.Source) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line))
	}
	slices.SortStableFunc(m.Resources, func(a, b *model.Resource) int { return bySource(a.Source, b.Source) })
	slices.SortStableFunc(m.Modules, func(a, b *model.ModuleCall) int { return bySource(a.Source, b.Source) })
	slices.SortStableFunc(m.Variables, func(a, b *model.Variable) int { return bySource(a.Source, b.Source) })
	slices.SortStableFunc(m.Outputs, func(a, b *model.Output) int { return bySource(a.Source, b.Source) })
	slices.SortStableFunc(m.Providers, func(a, b *model.Provider) int { return bySource(a.Source, b.Source) })
	slices.SortStableFunc(m.Locals, func(a, b model.Var) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortStableFunc(m.Info.VarFiles, func(a, b model.VarFile) int { return cmp.Compare(a.Path, b.Path) })
	slices.SortStableFunc(m.Problems, func(a, b model.Problem) int { return bySource(a.Source, b.Source) })
}

// placeResource fills Region and Zone from the resource's provider
// configuration when its own attributes did not, and the region from the
// zone as a last resort (eu-west-1b, europe-west1-b).
func placeResource(r *model.Resource, providers []*model.Provider) {
	for _, p := range providers {
		if p.Name != r.Provider || p.Alias != r.ProviderAlias {
			continue
		}
		if r.Region == "" {
			r.Region = p.Region
		}
		if r.Zone == "" {
			r.Zone = model.StringVar(p.Attrs, "zone")
		}
		break
	}
	if r.Region == "" && r.Zone != "" {
		r.Region = regionOfZone(r.Zone)
	}
}

// regionOfZone strips the zone letter: eu-west-1b -> eu-west-1 (AWS),
// europe-west1-b -> europe-west1 (Google). Other shapes give "".
func regionOfZone(zone string) string {
	n := len(zone)
	if n < 3 || !isLower(zone[n-1]) {
		return ""
	}
	switch {
	case zone[n-2] == '-' && strings.Contains(zone[:n-2], "-"):
		return zone[:n-2]
	case zone[n-2] >= '0' && zone[n-2] <= '9' && strings.Contains(zone, "-"):
		return zone[:n-1]
	}
	return ""
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
