package ask

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"handover/internal/index"
	"handover/internal/link"
	"handover/internal/lint"
	"handover/internal/model"
)

// An alert card says what its runbook is, or that it has none; the
// runbook's card names its alert; lint's stale findings show on both.
func TestAlertCards(t *testing.T) {
	s, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	snap := &model.Snapshot{Repo: "r",
		SOPs: []*model.SOP{{Title: "Queue backlog", Source: model.Source{Path: "sops/queue.md", Line: 1}, Owners: []string{"a"}, Reviewed: "2025-05-01",
			Steps: []model.Procedure{{Steps: []model.Step{{Marker: "1.", Text: "Drain the queue"}}}}}},
		Alerts: []*model.Alert{
			{Name: "QueueBacklog", Source: model.Source{Path: "monitoring/alerts.yml", Line: 4}, Summary: "The order queue grows", RunbookURL: "sops/queue.md"},
			{Name: "CheckoutErrors", Source: model.Source{Path: "monitoring/alerts.yml", Line: 9}, Summary: "Checkout returns errors"},
		},
	}
	link.Build(snap)
	snap.Findings = lint.Check(snap, lint.Config{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	ctx := context.Background()
	if err := s.Replace(ctx, snap, nil); err != nil {
		t.Fatal(err)
	}
	facts := func(question string, kind model.Kind) []string {
		t.Helper()
		ans, err := Ask(ctx, s, Request{Question: question, Kind: string(kind)})
		if err != nil || len(ans.Cards) == 0 {
			t.Fatalf("%q: %v, %+v", question, err, ans)
		}
		var out []string
		for _, f := range ans.Cards[0].Facts {
			out = append(out, f.Label+": "+f.Text+" @"+f.Source.String())
		}
		return out
	}
	has := func(got []string, want string) {
		t.Helper()
		if !slices.ContainsFunc(got, func(f string) bool { return strings.Contains(f, want) }) {
			t.Errorf("no fact %q in %q", want, got)
		}
	}
	has(facts("queue backlog alert", model.KindAlert), "runbook: Queue backlog @sops/queue.md:1")
	has(facts("checkout errors alert", model.KindAlert), "stale: alert CheckoutErrors has no runbook: whoever it pages is on their own @monitoring/alerts.yml:9")
	sop := facts("queue backlog procedure", model.KindSOP)
	has(sop, "alert: QueueBacklog @monitoring/alerts.yml:4")
	has(sop, `stale: SOP "Queue backlog" was last reviewed on 2025-05-01, 19 months ago`)
}
