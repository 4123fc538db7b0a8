package cli

import (
	"strings"
	"testing"

	"handover/internal/history/historytest"
)

// serveAcmeHistory serves the example repository as a git work tree with
// the history historytest.Acme builds: marta, oleh, priya and jonas over
// two years, and a CODEOWNERS file.
func serveAcmeHistory(t *testing.T) string {
	t.Helper()
	return serveRepo(t, historytest.Acme(t, "../../examples/acme-infra"))
}

func TestOnboardAndHandoff(t *testing.T) {
	addr := serveAcmeHistory(t)

	t.Run("onboard", func(t *testing.T) {
		out, stderr, code := run(t, "--addr", addr, "onboard")
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		// In the order the issue asks for, each citing its file:line.
		order := []string{"production", "jenkins01.prod.aws.acme-shop.internal", "aws_instance.jenkins",
			"Security breach", "pg-primary01 lost its data volume", "postgresql_replication_password", "@oleh-ops", "README.md"}
		last := -1
		for _, want := range order {
			i := strings.Index(out, want)
			if i < 0 {
				t.Errorf("onboarding lacks %q", want)
				continue
			}
			if i < last {
				t.Errorf("%q comes before the section it belongs after", want)
			}
			last = i
		}
		for _, want := range []string{"`inventories/production/hosts.ini:32`", "private_keys/acme-prod-aws.pem", "/usr/bin/python3.8",
			"Marta Kowalska", "Oleh Petrenko"} {
			if !strings.Contains(out, want) {
				t.Errorf("onboarding lacks %q", want)
			}
		}
		if strings.Contains(out, "Repl1cate-Acme-2023") || strings.Contains(out, "Acme-Db-Pass-2026!") {
			t.Error("onboarding quotes a secret")
		}
		html, _, code := run(t, "--addr", addr, "onboard", "--repo", "acme", "-o", "html")
		if code != ExitOK || !strings.HasPrefix(strings.TrimSpace(html), "<!DOCTYPE html>") || !strings.Contains(html, "<style>") ||
			strings.Contains(html, "<script") || !strings.Contains(html, "jenkins01.prod.aws.acme-shop.internal") {
			t.Errorf("onboard -o html: exit %d, %d bytes", code, len(html))
		}
	})

	t.Run("handoff oleh", func(t *testing.T) {
		out, stderr, code := run(t, "--addr", addr, "handoff", "oleh", "--since", "2024-01-01")
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		// oleh alone wrote the Jenkins Terraform and runbook: bus factor 1.
		for _, want := range []string{"Oleh Petrenko", "terraform/production/aws/ci.tf", "Jenkins outage runbook",
			"Card skimmer injected into the checkout page", "pg-primary01 lost its data volume", "bus factor 1"} {
			if !strings.Contains(out, want) {
				t.Errorf("handoff oleh lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("handoff marta", func(t *testing.T) {
		out, _, code := run(t, "--addr", addr, "handoff", "marta@acme-shop.com", "--since", "2024-01-01")
		if code != ExitOK {
			t.Fatalf("exit %d", code)
		}
		// db.tf is marta's and jonas's: jonas is her backup there; the
		// stale Elasticsearch SOP is hers to review.
		for _, want := range []string{"Marta Kowalska", "terraform/production/aws/db.tf", "Jonas Weber", "PostgreSQL failover"} {
			if !strings.Contains(out, want) {
				t.Errorf("handoff marta lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("unknown person", func(t *testing.T) {
		_, stderr, code := run(t, "--addr", addr, "handoff", "zelda")
		if code != ExitNotFound || !strings.Contains(stderr, "zelda") || !strings.Contains(stderr, "marta") {
			t.Errorf("handoff zelda: exit %d, %q", code, stderr)
		}
	})
}
