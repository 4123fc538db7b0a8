package markdown

import (
	"strings"
	"testing"

	"handover/internal/model"
)

// Shapes of real runbooks and postmortems kept outside sops/ and incidents/.
func TestKindByShape(t *testing.T) {
	for _, tc := range []struct {
		path, src string
		want      model.Kind
	}{
		{"alerts/kube-state-metrics/KubePodCrashLooping.md",
			"# KubePodCrashLooping\n\n## Meaning\n\nA pod restarts.\n\n## Impact\n\nService degraded.\n\n## Diagnosis\n\n- Check logs\n\n## Mitigation\n\n1. Fix it\n", model.KindSOP},
		{"docs/guides/restore-db.md",
			"# Restore the database\n\n## Steps\n\n1. Stop the app\n2. Restore:\n\n   ```\n   pg_restore x\n   ```\n", model.KindSOP},
		{"docs/2022-01-27-pod-limit.md",
			"# Pod limit reached\n\n## Summary\n\nNodes full.\n\n## Timeline\n\n- 10:00 alert\n", model.KindIncident},
		{"docs/notes.md",
			"# 2022-01-27, pod limit reached\n\n## Summary\n\nNodes full.\n", model.KindIncident},
		{"content/posts/x.md",
			"---\ntitle: Elevated error rates on API\ndate: 2021-03-04\n---\nWe saw errors.\n", model.KindIncident},
		{"content/issues/2025-08-02-jira-tls.md",
			"---\ntitle: Expired TLS certificate on jira\ndate: 2025-08-02T22:00:00-00:00\nseverity: down\n---\nJira is down.\n", model.KindIncident},
		{"ops/alerts/ManagedClusterDown.md",
			"## ManagedClusterDown\n\nGet the resource:\n```bash\noc get managedcluster x\n```\n", model.KindSOP},
		{"docs/upgrade.md",
			"# Upgrading\n\n## Step 1 - Maintenance\n\nEnable it.\n\n## Step 2 - Dump\n\n```sh\npg_dumpall\n```\n\n## Troubleshooting\n\nAsk.\n", model.KindSOP},
		{"policy/common/restart.md",
			"# Restarting the propagator\n\nSave the logs:\n\n```bash\nkubectl logs x\n```\n\nRestart it:\n\n```bash\nkubectl rollout restart deployment/x\n```\n", model.KindSOP},
		{"docs/design.md",
			"# Design\n\n## Impact\n\nSome.\n\n## Timeline\n\nQ3.\n\n- a\n- b\n", model.KindDoc},
		{"alerts/etcd/etcdMembersDown.rst",
			"etcdMembersDown\n===============\n\nMeaning\n-------\n\nMembers are down.\n\nMitigation\n----------\n\n#. Check the members::\n\n      etcdctl member list\n\n#. Replace the failed one.\n", model.KindSOP},
		{"docs/rst/2021-06-01-outage.rst",
			"Storage outage\n##############\n\nSummary\n=======\n\nDisks full.\n\nRoot cause\n==========\n\nNo alert.\n", model.KindIncident},
		{"docs/rst/overview.rst",
			"Overview\n========\n\n.. toctree::\n   :maxdepth: 2\n\n   install\n   usage\n\nSome words.\n", model.KindDoc},
		{"content/blog/hello.md",
			"---\ntitle: Hello world\ndate: 2021-03-04\n---\nHi.\n", model.KindDoc},
		{"source/scale-workers.html.md.erb",
			"---\ntitle: Scale the worker pool\n---\n\n# Scale the worker pool\n\nThis runbook covers how to add workers to the pool.\n\n" +
				"### Requirements\n\n#### 1. Get access to the account\n\n#### 2. Log in to the cluster\n\n" +
				"### Change the size\n\nRaise `workers_min`, then apply:\n\n```\nterraform apply\n```\n", model.KindSOP},
		{"source/README.md",
			"# Runbooks\n\nThis runbook site is built with tech-docs.\n\n1. Install ruby\n2. Run `make preview`\n", model.KindDoc},
		{"docs/notes.md",
			"# Notes\n\nThis procedure was retired in 2023.\n\nNothing to do.\n", model.KindDoc},
	} {
		mf := Parse(tc.path, []byte(tc.src), KindForPath(tc.path))
		got := model.KindDoc
		switch {
		case mf.SOP != nil:
			got = model.KindSOP
			if tc.want == model.KindSOP && len(mf.SOP.Steps) == 0 {
				t.Errorf("%s: no steps", tc.path)
			}
		case mf.Incident != nil:
			got = model.KindIncident
		}
		if got != tc.want {
			t.Errorf("%s: kind %q, want %q", tc.path, got, tc.want)
		}
	}
	mf := Parse("runbooks/pxe.md", []byte("# PXE\n\n## Logs\n\nView them:\n\n```sh\n./scripts/pxe-logs\n```\n\n## Not booting\n\n- Check WoL\n- Check TFTP\n"), model.KindSOP)
	if p := mf.SOP.Steps; len(p) != 2 || p[0].Heading != "Logs" || p[1].Heading != "Not booting" {
		t.Errorf("mixed steps: %+v", p)
	}
	if KindForPath("source/runbooks/x.html.md.erb") != model.KindSOP {
		t.Errorf(".html.md.erb under runbooks/ is not an SOP")
	}
}

// reStructuredText keeps every line where it was: a step's source is the
// line of its item in the .rst file, and a code block stays in its step.
func TestRSTLines(t *testing.T) {
	src := "Restart\n=======\n\n.. comment\n   spanning two lines\n\nSteps\n-----\n\n(1) Drain the node::\n\n       kubectl drain n1\n\n    Then check it.\n(2) Reboot it.\n\n    - Wait for it.\n"
	mf := Parse("docs/restart.rst", []byte(src), "")
	if mf.SOP == nil || len(mf.SOP.Steps) != 1 {
		t.Fatalf("not an SOP with one procedure: %+v", mf)
	}
	steps := mf.SOP.Steps[0].Steps
	if len(steps) != 2 || steps[0].Marker != "1)" || steps[0].Source.Line != 10 || steps[1].Source.Line != 15 {
		t.Fatalf("steps %+v", steps)
	}
	if want := "Drain the node:\n```\nkubectl drain n1\n```\nThen check it."; steps[0].Text != want {
		t.Errorf("step 1 %q, want %q", steps[0].Text, want)
	}
	if len(steps[1].Steps) != 1 || steps[1].Steps[0].Source.Line != 17 {
		t.Errorf("nested step %+v", steps[1].Steps)
	}
	if got := strings.Count(string(rstToMarkdown([]byte(src))), "\n"); got != strings.Count(src, "\n") {
		t.Errorf("%d lines, want %d", got, strings.Count(src, "\n"))
	}
}
