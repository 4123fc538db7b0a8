package summary

import (
	"fmt"
	"strings"

	"handover/internal/model"
)

// apply says where terraform apply runs and in what order: the root
// modules in waves (a root after every root whose state or resources it
// reads), each with where its state lives, its inputs and what it reads,
// then the module graph's other half, the reusable modules and their
// callers. A newcomer's first plan goes wrong in exactly these places.
func (in *Input) apply() Section {
	s := Section{ID: SectionApply, Title: "Where terraform apply runs, and in what order"}
	byDir := map[string]*model.ModuleDir{}
	var dirs []*model.ModuleDir
	for i := range in.ModuleDirs {
		d := &in.ModuleDirs[i]
		byDir[d.Dir] = d
		dirs = append(dirs, d)
	}
	waves, cyclic := model.ApplyOrder(dirs)
	if len(waves)+len(cyclic) == 0 {
		s.Intro = "No Terraform root module was found."
		return s
	}
	roots := 0
	for _, w := range waves {
		roots += len(w)
	}
	s.Intro = fmt.Sprintf("%s: run terraform init and apply in each, in this order; the roots of one step read nothing of each other. A root comes after the roots whose state (terraform_remote_state) or resources (data sources by tag or name) it reads.",
		plural(roots+len(cyclic), "root module"))
	for i, w := range waves {
		step := Line{Text: fmt.Sprintf("Step %d: %s", i+1, strings.Join(w, ", "))}
		for _, dir := range w {
			step.Lines = append(step.Lines, rootLine(byDir[dir]))
		}
		s.Lines = append(s.Lines, step)
	}
	if len(cyclic) > 0 {
		s.Lines = append(s.Lines, Line{Text: "These roots read each other, so no order is safe: " + strings.Join(cyclic, ", "), Level: LevelWarning})
	}
	var reusable []Line
	for _, d := range dirs {
		if d.Root || d.VarsOnly {
			continue
		}
		t := d.Dir
		if len(d.CalledBy) > 0 {
			t += ", called by " + strings.Join(d.CalledBy, ", ")
		}
		if p := model.FirstSentence(d.Purpose.Text); p != "" {
			t += ": " + p
		}
		reusable = append(reusable, Line{Text: t, Source: d.Source})
	}
	if len(reusable) > 0 {
		s.Lines = append(s.Lines, Line{Text: "Reusable modules (never applied on their own)", Lines: capLines(reusable, maxMainResources, "modules")})
	}
	return s
}

// rootLine is one root: why it is one and its purpose, then its state,
// what it reads and its variable files.
func rootLine(d *model.ModuleDir) Line {
	t := d.Dir + " (" + d.RootWhy + ")"
	if p := model.FirstSentence(d.Purpose.Text); p != "" {
		t += ": " + p
	}
	l := Line{Text: t, Source: d.Source}
	if be := d.Backend; be != nil {
		var parts []string
		for _, v := range be.Config {
			parts = append(parts, fmt.Sprintf("%s=%v", v.Name, v.Value))
		}
		l.Lines = append(l.Lines, Line{Text: strings.TrimSpace("state: " + be.Type + " " + strings.Join(parts, " ")), Source: be.Source})
	} else {
		l.Lines = append(l.Lines, Line{Text: "state: local (no backend): terraform.tfstate in this directory", Source: d.Source})
	}
	for _, dep := range d.DependsOn {
		l.Lines = append(l.Lines, Line{Text: "after " + dep.Dir + ": reads it through " + dep.Via, Source: dep.Source})
	}
	for _, c := range d.Calls {
		if c.Dir != "" {
			l.Lines = append(l.Lines, Line{Text: "calls " + c.Dir + " as " + c.Address, Source: c.Source})
		}
	}
	for _, f := range d.VarFiles {
		how := "pass with -var-file"
		if f.Auto {
			how = "loaded by itself"
		}
		l.Lines = append(l.Lines, Line{Text: "inputs: " + f.Path + " (" + how + ")", Source: model.Source{Path: f.Path}})
	}
	return l
}
