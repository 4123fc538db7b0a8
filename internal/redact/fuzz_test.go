package redact

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzText: Text never panics, keeps valid UTF-8 valid, and leaves no
// token of a well-known format behind.
func FuzzText(f *testing.F) {
	for _, s := range []string{
		"db_password: hunter2", "--password x", "https://u:pw@git.example.com/r.git",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
		"$ANSIBLE_VAULT;1.1;AES256\n3633", "token=AKIAIOSFODNN7EXAMPLE", "plain text, nothing here",
		"export API_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789", "", "-----BEGIN 0PRIVATE KEY0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("Text(%q) = %q: invalid UTF-8", s, out)
		}
		for _, r := range tokenRules {
			for _, tok := range r.re.FindAllString(s, -1) {
				if strings.Contains(out, tok) {
					t.Fatalf("Text(%q) = %q keeps the %s token %q", s, out, r.id, tok)
				}
			}
		}
	})
}

// FuzzValue: a secret name or a secret value is always masked; nothing
// panics, whatever the nesting.
func FuzzValue(f *testing.F) {
	f.Add("password", "hunter2")
	f.Add("notes", "AKIAIOSFODNN7EXAMPLE")
	f.Add("motd", "hello")
	f.Fuzz(func(t *testing.T, name, s string) {
		v := Value(name, s)
		if m, _ := v.(string); (IsSecretName(name) || IsSecretValue(s)) && !isMask(m) {
			t.Fatalf("Value(%q, %q) = %v, want a mask", name, s, v)
		}
		_ = Value(name, []any{s, map[string]any{name: s}})
	})
}

// FuzzURL: what URL returns for a URL with a scheme carries no password.
func FuzzURL(f *testing.F) {
	f.Add("https://marta:hunter2@git.example.com/acme/infra.git")
	f.Add("ssh://git@github.com/acme/infra.git")
	f.Add("/srv/git/infra")
	f.Add("A://:0000@0000")
	f.Fuzz(func(t *testing.T, raw string) {
		out := URL(raw)
		if u, err := url.Parse(raw); err != nil || u.Scheme == "" {
			return // scheme-less text is a path, returned as it is
		}
		if u, err := url.Parse(out); err == nil && u.User != nil {
			if pw, ok := u.User.Password(); ok {
				t.Fatalf("URL(%q) = %q shows the password %q", raw, out, pw)
			}
		}
	})
}

// FuzzPrefilters: the cheap tests that spare Text its name regular
// expressions never say no where one would match.
func FuzzPrefilters(f *testing.F) {
	for _, s := range []string{
		"export DB_PASS=x", "X-Api-Key : x", "app1-01.prod: host line without ansible_ssh_private_key_file",
		"mysql --password hunter2", "run -Token x", "a-b-c: d", "pa\u017fs=x", "\u212aey: v", "\tsecret_KEY\t=\tv", "pw:", "--auth x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !mayAssignSecret(s) && assignment.MatchString(s) {
			t.Fatalf("mayAssignSecret(%q) = false, but assignment matches %q", s, assignment.FindString(s))
		}
		if !mayPassSecretFlag(s) && flagArgument.MatchString(s) {
			t.Fatalf("mayPassSecretFlag(%q) = false, but flagArgument matches %q", s, flagArgument.FindString(s))
		}
	})
}
