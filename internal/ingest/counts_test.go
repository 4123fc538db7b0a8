package ingest

import (
	"testing"
	"time"

	"handover/internal/model"
)

func TestResultSummary(t *testing.T) {
	snap := &model.Snapshot{
		Inventories: []*model.Inventory{{Hosts: []*model.Host{{Name: "a"}, {Name: "b"}}, Problems: []model.Problem{{Message: "x"}}}, {}},
		Terraform:   []*model.TerraformModule{{}},
		SOPs:        []*model.SOP{{}},
		Docs:        []*model.Doc{{}, {}},
		Alerts:      []*model.Alert{{}},
		Files:       9,
	}
	r := Result{Snapshot: snap, Took: 1234567 * time.Microsecond}
	want := "2 inventories, 2 hosts, 1 Terraform modules, 1 SOPs, 0 incidents, 2 docs, 1 alerts, 1 problems in 1.235s"
	if got := r.Summary(); got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	if got := (Result{}).Summary(); got != "" {
		t.Errorf("a failed rebuild's summary is %q", got)
	}
}
