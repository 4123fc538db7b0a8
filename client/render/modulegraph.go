package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"handover/internal/model"
)

// ModuleGraph writes a repository's Terraform as a system: the root
// modules in the order terraform apply runs them (a wave's roots depend on
// nothing in it), each with its state, pins, inputs, calls and the roots it
// reads from, then the reusable modules and who calls them. dirs come as
// the server sends them: each repository's roots in apply order first.
func ModuleGraph(w io.Writer, dirs []*model.ModuleDir) {
	for _, repo := range reposOf(dirs) {
		var mine []*model.ModuleDir
		for _, d := range dirs {
			if d.Source.Repo == repo {
				mine = append(mine, d)
			}
		}
		if repo != "" {
			fmt.Fprintf(w, "[%s]\n", repo)
		}
		writeRoots(w, mine)
	}
}

func reposOf(dirs []*model.ModuleDir) []string {
	var out []string
	for _, d := range dirs {
		if len(out) == 0 || out[len(out)-1] != d.Source.Repo {
			out = append(out, d.Source.Repo)
		}
	}
	return out
}

func writeRoots(w io.Writer, dirs []*model.ModuleDir) {
	waves, cyclic := model.ApplyOrder(dirs)
	byDir := map[string]*model.ModuleDir{}
	for _, d := range dirs {
		byDir[d.Dir] = d
	}
	fmt.Fprintln(w, "Root modules (terraform apply runs here), in the order to apply them:")
	for i, wave := range waves {
		for _, dir := range wave {
			writeModule(w, fmt.Sprintf("%d.", i+1), byDir[dir])
		}
	}
	for _, dir := range cyclic {
		writeModule(w, "cycle", byDir[dir])
	}
	if len(waves)+len(cyclic) == 0 {
		fmt.Fprintln(w, "  none")
	}
	section := func(title string, keep func(d *model.ModuleDir) bool) {
		first := true
		for _, d := range dirs {
			if !keep(d) {
				continue
			}
			if first {
				fmt.Fprintln(w, "\n"+title)
				first = false
			}
			writeModule(w, "-", d)
		}
	}
	section("Reusable modules:", func(d *model.ModuleDir) bool { return !d.Root && !d.VarsOnly })
	section("Variable files of a module kept elsewhere (-var-file):", func(d *model.ModuleDir) bool { return d.VarsOnly })
}

func writeModule(w io.Writer, marker string, d *model.ModuleDir) {
	fmt.Fprintf(w, "  %s %s", marker, d.Dir)
	if d.Root {
		fmt.Fprintf(w, "  (%s)", d.RootWhy)
	} else if len(d.CalledBy) > 0 {
		fmt.Fprintf(w, "  (called by %s)", strings.Join(d.CalledBy, ", "))
	}
	fmt.Fprintf(w, "  %s\n", d.Source)
	line := func(label, text string, src model.Source) {
		if text == "" {
			return
		}
		if s := src.String(); s != "" {
			text += "  " + s
		}
		fmt.Fprintf(w, "      %-9s %s\n", label, text)
	}
	line("purpose", model.FirstSentence(d.Purpose.Text), d.Purpose.Source)
	for _, dep := range d.DependsOn {
		line("after", dep.Dir+" (reads it: "+dep.Via+")", dep.Source)
	}
	if be := d.Backend; be != nil {
		var parts []string
		for _, v := range be.Config {
			parts = append(parts, fmt.Sprintf("%s=%v", v.Name, v.Value))
		}
		line("state", strings.TrimSpace(be.Type+" "+strings.Join(parts, " ")), be.Source)
	}
	if d.RequiredVersion != "" {
		line("terraform", d.RequiredVersion, model.Source{})
	}
	for _, p := range d.Pins {
		line("provider", strings.TrimSpace(p.Name+" "+p.From+" "+p.Version), p.Source)
	}
	if d.Terragrunt != "" {
		line("applies", d.Terragrunt, d.Source)
	}
	for _, f := range d.VarFiles {
		how := "-var-file"
		if f.Auto {
			how = "loaded by itself"
		}
		values := "values"
		if len(f.Settings) == 1 {
			values = "value"
		}
		line("inputs", fmt.Sprintf("%s (%s, %d %s)", f.Path, how, len(f.Settings), values), model.Source{})
	}
	for _, c := range d.Calls {
		t := c.Address + " → " + c.From
		if c.Version != "" {
			t += " " + c.Version
		}
		if c.Purpose != "" {
			t += ": " + c.Purpose
		}
		line("calls", t, c.Source)
	}
}

// ModuleGraphDOT writes the same graph in Graphviz's DOT: roots as boxes,
// reusable modules as dashed ellipses; a solid edge points from a root to
// a root it reads (apply that one first), a dashed one from a caller to
// the module it calls.
func ModuleGraphDOT(w io.Writer, dirs []*model.ModuleDir) {
	multi := len(reposOf(dirs)) > 1
	id := func(repo, dir string) string {
		if multi {
			return strconv.Quote(repo + ":" + dir)
		}
		return strconv.Quote(dir)
	}
	fmt.Fprintln(w, "digraph terraform {")
	fmt.Fprintln(w, "  rankdir=LR;")
	fmt.Fprintln(w, "  node [shape=box];")
	known := map[string]bool{}
	for _, d := range dirs {
		if d.VarsOnly {
			continue
		}
		known[d.Source.Repo+":"+d.Dir] = true
		label := d.Dir
		if d.Root {
			label += "\n" + d.RootWhy
			fmt.Fprintf(w, "  %s [label=%s];\n", id(d.Source.Repo, d.Dir), strconv.Quote(label))
		} else {
			fmt.Fprintf(w, "  %s [label=%s, shape=ellipse, style=dashed];\n", id(d.Source.Repo, d.Dir), strconv.Quote(label))
		}
	}
	for _, d := range dirs {
		for _, dep := range d.DependsOn {
			fmt.Fprintf(w, "  %s -> %s [label=%s];\n", id(d.Source.Repo, d.Dir), id(d.Source.Repo, dep.Dir), strconv.Quote(dep.Via))
		}
		for _, c := range d.Calls {
			if c.Dir != "" && known[d.Source.Repo+":"+c.Dir] {
				fmt.Fprintf(w, "  %s -> %s [label=%s, style=dashed];\n", id(d.Source.Repo, d.Dir), id(d.Source.Repo, c.Dir), strconv.Quote(c.Address))
			}
		}
	}
	fmt.Fprintln(w, "}")
}
