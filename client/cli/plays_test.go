package cli

import (
	"strings"
	"testing"
)

// The example's playbooks and roles: a host card says what runs on it,
// and ask finds the hosts a role runs on though their purpose never says
// so (grafana01 and jenkins01 run nginx).
func TestExamplePlaysAndRoles(t *testing.T) {
	addr := serveExample(t)

	out, stderr, code := run(t, "--addr", addr, "host", "web01.prod.aws.acme-shop.internal")
	if code != ExitOK {
		t.Fatalf("host: exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"runs play              Storefront web tier", "playbooks/web.yml:3",
		"runs role              nginx", "roles/nginx/tasks/main.yml:1  (play Storefront web tier)",
		"runs play              Baseline", "playbooks/site.yml:3",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("host card lacks %q:\n%s", want, out)
		}
	}

	out, stderr, code = run(t, "--addr", addr, "ask", "where does nginx run")
	if code != ExitOK {
		t.Fatalf("ask: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"8 hosts matching \"nginx\"", "grafana01.prod.gcp.acme-shop.internal", "jenkins01.prod.aws.acme-shop.internal",
		"web01.stage.aws.acme-shop.internal", "roles  common, nginx"} {
		if !strings.Contains(out, want) {
			t.Errorf("answer lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "pg-primary01") {
		t.Errorf("answer names a host that does not run nginx:\n%s", out)
	}

	out, _, code = run(t, "--addr", addr, "-o", "json", "search", "--kind", "role", "postgresql")
	if code != ExitOK || !strings.Contains(out, "[redacted]") || strings.Contains(out, "vault_postgresql_replication_password") {
		t.Errorf("role vars not redacted (exit %d):\n%s", code, out)
	}
	out, _, code = run(t, "--addr", addr, "search", "--kind", "play", "PostgreSQL")
	if code != ExitOK || !strings.Contains(out, "playbooks/db.yml:2") {
		t.Errorf("play search (exit %d):\n%s", code, out)
	}
}
