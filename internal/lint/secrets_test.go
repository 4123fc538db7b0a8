package lint

import (
	"reflect"
	"testing"

	"handover/internal/redact"
)

// TestPlainSecretsAgreeWithRedact pins one definition of a secret: lint
// flags a plain-text value exactly when the index would mask it.
func TestPlainSecretsAgreeWithRedact(t *testing.T) {
	tests := []struct {
		name   string
		value  any
		secret bool
	}{
		{"db_password", "hunter2", true},
		{"api_token", "abc123", true},
		{"aws_secret_access_key", "wJalrXUtnFEMI", true},
		{"private_key", "keydata", true},
		{"pin_password", int64(1234), true},
		{"db_pass", "hunter2", true},
		{"aws_access", "AKIAABCDEFGHIJKLMNOP", true},
		{"blob", "-----BEGIN RSA PRIVATE KEY-----\nabc", true},
		{"repo_url", "https://deploy:hunter2@git.example.com/infra.git", true},
		{"backup_command", "pg_dump --password=hunter2 shop", true},
		{"db", map[string]any{"user": "app", "password": "hunter2"}, true},
		{"mysql_pwd", "hunter2", true},
		{"redis_auth", "hunter2", true},
		{"admin_pass", "hunter2", true},
		{"mail", map[string]any{"relay": map[string]any{"smtp_pass": "hunter2"}}, true},
		{"ldap", []any{map[string]any{"ldap_bind_pw": "hunter2"}}, true},
		{"db_url", "postgres://app:hunter2@db/app", true},
		{"backup_command", "mysqldump -u root -phunter2 shop", true},
		{"healthcheck", `curl -H "Authorization: Bearer hunter2abc" https://api`, true},
		{"slack_webhook", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", true},
		{"author", "Jane Doe", false},
		{"oauth_url", "https://sso.example.com/oauth2/authorize", false},
		{"ssh_key_file", "~/.ssh/deploy_ed25519", false},
		{"keyboard", "de", false},
		{"mysql_flags", "mysql -h db01 -u root -p", false},
		{"token_ttl", int64(3600), false},
		{"token_ttl", "1h", false},
		{"password_min_length", int64(12), false},
		{"password_policy", "strong", false},
		{"token_endpoint", "https://sso.example.com/token", false},
		{"vault_password_file", "~/.vault_pass", false},
		{"ansible_ssh_private_key_file", "keys/prod.pem", false},
		{"secret_id", "alertmanager-pagerduty-key", false},
		{"token_expiry", "2026-01-01", false},
		{"password_authentication", false, false},
		{"ansible_password", "{{ vault_db_password }}", false},
		{"api_key", "$ANSIBLE_VAULT;1.1;AES256\n3132", false}, // vaulted: masked, but not plain text
		{"db_password", "", false},
	}
	for _, tt := range tests {
		found := false
		plainSecrets(tt.name, tt.value, func(string) { found = true })
		if found != tt.secret {
			t.Errorf("lint: %s = %#v flagged %v, want %v", tt.name, tt.value, found, tt.secret)
		}
		masked := redact.Value(tt.name, tt.value)
		if s, ok := tt.value.(string); ok && !isPlainText(s) {
			continue // lint leaves templates, vault blobs and empty values to redact
		}
		if changed := !reflect.DeepEqual(masked, tt.value); changed != tt.secret {
			t.Errorf("redact: %s = %#v masked %v, want %v", tt.name, tt.value, changed, tt.secret)
		}
	}
}
