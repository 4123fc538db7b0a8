package summary

import (
	"context"
	"errors"
	"testing"

	"handover/internal/index"
	"handover/internal/model"
)

// ReadInput reads every kind a summary uses from a real index, and names
// the repository problems with the index's errors.
func TestReadInput(t *testing.T) {
	store, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	src := func(path string) model.Source { return model.Source{Repo: "birch", Path: path, Line: 1} }
	snap := &model.Snapshot{
		Repo: "birch", Root: "/srv/birch",
		Inventories: []*model.Inventory{{Path: "hosts.ini",
			Hosts:  []*model.Host{{Name: "web01", Inventory: "hosts.ini", Source: src("hosts.ini")}},
			Groups: []*model.Group{{Name: "web", Inventory: "hosts.ini", Source: src("hosts.ini"), Hosts: []string{"web01"}}}}},
		Terraform: []*model.TerraformModule{{Dir: "tf",
			Resources: []*model.Resource{{Address: "aws_instance.web", Mode: "managed", Type: "aws_instance", Name: "web", Module: "tf", Source: src("tf/main.tf")}},
			Modules:   []*model.ModuleCall{{Name: "vpc", Address: "module.vpc", Module: "tf", Source: src("tf/main.tf")}},
			Variables: []*model.Variable{{Name: "region", Module: "tf", Source: src("tf/variables.tf")}}}},
		SOPs:      []*model.SOP{{Title: "Restart web", Source: src("sops/web.md")}},
		Incidents: []*model.Incident{{Title: "Web down", Date: "2025-01-02", Source: src("incidents/web.md")}},
		Docs:      []*model.Doc{{Title: "Readme", Source: src("README.md")}},
	}
	if err := store.Replace(ctx, snap, nil); err != nil {
		t.Fatal(err)
	}
	in, err := ReadInput(ctx, store, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if in.Repo != "birch" || in.Root != "/srv/birch" || len(in.Hosts) != 1 || len(in.Groups) != 1 || len(in.Resources) != 1 ||
		len(in.Modules) != 1 || len(in.SOPs) != 1 || len(in.Incidents) != 1 || len(in.Docs) != 1 {
		t.Errorf("input = %+v", in)
	}
	if _, err := ReadInput(ctx, store, "nope", 0); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("unknown repository: %v, want index.ErrNotFound", err)
	}
	snap.Repo = "oak"
	if err := store.Replace(ctx, snap, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadInput(ctx, store, "", 0); !errors.Is(err, index.ErrInvalidArgument) {
		t.Errorf("no repository named of two: %v, want index.ErrInvalidArgument", err)
	}
}
