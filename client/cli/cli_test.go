package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"handover/internal/config"
	"handover/server"
)

// serveExample runs handoverd on 127.0.0.1 over the bundled example
// repository, the one `make run` serves, and returns its address once the
// first index is built.
func serveExample(t *testing.T) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{DataDir: t.TempDir(), Repos: []config.Repo{{Name: "acme", Path: "../../examples/acme-infra"}}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, cfg, lis, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	t.Cleanup(func() { cancel(); <-done })
	addr := lis.Addr().String()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		out, _, code := run(t, "--addr", addr, "repos", "-o", "json")
		if code == ExitOK && strings.Contains(out, "indexedAt") {
			return addr
		}
	}
	t.Fatal("example repository was not indexed in 20s")
	return ""
}

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
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
		{"repos", "-o", "yaml"},
	} {
		if _, stderr, code := run(t, args...); code != ExitUsage || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want %d and a message", args, code, stderr, ExitUsage)
		}
	}
}

func TestServerNotRunning(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()
	_, stderr, code := run(t, "--addr", addr, "--timeout", "3s", "ask", "jenkins")
	if code != ExitError || !strings.Contains(stderr, "not running at "+addr) || !strings.Contains(stderr, "make run") {
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
		for _, want := range []string{"PostgreSQL 15 primary", "prod-db", "private_keys/acme-prod-aws.pem", "/usr/bin/python3"} {
			if !strings.Contains(out, want) {
				t.Errorf("host output lacks %q:\n%s", want, out)
			}
		}
		if !strings.Contains(out, "[redacted]") || strings.Contains(strings.ToLower(out), "$ansible_vault") {
			t.Errorf("secrets not redacted:\n%s", out)
		}
		_, stderr, code := run(t, "--addr", addr, "host", "no-such-host")
		if code != ExitError || !strings.Contains(stderr, "no-such-host") {
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
		if _, stderr, code := run(t, "--addr", addr, "sop", "zzzqqq"); code != ExitError || !strings.Contains(stderr, "no SOP matches") {
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
