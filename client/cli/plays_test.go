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

// Roles and plays are ask's candidates too, with cards of their own, and a
// host card says which roles its plays apply, citing the play.
func TestExampleRoleAndPlayCards(t *testing.T) {
	addr := serveExample(t)
	for _, tt := range []struct {
		question      string
		want, wantNot []string
	}{
		{"what does the nginx role do", []string{
			"nginx  (role in roles/nginx)", "about    Reverse proxy with TLS", "roles/nginx/README.md:3",
			"runs on  grafana01.prod.gcp.acme-shop.internal  play Grafana behind nginx  inventories/production/hosts.ini:78",
			"play     Jenkins controller  playbooks/ci.yml:3", "needs    common  roles/nginx/meta/main.yml:5",
			"tasks    3: Install nginx; Write the site config; Start nginx  roles/nginx/tasks/main.yml:2",
			"default  nginx_server_name=www.acme-shop.com  roles/nginx/defaults/main.yml"}, nil},
		{"postgresql role defaults", []string{"postgresql  (role in roles/postgresql)", "postgresql_replication_password=[redacted]"},
			[]string{"vault_postgresql_replication_password"}},
		{"storefront web tier play", []string{
			"Storefront web tier  (play in playbooks/web.yml)", "hosts    prod-frontend:stage-frontend  playbooks/web.yml:3",
			"roles    nginx, node_app", "runs on  web04.prod.aws.acme-shop.internal"}, nil},
		{"where does nginx run in staging", []string{`2 hosts matching "nginx" with env=staging`,
			"roles  common, nginx, node_app  (play Storefront web tier)  playbooks/web.yml:3"}, []string{"grafana01", "jenkins01"}},
		{"where does jenkins run", []string{"roles  common, jenkins, nginx  (play Jenkins controller)  playbooks/ci.yml:3"}, nil},
	} {
		out, stderr, code := run(t, "--addr", addr, "ask", tt.question)
		if code != ExitOK {
			t.Fatalf("ask %q: exit %d: %s", tt.question, code, stderr)
		}
		for _, want := range tt.want {
			if !strings.Contains(out, want) {
				t.Errorf("ask %q lacks %q:\n%s", tt.question, want, out)
			}
		}
		for _, not := range tt.wantNot {
			if strings.Contains(out, not) {
				t.Errorf("ask %q shows %q:\n%s", tt.question, not, out)
			}
		}
	}
}
