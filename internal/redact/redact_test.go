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
		{"blob", "$ANSIBLE_VAULT;1.1;AES256\n6162", Mask},
		{"aws", "AKIAABCDEFGHIJKLMNOP", Mask},
		{"port", int64(22), int64(22)},
		{"pin_password", int64(1234), Mask},
		{"token_ttl", int64(3600), int64(3600)},
		{"password_authentication", false, false},
		{"ansible_become_password", true, true},
		{"repo", "https://deploy:hunter2@git.example.com/infra.git", "https://deploy:" + Mask + "@git.example.com/infra.git"},
		{"app", map[string]any{"user": "app", "password": "x", "nested": []any{"-----BEGIN RSA PRIVATE KEY-----\nabc"}},
			map[string]any{"user": "app", "password": Mask, "nested": []any{Mask}}},
	}
	for _, tt := range tests {
		if got := Value(tt.name, tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Value(%q, %#v) = %#v, want %#v", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jenkins agent that builds the shop", "Jenkins agent that builds the shop"},
		{"db password=hunter2 do not share", "db password=" + Mask + " do not share"},
		{"api_key: 'abc def' rotate monthly", "api_key: " + Mask + " rotate monthly"},
		{"uses ansible_ssh_private_key_file=keys/a.pem", "uses ansible_ssh_private_key_file=keys/a.pem"},
		{"key AKIAABCDEFGHIJKLMNOP leaked", "key " + Mask + " leaked"},
		{"-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----", Mask},
		{"set token_ttl=3600 and password_min_length: 12", "set token_ttl=3600 and password_min_length: 12"},
		{"mysql -u root --password hunter2 shop", "mysql -u root --password " + Mask + " shop"},
		{"mysqldump --password=hunter2 shop", "mysqldump --password=" + Mask + " shop"},
		{"restic --password-file /etc/restic.pw", "restic --password-file /etc/restic.pw"},
		{"clone https://deploy:hunter2@git.example.com/infra.git", "clone https://deploy:" + Mask + "@git.example.com/infra.git"},
		{"clone ssh://git@git.example.com/infra.git", "clone ssh://git@git.example.com/infra.git"},
	}
	for _, tt := range tests {
		got := Text(tt.in)
		if got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if strings.Contains(got, "hunter2") {
			t.Errorf("secret leaked: %q", got)
		}
	}
}

func TestValueMasksSecretsInsideText(t *testing.T) {
	got := Value("cron_command", []any{"backup.sh --password=hunter2 --verbose"})
	want := []any{"backup.sh --password=" + Mask + " --verbose"}
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
