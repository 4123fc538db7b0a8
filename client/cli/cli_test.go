package cli

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handover/internal/config"
	"handover/server/servertest"
)

// serveExample runs handoverd on 127.0.0.1 over the bundled example
// repository, the one `make run` serves, and returns its address once the
// first index is built.
func serveExample(t testing.TB) string {
	t.Helper()
	return serveRepo(t, "../../examples/acme-infra")
}

// serveRepo runs handoverd over the repository at root, named acme.
func serveRepo(t testing.TB, root string) string {
	t.Helper()
	return serveRepos(t, []config.Repo{{Name: "acme", Path: root}})
}

// serveRepos runs handoverd over repos and returns its address once every
// one is indexed.
func serveRepos(t testing.TB, repos []config.Repo) string {
	t.Helper()
	return servertest.Start(t, repos...)
}

func run(t testing.TB, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"ask"},
		{"host"},
		{"host", "a", "b"},
		{"hosts", "--no-such-flag"},
		{"repos", "-o", "xml"}, // yaml is a format now
	} {
		if _, stderr, code := run(t, args...); code != ExitUsage || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want %d and a message", args, code, stderr, ExitUsage)
		}
	}
}

// Lint runs without a server, on the client's own seed inventory.
func TestLintSeedLocally(t *testing.T) {
	// The README tour's file, as a user runs it from the project root.
	seed := "../../examples/seed/inventory-after.ini"
	out, stderr, code := run(t, "--addr", "127.0.0.1:1", "lint", seed)
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1 (errors found): %s%s", code, out, stderr)
	}
	for _, want := range []string{
		seed + ":2: error: [all] lists production",
		seed + ":7: error: [production:children] lists prod-gcp",
		"host Host2 is declared twice with different ansible_ssh_private_key_file",
		seed + ":34: warning: host Host3 has no purpose comment",
		"[host-ssh-key]", "[host-python]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lint of the seed lacks %q:\n%s", want, out)
		}
	}

	out, _, _ = run(t, "lint", "-o", "sarif", seed)
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string                `json:"name"`
					Rules []struct{ ID string } `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil {
		t.Fatalf("sarif: %v\n%s", err, out)
	}
	if sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || sarif.Runs[0].Tool.Driver.Name != "handover" || len(sarif.Runs[0].Results) == 0 {
		t.Fatalf("sarif = %+v", sarif)
	}
	r := sarif.Runs[0].Results[0]
	if r.RuleID == "" || r.Level == "" || len(r.Locations) == 0 || r.Locations[0].PhysicalLocation.Region.StartLine == 0 ||
		!strings.HasSuffix(r.Locations[0].PhysicalLocation.ArtifactLocation.URI, "inventory-after.ini") {
		t.Errorf("first result = %+v", r)
	}

	out, _, code = run(t, "lint", "--rules")
	if code != ExitOK || !strings.Contains(out, "host-purpose") || !strings.Contains(out, "plaintext-secret") {
		t.Errorf("lint --rules: exit %d\n%s", code, out)
	}
	if _, stderr, code := run(t, "lint", "-o", "csv", seed); code != ExitUsage || !strings.Contains(stderr, "table, json, sarif") {
		t.Errorf("lint -o csv: exit %d %q", code, stderr)
	}
	bad := filepath.Join(t.TempDir(), "handover.ini")
	if err := os.WriteFile(bad, []byte("[lint]\nhost-purpose = error\nno-such-rule = off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, "lint", "--config", bad, seed); code != ExitUsage || !strings.Contains(stderr, bad+`:3: unknown lint rule "no-such-rule"`) {
		t.Errorf("unknown rule in [lint]: exit %d, %q", code, stderr)
	}
	// The [lint] section of a handover.ini re-levels and switches off rules.
	ini := filepath.Join(t.TempDir(), "handover.ini")
	if err := os.WriteFile(ini, []byte("[lint]\nall-lists-groups = warning\nundefined-child = off\nhost-conflict = off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = run(t, "lint", "--config", ini, seed)
	if code != ExitOK || strings.Contains(out, "undefined-child") || !strings.Contains(out, ":2: warning: [all] lists production") {
		t.Errorf("lint with [lint] levels: exit %d\n%s", code, out)
	}
}

// closedAddr is an address on 127.0.0.1 where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()
	return addr
}

func TestServerNotRunning(t *testing.T) {
	addr := closedAddr(t)
	_, stderr, code := run(t, "--addr", addr, "--timeout", "3s", "ask", "jenkins")
	if code != ExitInternal || !strings.Contains(stderr, "not running at "+addr) || !strings.Contains(stderr, "make run") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestExampleEndToEnd(t *testing.T) {
	addr := serveExample(t)

	t.Run("ask production aws", func(t *testing.T) {
		out, stderr, code := run(t, "--addr", addr, "ask", "what runs in production on aws")
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{"jenkins01.prod.aws.acme-shop.internal", "pg-primary01.prod.aws.acme-shop.internal",
			"production · aws · prod-ci", "inventories/production/hosts.ini:"} {
			if !strings.Contains(out, want) {
				t.Errorf("answer lacks %q:\n%s", want, out)
			}
		}
		for _, never := range []string{"prod-gcp", "prometheus01", "staging"} {
			if strings.Contains(out, never) {
				t.Errorf("answer to production on aws mentions %q:\n%s", never, out)
			}
		}
	})

	t.Run("ask jenkins why", func(t *testing.T) {
		out, _, code := run(t, "--addr", addr, "-o", "json", "ask", "where does jenkins run and why")
		if code != ExitOK {
			t.Fatalf("exit %d", code)
		}
		var resp struct {
			Hosts []struct {
				Host struct{ Name, Env, Cloud string }
				Why  string
			}
		}
		if err := json.Unmarshal([]byte(out), &resp); err != nil {
			t.Fatal(err)
		}
		names := map[string]string{}
		for _, h := range resp.Hosts {
			names[h.Host.Name] = h.Why
		}
		why, ok := names["jenkins-agent02.prod.aws.acme-shop.internal"]
		if !ok || !strings.Contains(why, "pushes them to ECR") {
			t.Errorf("jenkins-agent02 missing or without its purpose: %v", names)
		}
		for name := range names {
			if !strings.Contains(name, "jenkins") {
				t.Errorf("non-jenkins host %s in the answer", name)
			}
		}
	})

	t.Run("host", func(t *testing.T) {
		out, _, code := run(t, "--addr", addr, "host", "pg-primary01.prod.aws.acme-shop.internal")
		if code != ExitOK {
			t.Fatalf("exit %d", code)
		}
		// Each variable says the file and line it was set on.
		for _, want := range []string{"PostgreSQL 15 primary", "prod-db", "private_keys/acme-prod-aws.pem", "/usr/bin/python3",
			"from inventories/production/hosts.ini:54", "from inventories/production/group_vars/prod-db/main.yml:3"} {
			if !strings.Contains(out, want) {
				t.Errorf("host output lacks %q:\n%s", want, out)
			}
		}
		if !strings.Contains(out, "[redacted]") || strings.Contains(strings.ToLower(out), "$ansible_vault") {
			t.Errorf("secrets not redacted:\n%s", out)
		}
		_, stderr, code := run(t, "--addr", addr, "host", "no-such-host")
		if code != ExitNotFound || !strings.Contains(stderr, "no-such-host") {
			t.Errorf("unknown host: exit %d, %q", code, stderr)
		}
	})

	t.Run("hosts and search", func(t *testing.T) {
		out, _, code := run(t, "--addr", addr, "hosts", "--env", "production", "--cloud", "gcp")
		if code != ExitOK || !strings.Contains(out, "prometheus01") || strings.Contains(out, "jenkins") {
			t.Errorf("hosts --env production --cloud gcp: exit %d\n%s", code, out)
		}
		out, _, code = run(t, "--addr", addr, "search", "rabbitmq")
		if code != ExitOK || !strings.Contains(out, "rabbitmq01") || !strings.Contains(out, "env:") {
			t.Errorf("search rabbitmq: exit %d\n%s", code, out)
		}
	})

	t.Run("ask across kinds", func(t *testing.T) {
		out, stderr, code := run(t, "--addr", addr, "ask", "where does jenkins run and why")
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		// The host with its purpose and inventory line, the resource that
		// creates it with file:line, region and why, and the SOPs and
		// incidents that concern it.
		for _, want := range []string{
			"jenkins01.prod.aws.acme-shop.internal", "Jenkins controller", "inventories/production/hosts.ini:",
			"tf     aws_instance.jenkins",
			"aws_instance.jenkins  (aws · eu-west-1)  terraform/production/aws/ci.tf:",
			"Moved from GCP", "creates  jenkins01.prod.aws.acme-shop.internal",
			"Jenkins outage runbook  sops/jenkins-outage.md",
			"Jenkins down for a day, and nobody had the key to jenkins01  [knowledge-transfer]",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("answer lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("ask with a small limit still follows links", func(t *testing.T) {
		out, _, _ := run(t, "--addr", addr, "ask", "where does jenkins run and why", "--limit", "1")
		if strings.Count(out, "  why    ") != 1 || !strings.Contains(out, "aws_instance.jenkins  (aws · eu-west-1)") {
			t.Errorf("--limit 1 answer:\n%s", out)
		}
	})

	t.Run("sop", func(t *testing.T) {
		out, stderr, code := run(t, "--addr", addr, "sop", "breach")
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		// The example's breach SOP keeps the seed's shape: 13 steps, 8 with
		// five sub-steps, printed with the nesting as written.
		for _, want := range []string{"Security breach", "owner marta", "\n1. Write down the time",
			"\n8. Go through the security logs", "\n   1. SSH logins", "\n   5. The security reports",
			"\n13. Fill in the incident report", "produced-by incident"} {
			if !strings.Contains(out, want) {
				t.Errorf("sop breach lacks %q:\n%s", want, out)
			}
		}
		out, _, _ = run(t, "--addr", addr, "sop", "jenkins", "down")
		if !strings.HasPrefix(out, "Jenkins outage runbook") || !strings.Contains(out, "\nDiagnosis\n- ") || !strings.Contains(out, "\nMitigation\n- ") {
			t.Errorf("sop jenkins down: bullet steps under their headings expected:\n%s", out)
		}
		if _, stderr, code := run(t, "--addr", addr, "sop", "zzzqqq"); code != ExitNotFound || !strings.Contains(stderr, "no SOP matches") {
			t.Errorf("sop zzzqqq: exit %d, %q", code, stderr)
		}
	})

	t.Run("incidents", func(t *testing.T) {
		out, _, code := run(t, "--addr", addr, "incidents", "--category", "emergency")
		if code != ExitOK || strings.Count(out, "emergency") != 2 || strings.Index(out, "2026-01-22") > strings.Index(out, "2025-03-18") {
			t.Errorf("incidents --category emergency, newest first: exit %d\n%s", code, out)
		}
		out, _, _ = run(t, "--addr", addr, "incidents", "--person", "priya", "--since", "2025-06-01")
		if !strings.Contains(out, "2025-08-12") || !strings.Contains(out, "2025-09-30") || strings.Contains(out, "2025-05-27") {
			t.Errorf("incidents --person priya --since 2025-06-01:\n%s", out)
		}
		if _, stderr, code := run(t, "--addr", addr, "incidents", "--since", "yesterday"); code != ExitUsage || !strings.Contains(stderr, "YYYY-MM-DD") {
			t.Errorf("bad --since: exit %d, %q", code, stderr)
		}
	})

	t.Run("resources", func(t *testing.T) {
		out, _, code := run(t, "--addr", addr, "resources", "--provider", "google", "--type", "google_compute_instance")
		if code != ExitOK || !strings.Contains(out, "google_compute_instance.grafana") || strings.Contains(out, "aws_") {
			t.Errorf("resources --provider google: exit %d\n%s", code, out)
		}
		out, _, _ = run(t, "--addr", addr, "resources", "--region", "us-east-1")
		if !strings.Contains(out, "aws_s3_bucket.backups_replica") || strings.Contains(out, "aws_instance") {
			t.Errorf("resources --region us-east-1:\n%s", out)
		}
		out, _, _ = run(t, "--addr", addr, "search", "backups", "--facets", "kind,provider,region")
		for _, want := range []string{"kind:", "resource (", "provider:", "aws (", "region:"} {
			if !strings.Contains(out, want) {
				t.Errorf("search facets lack %q:\n%s", want, out)
			}
		}
	})

	t.Run("no secret in any answer", func(t *testing.T) {
		for _, args := range [][]string{
			{"search", "password", "-o", "json", "--limit", "200"},
			{"search", "db_admin_password", "-o", "json"},
			{"resources", "--type", "aws_db_instance", "-o", "json"},
			{"ask", "database", "-o", "json"},
		} {
			out, _, _ := run(t, append([]string{"--addr", addr}, args...)...)
			for _, secret := range []string{"Acme-Db-Pass-2026!", "Repl1cate-Acme-2023"} {
				if strings.Contains(out, secret) {
					t.Errorf("%v leaks %q", args, secret)
				}
			}
		}
	})

	t.Run("lint on the server", func(t *testing.T) {
		out, _, code := run(t, "--addr", addr, "lint", "--repo", "acme")
		// The example's plain-text replication password and sensitive
		// default are errors; the host without a purpose is a warning.
		if code != ExitFindings || !strings.Contains(out, "postgresql_replication_password is a secret in plain text") ||
			!strings.Contains(out, "worker02.prod.aws.acme-shop.internal has no purpose comment") {
			t.Errorf("lint --repo acme: exit %d\n%s", code, out)
		}
		if strings.Contains(out, "Repl1cate-Acme-2023") || strings.Contains(out, "Acme-Db-Pass-2026!") {
			t.Errorf("lint output quotes a secret:\n%s", out)
		}
	})

	t.Run("stats", func(t *testing.T) {
		svg := filepath.Join(t.TempDir(), "stats.svg")
		out, stderr, code := run(t, "--addr", addr, "stats", "-o", "csv", "--plot", svg)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		// 2025-03: the skimmer, 14 h; team of 4 people found in the reports.
		if !strings.HasPrefix(out, "period,incidents,per_person") || !strings.Contains(out, "\n2025-03,1,0.25,14,14,0,14,") {
			t.Errorf("stats -o csv:\n%s", out)
		}
		b, err := os.ReadFile(svg)
		if err != nil || !bytes.Contains(b, []byte("Incidents per person")) {
			t.Errorf("chart %s: %v, %d bytes", svg, err, len(b))
		}
		out, _, _ = run(t, "--addr", addr, "stats", "--by", "quarter", "--since", "2025-07-01", "--until", "2025-12-31")
		if !strings.Contains(out, "2025-Q3") || !strings.Contains(out, "2025-Q4") || strings.Contains(out, "2025-Q2") {
			t.Errorf("stats by quarter:\n%s", out)
		}
		if _, stderr, code := run(t, "--addr", addr, "stats", "--by", "week"); code != ExitUsage || !strings.Contains(stderr, "month or quarter") {
			t.Errorf("--by week: exit %d %q", code, stderr)
		}
	})

	t.Run("repos and index", func(t *testing.T) {
		out, stderr, code := run(t, "--addr", addr, "index", "-q")
		if code != ExitOK || !strings.Contains(out, "acme: indexed") {
			t.Errorf("index: exit %d\n%s%s", code, out, stderr)
		}
		out, _, code = run(t, "--addr", addr, "repos")
		if code != ExitOK || !strings.Contains(out, "acme") {
			t.Errorf("repos: exit %d\n%s", code, out)
		}
	})
}
