package explain

import (
	"context"
	"errors"
	"handover/internal/lint"
	"handover/internal/model"
	"handover/internal/redact"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handover/internal/config"
	"handover/internal/index"
	"handover/internal/ingest"
)

// indexRepo indexes the repository at root as "acme" in a fresh store.
func indexRepo(t testing.TB, root string) *index.Store {
	t.Helper()
	store, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	r := ingest.NewReindexer(store, []config.Repo{{Name: "acme", Path: root}}, log)
	res, err := r.Reindex(context.Background(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range res {
		if x.Err != nil {
			t.Fatal(x.Err)
		}
	}
	return store
}

func explainAt(t *testing.T, e *Explainer, r Request) *Answer {
	t.Helper()
	r.Repo = "acme"
	a, err := e.Explain(context.Background(), r)
	if err != nil {
		t.Fatalf("%s:%d: %v", r.Path, r.Line, err)
	}
	return a
}

func TestExplainExample(t *testing.T) {
	e := New(indexRepo(t, "../../examples/acme-infra"))
	const hosts = "inventories/production/hosts.ini"
	tests := []struct {
		req                Request
		subject            Subject
		name, detail, item string // item: the card's kind, "" for none
	}{
		{Request{Path: hosts, Line: 32}, SubjectHost, "jenkins01.prod.aws.acme-shop.internal", "", "host"},
		{Request{Path: hosts, Line: 30}, SubjectGroup, "prod-ci", "", "group"},
		{Request{Path: hosts, Line: 32, Column: 60}, SubjectVariable, "ansible_ssh_private_key_file", "set for host jenkins01.prod.aws.acme-shop.internal", ""},
		{Request{Path: "inventories/production/group_vars/all.yml", Line: 5}, SubjectVariable, "ansible_user", "set for group all", ""},
		{Request{Path: "inventories/production/group_vars/all.yml", Line: 8}, SubjectVariable, "ntp_servers", "set for group all", ""},
		{Request{Path: "inventories/staging/hosts.yml", Line: 67}, SubjectVariable, "ansible_user", "set for group staging", ""},
		{Request{Path: "playbooks/web.yml", Line: 8}, SubjectPlay, "Storefront web tier", "", "play"},
		{Request{Path: "roles/nginx/tasks/main.yml", Line: 5}, SubjectTask, "Install nginx", "ansible.builtin.apt", "role"},
		{Request{Path: "roles/nginx/handlers/main.yml", Line: 2}, SubjectTask, "reload nginx", "ansible.builtin.service", "role"},
		{Request{Path: "sops/postgres-failover.md", Line: 21}, SubjectStep, "", "", "sop"},
		{Request{Path: "terraform/production/aws/ci.tf", Line: 5}, SubjectTerraform, "aws_instance.jenkins", "", "resource"},
		{Request{Path: "terraform/production/aws/ci.tf", Line: 9}, SubjectTerraform, "instance_type", "attribute of aws_instance.jenkins", "resource"},
		{Request{Path: "terraform/production/aws/main.tf", Line: 56}, SubjectTerraform, "source", "attribute of module.vpc", "module"},
	}
	for _, tt := range tests {
		a := explainAt(t, e, tt.req)
		kind := ""
		if a.Item != nil {
			kind = string(a.Item.Kind())
		}
		if a.Subject != tt.subject || (tt.name != "" && a.Name != tt.name) || (tt.detail != "" && a.Detail != tt.detail) || kind != tt.item {
			t.Errorf("%s:%d: got %s %q (%q, item %q), want %s %q (%q, item %q)", tt.req.Path, tt.req.Line,
				a.Subject, a.Name, a.Detail, kind, tt.subject, tt.name, tt.detail, tt.item)
		}
		if a.LastChange == nil && a.Subject != SubjectFile {
			// The example is a git work tree in the project's checkout.
			t.Logf("%s:%d: no history", tt.req.Path, tt.req.Line)
		}
	}
	a := explainAt(t, e, Request{Path: "inventories/production/group_vars/all.yml", Line: 5})
	if a.AffectedHosts < 10 || len(a.Values) != MaxValues {
		t.Errorf("ansible_user in group_vars/all.yml reaches %d hosts, %d listed", a.AffectedHosts, len(a.Values))
	}
}

// The chain of a variable is Ansible's precedence, and its first setting
// is the effective value package inventory computed (checked against
// ansible-inventory in its oracle tests).
func TestExplainPrecedence(t *testing.T) {
	e := New(indexRepo(t, "testdata/precedence"))
	a := explainAt(t, e, Request{Path: "inventory/group_vars/prod.yml", Line: 3})
	if a.Subject != SubjectVariable || a.Name != "ansible_user" || a.AffectedHosts != 2 {
		t.Fatalf("got %s %q reaching %d hosts", a.Subject, a.Name, a.AffectedHosts)
	}
	want := map[string][]string{
		"web01": {"inventory/host_vars/web01.yml:1", "inventory/hosts.ini:13", "inventory/group_vars/prod.yml:3",
			"inventory/group_vars/all.yml:2", "inventory/hosts.ini:9", "inventory/hosts.ini:2"},
		"web02": {"inventory/group_vars/prod.yml:3", "inventory/group_vars/all.yml:2", "inventory/hosts.ini:9", "inventory/hosts.ini:2"},
	}
	for _, hv := range a.Values {
		var got []string
		for _, s := range hv.Chain {
			got = append(got, s.Source.String())
		}
		if !slices.Equal(got, want[hv.Host]) {
			t.Errorf("%s: chain %v, want %v", hv.Host, got, want[hv.Host])
		}
		if !hv.Set || hv.Value != hv.Chain[0].Value {
			t.Errorf("%s: effective value %v, chain starts with %v", hv.Host, hv.Value, hv.Chain[0].Value)
		}
	}
	// Secrets stay redacted, in the value and in the chain.
	a = explainAt(t, e, Request{Path: "inventory/hosts.ini", Line: 19, Column: 6})
	if a.Name != "db_password" || len(a.Values) != 1 || a.Values[0].Value != redact.Mask || a.Values[0].Chain[0].Value != redact.Mask {
		t.Errorf("db_password: %+v", a.Values)
	}
	// An unsaved buffer stands in for the file: the variable moved a line down.
	buf := "---\n# production logs in as ops\n\nansible_user: sre\n"
	a = explainAt(t, e, Request{Path: "inventory/group_vars/prod.yml", Line: 4, Content: buf, HasContent: true})
	if a.Name != "ansible_user" || a.Values[1].Chain[0].Source.Line != 4 || a.Values[1].Chain[0].Value != "sre" {
		t.Errorf("unsaved buffer: %+v", a.Values)
	}
}

func TestExplainErrors(t *testing.T) {
	e := New(indexRepo(t, "testdata/precedence"))
	for _, r := range []Request{
		{Repo: "acme", Path: "../etc/passwd", Line: 1},
		{Repo: "acme", Path: "inventory/hosts.ini", Line: 0},
		{Repo: "", Path: "inventory/hosts.ini", Line: 1},
	} {
		if _, err := e.Explain(context.Background(), r); !isRequestError(err) {
			t.Errorf("%+v: %v, want a RequestError", r, err)
		}
	}
	for _, r := range []Request{
		{Repo: "nope", Path: "inventory/hosts.ini", Line: 1},
		{Repo: "acme", Path: "no/such/file", Line: 1},
	} {
		if _, err := e.Explain(context.Background(), r); !errors.Is(err, index.ErrNotFound) {
			t.Errorf("%+v: %v, want ErrNotFound", r, err)
		}
	}
}

// Explain reads a file as indexing does: a symlink out of the repository
// is refused, never read.
func TestExplainStaysInside(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "hosts.ini"), []byte("[web]\nweb01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "passwd"), []byte("root:x:0:0::/root:/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "passwd"), filepath.Join(root, "notes.md")); err != nil {
		t.Fatal(err)
	}
	e := New(indexRepo(t, root))
	_, err := e.Explain(context.Background(), Request{Repo: "acme", Path: "notes.md", Line: 1})
	if !isRequestError(err) || !strings.Contains(err.Error(), "outside the repository") {
		t.Errorf("explain notes.md -> outside: %v, want a RequestError saying it is outside", err)
	}
}

func isRequestError(err error) bool {
	_, ok := errors.AsType[*RequestError](err)
	return ok
}

func TestLintBuffer(t *testing.T) {
	e := New(indexRepo(t, "testdata/precedence"))
	ctx := context.Background()
	saved, err := os.ReadFile("testdata/precedence/inventory/hosts.ini")
	if err != nil {
		t.Fatal(err)
	}
	// A host line without its purpose comment, only in the buffer.
	buf := strings.Replace(string(saved), "# the admin app\n", "", 1)
	got, err := e.LintBuffer(ctx, "acme", "inventory/hosts.ini", []byte(buf), lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasFinding(got, "host-purpose", 14) {
		t.Errorf("buffer without web02's comment: %v", got)
	}
	got, err = e.LintBuffer(ctx, "acme", "inventory/hosts.ini", saved, lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if hasFinding(got, "host-purpose", 14) {
		t.Errorf("saved file: %v", got)
	}
	// A group_vars file is linted with its inventory.
	got, err = e.LintBuffer(ctx, "acme", "inventory/group_vars/prod.yml", []byte("db_password: hunter2\n"), lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range got {
		if f.Source.Path != "inventory/group_vars/prod.yml" || strings.Contains(f.Message, "hunter2") {
			t.Errorf("finding %+v", f)
		}
	}
	if len(got) == 0 {
		t.Error("a plain-text password in group_vars: no finding")
	}
}

func hasFinding(fs []model.Finding, rule string, line int) bool {
	for _, f := range fs {
		if f.Rule == rule && f.Source.Line == line {
			return true
		}
	}
	return false
}

// The redacted texts a buffer lint keeps for the next are redacted ones,
// and only the last lint's.
func TestRedactedTextsKeepTheLastLint(t *testing.T) {
	var r redactedTexts
	secret := model.Finding{Message: "db_password: hunter2 in the file", Fix: "vault it"}
	for range 2 { // the second time from what the first kept
		fs := []model.Finding{secret, {Message: "plain", Fix: "vault it"}}
		r.redact(fs)
		if strings.Contains(fs[0].Message, "hunter2") || fs[1].Message != "plain" || fs[0].Fix != "vault it" {
			t.Fatalf("redacted: %+v", fs)
		}
	}
	r.redact([]model.Finding{{Message: "other"}})
	if _, ok := r.last[secret.Message]; ok || len(r.last) != 2 {
		t.Errorf("kept %v, want only the last lint's texts", r.last)
	}
}
