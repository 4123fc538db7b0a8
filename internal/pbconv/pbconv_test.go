package pbconv

import (
	"reflect"
	"testing"
	"time"

	"handover/internal/index"
	"handover/internal/lint"
	"handover/internal/model"
	"handover/internal/redact"
	"handover/internal/stats"
	"handover/internal/summary"
	pb "handover/proto/handover/v1"
)

func src(path string, line int) model.Source {
	return model.Source{Repo: "acme", Path: path, Line: line}
}

// vars holds a value of every type a parser gives a Var, numbers that
// survive the float64 of google.protobuf.Value, and a redacted secret.
var vars = []model.Var{
	{Name: "ansible_host", Value: "10.0.1.12", Source: &model.Source{Repo: "acme", Path: "hosts.ini", Line: 4}},
	{Name: "ansible_port", Value: int64(2222)},
	{Name: "ansible_ssh_private_key_file", Value: "keys/prod.pem"},
	{Name: "ansible_python_interpreter", Value: "/usr/bin/python3"},
	{Name: "ansible_password", Value: redact.Mask},
	{Name: "ratio", Value: 2.5},
	{Name: "enabled", Value: true},
	{Name: "nothing", Value: nil},
	{Name: "list", Value: []any{"a", int64(-3), 0.25, false, nil}},
	{Name: "map", Value: map[string]any{"k": "v", "n": int64(1) << 40, "nested": map[string]any{"l": []any{}}}},
}

// settings: a sensitive variable's value is never sent, so it has none.
var settings = []model.Setting{{Attr: "instance_type", Variable: "size", Value: "m5.large", Source: src("tf/prod.tfvars", 3)},
	{Attr: "password", Variable: "db_password", Sensitive: true, Source: src("tf/prod.tfvars", 4)}}

var (
	links = []model.Link{{Rel: model.RelCreatedBy, Kind: model.KindResource, Name: "aws_instance.web", Source: src("tf/main.tf", 3), Via: "Name tag web01"}}
	why   = model.Why{Text: "the shop's web server", Source: src("tf/main.tf", 1)}
	steps = []model.Step{{Marker: "1.", Text: "look", Source: src("sops/web.md", 5), Steps: []model.Step{{Marker: "-", Text: "at the logs", Source: src("sops/web.md", 6)}}}}
	secs  = []model.Section{{Heading: "Root cause", Level: 2, Text: "A full *disk*.", Source: src("incidents/web.md", 9)}}
)

// items are fully populated values of every kind; itemExempt names the
// fields that may be zero, and why.
var items = map[model.Kind]model.Item{
	model.KindHost: &model.Host{Name: "web01", Inventory: "hosts.ini", Source: src("hosts.ini", 4), Purpose: "serves the shop",
		PurposeSource: src("hosts.ini", 3), DirectGroups: []string{"prod-web"}, Groups: []string{"prod-web", "production"},
		Env: "production", Cloud: "aws", PurposeGroups: []string{"prod-web"}, Vars: vars, Links: links,
		ConfigDefaults: []model.Var{{Name: "ansible_user", Value: "deploy", Source: &model.Source{Repo: "acme", Path: "ansible.cfg", Line: 4}}},
		NotReadBy:      &model.Source{Repo: "acme", Path: "ansible.cfg", Line: 3}},
	model.KindGroup: &model.Group{Name: "prod-web", Inventory: "hosts.ini", Source: src("hosts.ini", 2), Comment: "web servers",
		Parents: []string{"prod-aws"}, Children: []string{"prod-web-eu"}, Hosts: []string{"web01"}, Depth: 3, Priority: 10,
		Env: "production", Cloud: "aws", Vars: vars, Links: links},
	model.KindResource: &model.Resource{Address: "aws_instance.web", Mode: "managed", Type: "aws_instance", Name: "web", Module: "tf",
		Provider: "aws", ProviderAlias: "eu", Source: src("tf/main.tf", 3), Why: why, Count: "2", ForEach: "var.hosts",
		Region: "eu-west-1", Zone: "eu-west-1a", Tags: map[string]string{"Name": "web01"}, Attrs: vars,
		Instances: []model.Instance{{Key: "[0]", ID: "i-123", Attrs: vars, Source: src("tf/terraform.tfstate", 0)}},
		Expanded:  []model.Instance{{Key: "[1]", Attrs: vars[:1], Source: src("tf/main.tf", 3)}}, Links: links, Inputs: settings},
	model.KindModule: &model.ModuleCall{Name: "vpc", Address: "module.vpc", Module: "tf", From: "./modules/vpc", Version: "1.2.0",
		Count: "1", ForEach: "toset([])", Inputs: vars, Source: src("tf/main.tf", 20), Why: why, Links: links},
	model.KindVariable: &model.Variable{Name: "region", Module: "tf", Description: "where", Type: "string", Default: map[string]any{"a": int64(1)},
		Source: src("tf/variables.tf", 1), Why: why, Settings: settings},
	model.KindTerraformDir: &model.ModuleDir{Dir: "tf", Root: true, RootWhy: "backend s3", Purpose: why,
		Backend:         &model.Backend{Type: "s3", Config: vars[:2], Source: src("tf/backend.tf", 2)},
		RequiredVersion: ">= 1.5", Pins: []model.ProviderPin{{Name: "aws", From: "hashicorp/aws", Version: "~> 5.0", Source: src("tf/versions.tf", 4)}},
		Calls:      []model.CallTarget{{Address: "module.vpc", From: "../modules/vpc", Version: "1.0", Dir: "modules/vpc", Purpose: "the network", Source: src("tf/main.tf", 20)}},
		CalledBy:   []string{"live/prod"},
		DependsOn:  []model.Dependency{{Dir: "network", Via: "data.terraform_remote_state.net", Source: src("tf/main.tf", 30)}},
		VarFiles:   []model.VarFile{{Path: "tf/prod.tfvars", Auto: true, Settings: settings}},
		Terragrunt: "../modules//app", Source: src("tf/main.tf", 0), Part: "tf/prod.tfvars", VarsOnly: true},
	model.KindOutput: &model.Output{Name: "ip", Module: "tf", Description: "the IP", Value: "aws_instance.web.private_ip", Sensitive: true,
		Source: src("tf/outputs.tf", 1), Why: why},
	model.KindProvider: &model.Provider{Name: "aws", Alias: "eu", Module: "tf", Region: "eu-west-1", Attrs: vars, Source: src("tf/providers.tf", 1), Why: why},
	model.KindSOP: &model.SOP{Title: "Restart web", Source: src("sops/web.md", 1), Owners: []string{"marta"}, Tags: []string{"web"},
		Reviewed: "2026-01-02", Summary: "When the shop is down.", Steps: []model.Procedure{{Heading: "Mitigation", Steps: steps}},
		Sections: secs, Links: links},
	model.KindIncident: &model.Incident{Title: "Web down", Source: src("incidents/web.md", 1), Date: "2025-03-18", People: []string{"oleh", "marta"},
		Hours: 4.5, Category: model.CategoryEmergency, Severity: "sev1", SOP: "sops/web.md", Summary: "The shop was down.",
		RootCause: "A full disk.", Involvement: "oleh", Reaction: "paged", Fix: "cleaned up", FollowUp: "alert on disk",
		Sections: secs, Links: links},
	model.KindDoc: &model.Doc{Title: "Architecture", Source: src("docs/architecture.md", 1), Sections: secs, Links: links, Data: true},
	model.KindPlay: &model.Play{Name: "Web servers", Playbook: "playbooks/web.yml", Index: 2, Source: src("playbooks/web.yml", 9),
		Hosts: "prod-frontend:&production", ImportPlaybook: "db.yml", Roles: roleUses, Tasks: tasks, Tags: []string{"web"},
		Become: true, Vars: vars, Links: playLinks},
	model.KindRole: &model.Role{Name: "nginx", Dir: "roles/nginx", Source: src("roles/nginx/tasks/main.yml", 1),
		Readme: "Installs nginx.", ReadmeSource: src("roles/nginx/README.md", 3), Description: "nginx as the shop runs it",
		Dependencies: roleUses, Defaults: vars, Vars: vars[:2], Tasks: tasks, Handlers: tasks[:1],
		Templates: []string{"nginx.conf.j2"}, Links: playLinks},
	model.KindAlert: &model.Alert{Name: "NodeDiskFull", Group: "node", Source: src("monitoring/alerts.yml", 4),
		Expr: "node_filesystem_avail_bytes < 1e9", For: "10m", Severity: "critical", Summary: "Disk almost full",
		Description: "Less than 1 GB free.", RunbookURL: "https://git.example.com/ops/sops/disk-full.md",
		Links: []model.Link{{Rel: model.RelRunbook, Kind: model.KindSOP, Name: "Disk full", Source: src("sops/disk-full.md", 1), Via: "runbook_url"}}},
	model.KindInventorySource: &model.InventorySource{Path: "inventories/prod/aws_ec2.yml", Inventory: "inventories/prod",
		Source: src("inventories/prod/aws_ec2.yml", 2), Comment: "production EC2", Plugin: "amazon.aws.aws_ec2",
		Accounts: []string{"arn:aws:iam::123456789012:role/ro"}, Regions: []string{"eu-west-1"}, Filters: vars[:1],
		KeyedGroups: []string{"prefix role, key tags.Role"}, Groups: vars[:1], Hostnames: []string{"tag:Name"}, Compose: vars[:1],
		Links: links},
}

var (
	tasks = []model.Task{{Name: "Install nginx", Action: "ansible.builtin.apt", Section: "tasks/block", Role: "common",
		File: "extra.yml", Tags: []string{"web"}, Source: src("roles/nginx/tasks/main.yml", 2)}}
	roleUses  = []model.RoleUse{{Name: "nginx", How: "roles", Tags: []string{"web"}, Source: src("playbooks/web.yml", 14), Dir: "roles/nginx"}}
	playLinks = []model.Link{{Rel: model.RelRunsOn, Kind: model.KindHost, Name: "web01", Source: src("hosts.ini", 4), Via: "play Web servers"},
		{Rel: model.RelRuns, Kind: model.KindRole, Name: "nginx", Source: src("roles/nginx/tasks/main.yml", 1)}}
)

var itemExempt = map[string]string{
	"Variable.Sensitive": "a sensitive variable's default is never sent: TestSensitiveDefault",
	"SOP.ReviewedLine":   "for lint, which runs beside the snapshot; the API's sop-review findings carry the line",
	"Host.InheritedVars": "sent merged into Vars, as the index stores it: TestInheritedVarsMerged",
}

// Every registered kind converts to a SearchHit and back to an equal value.
// The registry is iterated, so a new kind fails here until it has a
// fixture and a case in ItemToHit and ItemFromHit; a fixture's zero field
// fails too, so a new field of a kind is converted or exempted on purpose.
func TestItemRoundTrip(t *testing.T) {
	for _, info := range model.Kinds() {
		item, ok := items[info.Kind]
		if !ok {
			t.Errorf("%s: no fixture", info.Kind)
			continue
		}
		checkPopulated(t, item)
		hit, err := ItemToHit(item)
		if err != nil {
			t.Errorf("%s: %v", info.Kind, err)
			continue
		}
		if KindFromProto(hit.GetKind()) != info.Kind {
			t.Errorf("%s: hit kind %v", info.Kind, hit.GetKind())
		}
		back, err := ItemFromHit(hit)
		if err != nil {
			t.Errorf("%s: %v", info.Kind, err)
			continue
		}
		if !reflect.DeepEqual(back, item) {
			t.Errorf("%s: round trip changed it:\n got %#v\nwant %#v", info.Kind, back, item)
		}
	}
	if _, err := ItemFromHit(&pb.SearchHit{Id: "x"}); err == nil {
		t.Error("a hit without a document converted")
	}
}

func checkPopulated(t *testing.T, item model.Item) {
	t.Helper()
	v := reflect.ValueOf(item).Elem()
	for i := range v.NumField() {
		name := v.Type().Name() + "." + v.Type().Field(i).Name
		if v.Field(i).IsZero() && itemExempt[name] == "" {
			t.Errorf("fixture %s is zero: populate it, or exempt it with a reason", name)
		}
	}
}

func TestKindsAndLevelsAreClosed(t *testing.T) {
	seen := map[pb.DocumentKind]bool{}
	for _, info := range model.Kinds() {
		k := KindToProto(info.Kind)
		if k == pb.DocumentKind_DOCUMENT_KIND_UNSPECIFIED || seen[k] || KindFromProto(k) != info.Kind {
			t.Errorf("kind %s: enum %v", info.Kind, k)
		}
		seen[k] = true
	}
	if len(seen) != len(pb.DocumentKind_name)-1 {
		t.Errorf("%d kinds map to %d of the enum's values", len(seen), len(pb.DocumentKind_name)-1)
	}
	for _, l := range []model.Level{model.LevelError, model.LevelWarning, model.LevelNote, model.LevelOff} {
		if p := LevelToProto(l); p == pb.LintLevel_LINT_LEVEL_UNSPECIFIED || LevelFromProto(p) != l {
			t.Errorf("level %s: enum %v", l, p)
		}
	}
	for _, f := range []string{"markdown", "html", "json"} {
		if p := FormatToProto(f); p == pb.SummaryFormat_SUMMARY_FORMAT_UNSPECIFIED || FormatFromProto(p) != f {
			t.Errorf("format %s: enum %v", f, p)
		}
	}
	for _, by := range []stats.Period{"", stats.Month, stats.Quarter} {
		if PeriodFromProto(PeriodToProto(by)) != by {
			t.Errorf("period %q does not survive", by)
		}
	}
	if by := PeriodFromProto(pb.StatsPeriod(9)); by == "" || by == stats.Month {
		t.Errorf("an unknown period reads as %q", by)
	}
}

// Numbers: integral ones come back as int64, others as float64.
func TestVarNumbers(t *testing.T) {
	for _, tt := range []struct{ in, want any }{
		{int64(8080), int64(8080)},
		{8080, int64(8080)},
		{2.5, 2.5},
		{2.0, int64(2)},
		{float64(1 << 60), float64(1 << 60)},
	} {
		if got := VarFromProto(VarToProto(model.Var{Name: "n", Value: tt.in})).Value; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%#v came back as %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

// Conversion adds no secret: a sensitive variable's default never leaves,
// and a redacted value stays redacted.
func TestSensitiveDefault(t *testing.T) {
	v := &model.Variable{Name: "db_password", Sensitive: true, Default: "hunter2", Source: src("tf/variables.tf", 9)}
	p := VariableToProto(v)
	if p.GetDefault() != nil {
		t.Errorf("a sensitive default was sent: %v", p.GetDefault())
	}
	if back := VariableFromProto(p); back.Default != nil || !back.Sensitive {
		t.Errorf("came back as %+v", back)
	}
	h := HostFromProto(HostToProto(items[model.KindHost].(*model.Host)))
	if model.StringVar(h.Vars, "ansible_password") != redact.Mask {
		t.Errorf("the redacted password came back as %q", model.StringVar(h.Vars, "ansible_password"))
	}
	if p := ProblemToProto(model.Problem{Message: "line: ansible_password=hunter2"}); p.GetMessage() == "line: ansible_password=hunter2" {
		t.Errorf("a problem quoting a password is sent as is: %q", p.GetMessage())
	}
}

// A host's inherited variables reach the client merged with its own, its
// own winning by name, and come back all in Vars.
func TestInheritedVarsMerged(t *testing.T) {
	h := &model.Host{Name: "web01", Source: src("hosts.ini", 4),
		Vars:          []model.Var{{Name: "ansible_host", Value: "10.0.1.12"}, {Name: "port", Value: int64(8080)}},
		InheritedVars: []model.Var{{Name: "env", Value: "prod"}, {Name: "port", Value: int64(80)}, {Name: "zone", Value: "a"}}}
	back := HostFromProto(HostToProto(h))
	want := []model.Var{{Name: "ansible_host", Value: "10.0.1.12"}, {Name: "env", Value: "prod"}, {Name: "port", Value: int64(8080)}, {Name: "zone", Value: "a"}}
	if !reflect.DeepEqual(back.Vars, want) || back.InheritedVars != nil {
		t.Errorf("came back with Vars %+v, InheritedVars %+v; want Vars %+v", back.Vars, back.InheritedVars, want)
	}
}

func TestReportsRoundTrip(t *testing.T) {
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: round trip changed it:\n got %#v\nwant %#v", what, got, want)
		}
	}
	f := model.Finding{Rule: "host-purpose", Level: model.LevelWarning, Message: "no purpose", Source: src("hosts.ini", 4), Fix: "comment it"}
	check("finding", FindingFromProto(FindingToProto(f)), f)
	r := lint.Rule{ID: "host-purpose", Level: model.LevelOff, Summary: "hosts say why", Help: "write a comment"}
	check("lint rule", LintRuleFromProto(LintRuleToProto(r)), r)
	p := model.Problem{Source: src("hosts.ini", 7), Severity: model.SeverityWarning, Message: "odd line"}
	check("problem", ProblemFromProto(ProblemToProto(p)), p)

	info := index.RepoInfo{Name: "acme", Root: "/srv/acme", IndexedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Docs: map[model.Kind]int{model.KindHost: 3, model.KindGroup: 2}, Hosts: 3, Inventories: 1, Files: 9, Problems: []model.Problem{p}}
	check("repository", RepoFromProto(RepoToProto(info)), info)

	doc := &summary.Document{Title: "Onboarding", Subtitle: "acme", Generated: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		Sections: []summary.Section{{ID: summary.SectionHosts, Title: "Hosts", Intro: "every host",
			Table: &summary.Table{Columns: []string{"host", "why"}, Rows: [][]summary.Cell{{{Text: "web01", Source: src("hosts.ini", 4)}, {Text: "shop"}}}},
			Lines: []summary.Line{{Text: "web01", Source: src("hosts.ini", 4), Level: summary.LevelWarning,
				Lines: []summary.Line{{Text: "no key", Source: src("hosts.ini", 4)}}}}}}}
	check("summary document", DocumentFromProto(DocumentToProto(doc)), doc)

	day := func(s string) time.Time { return date(s) }
	period := stats.PeriodStats{Period: "2025-Q1", Start: day("2025-01-01"), End: day("2025-03-31"), Incidents: 2, PerPerson: 0.5,
		AvgHours: 3, IncidentLoss: 6, InternalHours: 40, TotalLoss: 46, ByCategory: map[string]int{"emergency": 2},
		ByPerson: map[string]int{"oleh": 2}, HoursByCategory: map[string]float64{"emergency": 6}}
	total := period
	total.Period = "total"
	rep := &stats.Report{By: stats.Quarter, TeamSize: 4, Periods: []stats.PeriodStats{period}, Totals: total,
		People: []string{"oleh"}, Categories: []string{"emergency"}, Skipped: []string{"x.md: no date"},
		Practices: []stats.Practice{{Date: day("2025-02-01"), Label: "SOPs"}}}
	check("stats", StatsFromProto(StatsToProto(rep)), rep)
}
