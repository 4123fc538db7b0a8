package render

import (
	"bytes"
	"strings"
	"testing"

	"handover/internal/model"
)

func graphFixture() []*model.ModuleDir {
	src := func(p string, line int) model.Source { return model.Source{Repo: "acme", Path: p, Line: line} }
	return []*model.ModuleDir{
		{Dir: "network", Root: true, RootWhy: "backend s3", Source: src("network/main.tf", 0),
			Backend: &model.Backend{Type: "s3", Config: []model.Var{{Name: "key", Value: "network.tfstate"}}, Source: src("network/main.tf", 3)}},
		{Dir: "app", Root: true, RootWhy: "backend s3", Source: src("app/main.tf", 0),
			Purpose:   model.Why{Text: "The shop.\nMore.", Source: src("app/README.md", 3)},
			DependsOn: []model.Dependency{{Dir: "network", Via: `data.terraform_remote_state.net "quoted"`, Source: src("app/main.tf", 9)}},
			Calls:     []model.CallTarget{{Address: "module.web", From: "../modules/vm", Dir: "modules/vm", Source: src("app/main.tf", 20)}},
			VarFiles:  []model.VarFile{{Path: "app/prod.tfvars", Settings: []model.Setting{{Variable: "size"}}}}},
		{Dir: "modules/vm", CalledBy: []string{"app"}, Source: src("modules/vm/main.tf", 0)},
		{Dir: "envs", VarsOnly: true, Source: src("envs/cleura.tfvars", 0), VarFiles: []model.VarFile{{Path: "envs/cleura.tfvars"}}},
	}
}

func TestModuleGraphText(t *testing.T) {
	var b bytes.Buffer
	ModuleGraph(&b, graphFixture())
	out := b.String()
	order := []string{"[acme]", "1. network  (backend s3)", "state     s3 key=network.tfstate  network/main.tf:3",
		"2. app  (backend s3)", "purpose   The shop.  app/README.md:3", "after     network (reads it: data.terraform_remote_state.net",
		"inputs    app/prod.tfvars (-var-file, 1 value)", "calls     module.web → ../modules/vm  app/main.tf:20",
		"Reusable modules:", "- modules/vm  (called by app)", "Variable files of a module kept elsewhere", "- envs"}
	at := 0
	for _, want := range order {
		i := strings.Index(out[at:], want)
		if i < 0 {
			t.Fatalf("%q missing (or out of order) in:\n%s", want, out)
		}
		at += i
	}
}

func TestModuleGraphDOT(t *testing.T) {
	var b bytes.Buffer
	ModuleGraphDOT(&b, graphFixture())
	out := b.String()
	for _, want := range []string{
		"digraph terraform {",
		`"network" [label="network\nbackend s3"];`,
		`"modules/vm" [label="modules/vm", shape=ellipse, style=dashed];`,
		`"app" -> "network" [label="data.terraform_remote_state.net \"quoted\""];`,
		`"app" -> "modules/vm" [label="module.web", style=dashed];`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("DOT lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "envs") {
		t.Errorf("a directory of variable files only is no node:\n%s", out)
	}
	if !strings.HasSuffix(out, "}\n") {
		t.Errorf("DOT not closed:\n%s", out)
	}
}
