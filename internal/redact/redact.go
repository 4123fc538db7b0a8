// Package redact is handover's one definition of a secret, and keeps
// secrets out of the index, out of lint messages and out of every answer.
//
// A value is secret by its variable's name (IsSecretName: db_password,
// api_token, aws_secret_access_key, ...), by its own shape (IsSecretValue:
// vault blobs, private key material, well-known token formats), or in part
// inside free text (Text: "password=x" and "--password x" on a command
// line, https://user:pass@host). What only locates, identifies or tunes a
// secret is not one: a *_file path, a *_id, a token_ttl, a
// password_min_length or a token_endpoint stays visible. Every parser, the
// index and lint ask this package rather than deciding for themselves, so
// what lint calls a plain-text secret is exactly what the index masks.
package redact

import (
	"regexp"
	"strings"
)

// Mask replaces every secret value.
const Mask = "[redacted]"

// IsSecretValue reports whether s is secret material as a whole, whatever
// its name: an ansible-vault blob, a PEM private key, or a token of a
// well-known format (AWS access key, GitHub, GitLab, Slack, JWT).
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
// GitLab and Slack tokens, and JSON web tokens.
var tokenShape = regexp.MustCompile(`\b(AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abpors]-[A-Za-z0-9-]{10,}|eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})`)

// Value returns v, or Mask when the variable name or the value is secret.
// Under a secret name everything but a boolean is masked, numbers too
// (pin_password: 1234 is a secret); true or false gives nothing away.
// Under other names lists and maps are walked, so a secret inside a dict
// is masked too, and other strings go through Text.
func Value(name string, v any) any {
	if _, ok := v.(bool); ok || v == nil {
		return v
	}
	if IsSecretName(name) {
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
