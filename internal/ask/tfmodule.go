package ask

import (
	"fmt"
	"slices"
	"strings"

	"handover/internal/model"
)

// moduleDirFacts: a variable file's values with their lines, or for the
// directory itself whether apply runs there, its state, what it is for,
// what it pins, calls and reads from other roots.
func (b *cardBuilder) moduleDirFacts(c *Card, d *model.ModuleDir, add func(string, string, model.Source)) {
	if d.Part != "" {
		c.Title = d.Part
		c.Subtitle = "variable values for " + d.Dir
		for _, f := range d.VarFiles {
			b.settingFacts(f.Settings, add, false)
		}
		return
	}
	c.Title = d.Dir
	if d.Root {
		c.Subtitle = "root module: terraform apply runs here (" + d.RootWhy + ")"
	} else {
		c.Subtitle = "reusable module, called by " + strings.Join(d.CalledBy, ", ")
	}
	add("purpose", d.Purpose.Text, d.Purpose.Source)
	if be := d.Backend; be != nil {
		var parts []string
		for _, v := range be.Config {
			parts = append(parts, v.Name+"="+valueText(v.Value))
		}
		add("state", strings.TrimSpace(be.Type+" "+strings.Join(parts, " ")), be.Source)
	}
	add("terraform", d.RequiredVersion, d.Source)
	for _, p := range d.Pins {
		add("provider", strings.TrimSpace(p.Name+" "+p.From+" "+p.Version), p.Source)
	}
	for _, t := range d.Calls {
		add("calls", callText(t), t.Source)
	}
	for _, dep := range d.DependsOn {
		add("reads", dep.Dir+" via "+dep.Via, dep.Source)
	}
	for _, f := range d.VarFiles {
		add("var file", f.Path, model.Source{Path: f.Path})
	}
}

// callText is a module call as a line: address, where from, what for.
func callText(t model.CallTarget) string {
	s := t.Address + " → " + t.From
	if t.Version != "" {
		s += " " + t.Version
	}
	if t.Dir != "" && t.Dir != t.From {
		s += " (" + t.Dir + ")"
	}
	if t.Purpose != "" {
		s += ": " + t.Purpose
	}
	return s
}

// settingFacts adds variable file values, each at its own line; those the
// question names first. With byFile, each is labelled by its file (a
// variable's values per environment), else by its variable.
func (b *cardBuilder) settingFacts(settings []model.Setting, add func(string, string, model.Source), byFile bool) {
	sorted := slices.Clone(settings)
	matches := func(s model.Setting) bool {
		return b.match.any(strings.ReplaceAll(s.Variable+" "+s.Attr, "_", " ") + " " + s.Source.Path)
	}
	slices.SortStableFunc(sorted, func(x, y model.Setting) int {
		switch mx, my := matches(x), matches(y); {
		case mx && !my:
			return -1
		case my && !mx:
			return 1
		}
		return 0
	})
	for i, s := range sorted {
		if i == maxFacts {
			add("...", fmt.Sprintf("%d more", len(sorted)-i), s.Source)
			break
		}
		val := valueText(s.Value)
		if s.Sensitive {
			val = "[sensitive]"
		}
		label, text := s.Variable, val
		if byFile {
			label = s.Source.Path
		}
		if s.Attr != "" {
			label, text = s.Attr, fmt.Sprintf("%s (var.%s, %s)", val, s.Variable, s.Source)
		}
		add(label, text, s.Source)
	}
}
