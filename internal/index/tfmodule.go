package index

import (
	"context"
	"maps"
	"path"
	"slices"
	"strings"

	"handover/internal/model"
)

// A Terraform module directory is stored as one document for the directory
// (root or not, backend, pins, calls, dependencies, purpose) and one per
// variable file, so that "the flavors on cleura" finds cleura.tfvars
// itself rather than a directory of sixteen environments.

// redactSettings redacts each value by its variable's name, and drops
// those of sensitive variables.
func redactSettings(settings []model.Setting, repo string) []model.Setting {
	if len(settings) == 0 {
		return nil
	}
	out := make([]model.Setting, len(settings))
	for i, s := range settings {
		s.Source.Repo = repo
		if s.Sensitive {
			s.Value = nil
		} else {
			s.Value = redactValue(s.Variable, s.Value)
		}
		out[i] = s
	}
	return out
}

// settingsText renders settings as "variable=value" lines.
func settingsText(settings []model.Setting) string {
	vars := make([]model.Var, len(settings))
	for i, s := range settings {
		vars[i] = model.Var{Name: s.Variable, Value: s.Value}
	}
	return varsText(vars)
}

// redactModuleDir is a copy of d with every free text and value redacted.
func redactModuleDir(repo string, d *model.ModuleDir) model.ModuleDir {
	c := *d
	c.Source.Repo = repo
	c.Purpose = redactWhy(d.Purpose, repo)
	if d.Backend != nil {
		be := *d.Backend
		be.Config = redactVars(be.Config)
		be.Source.Repo = repo
		c.Backend = &be
	}
	c.Calls = make([]model.CallTarget, len(d.Calls))
	for i, t := range d.Calls {
		t.From = redactText(t.From)
		t.Purpose = redactText(t.Purpose)
		t.Source.Repo = repo
		c.Calls[i] = t
	}
	c.Pins = append([]model.ProviderPin(nil), d.Pins...)
	for i := range c.Pins {
		c.Pins[i].Source.Repo = repo
	}
	c.DependsOn = append([]model.Dependency(nil), d.DependsOn...)
	for i := range c.DependsOn {
		c.DependsOn[i].Via = redactText(c.DependsOn[i].Via)
		c.DependsOn[i].Source.Repo = repo
	}
	c.VarFiles = make([]model.VarFile, len(d.VarFiles))
	for i, f := range d.VarFiles {
		f.Settings = redactSettings(f.Settings, repo)
		c.VarFiles[i] = f
	}
	c.Terragrunt = redactText(d.Terragrunt)
	return c
}

func moduleDirEntries(repo string, d *model.ModuleDir) ([]entry, error) {
	c := redactModuleDir(repo, d)
	env, cloud := tfPlace(d.Dir, "")
	// The calls stay out of the text: each module call is a document of its
	// own, and words counted twice would rank the directory over the call.
	var deps strings.Builder
	for _, dep := range c.DependsOn {
		deps.WriteString(dep.Dir + " " + dep.Via + "\n")
	}
	var pins []model.Var
	if c.RequiredVersion != "" {
		pins = append(pins, model.Var{Name: "terraform", Value: c.RequiredVersion})
	}
	for _, p := range c.Pins {
		pins = append(pins, model.Var{Name: p.Name, Value: strings.TrimSpace(p.From + " " + p.Version)})
	}
	var backend string
	if c.Backend != nil {
		backend = "backend " + c.Backend.Type + "\n" + varsText(c.Backend.Config)
	}
	// A reusable module is found through the calls that name its path
	// (documents of their own); its directory's words would only count
	// those twice. A root is found by its own.
	name := ""
	if c.Root {
		name = d.Dir + " " + strings.ReplaceAll(d.Dir, "/", " ") + " root module " + c.RootWhy
	}
	main, err := marshalEntry(entry{
		Kind:        model.KindTerraformDir,
		Repo:        repo,
		Inventory:   d.Dir,
		Name:        d.Dir,
		Source:      c.Source,
		Env:         env,
		Cloud:       cloud,
		NameText:    name,
		PurposeText: c.Purpose.Text,
		GroupsText:  env + " " + cloud,
		VarsText:    backend + varsText(pins) + c.Terragrunt,
		BodyText:    deps.String(),
	}, &c)
	if err != nil {
		return nil, err
	}
	out := []entry{main}
	for _, f := range c.VarFiles {
		part := c
		part.VarFiles = []model.VarFile{f}
		part.Part = f.Path
		part.Source = model.Source{Repo: repo, Path: f.Path}
		stem := strings.TrimSuffix(strings.TrimSuffix(path.Base(f.Path), ".json"), ".tfvars")
		e, err := marshalEntry(entry{
			Kind:        model.KindTerraformDir,
			Repo:        repo,
			Inventory:   d.Dir,
			Name:        f.Path,
			IDName:      f.Path,
			Source:      model.Source{Repo: repo, Path: f.Path},
			Env:         env,
			Cloud:       cloud,
			NameText:    f.Path + " " + strings.ReplaceAll(stem, ".", " ") + " variable values of " + d.Dir,
			PurposeText: c.Purpose.Text,
			GroupsText:  env + " " + cloud + " " + stem,
			VarsText:    settingsText(f.Settings),
		}, &part)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// ModuleGraph returns the Terraform module directories of repo (of every
// repository when empty, one after the other), each repository's roots in
// the order terraform apply runs them, then its reusable modules.
func ModuleGraph(ctx context.Context, s *Store, repo string) ([]*model.ModuleDir, error) {
	byRepo := map[string][]*model.ModuleDir{}
	err := s.Each(ctx, Filter{Repo: repo, Kind: string(model.KindTerraformDir)}, func(h Hit) bool {
		if d, ok := h.Item.(*model.ModuleDir); ok && d.Part == "" {
			byRepo[h.Repo] = append(byRepo[h.Repo], d)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	var out []*model.ModuleDir
	for _, r := range slices.Sorted(maps.Keys(byRepo)) {
		out = append(out, model.SortForApply(byRepo[r])...)
	}
	return out, nil
}
