package lint

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"handover/internal/model"
)

func TestRules(t *testing.T) {
	rs := Rules()
	kebab := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	for i, r := range rs {
		if i > 0 && rs[i-1].ID >= r.ID {
			t.Errorf("rules not sorted or not unique: %s before %s", rs[i-1].ID, r.ID)
		}
		if !kebab.MatchString(r.ID) {
			t.Errorf("rule ID %q is not kebab-case", r.ID)
		}
		switch r.Level {
		case model.LevelError, model.LevelWarning, model.LevelNote:
		default:
			t.Errorf("rule %s: default level %q", r.ID, r.Level)
		}
		if r.Summary == "" || strings.Contains(r.Summary, "\n") || r.Help == "" {
			t.Errorf("rule %s: summary %q must be one line and help %q set", r.ID, r.Summary, r.Help)
		}
	}
	rs[0].Level = model.LevelOff
	if Rules()[0].Level == model.LevelOff {
		t.Error("Rules returns the package's own slice")
	}
}

// The good repository follows every convention: nothing to report.
func TestGoodRepository(t *testing.T) {
	got := Check(loadRepo(t, "testdata/good"), Config{Now: testNow})
	matchFindings(t, got, nil)
}

// badWants are every finding of testdata/bad, by rule.
var badWants = []want{
	// inventories/all.ini
	{ruleAllListsGroups, "inventories/all.ini:2", []string{"[all] lists production", "is a group (line 5)", "host named production"}},
	{ruleAllListsGroups, "inventories/all.ini:3", []string{"[all] lists staging", "host named staging"}},
	{ruleUndefinedChild, "inventories/all.ini:7", []string{"[production:children] lists prod_gcp", "ansible rejects the whole file", "includes undefined group: prod_gcp"}},
	{ruleGroupName, "inventories/all.ini:13", []string{"group name prod-web has '-'", "Invalid characters were found in group names"}},
	{ruleHostGroupClash, "inventories/all.ini:17", []string{"prod_db is both a host and a group (line 19)"}},
	{ruleAllListsGroups, "inventories/yaml/hosts.yml:3", []string{"all: hosts: lists production", "is a group (line 5)"}},

	// inventories/conflict.ini
	{ruleHostConflict, "inventories/conflict.ini:10", []string{"host web01 is declared twice", "ansible_ssh_private_key_file",
		`"keys/web" on line 10 ([prod_web])`, `"keys/api" on line 14 ([prod_api])`, `ansible uses "keys/api" (line 14)`, "line 10 is never used"}},
	{ruleHostConflict, "inventories/conflict.ini:10", []string{"ansible_become_password", "line 10 ([prod_web]) and line 14 ([prod_api])", "values not shown"}},

	// inventories/hierarchy.ini
	{ruleHierarchy, "inventories/hierarchy.ini:2", []string{"host loner is in no group"}},
	{ruleHierarchy, "inventories/hierarchy.ini:12", []string{"host web01 is in groups of different environments", "development (dev_tools)", "production (prod_web)"}},
	{ruleHierarchy, "inventories/hierarchy.ini:16", []string{"host stray01 sits directly in environment group production"}},
	{ruleHierarchy, "inventories/hierarchy.ini:18", []string{"cloud group gcp is not under an environment group"}},
	{ruleHierarchy, "inventories/hierarchy.ini:25", []string{"purpose group monitoring is not under an environment and a cloud group"}},
	{ruleHierarchy, "inventories/hierarchy.ini:32", []string{"purpose group dev_tools is under an environment group but no cloud group"}},

	// inventories/hostlines.ini: one finding for the range, the
	// inherited value named, no key wanted for a local connection.
	{ruleHostPurpose, "inventories/hostlines.ini:8", []string{`host app01 has no purpose comment: add "# what this host is for" on the line above it`}},
	{ruleHostPython, "inventories/hostlines.ini:10", []string{"hosts worker1, worker2 and worker3 have no ansible_python_interpreter on their line", `they get "/usr/bin/python3.11" from a group`}},
	{ruleHostSSHKey, "inventories/hostlines.ini:10", []string{"hosts worker1, worker2 and worker3 have no ansible_ssh_private_key_file on their line"}},
	{ruleHostPython, "inventories/hostvars/hosts.ini:9", []string{"host app02 has no ansible_python_interpreter on its line",
		`it gets "/usr/bin/python3" from inventories/hostvars/host_vars/app02.yml`}},
	{ruleHostPurpose, "inventories/yaml/hosts.yml:11", []string{"host ci01 has no purpose comment"}},
	{ruleHostSSHKey, "inventories/yaml/hosts.yml:11", []string{"host ci01 has no ansible_ssh_private_key_file in its own mapping"}},

	// secrets, in inventories, vars files and Terraform
	{rulePlaintextSecret, "inventories/secrets/hosts.ini:9", []string{"ansible_become_password is a secret in plain text", "on the host line, for host db01"}},
	{rulePlaintextSecret, "inventories/secrets/hosts.ini:12", []string{"replication_token", "in the group's vars, for group prod_db"}},
	{rulePlaintextSecret, "inventories/secrets/group_vars/prod_db.yml:1", []string{"postgres_password", "in group_vars"}},
	{rulePlaintextSecret, "inventories/secrets/group_vars/prod_db.yml:5", []string{"users[0].password"}},
	{rulePlaintextSecret, "inventories/secrets/group_vars/prod_db.yml:8", []string{"pin_password"}},
	{rulePlaintextSecret, "inventories/secrets/group_vars/prod_db.yml:10", []string{"aws_access"}},
	{rulePlaintextSecret, "inventories/secrets/host_vars/db01.yml:2", []string{"monitoring_token", "in host_vars, for host db01"}},
	{rulePlaintextSecret, "inventories/yaml/hosts.yml:13", []string{"deploy_token"}},
	{rulePlaintextSecret, "terraform/main.tf:3", []string{"the default of variable db_password"}},
	{rulePlaintextSecret, "terraform/main.tf:8", []string{"the default of variable api_secret"}},
	{rulePlaintextSecret, "terraform/main.tf:17", []string{"secret_key of provider aws"}},
	{rulePlaintextSecret, "terraform/main.tf:26", []string{"password of aws_db_instance.main"}},

	// Terraform
	{ruleTerraformWhy, "terraform/main.tf:20", []string{"resource aws_instance.web has no comment saying why it exists"}},

	// SOPs
	{ruleStaleHost, "sops/restart.md:9", []string{"names host web03, which no inventory has", "named like web01, at inventories/all.ini:15"}},
	{ruleStaleHost, "sops/restart.md:10", []string{"names group prod_cache, which no inventory has", "at inventories/all.ini:9"}},
	{ruleStaleResource, "sops/restart.md:12", []string{"names resource aws_instance.web_old, which no Terraform module declares", "aws_instance resources are declared like aws_instance.web, at terraform/main.tf:20"}},
	{ruleStaleResource, "sops/restart.md:13", []string{"names resource module.cdn.aws_s3_bucket.static", "like aws_s3_bucket.assets, at terraform/main.tf:29"}},
	// module calls: named like the repository's calls, or a -target; module.exports is neither
	{ruleStaleResource, "sops/restart.md:14", []string{"names module call module.cache02, which no Terraform module makes", "like module.cache01, at terraform/main.tf:40"}},
	{ruleStaleResource, "sops/restart.md:14", []string{"names module call module.cache03"}},
	{ruleStaleResource, "sops/restart.md:14", []string{"names module call module.redis"}},
	{ruleSOPSteps, "sops/rotate-keys.md:5", []string{`SOP "SOP: rotate keys" has no steps`}},
	{ruleSOPSteps, "sops/restart.md:7", []string{"not numbered"}},
	{ruleSOPOwner, "sops/stale.md:4", []string{`SOP "SOP: restore a backup" has no owner`}},
	{ruleSOPReview, "sops/stale.md:2", []string{`SOP "SOP: restore a backup" was last reviewed on 2023-01-15, 2 years ago (the limit is 365 days); its title is at sops/stale.md:4`}},
	{ruleSOPReview, "sops/undated.md:4", []string{"has no review date"}},

	// alerts and their runbooks
	{ruleAlertRunbook, "monitoring/rules.yml:4", []string{"alert ShopDown has no runbook"}},
	{ruleAlertRunbook, "monitoring/rules.yml:6", []string{"ShopSlow's runbook_url sops/missing-runbook.md names no SOP"}},
	{ruleAlertRunbook, "monitoring/rules.yml:14", []string{"ShopQueueFilling's runbook_url alerts/ShopQueueFilling.md names no SOP",
		`the nearest SOP by name is "ShopQueueFull" at alerts/ShopQueueFull.md:5`}},
	{ruleRunbookUnused, "alerts/ShopQueueFull.md:5", []string{`runbook "ShopQueueFull" is named by no alert`,
		"the alert nearest by name is ShopQueueFilling at monitoring/rules.yml:14"}},

	// incidents
	{ruleIncidentSections, "incidents/2025-02-01-partial.md:4", []string{`incident report "Checkout down" has no involvement or reaction section`}},
	{ruleIncidentSOP, "incidents/2025-02-01-partial.md:4", []string{`names SOP "sops/missing.md", which is not in the repository`}},
	{ruleIncidentSOP, "incidents/2025-03-01-no-sop.md:1", []string{"does not name the SOP it produced"}},
}

func TestBadRepository(t *testing.T) {
	got := Check(loadRepo(t, "testdata/bad"), Config{Now: testNow})
	matchFindings(t, got, badWants)

	// No message quotes a secret.
	for _, secret := range []string{"hunter2", "s3cr3t", "plain-pass", "app-pass", "1234", "AKIA", "mon-token", "plain-yaml", "plainsecretkey", "dbpass", "vault_web_become", "vault_api_become"} {
		for _, f := range got {
			if strings.Contains(f.Message, secret) || strings.Contains(f.Fix, secret) {
				t.Errorf("%s: %q quotes the secret %q", f.Source, f.Message, secret)
			}
		}
	}
	for _, f := range got {
		if f.Fix == "" || f.Level != ruleLevel(f.Rule) || f.Source.Repo != "fixture" {
			t.Errorf("%s [%s]: fix %q, level %s, repo %q", f.Source, f.Rule, f.Fix, f.Level, f.Source.Repo)
		}
	}
	if !slices.IsSortedFunc(got, compareFindings) {
		t.Error("findings are not sorted by path, line, rule")
	}
}

// Every rule is broken somewhere in the tests.
func TestEveryRuleIsTested(t *testing.T) {
	tested := map[string]bool{ruleParseError: true, ruleParseWarning: true, // TestProblems
		ruleOwnerIdle: true} // TestOwnerIdle
	for _, w := range slices.Concat(badWants, cfgWants) {
		tested[w.rule] = true
	}
	for _, r := range Rules() {
		if !tested[r.ID] {
			t.Errorf("rule %s has no failing fixture", r.ID)
		}
	}
}

// What the parsers could not read becomes a finding, except what a rule
// already says in its own words.
func TestProblems(t *testing.T) {
	src := func(p string, line int) model.Source { return model.Source{Path: p, Line: line} }
	snap := &model.Snapshot{
		Repo:     "mem",
		Problems: []model.Problem{{Source: src("docs/x.md", 2), Severity: model.SeverityError, Message: "front matter: bad YAML"}},
		Inventories: []*model.Inventory{{Path: "hosts", Problems: []model.Problem{
			{Source: src("hosts", 3), Severity: model.SeverityError, Message: "Expected key=value host variable assignment, got: foo"},
			{Source: src("hosts", 7), Severity: model.SeverityError, Message: "Section [web:children] includes undefined group: api"},
			{Source: src("hosts.yml", 4), Severity: model.SeverityError, Message: "api is not a known host nor group"},
			{Source: src("hosts", 9), Severity: model.SeverityWarning, Message: "Found both group and host with same name: web"},
			{Source: src("hosts", 9), Severity: model.SeverityWarning, Message: "host h is in groups of more than one environment (a, b); using a"},
			{Source: src("inv/x.ini", 0), Severity: model.SeverityWarning, Message: "ansible ignores *.ini files inside an inventory directory; inv/x.ini is not read"},
		}}},
		Terraform: []*model.TerraformModule{{Dir: "tf", Problems: []model.Problem{
			{Source: src("tf/main.tf", 5), Severity: model.SeverityError, Message: "Unclosed configuration block"},
		}}},
	}
	matchFindings(t, Check(snap, Config{Now: testNow}), []want{
		{ruleParseError, "docs/x.md:2", []string{"front matter: bad YAML"}},
		{ruleParseError, "hosts:3", []string{"Expected key=value"}},
		{ruleUndefinedChild, "hosts:7", []string{"[web:children] lists api, but no group api is defined"}},
		{ruleUndefinedChild, "hosts.yml:4", []string{"lists api, which is neither a group nor a host"}},
		{ruleParseWarning, "inv/x.ini", []string{"ansible ignores *.ini"}},
		{ruleParseError, "tf/main.tf:5", []string{"Unclosed configuration block"}},
	})
}

// A snapshot built in memory has no files to re-read: the rules that need
// the host lines say nothing rather than guess.
func TestSnapshotWithoutFiles(t *testing.T) {
	h := &model.Host{Name: "web01", Inventory: "hosts", Source: model.Source{Path: "hosts", Line: 2},
		DirectGroups: []string{"prod_web"}, Env: "production", Cloud: "aws", PurposeGroups: []string{"prod_web"}}
	snap := &model.Snapshot{Repo: "mem", Inventories: []*model.Inventory{{Path: "hosts", Hosts: []*model.Host{h}, Groups: []*model.Group{
		{Name: "all", Children: []string{"production"}},
		{Name: "production", Parents: []string{"all"}, Children: []string{"prod_aws"}, Source: model.Source{Path: "hosts", Line: 5}},
		{Name: "prod_aws", Parents: []string{"production"}, Children: []string{"prod_web"}, Source: model.Source{Path: "hosts", Line: 8}},
		{Name: "prod_web", Parents: []string{"prod_aws"}, Hosts: []string{"web01"}, Source: model.Source{Path: "hosts", Line: 1}, Env: "production", Cloud: "aws"},
	}}}}
	matchFindings(t, Check(snap, Config{}), []want{
		{ruleHostPurpose, "hosts:2", []string{"host web01 has no purpose comment"}},
	})
	if Check(nil, Config{}) != nil {
		t.Error("Check(nil) found something")
	}
}

// Owners are judged against the repository's last commit: an email or a
// @handle matched to an author; a team, or an owner no author matches, is
// not judged.
func TestOwnerIdle(t *testing.T) {
	day := 24 * time.Hour
	head := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	src := func(line int) model.Source { return model.Source{Path: ".github/CODEOWNERS", Line: line} }
	snap := &model.Snapshot{Repo: "r", History: &model.History{
		Head: model.Commit{Date: head},
		Files: map[string]*model.FileHistory{
			"hosts.ini": {Authors: []model.AuthorStat{
				{Name: "Old Timer", Email: "old@acme.example", Last: head.Add(-400 * day)},
				{Name: "Recent", Email: "1234+recent-dev@users.noreply.github.com", Last: head.Add(-30 * day)},
				{Name: "gone", Email: "g@elsewhere.example", Last: head.Add(-800 * day)},
			}},
			"sops/x.md": {Authors: []model.AuthorStat{{Name: "Old Timer", Email: "old@acme.example", Last: head.Add(-380 * day)}}},
		},
		Owners: []model.OwnerRule{
			{Pattern: "*", Owners: []string{"@acme/ops", "old@acme.example"}, Source: src(1)},
			{Pattern: "sops/", Owners: []string{"@recent-dev", "@gone", "@stranger"}, Source: src(2)},
			{Pattern: "terraform/", Owners: []string{"old@acme.example"}, Source: src(3)}, // reported once
		},
	}}
	got := Check(snap, Config{Now: testNow})
	matchFindings(t, got, []want{
		{ruleOwnerIdle, ".github/CODEOWNERS:1", []string{"owner old@acme.example has made no commit since 2025-02-14 (to sops/x.md)", "12 months before the repository's last commit", "the limit is 365 days"}},
		{ruleOwnerIdle, ".github/CODEOWNERS:2", []string{"owner @gone has made no commit since 2023-12-22 (to hosts.ini)"}},
	})
	if got := Check(snap, Config{Now: testNow, OwnerMaxIdle: 900 * day}); len(got) != 0 {
		t.Errorf("with 900 days allowed: %v", got)
	}
}

// Only words in the repository's own host naming are judged: versions,
// protocols, architectures, dates and known names are never stale hosts.
func TestStaleHostWords(t *testing.T) {
	root := t.TempDir()
	doc := strings.Join([]string{
		"# Upgrading", // 1
		"Use http2 and ipv4, sha256 sums, x86_64 or arm64 boxes.",                             // 2
		"Python3.11 on ubuntu2204; see RFC1918 and ISO8601.",                                  // 3
		"web01, web02.prod.example.com and db01 stay; so does worker03 (Terraform names it).", // 4
		"Ticket OPS-1234, release v2.10, on 2025-01-15 at 10:30.",                             // 5
		"Then web07 takes the traffic.",                                                       // 6
		"Deploy with `--limit prod_web` or `prod_db`, not `make` or `kubectl`.",               // 7
		"ansible-playbook site.yml -l prod_cache",                                             // 8
		"```diff",                            // 9
		"+  web08: {ansible_host: 10.0.0.8}", // 10: a host to add, not a stale one
		" web01 stays",                       // 11
		"```",                                // 12
		"web09 is next.",                     // 13
	}, "\n")
	if err := os.MkdirAll(filepath.Join(root, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "docs/upgrade.md"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	src := func(l int) model.Source { return model.Source{Path: "hosts.ini", Line: l} }
	snap := &model.Snapshot{Repo: "r", Root: root,
		Inventories: []*model.Inventory{{Path: "hosts.ini",
			Hosts:  []*model.Host{{Name: "web01", Source: src(2)}, {Name: "web02.prod.example.com", Source: src(3)}, {Name: "db01", Source: src(5)}, {Name: "worker01", Source: src(6)}},
			Groups: []*model.Group{{Name: "prod_web", Source: src(1)}, {Name: "prod_db", Source: src(4)}, {Name: "all"}},
		}},
		Terraform: []*model.TerraformModule{{Resources: []*model.Resource{{Address: "aws_instance.w3", Tags: map[string]string{"Name": "worker03"}}}}},
		Docs:      []*model.Doc{{Title: "Upgrading", Source: model.Source{Path: "docs/upgrade.md", Line: 1}}},
	}
	var stale []model.Finding
	for _, f := range Check(snap, Config{Now: testNow}) {
		if f.Rule == ruleStaleHost {
			stale = append(stale, f)
		}
	}
	matchFindings(t, stale, []want{
		{ruleStaleHost, "docs/upgrade.md:6", []string{"names host web07", "named like web01, at hosts.ini:2"}},
		{ruleStaleHost, "docs/upgrade.md:8", []string{"names group prod_cache"}},
		{ruleStaleHost, "docs/upgrade.md:13", []string{"names host web09"}},
	})
}

// cfgWants are the findings of testdata/cfgdefaults. An ansible.cfg
// default is explicit for every host that does not override it: only
// billing01, whose group overrides python, is reported. inventory/ is
// ansible.cfg's default inventory, and ansible skips production.ini in it.
var cfgWants = []want{
	{ruleHostPython, "inventory/hosts:9", []string{"host billing01 has no ansible_python_interpreter on its line", `it gets "/usr/bin/python3.6" from a group`}},
	{ruleCfgSkips, "ansible.cfg:3", []string{"inventory = inventory/ does not read inventory/production.ini (1 hosts)", "only -i inventory/production.ini reaches them"}},
	{ruleParseWarning, "inventory/production.ini", []string{"ansible ignores *.ini files inside an inventory directory"}},
}

func TestConfigDefaults(t *testing.T) {
	got := Check(loadRepo(t, "testdata/cfgdefaults"), Config{Now: testNow})
	matchFindings(t, got, cfgWants)
}

// CheckFile finds in a file what Check finds there, and nothing elsewhere,
// for every file of the bad repository, documents included.
func TestCheckFileIsCheckInOneFile(t *testing.T) {
	snap := loadRepo(t, "testdata/bad")
	all := Check(snap, Config{Now: testNow})
	byPath := map[string][]model.Finding{}
	for _, f := range all {
		byPath[f.Source.Path] = append(byPath[f.Source.Path], f)
	}
	if len(byPath) < 5 {
		t.Fatalf("findings in %d files: the fixture should break rules in many", len(byPath))
	}
	for rel, want := range byPath {
		if got := CheckFile(snap, Config{Now: testNow}, rel); !slices.Equal(got, want) {
			t.Errorf("CheckFile(%s) = %d findings, want %d:\n got %v\nwant %v", rel, len(got), len(want), got, want)
		}
	}
	if got := CheckFile(snap, Config{Now: testNow}, "no/such/file"); len(got) != 0 {
		t.Errorf("CheckFile of a file without findings: %v", got)
	}
}

// The documents and Terraform files a rule re-reads are read as the parser
// reads them: a file that became a pipe since is not opened (which would
// block lint for good), and one that became a symlink out of the
// repository is not read.
func TestRereadsStayInsideTheRepository(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("web07 holds it\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(root, "link.md")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"pipe.md", "main.tf"} {
		if err := syscall.Mkfifo(filepath.Join(root, name), 0o644); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
	}
	src := func(l int) model.Source { return model.Source{Path: "hosts.ini", Line: l} }
	snap := &model.Snapshot{Repo: "r", Root: root,
		Inventories: []*model.Inventory{{Path: "hosts.ini",
			Hosts:  []*model.Host{{Name: "web01", Source: src(1)}},
			Groups: []*model.Group{{Name: "all"}},
		}},
		Terraform: []*model.TerraformModule{{Variables: []*model.Variable{{Name: "db_password", Sensitive: true, Source: model.Source{Path: "main.tf", Line: 1}}}}},
		Docs:      []*model.Doc{{Title: "pipe", Source: model.Source{Path: "pipe.md", Line: 1}}, {Title: "link", Source: model.Source{Path: "link.md", Line: 1}}},
	}
	done := make(chan []model.Finding)
	go func() { done <- Check(snap, Config{Now: testNow}) }()
	select {
	case got := <-done:
		for _, f := range got {
			if f.Source.Path != "main.tf" && f.Source.Path != "hosts.ini" {
				t.Errorf("a finding from a file outside the repository or a pipe: %+v", f)
			}
		}
	case <-time.After(10 * time.Second):
		t.Fatal("lint blocked on a named pipe")
	}
}
