package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"handover/internal/model"
)

// outline is what a test says about a parsed file: the kind and the
// fields that matter, sections and steps by heading and count.
type outline struct {
	Kind       model.Kind
	Title      string
	Line       int // the title's
	Owners     []string
	Tags       []string
	Reviewed   string
	Summary    string   // its first line
	Procedures []string // "Heading: n steps", "(title)" for under the title
	Date       string
	People     []string
	Hours      float64
	Category   string
	Severity   string
	SOP        string
	Fields     map[string]string // incident sections by field, first line
	Sections   []string          // "## Heading :line"
	Problems   []string          // "line severity: message prefix"
}

func outlineOf(mf *model.MarkdownFile) outline {
	var o outline
	firstLine := func(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }
	var secs []model.Section
	switch {
	case mf.SOP != nil:
		s := mf.SOP
		o.Kind, o.Title, o.Line, secs = model.KindSOP, s.Title, s.Source.Line, s.Sections
		o.Owners, o.Tags, o.Reviewed, o.Summary = s.Owners, s.Tags, s.Reviewed, firstLine(s.Summary)
		for _, p := range s.Steps {
			h := p.Heading
			if h == "" {
				h = "(title)"
			}
			o.Procedures = append(o.Procedures, fmt.Sprintf("%s: %d steps", h, len(p.Steps)))
		}
	case mf.Incident != nil:
		i := mf.Incident
		o.Kind, o.Title, o.Line, secs = model.KindIncident, i.Title, i.Source.Line, i.Sections
		o.Date, o.People, o.Hours, o.Category, o.Severity, o.SOP = i.Date, i.People, i.Hours, i.Category, i.Severity, i.SOP
		o.Fields = map[string]string{}
		for name, v := range map[string]string{"summary": i.Summary, "root cause": i.RootCause,
			"involvement": i.Involvement, "reaction": i.Reaction, "fix": i.Fix, "follow-up": i.FollowUp} {
			if v != "" {
				o.Fields[name] = firstLine(v)
			}
		}
	case mf.Doc != nil:
		o.Kind, o.Title, o.Line, secs = model.KindDoc, mf.Doc.Title, mf.Doc.Source.Line, mf.Doc.Sections
	}
	for _, s := range secs {
		o.Sections = append(o.Sections, fmt.Sprintf("%s %s :%d", strings.Repeat("#", s.Level), s.Heading, s.Source.Line))
	}
	for _, p := range mf.Problems {
		o.Problems = append(o.Problems, fmt.Sprintf("%d %s: %s", p.Source.Line, p.Severity, p.Message))
	}
	return o
}

func TestParseRepo(t *testing.T) {
	files := repoFiles(t)
	tests := []struct {
		path string
		want outline
	}{{
		path: "runbooks/redis-memory.md",
		want: outline{
			Kind: model.KindSOP, Title: "Redis: memory pressure on cache01", Line: 1,
			Summary: "Alerts RedisMemoryHigh fire when used memory passes 85% of maxmemory.",
			// A bullet-only runbook: Diagnosis and Mitigation are steps,
			// the contacts and references are not.
			Procedures: []string{"Diagnosis: 3 steps", "Mitigation: 2 steps"},
			Sections:   []string{"## Diagnosis :8", "## Mitigation :20", "## Escalation contacts :26", "## References :31"},
		},
	}, {
		path: "runbooks/postgres-failover.md",
		want: outline{
			Kind: model.KindSOP, Title: "Postgres primary failover", Line: 2,
			Owners: []string{"alice", "bob"}, Tags: []string{"postgres", "database", "failover"}, Reviewed: "2024-05-14",
			Summary: "Use when db01.prod is down and does not come back within 5 minutes.",
			// An ordered list makes bullets steps only under a procedural
			// heading; the numbered list under "Links" is not a procedure.
			Procedures: []string{"Procedure: 5 steps", "Rollback: 2 steps"},
			Sections:   []string{"## Before you start :13", "## Procedure :17", "## Rollback :37", "## Links :42"},
		},
	}, {
		path: "sops/deploy-rollback.md",
		want: outline{
			Kind: model.KindSOP, Title: "Deploy rollback", Line: 1,
			Owners: []string{"carol", "dave"}, Tags: []string{"deploy", "kubernetes"}, Reviewed: "2024-03-03",
			Summary:    "Roll back a bad release of the shop API.",
			Procedures: []string{"Rollback steps: 3 steps", "Verification: 2 steps"},
			Sections:   []string{"## Rollback steps :11", "## Verification :18", "## See also :23"},
		},
	}, {
		path: "sops/README.md",
		want: outline{Kind: model.KindDoc, Title: "SOPs", Line: 1, Sections: []string{" SOPs :1"}},
	}, {
		path: "docs/kind-sop.md",
		want: outline{
			Kind: model.KindSOP, Title: "Renew the wildcard certificate", Line: 6,
			Owners: []string{"ivan"}, Reviewed: "2023-12-01", Procedures: []string{"(title): 2 steps"},
		},
	}, {
		path: "incidents/2024-01-15-payment-outage.md",
		want: outline{
			Kind: model.KindIncident, Title: "Payment provider webhook outage", Line: 2,
			Date: "2024-01-16", People: []string{"gina", "Hank"}, Hours: 3,
			Category: model.CategoryKnowledgeTransfer, Severity: "SEV1", SOP: "../sops/deploy-rollback.md",
			Fields: map[string]string{
				"summary":     `Orders paid with cards stayed "pending" for three hours: the webhook`,
				"root cause":  "The webhook secret was rotated in Vault, but the API reads it only at",
				"involvement": "Gina rotated the secret following the old checklist.",
				"reaction":    "Hank saw the support tickets, checked the logs and paged Gina.",
				"fix":         "Restarted the API pods (`kubectl rollout restart deploy/api -n shop`).",
				"follow-up":   "- [ ] Reload secrets without a restart (JIRA OPS-231)",
			},
			Sections: []string{"## 1. Summary :15", "## 2. Root cause: :20", "### Contributing factors :26",
				"## 3. How the person was involved :30", "## 4. Reaction :34", "## 5. Technical fix :38",
				"## Timeline :42", "## 6. Follow-up :49"},
		},
	}, {
		path: "docs/postmortems/2024-03-07-redis-outage.md",
		want: outline{
			Kind: model.KindIncident, Title: "Redis outage", Line: 1, Date: "2024-03-07",
			Fields: map[string]string{
				"summary":    "cache01 ran out of memory at 14:02 UTC and evicted the session keys; every",
				"root cause": "`maxmemory-policy` was `allkeys-lru` instead of `volatile-lru` after the",
				"follow-up":  "1. Pin the Redis config in Ansible (`roles/redis/templates/redis.conf.j2`)",
			},
			Sections: []string{"## Summary :3", "## Impact :8", "## Root Cause :13", "## Timeline :18", "## Action Items :23"},
		},
	}, {
		path: "docs/notes/cache-stampede.md", // a doc by its place, an incident by its shape
		want: outline{
			Kind: model.KindIncident, Title: "Post-mortem: cache stampede after deploy", Line: 1,
			Date: "2023-11-02", People: []string{"Erin", "Frank"}, Hours: 1.5,
			Category: model.CategoryExperience, Severity: "SEV3",
			Fields: map[string]string{
				"summary":   "A deploy flushed the product cache at peak time.",
				"fix":       "Warmed the cache with `bin/warm-cache --all`.",
				"follow-up": "Deploy outside peak hours; warm before switching traffic.",
			},
			Sections: []string{"## Impact :11", "## Resolution :15", "## Lessons learned :19"},
		},
	}, {
		path: "docs/design/search-v2.md", // Impact and Timeline alone do not make a postmortem
		want: outline{
			Kind: model.KindDoc, Title: "Search v2", Line: 1,
			Sections: []string{" Search v2 :1", "## Goals :5", "### Non-goals :10", "## Impact :14", "## Timeline :18"},
		},
	}, {
		path: "docs/onboarding.md", // setext headings, a badge above the title, "# " inside code
		want: outline{
			Kind: model.KindDoc, Title: "Welcome to ops", Line: 3,
			Sections: []string{" Welcome to ops :3", "## Accounts :8", "## Tools :21", "### Laptop :24", "### Access :28"},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			src, ok := files[tt.path]
			if !ok {
				t.Fatalf("no testdata/repo/%s", tt.path)
			}
			got := outlineOf(Parse(tt.path, src, KindForPath(tt.path)))
			if tt.want.Kind == model.KindIncident && tt.want.Fields == nil {
				tt.want.Fields = map[string]string{}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestStepText wants each step's own text as written: continuation lines
// without the item's indentation, code blocks with their fences, later
// paragraphs after a blank line, nested lists left to nested steps.
func TestStepText(t *testing.T) {
	files := repoFiles(t)
	tests := []struct {
		path       string
		proc       int
		step       []int // index path into nested steps
		marker     string
		text       string
		line, kids int
	}{
		{"runbooks/redis-memory.md", 0, []int{1}, "-",
			"SSH to the host and look at memory:\n```sh\nredis-cli -h cache01.prod.aws.acme-shop.internal info memory\n```", 11, 0},
		{"runbooks/redis-memory.md", 0, []int{2}, "-", "Find the biggest keys:", 15, 2},
		{"runbooks/redis-memory.md", 0, []int{2, 1}, "-", "compare with yesterday's snapshot in\ns3://acme-backups/redis/", 17, 0},
		{"runbooks/redis-memory.md", 1, []int{1}, "*",
			"If that is not enough, raise `maxmemory` by 1 GB\nand open a ticket to resize the instance.", 23, 0},
		{"runbooks/postgres-failover.md", 0, []int{1}, "2.",
			"Stop the app servers' connection pools\n(`systemctl stop pgbouncer` on api01..api04).", 23, 0},
		{"runbooks/postgres-failover.md", 0, []int{2}, "3.",
			"Promote the replica:\n\n```\nsudo -u postgres pg_ctl promote -D /var/lib/postgresql/15/main\n```\n\nWait until `SELECT pg_is_in_recovery();` returns `f`.", 25, 0},
		{"runbooks/postgres-failover.md", 0, []int{3}, "4.", "Point `db.prod.internal` at db02 in Route53.", 32, 2},
		{"runbooks/postgres-failover.md", 0, []int{3, 0}, "1)", "Lower the TTL first if it is above 60s.", 33, 0},
		{"sops/deploy-rollback.md", 0, []int{1}, "2.", "Roll back: `helm rollback api <REVISION> -n shop`", 15, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s:%d", tt.path, tt.line), func(t *testing.T) {
			mf := Parse(tt.path, files[tt.path], KindForPath(tt.path))
			if mf.SOP == nil || tt.proc >= len(mf.SOP.Steps) {
				t.Fatalf("no procedure %d in %+v", tt.proc, mf)
			}
			steps := mf.SOP.Steps[tt.proc].Steps
			var s model.Step
			for _, i := range tt.step {
				if i >= len(steps) {
					t.Fatalf("no step %v", tt.step)
				}
				s, steps = steps[i], steps[i].Steps
			}
			if s.Marker != tt.marker || s.Text != tt.text || s.Source.Line != tt.line || len(s.Steps) != tt.kids {
				t.Errorf("got %q %q line %d with %d nested\nwant %q %q line %d with %d nested",
					s.Marker, s.Text, s.Source.Line, len(s.Steps), tt.marker, tt.text, tt.line, tt.kids)
			}
		})
	}
}

// A command block written unindented after a numbered step ends the list
// in markdown; it still belongs to that step, and the numbering goes on in
// the next list.
func TestStepTrailingCode(t *testing.T) {
	src := "# Revoke a leaked key\n\n## Steps\n\n1) Sign in to the console.\n\n" +
		"2) Find the key's user. From a shell:\n\n```\naws iam list-access-keys --user-name \"$USER_NAME\"\n```\n\n" +
		"3) Delete the key.\n\n~~~sh\naws iam delete-access-key --access-key-id \"$KEY_ID\"\n~~~\n\nThen tell the team.\n\n```\nnot a step's\n```\n"
	mf := Parse("runbooks/leaked-key.md", []byte(src), model.KindSOP)
	if mf.SOP == nil || len(mf.SOP.Steps) != 1 {
		t.Fatalf("want one procedure: %+v", mf)
	}
	var got []string
	for _, st := range mf.SOP.Steps[0].Steps {
		got = append(got, st.Marker+" "+st.Text)
	}
	want := []string{
		"1) Sign in to the console.",
		"2) Find the key's user. From a shell:\n\n```\naws iam list-access-keys --user-name \"$USER_NAME\"\n```",
		"3) Delete the key.\n\n~~~sh\naws iam delete-access-key --access-key-id \"$KEY_ID\"\n~~~",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("steps\n%q\nwant\n%q", got, want)
	}
}

// TestBrokenFrontMatter wants a Problem at the line at fault and the body
// read all the same.
func TestBrokenFrontMatter(t *testing.T) {
	const body = "# Restart the queue\n\n1. Drain the consumers\n2. Restart\n"
	tests := []struct {
		name     string
		src      string
		problems []string
		title    string
		owners   []string
	}{{
		name:     "unclosed",
		src:      "---\ntitle: x\nowner: erin\n\n" + body,
		problems: []string{`1 error: front matter opened here is never closed by a "---" line; read as markdown`},
		title:    "Restart the queue",
	}, {
		name:     "unclosed flow list",
		src:      "---\ntitle: Queue\nowner: erin\ntags: [rabbitmq, queue\nreviewed: 2024-01-01\n---\n" + body,
		problems: []string{"4 error: front matter: did not find expected ',' or ']'"},
		title:    "Restart the queue",
	}, {
		name:     "mapping in a value",
		src:      "---\nowner: erin\ntitle: Queue: restart: now\n---\n" + body,
		problems: []string{"3 error: front matter: mapping values are not allowed in this context"},
		title:    "Restart the queue",
	}, {
		name:     "bad indentation",
		src:      "---\nowner: erin\n  tags: x\n---\n" + body,
		problems: []string{"3 error: front matter: mapping values are not allowed in this context"},
		title:    "Restart the queue",
	}, {
		name:     "tab on the first line",
		src:      "---\n\towner: erin\n---\n" + body,
		problems: []string{"2 error: front matter: found character that cannot start any token"},
		title:    "Restart the queue",
	}, {
		name:     "a list, not a mapping",
		src:      "---\n- erin\n---\n" + body,
		problems: []string{"2 error: front matter is not a mapping of keys to values"},
		title:    "Restart the queue",
	}, {
		name: "values that do not read",
		src: "---\ntitle: Queue restart\nowner: [erin, {name: frank}]\nreviewed: last tuesday\nkind: howto\n" +
			"layout: post\n---\n" + body,
		problems: []string{
			"3 warning: front matter owner: expected a value or a list of values",
			`4 warning: cannot read review date "last tuesday": want YYYY-MM-DD`,
			`5 warning: unknown kind "howto": want sop, incident or doc`,
		},
		title: "Queue restart",
	}, {
		name:   "empty",
		src:    "---\n---\n**Owner:** erin\n\n" + body,
		title:  "Restart the queue",
		owners: []string{"erin"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mf := Parse("sops/queue.md", []byte(tt.src), model.KindSOP)
			got := outlineOf(mf)
			if !reflect.DeepEqual(got.Problems, tt.problems) {
				t.Errorf("problems %q\nwant     %q", got.Problems, tt.problems)
			}
			if got.Title != tt.title || !reflect.DeepEqual(got.Owners, tt.owners) {
				t.Errorf("title %q owners %q, want %q %q", got.Title, got.Owners, tt.title, tt.owners)
			}
			if want := []string{"(title): 2 steps"}; !reflect.DeepEqual(got.Procedures, want) {
				t.Errorf("procedures %q, want %q: the body must still be read", got.Procedures, want)
			}
			for _, p := range mf.Problems {
				if p.Source.Path != "sops/queue.md" {
					t.Errorf("problem without its path: %v", p)
				}
			}
		})
	}
}

// TestProcedures covers which lists are steps, by what surrounds them.
func TestProcedures(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{{
		name: "bullets under the title when there is no ordered list",
		src:  "# Renew\n\n- one\n- two\n\n## Background\n\n- not a step? yes: no ordered list anywhere\n",
		want: []string{"(title): 2 steps", "Background: 1 steps"},
	}, {
		name: "bullets under a neutral heading once there is an ordered list",
		src:  "# Renew\n\n## Prerequisites\n\n- VPN\n\n## Steps\n\n1. one\n2. two\n",
		want: []string{"Steps: 2 steps"},
	}, {
		name: "an ordered list in a block quote is a quote",
		src:  "# Renew\n\n> 1. quoted\n> 2. quoted\n\n1. real\n",
		want: []string{"(title): 1 steps"},
	}, {
		name: "lists split by a paragraph stay one procedure",
		src:  "# Renew\n\n## Procedure\n\n1. one\n2. two\n\nThen, after lunch:\n\n3. three\n",
		want: []string{"Procedure: 3 steps"},
	}, {
		name: "a metadata list under the title is not a step",
		src:  "# Renew\n\n- **Owner:** ivan\n- **Last reviewed:** 2024-01-01\n\n- order the cert\n",
		want: []string{"(title): 1 steps"},
	}, {
		name: "a metadata list, then the summary, then steps",
		src:  "# Renew\n\n- **Owner:** ivan\n- **Tags:** tls\n\nRenew it yearly.\n\n- order the cert\n- upload it\n",
		want: []string{"(title): 2 steps"},
	}, {
		name: "a heading below a procedural one is procedural",
		src:  "# Redis\n\n1. check\n\n## Mitigation\n\n### Option A: restart\n\n- restart it\n\n### Related\n\n- other.md\n",
		want: []string{"(title): 1 steps", "Option A: restart: 1 steps"},
	}, {
		name: "no list under references is a step",
		src:  "# Renew\n\n1. order\n\n## See also\n\n1. a.md\n\n## Useful links\n\n- b.md\n",
		want: []string{"(title): 1 steps"},
	}, {
		name: "front matter title and # sections",
		src:  "---\ntitle: Renew\n---\n# Steps\n\n1. order\n\n# Notes\n\nnone\n",
		want: []string{"Steps: 1 steps"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := outlineOf(Parse("sops/renew.md", []byte(tt.src), model.KindSOP))
			if !reflect.DeepEqual(got.Procedures, tt.want) || len(got.Problems) > 0 {
				t.Errorf("procedures %q, problems %q\nwant %q", got.Procedures, got.Problems, tt.want)
			}
		})
	}
}

// TestIncidentMeta covers where an incident's fields come from.
func TestIncidentMeta(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            outline
	}{{
		name: "front matter numbers, strings and timestamps",
		path: "incidents/db.md",
		src: "---\ntitle: DB\ndate: 2024-03-07T10:00:00Z\npeople: alice, @bob\nhours: 1.5\ncategory: kt\n" +
			"severity: 2\nsop: sops/db-failover.md\n---\n## Summary\n\nDown.\n",
		want: outline{Kind: model.KindIncident, Title: "DB", Line: 2, Date: "2024-03-07",
			People: []string{"alice", "bob"}, Hours: 1.5, Category: model.CategoryKnowledgeTransfer,
			Severity: "2", SOP: "sops/db-failover.md", Fields: map[string]string{"summary": "Down."},
			Sections: []string{"## Summary :10"}},
	}, {
		name: "body metadata before the file name's date",
		path: "incidents/2024-03-08-db.md",
		src: "# DB outage\n\n**Date:** 2024-03-09\n**Hours to resolve:** 90m\n**Category:** Emergency\n" +
			"**SOP:** [DB failover](../sops/db-failover.md)\n**Involved:** Carol & Dave\n\nThe primary died.\n",
		want: outline{Kind: model.KindIncident, Title: "DB outage", Line: 1, Date: "2024-03-09",
			People: []string{"Carol", "Dave"}, Hours: 1.5, Category: model.CategoryEmergency,
			SOP: "../sops/db-failover.md", Fields: map[string]string{"summary": "The primary died."}},
	}, {
		name: "front matter wins, the body fills in",
		path: "incidents/db.md",
		src:  "---\ndate: 2024-01-01\n---\n# DB\n\nDate: 2024-02-02\nSeverity: SEV2\n",
		want: outline{Kind: model.KindIncident, Title: "DB", Line: 4, Date: "2024-01-01", Severity: "SEV2",
			Fields: map[string]string{}},
	}, {
		name: "the title's date",
		path: "incidents/db.md",
		src:  "# 2024-03-10: DB outage\n",
		want: outline{Kind: model.KindIncident, Title: "2024-03-10: DB outage", Line: 1, Date: "2024-03-10",
			Fields: map[string]string{}},
	}, {
		name: "values that do not read",
		path: "incidents/db.md",
		src:  "# DB\n\nDate: yesterday\nHours: a while\nCategory: bad luck\n",
		want: outline{Kind: model.KindIncident, Title: "DB", Line: 1, Category: "bad luck",
			Fields: map[string]string{},
			Problems: []string{
				`3 warning: cannot read date "yesterday": want YYYY-MM-DD`,
				`4 warning: cannot read hours "a while": want a number of hours or a duration like 3h, 90m`,
				`5 warning: unknown category "bad luck": want knowledge-transfer, experience or emergency`,
			}},
	}, {
		name: "bold labels instead of headings, at any list depth",
		path: "source/incidents/2024-05-02-queue.html.md.erb",
		src: "---\ntitle: Incident on 2024-05-02 - Queue workers stalled\n---\n\n# Incident on 2024-05-02 - Queue workers stalled\n\n" +
			"- **Key events**\n  - First detected 2024-05-02 09:10\n  - Resolved 2024-05-02 11:40\n\n" +
			"- **Time to resolve**: 2h 30m\n\n" +
			"- **Identified**: Alerts fired for the queue depth.\n\n" +
			"- **Impact**:\n\nJobs were delayed for every tenant.\n\n**Note** that no job was lost.\n\n" +
			"- **Context**:\n  - A deploy halved the worker count.\n  - **Resolution**: Rolled the deploy back.\n\n" +
			"- **Review actions**:\n\n* Alert on the worker count\n",
		want: outline{Kind: model.KindIncident, Title: "Incident on 2024-05-02 - Queue workers stalled", Line: 2,
			Date: "2024-05-02", Hours: 2.5, Fields: map[string]string{
				"summary": "Jobs were delayed for every tenant.", "reaction": "Alerts fired for the queue depth.",
				"fix": "Rolled the deploy back.", "follow-up": "* Alert on the worker count"}},
	}, {
		name: "headings win over labels, and a bold phrase is no label",
		path: "incidents/2024-05-03-db.md",
		src: "# DB outage\n\n**Note** that this page is a draft.\n\n## Resolution\n\nFailed over.\n\n" +
			"## Timeline\n\n- **Resolution**: promoted the replica.\n",
		want: outline{Kind: model.KindIncident, Title: "DB outage", Line: 1, Date: "2024-05-03",
			Fields:   map[string]string{"summary": "Note that this page is a draft.", "fix": "Failed over."},
			Sections: []string{"## Resolution :5", "## Timeline :9"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := outlineOf(Parse(tt.path, []byte(tt.src), KindForPath(tt.path)))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
