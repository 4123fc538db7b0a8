package ask

import (
	"context"
	"errors"
	"strings"
	"testing"

	"handover/internal/index"
	"handover/internal/link"
	"handover/internal/model"
)

func TestFindSOP(t *testing.T) {
	s, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sop := func(title, path, step string) *model.SOP {
		return &model.SOP{Title: title, Source: model.Source{Path: path, Line: 1},
			Steps: []model.Procedure{{Steps: []model.Step{{Marker: "1.", Text: step}}}}}
	}
	snap := &model.Snapshot{Repo: "r", SOPs: []*model.SOP{
		sop("Security breach", "sops/breach.md", "Write down the time"),
		sop("Jenkins outage", "sops/jenkins.md", "If it looks like a breach, use the breach SOP"),
		sop("PostgreSQL failover", "sops/pg.md", "Promote the replica"),
	}}
	ctx := context.Background()
	if err := s.Replace(ctx, snap, nil); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ words, best string }{
		{"breach", "Security breach"},      // the title before a step that mentions it
		{"breech", "Security breach"},      // misspelt: one edit allowed
		{"failovr", "PostgreSQL failover"}, // a letter left out
	} {
		ans, err := FindSOP(ctx, s, tt.words, "")
		if err != nil || ans.Best == nil || ans.Best.Title != tt.best {
			t.Errorf("FindSOP(%q) = %+v, %v; want %q", tt.words, ans, err, tt.best)
		}
	}
	ans, _ := FindSOP(ctx, s, "breach", "")
	if len(ans.Others) != 1 || ans.Others[0].Title != "Jenkins outage" {
		t.Errorf("runners-up for breach = %v", ans.Others)
	}
	if _, err := FindSOP(ctx, s, "zzzqqq", ""); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("no match: err = %v", err)
	}
}

// An alert's name finds its runbook, whose title shares no word with it;
// an alert without a runbook falls back to the words.
func TestFindSOPThroughAlert(t *testing.T) {
	s, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	snap := &model.Snapshot{Repo: "r",
		SOPs: []*model.SOP{
			{Title: "Pods restarting", Source: model.Source{Path: "docs/guides/restarts.md", Line: 1},
				Steps: []model.Procedure{{Steps: []model.Step{{Marker: "1.", Text: "kubectl describe pod"}}}}},
			{Title: "Disk full", Source: model.Source{Path: "sops/disk.md", Line: 1},
				Steps: []model.Procedure{{Steps: []model.Step{{Marker: "1.", Text: "Free space"}}}}},
		},
		Alerts: []*model.Alert{
			{Name: "KubePodCrashLooping", Source: model.Source{Path: "monitoring/alerts.yml", Line: 4}, RunbookURL: "docs/guides/restarts.md"},
			{Name: "DiskFull", Source: model.Source{Path: "monitoring/alerts.yml", Line: 9}},
			{Name: "ZookeeperLag", Source: model.Source{Path: "monitoring/alerts.yml", Line: 14}, RunbookURL: "https://wiki.example.com/zk-lag"},
		},
	}
	link.Build(snap)
	ctx := context.Background()
	if err := s.Replace(ctx, snap, nil); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ words, best string }{
		{"KubePodCrashLooping", "Pods restarting"},
		{"kubepodcrashlooping", "Pods restarting"},
		{"disk", "Disk full"},
	} {
		ans, err := FindSOP(ctx, s, tt.words, "")
		if err != nil || ans.Best == nil || ans.Best.Title != tt.best || !ans.Clear {
			t.Errorf("FindSOP(%q) = %+v, %v; want %q", tt.words, ans, err, tt.best)
		}
	}
	if _, err := FindSOP(ctx, s, "ZookeeperLag", ""); !errors.Is(err, index.ErrNotFound) || !strings.Contains(err.Error(), "https://wiki.example.com/zk-lag") {
		t.Errorf("an alert whose runbook is elsewhere: %v", err)
	}
	ans, _ := FindSOP(ctx, s, "KubePodCrashLooping", "")
	if l := ans.Best.Links; len(l) != 1 || l[0].Rel != model.RelRunbookFor || l[0].Name != "KubePodCrashLooping" {
		t.Errorf("the runbook's links %v do not name its alert", l)
	}
}

func TestJoinPhrasal(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"take a node out of the cluster", "remove a node of the cluster"},
		{"bring the api back up", "start the api back"},
		{"take it", "take it"},
		{"take a b c d out", "take a b c d out"}, // too far apart
	} {
		if got := strings.Join(joinPhrasal(strings.Fields(tt.in)), " "); got != tt.want {
			t.Errorf("joinPhrasal(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClearByAction(t *testing.T) {
	c := func(title string, score float64) SOPCandidate {
		return SOPCandidate{Title: title, Source: model.Source{Path: "docs/x.md"}, score: score}
	}
	ws := []string{"remove", "node", "cluster"}
	// Close scores, neither title has every word: the one with the action wins.
	if !clearMatch([]SOPCandidate{c("Add or remove nodes", 1.1), c("Single node cluster adjustments", 1)}, ws) {
		t.Error("the title with the action and as many words is not clear")
	}
	if clearMatch([]SOPCandidate{c("Single node cluster adjustments", 1.1), c("Add or remove nodes", 1)}, ws) {
		t.Error("a title without the action is clear")
	}
	if clearMatch([]SOPCandidate{c("Remove things", 1.1), c("Single node cluster adjustments", 1)}, ws) {
		t.Error("a title with the action but fewer words is clear")
	}
}

// The sections of one how-to are one candidate, its best: they do not
// make each other unclear, and they do not crowd other files out.
func TestFindSOPOneCandidateAFile(t *testing.T) {
	s, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sec := func(heading, text string, line int) model.Section {
		return model.Section{Heading: heading, Level: 2, Text: text, Source: model.Source{Path: "docs/add-nodes.md", Line: line}}
	}
	snap := &model.Snapshot{Repo: "r", Docs: []*model.Doc{
		{Title: "Add nodes to the cluster", Source: model.Source{Path: "docs/add-nodes.md", Line: 1}, Sections: []model.Section{
			sec("Add nodes to the cluster", "How to add nodes to the cluster.", 1),
			sec("Requirements", "Access to the cluster that gets the nodes.", 5),
			sec("Cluster configuration", "The nodes of the cluster are set in cluster.tf.", 9),
		}},
	}}
	ctx := context.Background()
	if err := s.Replace(ctx, snap, nil); err != nil {
		t.Fatal(err)
	}
	ans, err := FindSOP(ctx, s, "add nodes to the cluster", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Candidates) != 1 || !ans.Clear || ans.Best == nil || ans.Best.Title != "Add nodes to the cluster" {
		t.Errorf("candidates %+v, clear %v: want the one file, clear", ans.Candidates, ans.Clear)
	}
}
