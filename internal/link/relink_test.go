package link

import (
	"slices"
	"testing"

	"handover/internal/model"
)

// TestRelinkMatchesBuild: after each change to markdown files, relinking
// the files changed gives every item the links a Build of the whole
// snapshot gives it, reports every item whose links changed, and leaves
// the links of the snapshot before as they were.
func TestRelinkMatchesBuild(t *testing.T) {
	// variant is the fixture with the markdown files as step i leaves
	// them; nil SOPs are files deleted.
	variant := func(restart, failover, incident string, failoverGone bool) *model.Snapshot {
		snap := snapshot()
		snap.SOPs[1].Steps[0].Steps[0].Text = restart
		snap.SOPs[0].Title = failover
		snap.Incidents[0].RootCause = incident
		if failoverGone {
			snap.SOPs = snap.SOPs[1:]
		}
		snap.Alerts = []*model.Alert{{Name: "WebDown", Source: src("monitoring/alerts.yml", 4), RunbookURL: "sops/restart-web.md"}}
		return snap
	}
	type files struct {
		restart, failover, incident string
		failoverGone                bool
	}
	steps := []struct {
		name    string
		files   files
		changed []string
	}{
		{"an SOP names one more host", files{"Drain web01 and pg-primary01 from the ALB", "PostgreSQL failover", "The prod-ci agents lost jenkins01. (aws_instance.jenkins was replaced.)", false}, []string{"sops/restart-web.md"}},
		{"an incident names other things", files{"Drain web01 and pg-primary01 from the ALB", "PostgreSQL failover", "10.0.9.9 filled its disk.", false}, []string{"incidents/2026-01-jenkins.md"}},
		{"the SOP an incident produced is renamed", files{"Drain web01 and pg-primary01 from the ALB", "Fail over PostgreSQL", "10.0.9.9 filled its disk.", false}, []string{"sops/postgres-failover.md"}},
		{"that SOP is deleted", files{"Drain web01 and pg-primary01 from the ALB", "Fail over PostgreSQL", "10.0.9.9 filled its disk.", true}, []string{"sops/postgres-failover.md"}},
		{"and comes back, with an SOP that names nothing", files{"Drain the ALB", "PostgreSQL failover", "10.0.9.9 filled its disk.", false}, []string{"sops/postgres-failover.md", "sops/restart-web.md"}},
	}
	cur := variant("Drain web01 from the ALB", "PostgreSQL failover", "The prod-ci agents lost jenkins01. (aws_instance.jenkins was replaced.)", false)
	g := BuildGraph(cur)
	for _, st := range steps {
		f := st.files
		want := variant(f.restart, f.failover, f.incident, f.failoverGone)
		Build(want)

		// What a live update assembles: the changed files read again, the
		// rest as they were.
		changed := map[string]bool{}
		for _, p := range st.changed {
			changed[p] = true
		}
		fresh := variant(f.restart, f.failover, f.incident, f.failoverGone)
		next := &model.Snapshot{Repo: cur.Repo, Inventories: cur.Inventories, Terraform: cur.Terraform, Alerts: cur.Alerts}
		for _, s := range fresh.SOPs {
			next.SOPs = append(next.SOPs, pick(s, cur.SOPs, changed))
		}
		for _, inc := range fresh.Incidents {
			next.Incidents = append(next.Incidents, pick(inc, cur.Incidents, changed))
		}

		before := map[model.Item][]model.Link{}
		held := map[model.Item][]string{}
		for _, it := range model.SnapshotItems(cur) {
			before[it] = *model.LinksOf(it)
			held[it] = linkStrings(*model.LinksOf(it))
		}
		touched := g.Relink(next, changed)

		got, wantItems := model.SnapshotItems(next), model.SnapshotItems(want)
		if len(got) != len(wantItems) {
			t.Fatalf("%s: %d items, want %d", st.name, len(got), len(wantItems))
		}
		for i, it := range got {
			g, w := linkStrings(*model.LinksOf(it)), linkStrings(*model.LinksOf(wantItems[i]))
			if !slices.Equal(g, w) {
				t.Errorf("%s: %s %s links\n got  %q\n want %q", st.name, it.Kind(), it.Declared(), g, w)
			}
			if old, ok := before[it]; (!ok || !slices.Equal(linkStrings(old), g)) && !touched[it] {
				t.Errorf("%s: %s %s relinked but not reported", st.name, it.Kind(), it.Declared())
			}
		}
		for it, links := range before {
			if h := linkStrings(links); !slices.Equal(h, held[it]) {
				t.Errorf("%s: the links of %s %s before the change were changed in place:\n %q\n was %q", st.name, it.Kind(), it.Declared(), h, held[it])
			}
		}
		// Only what touches the changed files is reported: read from
		// them, or linked to them before or after; and the alerts, whose
		// runbooks are chosen again, with the SOPs that are one.
		intoChanged := func(ls []model.Link) bool {
			return slices.ContainsFunc(ls, func(l model.Link) bool { return changed[l.Source.Path] || l.Kind == model.KindAlert })
		}
		for it := range touched {
			if !changed[it.Declared().Path] && !intoChanged(before[it]) && !intoChanged(*model.LinksOf(it)) && it.Kind() != model.KindAlert {
				t.Errorf("%s: %s %s reported, but it has no link to the files changed nor to an alert", st.name, it.Kind(), it.Declared())
			}
		}
		cur = next
	}
}

// pick is fresh when its file changed, else the item of the same file in
// items.
func pick[T model.Item](fresh T, items []T, changed map[string]bool) T {
	if changed[fresh.Declared().Path] {
		return fresh
	}
	for _, it := range items {
		if it.Declared().Path == fresh.Declared().Path {
			return it
		}
	}
	return fresh
}
