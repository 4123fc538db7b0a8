package index

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bindex "github.com/blevesearch/bleve_index_api"

	"handover/internal/model"
)

// secrets are what must never reach the disk or an answer.
var secrets = []string{
	"hunter2-Sup3rS3cret",
	"tok9f8e7d6c5b4a",
	"66386439653236336462",                // vault payload
	"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAA", // private key body
	"AKIAIOSFODNN7EXAMPLE",
	"n3st3dP4ss",
	"ghp_R4nd0mT0k3nValueThatIsLongEnough12",
	"cmdl1neS3cret",
	"c0mmentS3cret",
	"xoxb-1234567890-abcdefghij",
	"pr0blemS3cret",
	"gr0upVaultS3cret",
	"tfS3nsitiveDefault",
	"tfAttrPassw0rd",
	"stat3DbPassw0rd",
	"t4gT0kenValue",
	"s0pStepS3cret",
	"inc1dentS3cret",
	"d0cS3cret",
	"f1ndingS3cret",
	"h1storyS3cret",
	// Issue 11: the canaries that leaked before the detector, one per path.
	"urlIn1S3cret", "urlGr0upS3cret", "urlT4gS3cret", "urlDefS3cret", "urlOutS3cret",
	"urlS0pS3cret", "urlInc1dentS3cret", "urlM0duleS3cret",
	"dbPassS3cret", "mysqlPwdS3cret", "redisAuthS3cret", "smtpPassS3cret", "ldapBindS3cret",
	"adminPassDefS3cret", "adminPassAttrS3cret",
	"exportS3cret", "curlUserS3cret", "mysqlFlagS3cret", "bearerS3cret", "YmFzaWNTM2NyZXQ=",
	"passwordFlagS3cret", "sshpassS3cret",
	"pr0seHostS3cret", "pr0seTfS3cret", "pr0seS0pS3cret", "d0cAdminS3cret", "headingS3cret",
	"docHeadingS3cret", "c0mmitS3cret", "parseErrS3cret", "tfParseErrS3cret",
	"playNameS3cret", "taskNameS3cret",
	"tfvarsSensitiveS3cret", "tfvarsPassS3cret", "backendKeyS3cret", "tfvarsUrlS3cret",
}

const (
	keyFile = "/home/deploy/.ssh/deploy_id_ed25519"
	pem     = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAA\n-----END OPENSSH PRIVATE KEY-----"
	vault   = "$ANSIBLE_VAULT;1.1;AES256\n66386439653236336462\n"
)

func secretSnapshot() *model.Snapshot {
	inv := "inventories/prod/hosts.ini"
	return &model.Snapshot{
		Repo: "vaulted", Root: "/srv/vaulted",
		Problems: []model.Problem{{Source: model.Source{Path: "group_vars/all.yml", Line: 3}, Severity: model.SeverityError,
			Message: "cannot parse line: db_password=pr0blemS3cret"}},
		Inventories: []*model.Inventory{{
			Path: inv,
			Problems: []model.Problem{{Source: model.Source{Path: inv, Line: 9}, Severity: model.SeverityError,
				Message: `unexpected token in "backup ansible_host=10.0.0.9 db_pass=parseErrS3cret"`}},
			Hosts: []*model.Host{{
				Name: "secret-01", Inventory: inv, Source: model.Source{Path: inv, Line: 4},
				Purpose: "Billing backend. The admin password: c0mmentS3cret is temporary.\n" +
					"Until Friday the password is pr0seHostS3cret.\n" + pem,
				Env: "production", Groups: []string{"billing"}, PurposeGroups: []string{"billing"},
				Vars: []model.Var{
					{Name: "ansible_ssh_private_key_file", Value: keyFile},
					{Name: "db_password", Value: "hunter2-Sup3rS3cret"},
					{Name: "api_token", Value: "tok9f8e7d6c5b4a"},
					{Name: "app_secret_blob", Value: vault},
					{Name: "deploy_key", Value: pem},
					{Name: "aws_key_id", Value: "AKIAIOSFODNN7EXAMPLE"},
					{Name: "db", Value: map[string]any{"user": "billing", "password": "n3st3dP4ss"}},
					{Name: "tokens", Value: []any{"ghp_R4nd0mT0k3nValueThatIsLongEnough12"}},
					{Name: "extra_args", Value: "--verbose --password=cmdl1neS3cret"},
					{Name: "db_url", Value: "postgres://app:urlIn1S3cret@db01/billing"},
					{Name: "db_pass", Value: "dbPassS3cret"},
					{Name: "mysql_pwd", Value: "mysqlPwdS3cret"},
					{Name: "redis_auth", Value: "redisAuthS3cret"},
					{Name: "mail", Value: map[string]any{"relay": map[string]any{"host": "smtp.example.com", "smtp_pass": "smtpPassS3cret"}}},
					{Name: "ldap", Value: []any{map[string]any{"uri": "ldaps://ldap01", "ldap_bind_pw": "ldapBindS3cret"}}},
				},
			}},
			Groups: []*model.Group{{
				Name: "billing", Inventory: inv, Source: model.Source{Path: inv, Line: 1},
				Comment: "Billing. Slack bot xoxb-1234567890-abcdefghij posts alerts.",
				Hosts:   []string{"secret-01"},
				Vars: []model.Var{{Name: "vaulted", Value: "$ANSIBLE_VAULT;1.1;AES256\ngr0upVaultS3cret"},
					{Name: "git_remote", Value: "https://deploy:urlGr0upS3cret@git.example.com/billing.git"}},
			}},
		}},
		Terraform: []*model.TerraformModule{{
			Dir: "terraform",
			Info: model.ModuleDir{Dir: "terraform", Root: true, RootWhy: "backend s3", Source: model.Source{Path: "terraform/main.tf"},
				Backend: &model.Backend{Type: "s3", Config: []model.Var{{Name: "bucket", Value: "state"}, {Name: "access_key", Value: "backendKeyS3cret"}}},
				VarFiles: []model.VarFile{{Path: "terraform/prod.tfvars", Settings: []model.Setting{
					{Variable: "db_pass", Sensitive: true, Value: "tfvarsSensitiveS3cret", Source: model.Source{Path: "terraform/prod.tfvars", Line: 1}},
					{Variable: "admin_password", Value: "tfvarsPassS3cret", Source: model.Source{Path: "terraform/prod.tfvars", Line: 2}},
					{Variable: "replica_dsn", Value: "postgres://app:tfvarsUrlS3cret@db", Source: model.Source{Path: "terraform/prod.tfvars", Line: 3}},
				}}}},
			Problems: []model.Problem{{Source: model.Source{Path: "terraform/db.tf", Line: 20}, Severity: model.SeverityError,
				Message: `Invalid expression: password = "tfParseErrS3cret`}},
			Resources: []*model.Resource{{
				Address: "aws_db_instance.billing", Mode: "managed", Type: "aws_db_instance", Name: "billing",
				Module: "terraform", Provider: "aws", Region: "eu-west-1", Source: model.Source{Path: "terraform/db.tf", Line: 3},
				Why:  model.Why{Text: "Billing DB; master password=tfAttrPassw0rd until rotated; the password is pr0seTfS3cret"},
				Tags: map[string]string{"Name": "billing-db", "api_token": "t4gT0kenValue", "Endpoint": "postgres://app:urlT4gS3cret@db"},
				Attrs: []model.Var{{Name: "password", Value: "tfAttrPassw0rd"}, {Name: "instance_class", Value: "db.t3.large"},
					{Name: "admin_pass", Value: "adminPassAttrS3cret"}},
				Instances: []model.Instance{{Key: "", ID: "db-1", Attrs: []model.Var{
					{Name: "password", Value: "stat3DbPassw0rd"}, {Name: "address", Value: "billing.rds.example"}}}},
			}},
			Variables: []*model.Variable{{Name: "db_pass", Module: "terraform", Sensitive: true, Default: "tfS3nsitiveDefault",
				Source: model.Source{Path: "terraform/variables.tf", Line: 1}},
				{Name: "admin_pass", Module: "terraform", Default: "adminPassDefS3cret", Source: model.Source{Path: "terraform/variables.tf", Line: 5}},
				{Name: "replica_dsn", Module: "terraform", Default: "postgres://app:urlDefS3cret@db", Source: model.Source{Path: "terraform/variables.tf", Line: 9}}},
			Outputs: []*model.Output{{Name: "dsn", Module: "terraform", Value: `"postgres://app:urlOutS3cret@${aws_db_instance.billing.address}"`,
				Source: model.Source{Path: "terraform/outputs.tf", Line: 1}}},
			Modules: []*model.ModuleCall{{Name: "vpc", Address: "module.vpc", Module: "terraform",
				From: "git::https://deploy:urlM0duleS3cret@git.example.com/modules/vpc.git", Source: model.Source{Path: "terraform/main.tf", Line: 1}}},
		}},
		SOPs: []*model.SOP{{Title: "Rotate billing DB", Source: model.Source{Path: "sops/rotate.md", Line: 1},
			Summary: "Until the rotation the password is pr0seS0pS3cret.",
			Steps: []model.Procedure{{Steps: []model.Step{{Marker: "1.", Text: "Log in with --password=s0pStepS3cret"}}},
				{Heading: "Unlock with passphrase=headingS3cret", Steps: []model.Step{
					{Marker: "1.", Text: "export DB_PASS=exportS3cret"},
					{Marker: "2.", Text: "curl -u admin:curlUserS3cret https://jenkins/api/json"},
					{Marker: "3.", Text: "mysql -h db01 -u root -pmysqlFlagS3cret billing"},
					{Marker: "4.", Text: `curl -H "Authorization: Bearer bearerS3cret" https://api`},
					{Marker: "5.", Text: "curl -H 'Authorization: Basic YmFzaWNTM2NyZXQ=' https://api"},
					{Marker: "6.", Text: "pg_dump --password=passwordFlagS3cret billing"},
					{Marker: "7.", Text: "sshpass -p sshpassS3cret ssh deploy@secret-01"},
					{Marker: "8.", Text: "git clone https://deploy:urlS0pS3cret@git.example.com/billing.git"},
				}}}}},
		Incidents: []*model.Incident{{Title: "Billing down", Source: model.Source{Path: "incidents/a.md", Line: 1},
			RootCause: "token: inc1dentS3cret was committed to postgres://app:urlInc1dentS3cret@db",
			Sections:  []model.Section{{Heading: "Root cause", Text: "token: inc1dentS3cret was committed"}}}},
		History: &model.History{Head: model.Commit{Subject: "rotate: password=h1storyS3cret; the password is now c0mmitS3cret"},
			Files: map[string]*model.FileHistory{"NOTES.md": {Path: "NOTES.md", Commits: []model.Commit{{Subject: "token: h1storyS3cret"}}}},
			Lines: map[string]map[int]model.LineChange{"NOTES.md": {3: {Line: 3, Commit: model.Commit{Subject: "secret=h1storyS3cret"}}}}},
		Findings: []model.Finding{{Rule: "plaintext-secret", Level: model.LevelError, Source: model.Source{Path: "NOTES.md", Line: 3},
			Message: "password: f1ndingS3cret in plain text", Fix: "vault it instead of token=f1ndingS3cret"}},
		Plays: []*model.Play{{Name: "Deploy billing (the password is playNameS3cret)", Playbook: "site.yml", Index: 1,
			Source: model.Source{Path: "site.yml", Line: 1}, Hosts: "billing",
			Tasks: []model.Task{{Name: "mysql -u root -ptaskNameS3cret -e 'select 1'", Section: "tasks", Source: model.Source{Path: "site.yml", Line: 5}}}}},
		Docs: []*model.Doc{{Title: "Notes", Source: model.Source{Path: "NOTES.md", Line: 1},
			Sections: []model.Section{{Heading: "Access", Text: "secret=d0cS3cret\nGrafana login: admin / d0cAdminS3cret", Source: model.Source{Path: "NOTES.md", Line: 3}},
				{Heading: "Old token=docHeadingS3cret", Text: "rotated", Source: model.Source{Path: "NOTES.md", Line: 9}}}}},
	}
}

func TestSecretsNeverStoredNorAnswered(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	replace(t, s, secretSnapshot())
	ctx := context.Background()

	var answers bytes.Buffer
	record := func(v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if err := json.NewEncoder(&answers).Encode(v); err != nil {
			t.Fatal(err)
		}
	}
	for _, text := range append([]string{"", "billing", "password", "secret", "key", "token", "ansible_vault", "private"}, secrets...) {
		record(s.Search(ctx, Query{Text: text, Highlight: true, Facets: []string{"env", "group", "name", "path", "tag"}}))
	}
	record(s.Host(ctx, "", "secret-01"))
	hosts, _, _, err := s.Hosts(ctx, Filter{}, 10, "")
	record(hosts, err)
	record(s.Repos(), nil)
	for f := range keywordFields {
		record(s.Values(f), nil)
	}
	// Dictionaries of every indexed field: a secret split in words would
	// show up here even where stored data is compressed on disk.
	g, _ := s.acquire("vaulted")
	defer releaseAll(g) // before the store's cleanup, which waits for it
	for _, f := range fieldSpecs {
		record(g[0].fieldValues(f.name), nil)
	}
	record(g[0].fieldValues(fieldAll), nil)
	// Every stored field of every document, as the index returns it: zap
	// compresses stored fields, so the grep of files below cannot see them.
	all, err := s.Search(ctx, Query{PageSize: 100})
	if err != nil || all.Total != 15 {
		t.Fatalf("all = %d documents, %v", all.Total, err)
	}
	var stored strings.Builder
	for _, h := range all.Hits {
		doc, err := g[0].index.Document(h.ID)
		if err != nil {
			t.Fatal(err)
		}
		doc.VisitFields(func(f bindex.Field) {
			stored.WriteString(f.Name() + "=" + string(f.Value()) + "\n")
		})
	}
	record(stored.String(), nil)
	if !strings.Contains(stored.String(), "doc={") || !strings.Contains(stored.String(), keyFile) {
		t.Errorf("stored fields lack the document or the key file path:\n%s", stored.String())
	}

	out := answers.String()
	for _, sec := range secrets {
		if strings.Contains(out, sec) {
			t.Errorf("an answer contains %q", sec)
		}
	}
	for _, want := range []string{keyFile, "[redacted]", "Billing backend. The admin password: [redacted:password]",
		"[redacted:url-credentials]", "[redacted:bearer-token]", "[redacted:basic-auth]"} {
		if !strings.Contains(out, want) {
			t.Errorf("answers lack %q", want)
		}
	}

	// And nothing on disk, in every file of the data directory: the meta
	// files, scorch's bolt file and the segments' uncompressed parts.
	files := 0
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, sec := range secrets {
			if bytes.Contains(b, []byte(sec)) {
				t.Errorf("%s contains %q", path, sec)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 4 {
		t.Errorf("only %d files searched", files)
	}
}
