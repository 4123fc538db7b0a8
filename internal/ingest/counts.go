package ingest

import (
	"fmt"
	"log/slog"
	"time"

	"handover/internal/model"
)

// Counts is how much a snapshot holds: what a reindex reports to the
// person who asked for it and to the log.
type Counts struct {
	Inventories, Hosts, TerraformModules, SOPs, Incidents, Docs, Alerts, Problems, Files int
}

// CountSnapshot counts what snap holds.
func CountSnapshot(snap *model.Snapshot) Counts {
	c := Counts{Inventories: len(snap.Inventories), TerraformModules: len(snap.Terraform), SOPs: len(snap.SOPs),
		Incidents: len(snap.Incidents), Docs: len(snap.Docs), Alerts: len(snap.Alerts), Problems: len(snap.AllProblems()), Files: snap.Files}
	for _, inv := range snap.Inventories {
		c.Hosts += len(inv.Hosts)
	}
	return c
}

func (c Counts) String() string {
	return fmt.Sprintf("%d inventories, %d hosts, %d Terraform modules, %d SOPs, %d incidents, %d docs, %d alerts, %d problems",
		c.Inventories, c.Hosts, c.TerraformModules, c.SOPs, c.Incidents, c.Docs, c.Alerts, c.Problems)
}

// LogValue logs the counts as a group of numbers.
func (c Counts) LogValue() slog.Value {
	return slog.GroupValue(slog.Int("inventories", c.Inventories), slog.Int("hosts", c.Hosts),
		slog.Int("terraform_modules", c.TerraformModules), slog.Int("sops", c.SOPs), slog.Int("incidents", c.Incidents),
		slog.Int("docs", c.Docs), slog.Int("alerts", c.Alerts), slog.Int("problems", c.Problems), slog.Int("files", c.Files))
}

// Summary says in one line what a successful rebuild read and how long it
// took: "2 inventories, 40 hosts, ... in 1.2s". It is empty for a failed
// one.
func (r Result) Summary() string {
	if r.Snapshot == nil {
		return ""
	}
	return fmt.Sprintf("%s in %s", CountSnapshot(r.Snapshot), r.Took.Round(time.Millisecond))
}
