// Package redact keeps secrets out of the index and out of every answer.
// It decides by a variable's name (password, token, api_key, ...) and by a
// value's shape (vault blobs, private key material, well-known token
// formats). Paths to key files are not secrets and stay visible.
package redact

import (
	"regexp"
	"strings"
)

// Mask replaces every secret value.
const Mask = "[redacted]"

// secretWords are name fragments that mark a variable as secret.
var secretWords = []string{
	"password", "passwd", "passphrase", "secret", "token", "api_key", "apikey",
	"access_key", "private_key", "privatekey", "credential", "become_pass", "ssh_pass",
}

// IsSecretName reports whether a variable called name holds a secret.
// Names that end in _file or _path point to a secret and are not one.
func IsSecretName(name string) bool {
	n := strings.ToLower(name)
	if strings.HasSuffix(n, "_file") || strings.HasSuffix(n, "_path") || strings.HasSuffix(n, "_dir") {
		return false
	}
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// IsSecretValue reports whether s looks like secret material whatever its name.
func IsSecretValue(s string) bool {
	t := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(t, "$ANSIBLE_VAULT"):
		return true
	case strings.Contains(t, "-----BEGIN ") && strings.Contains(t, "PRIVATE KEY"):
		return true
	}
	return tokenShape.MatchString(t)
}

// tokenShape matches well-known credential formats: AWS access keys, GitHub,
// GitLab and Slack tokens.
var tokenShape = regexp.MustCompile(`\b(AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abpors]-[A-Za-z0-9-]{10,})\b`)

// Value returns v, or Mask when the variable name or the value is secret.
// Nested lists and maps are walked, so a secret inside a dict is masked too,
// and other strings go through Text.
func Value(name string, v any) any {
	if IsSecretName(name) {
		if v == nil {
			return nil
		}
		return Mask
	}
	switch x := v.(type) {
	case string:
		if IsSecretValue(x) {
			return Mask
		}
		// A harmless name can still hold "--password=x" in a command line.
		return Text(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Value("", e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = Value(k, e)
		}
		return out
	}
	return v
}

// assignment finds `name=value` and `name: value` pairs in free text.
var assignment = regexp.MustCompile(`(?i)\b([A-Za-z0-9_.-]*(?:password|passwd|passphrase|secret|token|api_?key|access_key)[A-Za-z0-9_]*)(\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)`)

var pemBlock = regexp.MustCompile(`(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)`)

// Text masks secrets inside free text such as comments: assignments to
// secret-looking names, PEM private keys, vault blobs and token formats.
func Text(s string) string {
	if !mightHoldSecret(s) {
		return s
	}
	s = pemBlock.ReplaceAllString(s, Mask)
	s = assignment.ReplaceAllStringFunc(s, func(m string) string {
		sub := assignment.FindStringSubmatch(m)
		if IsSecretName(sub[1]) {
			return sub[1] + sub[2] + Mask
		}
		return m
	})
	s = tokenShape.ReplaceAllString(s, Mask)
	if i := strings.Index(s, "$ANSIBLE_VAULT"); i >= 0 {
		s = s[:i] + Mask
	}
	return s
}

// mightHoldSecret is a cheap pre-check so the regular expressions run only
// on the rare text that could match.
func mightHoldSecret(s string) bool {
	l := strings.ToLower(s)
	for _, w := range []string{"pass", "secret", "token", "key", "akia", "gh", "glpat", "xox", "$ansible_vault", "-----begin"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}
