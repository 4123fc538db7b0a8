package redact

import (
	"reflect"
	"strings"
	"testing"
)

func TestIsSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"ansible_password":             true,
		"ansible_become_pass":          true,
		"db_passwd":                    true,
		"GITHUB_TOKEN":                 true,
		"datadog_api_key":              true,
		"aws_secret_access_key":        true,
		"tls_private_key":              true,
		"ansible_ssh_private_key_file": false,
		"vault_password_file":          false,
		"ansible_host":                 false,
		"ansible_python_interpreter":   false,
		"token_ttl_path":               false,
		// The cases lint and redact used to disagree on: settings about a
		// secret are not one, whatever word they carry.
		"token_ttl":             false,
		"password_min_length":   false,
		"password_policy":       false,
		"token_endpoint":        false,
		"secret_id":             false,
		"secret_arn":            false,
		"token_expiry":          false,
		"password_max_age_days": false,
		"passwordFile":          false,
		"db_password":           true,
		"api_token":             true,
		"private_key":           true,
		"pin_password":          true,
		"client_secret":         true,
		"secret_key_base":       true,
		"db_pass":               true,
		"mysql_root_pwd":        true,
		"dbPassword":            true,
		"compass":               false,
		"passive_mode":          false,
		// Issue 11: the names that leaked, and spellings inside longer names.
		"mysql_pwd":       true,
		"redis_auth":      true,
		"basic_auth":      true,
		"smtp_pass":       true,
		"ldap_bind_pw":    true,
		"admin_pass":      true,
		"DB_PASS":         true,
		"dbpass":          true,
		"rootpwd":         true,
		"smtpPassword":    true,
		"db_creds":        true,
		"X-Api-Key":       true,
		"X-Auth-Token":    true,
		"PRIVATE-TOKEN":   true,
		"signing_key":     true,
		"oauth_token":     true,
		"auth_key":        true,
		"passphrase":      true,
		"aws_credentials": true,
		// Settings and words a DevOps engineer wants to keep seeing.
		"author":                  false,
		"oauth_url":               false,
		"keyboard":                false,
		"keyboard_layout":         false,
		"ssh_key_file":            false,
		"private_ip":              false,
		"private_subnet_ids":      false,
		"auth":                    false,
		"auth_method":             false,
		"password_auth":           false,
		"ssh_password_auth":       false,
		"bypass":                  false,
		"cache_bypass":            false,
		"pass_through":            false,
		"credentials_file":        false,
		"aws_credentials_profile": false,
		"token_ttl_seconds":       false,
		"api_key_header":          false,
		"sort_key":                false,
		"primary_key":             false,
		"monkey":                  false,
	} {
		if got := IsSecretName(name); got != want {
			t.Errorf("IsSecretName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestValue(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want any
	}{
		{"db_password", "hunter2", Mask},
		{"db_password", nil, nil},
		{"ansible_ssh_private_key_file", "keys/prod.pem", "keys/prod.pem"},
		{"blob", "$ANSIBLE_VAULT;1.1;AES256\n6162", "[redacted:vault]"},
		{"aws", "AKIAABCDEFGHIJKLMNOP", "[redacted:aws-access-token]"},
		{"notes", "slack bot xoxb-1234567890-hunter2abcd posts to #ops", "slack bot [redacted:slack-bot-token] posts to #ops"},
		{"mysql_pwd", "hunter2", Mask},
		{"redis_auth", "hunter2", Mask},
		{"ssh_key_file", "~/.ssh/id_ed25519", "~/.ssh/id_ed25519"},
		{"port", int64(22), int64(22)},
		{"pin_password", int64(1234), Mask},
		{"token_ttl", int64(3600), int64(3600)},
		{"password_authentication", false, false},
		{"ansible_become_password", true, true},
		{"get_password_data", "false", "false"}, // a boolean written as a string
		{"db_password", "True", "True"},
		{"db_password", "truest", Mask},
		{"repo", "https://deploy:hunter2@git.example.com/infra.git", "https://deploy:[redacted:url-credentials]@git.example.com/infra.git"},
		{"app", map[string]any{"user": "app", "password": "x", "nested": []any{"-----BEGIN RSA PRIVATE KEY-----\nabc"}},
			map[string]any{"user": "app", "password": Mask, "nested": []any{"[redacted:private-key]"}}},
		{"mail", map[string]any{"smtp": map[string]any{"host": "smtp.example.com", "smtp_pass": "hunter2"}},
			map[string]any{"smtp": map[string]any{"host": "smtp.example.com", "smtp_pass": Mask}}},
		{"ldap", []any{map[string]any{"ldap_bind_pw": "hunter2"}}, []any{map[string]any{"ldap_bind_pw": Mask}}},
	}
	for _, tt := range tests {
		if got := Value(tt.name, tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Value(%q, %#v) = %#v, want %#v", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestText is every kind of secret Text finds, and the text it must leave
// alone. Every secret in these cases is spelt with hunter2 or S3cr so that
// a leak is caught whatever the expected text says.
func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		// Kept visible: what a DevOps engineer wants to read.
		{"prose", "Jenkins agent that builds the shop", "Jenkins agent that builds the shop"},
		{"key file", "uses ansible_ssh_private_key_file=keys/a.pem", "uses ansible_ssh_private_key_file=keys/a.pem"},
		{"settings", "set token_ttl=3600 and password_min_length: 12", "set token_ttl=3600 and password_min_length: 12"},
		{"password file flag", "restic --password-file /etc/restic.pw", "restic --password-file /etc/restic.pw"},
		{"ssh url", "clone ssh://git@git.example.com/infra.git", "clone ssh://git@git.example.com/infra.git"},
		{"author", "author: Jane Doe <jane@example.com>", "author: Jane Doe <jane@example.com>"},
		{"oauth url", "oauth_url=https://sso.example.com/oauth2/authorize", "oauth_url=https://sso.example.com/oauth2/authorize"},
		{"keyboard", "keyboard: de-nodeadkeys", "keyboard: de-nodeadkeys"},
		{"ssh key file", "ssh_key_file: ~/.ssh/deploy_ed25519", "ssh_key_file: ~/.ssh/deploy_ed25519"},
		{"password stored", "the password is stored in vault", "the password is stored in vault"},
		{"password never", "The password is NEVER written down.", "The password is NEVER written down."},
		{"password reference", "the password is {{ vault_db_password }}", "the password is {{ vault_db_password }}"},
		{"read / write", "user access is read / write", "user access is read / write"},
		{"mysql prompt", "mysql -h db01 -u root -p -e 'show databases'", "mysql -h db01 -u root -p -e 'show databases'"},
		{"mysql port", "mysql -h db01 -P 3306 -u app", "mysql -h db01 -P 3306 -u app"},
		{"mkdir -p", "mkdir -p /var/lib/app && rsync -a src/ dst/", "mkdir -p /var/lib/app && rsync -a src/ dst/"},
		{"docker user", "docker run -u 1000:1000 app", "docker run -u 1000:1000 app"},
		{"curl -u prompt", "curl -u admin https://example.com", "curl -u admin https://example.com"},
		{"key path", "the ssh key is at ~/.ssh/id_ed25519_deploy_prod2024", "the ssh key is at ~/.ssh/id_ed25519_deploy_prod2024"},
		{"low entropy", "api key rotation_schedule_monthly_2024", "api key rotation_schedule_monthly_2024"},
		{"commit hash", "commit 3f2a9c1e5b7d8f0a2c4e6b8d0f1a3c5e7b9d2f4a fixed the build", "commit 3f2a9c1e5b7d8f0a2c4e6b8d0f1a3c5e7b9d2f4a fixed the build"},
		{"email", "mail ops@example.com for access", "mail ops@example.com for access"},

		// Assignments and flags named after secrets.
		{"password=", "db password=hunter2 do not share", "db password=[redacted:password] do not share"},
		{"api_key quoted", "api_key: 'abc def' rotate monthly", "api_key: [redacted:api-key] rotate monthly"},
		{"--password x", "mysql -u root --password hunter2 shop", "mysql -u root --password [redacted:password] shop"},
		{"--password=", "mysqldump --password=hunter2 shop", "mysqldump --password=[redacted:password] shop"},
		{"export", "export DB_PASS=hunter2", "export DB_PASS=[redacted:password]"},
		{"export quoted", `export MYSQL_PWD="hunter2 x"; mysql`, "export MYSQL_PWD=[redacted:password]; mysql"},
		{"env prefix", "PGPASSWORD=hunter2 psql -h db01", "PGPASSWORD=[redacted:password] psql -h db01"},
		{"heading passphrase", "Unlock with passphrase=S3cr-et", "Unlock with passphrase=[redacted:passphrase]"},
		{"api key header", `curl -H "X-Api-Key: hunter2abc" https://api`, `curl -H "X-Api-Key: [redacted:api-key] https://api`},
		{"gitlab header", "curl --header 'PRIVATE-TOKEN: hunter2abc' https://gitlab", "curl --header 'PRIVATE-TOKEN: [redacted:token] https://gitlab"},
		{"redis_auth", "redis_auth=hunter2", "redis_auth=[redacted:password]"},

		// URL credentials.
		{"https url", "clone https://deploy:hunter2@git.example.com/infra.git", "clone https://deploy:[redacted:url-credentials]@git.example.com/infra.git"},
		{"postgres url", "DATABASE_URL=postgres://app:hunter2@db:5432/app", "DATABASE_URL=postgres://app:[redacted:url-credentials]@db:5432/app"},
		{"url in prose", "the replica reads postgres://app:S3cr@db01/app", "the replica reads postgres://app:[redacted:url-credentials]@db01/app"},

		// Command lines.
		{"mysql -p", "mysql -h db01 -u root -phunter2 shop", "mysql -h db01 -u root -p[redacted:password] shop"},
		{"mysql -p quoted", "mysqldump -u root -p'hunter2' shop", "mysqldump -u root -p[redacted:password] shop"},
		{"mysql -p x", "mysql -u root -p hunter2", "mysql -u root -p [redacted:password]"},
		{"sshpass", "sshpass -p hunter2 ssh deploy@web01", "sshpass -p [redacted:password] ssh deploy@web01"},
		{"redis-cli", "redis-cli -h cache01 -a hunter2 ping", "redis-cli -h cache01 -a [redacted:password] ping"},
		{"curl -u", "curl -u admin:hunter2 https://jenkins/api", "curl -u admin:[redacted:password] https://jenkins/api"},
		{"curl --user", "curl -s --user 'admin:hunter2' https://jenkins/api", "curl -s --user 'admin:[redacted:password]' https://jenkins/api"},
		{"bearer", `curl -H "Authorization: Bearer hunter2.S3cr" https://api`, `curl -H "Authorization: Bearer [redacted:bearer-token]" https://api`},
		{"basic", "Authorization: Basic aHVudGVyMjpTM2Ny", "Authorization: Basic [redacted:basic-auth]"},
		{"bare authorization", "authorization: hunter2S3cr", "authorization: [redacted:authorization]"},

		// Token formats, after gitleaks' rules.
		{"aws", "key AKIAABCDEFGHIJKLMNOP leaked", "key [redacted:aws-access-token] leaked"},
		{"github", "GH ghp_hunter2S3cr0123456789abcdefghijklmno", "GH [redacted:github-pat]"},
		{"slack", "bot xoxb-1234567890-hunter2S3cr", "bot [redacted:slack-bot-token]"},
		{"gitlab", "glpat-hunter2S3cr-0123456789", "[redacted:gitlab-pat]"},
		{"slack webhook", "https://hooks.slack.com/services/T00000000/B00000000/hunter2S3crXXXXXXXXXXXXX", "[redacted:slack-webhook-url]"},
		{"stripe", "sk_live_hunter2S3cr0123", "[redacted:stripe-access-token]"},
		{"vault token", "VAULT_TOKEN is hvs." + strings.Repeat("hunter2S3cr", 9), "VAULT_TOKEN is [redacted:vault-service-token]"},
		{"pem", "-----BEGIN OPENSSH PRIVATE KEY-----\nhunter2\n-----END OPENSSH PRIVATE KEY-----", "[redacted:private-key]"},
		{"vault blob", "x: $ANSIBLE_VAULT;1.1;AES256\nhunter2", "x: [redacted:vault]"},

		// Prose.
		{"password is", "the password is hunter2, ask Bob", "the password is [redacted:password], ask Bob"},
		{"password for", "The root password for db01 was S3cr-et.", "The root password for db01 was [redacted:password]."},
		{"password is quoted", `the password is "correct horse"`, "the password is [redacted:password]"},
		{"password is caps", "the password is HUNTER", "the password is [redacted:password]"},
		{"token is", "our token is hunter2S3cr", "our token is [redacted:token]"},
		{"admin slash", "Grafana: admin / hunter2", "Grafana: admin / [redacted:password]"},
		{"login slash", "Login with ops / S3cr!t for the console", "Login with ops / [redacted:password] for the console"},

		// High entropy after a secret word.
		{"entropy", "datadog api key 8c3fa91e2b7d4c6f0a5e9b1d3c7f2a4e", "datadog api key [redacted:generic-api-key]"},
		{"entropy mixed", "secret hunter2S3crXq9ZpL7mW4vR", "secret [redacted:generic-api-key]"},
		{"entropy lower case", "the api key 8c3fa91e2b7dhunter2zqqxulv3 sends", "the api key [redacted:generic-api-key] sends"},
		{"word and year", "api key rotation_schedule_hunter_2024", "api key rotation_schedule_hunter_2024"},
	}
	for _, tt := range tests {
		got := Text(tt.in)
		if got != tt.want {
			t.Errorf("%s: Text(%q)\n got %q\nwant %q", tt.name, tt.in, got, tt.want)
		}
		if strings.Contains(got, "hunter2") || strings.Contains(got, "S3cr") {
			t.Errorf("%s: secret leaked: %q", tt.name, got)
		}
	}
}

func TestResourceAttr(t *testing.T) {
	for _, tt := range []struct {
		typ, name string
		in, want  any
	}{
		{"azurerm_key_vault_secret", "value", "hunter2", Mask},
		{"azurerm_key_vault_secret", "name", "db-password", "db-password"},
		{"aws_secretsmanager_secret_version", "secret_string", `{"password":"hunter2"}`, Mask},
		{"google_secret_manager_secret_version", "secret_data", "hunter2", Mask},
		{"kubernetes_secret", "data", map[string]any{"user": "app", "pw": "hunter2"}, Mask},
		{"github_actions_secret", "plaintext_value", "hunter2", Mask},
		{"vault_generic_secret", "path", "secret/app", "secret/app"},
		{"azurerm_linux_virtual_machine", "admin_password", "hunter2", Mask},
		{"aws_ssm_parameter", "value", "eu-west-1", "eu-west-1"},
		{"kubernetes_config_map", "data", map[string]any{"motd": "hello"}, map[string]any{"motd": "hello"}},
		{"aws_instance", "tags", map[string]any{"Name": "web"}, map[string]any{"Name": "web"}},
	} {
		if got := ResourceAttr(tt.typ, tt.name, tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ResourceAttr(%q, %q, %v) = %v, want %v", tt.typ, tt.name, tt.in, got, tt.want)
		}
	}
}

func TestValueMasksSecretsInsideText(t *testing.T) {
	got := Value("cron_command", []any{"backup.sh --password=hunter2 --verbose"})
	want := []any{"backup.sh --password=[redacted:password] --verbose"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

func TestURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://deploy:hunter2@git.example.com/infra.git", "https://git.example.com/infra.git"},
		{"https://glpat-abcdefghijklmnopqrst@gitlab.com/x.git", "https://gitlab.com/x.git"},
		{"ssh://git:hunter2@git.example.com/infra.git", "ssh://git@git.example.com/infra.git"},
		{"https://git.example.com/infra.git?token=hunter2", "https://git.example.com/infra.git"},
		{"git@git.example.com:infra.git", "git@git.example.com:infra.git"},
	}
	for _, tt := range tests {
		if got := URL(tt.in); got != tt.want {
			t.Errorf("URL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// benchmarkTexts are what the index sends through Text: mostly harmless
// comments and steps, some with secret words, a few with secrets.
var benchmarkTexts = []string{
	"Jenkins agent that builds the shop",
	"Restart the service and check the dashboard at https://grafana.example.com/d/abc",
	"ssh deploy@web01 and run systemctl status nginx",
	"set token_ttl=3600 and password_min_length: 12",
	"mysql -h db01 -u root -p -e 'show databases'",
	"the password is stored in vault; see the key rotation SOP",
	"export DB_PASS=hunter2 && curl -u admin:hunter2 https://jenkins/api",
	"clone https://deploy:hunter2@git.example.com/infra.git with ghp_hunter2S3cr0123456789abcdefghijklmno",
}

func BenchmarkText(b *testing.B) {
	for b.Loop() {
		for _, s := range benchmarkTexts {
			Text(s)
		}
	}
}
