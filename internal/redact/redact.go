// Package redact is handover's one definition of a secret, and keeps
// secrets out of the index, out of lint messages and out of every answer.
//
// A value is secret by its variable's name (IsSecretName: db_password,
// db_pass, redis_auth, api_token, aws_secret_access_key, ...), by its own
// shape (IsSecretValue: vault blobs, private key material, well-known
// token formats after gitleaks' rules), or in part inside free text (Text:
// URL credentials, "password=x" and "--password x", mysql -pSECRET, curl
// -u user:pass, Authorization headers, "the password is x", high-entropy
// strings after a secret word). What only locates, identifies or tunes a
// secret is not one: a *_file path, a *_id, a token_ttl, a
// password_min_length or a token_endpoint stays visible; so does what the
// rules cannot decide. Every parser, the index and lint ask this package
// rather than deciding for themselves, so what lint calls a plain-text
// secret is exactly what the index masks.
//
// A variable's secret value becomes Mask, "[redacted]": its name beside it
// says what it was. A secret found by its shape or inside text becomes
// "[redacted:KIND]", KIND saying what it was: password, url-credentials,
// github-pat (the gitleaks rule ID for a token format), and so on.
package redact

import "strings"

// Mask replaces the value of a variable whose name says it is secret.
const Mask = "[redacted]"

// maskPrefix begins Mask and every mask that names a kind.
const maskPrefix = "[redacted"

// maskOf is the mask of a secret of the given kind: "[redacted:password]".
func maskOf(kind string) string { return maskPrefix + ":" + kind + "]" }

// isMask reports whether s is a mask, so that no rule masks a mask again.
func isMask(s string) bool { return strings.HasPrefix(s, maskPrefix) }

// HasMask reports whether s is or holds a mask.
func HasMask(s string) bool { return strings.Contains(s, maskPrefix) }

// IsSecretValue reports whether s is secret material as a whole, whatever
// its name: an ansible-vault blob, a PEM private key, or a token of a
// well-known format (AWS access key, GitHub, GitLab, Slack, JWT, ...) and
// nothing else. A token inside other words is masked by Text, and the
// words stay.
func IsSecretValue(s string) bool { return valueKind(s) != "" }

// valueKind is the kind of secret s is as a whole, or "".
func valueKind(s string) string {
	t := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(t, "$ANSIBLE_VAULT"):
		return "vault"
	case strings.Contains(t, "-----BEGIN ") && strings.Contains(t, "PRIVATE KEY"):
		return "private-key"
	}
	return wholeTokenKind(t)
}

// Value returns v, or a mask when the variable name or the value is
// secret. Under a secret name everything but a boolean is masked, numbers
// too (pin_password: 1234 is a secret); true or false, or the strings
// "true" and "false", give nothing away.
// Under other names lists and maps are walked, so a secret inside a dict
// is masked too, and other strings go through Text.
func Value(name string, v any) any {
	if _, ok := v.(bool); ok || v == nil || IsBoolText(v) {
		return v
	}
	if IsSecretName(name) {
		return Mask
	}
	switch x := v.(type) {
	case string:
		if k := valueKind(x); k != "" {
			return maskOf(k)
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

// IsBoolText reports whether v is a boolean written as a string, "true"
// or "false" in any case (get_password_data = "false" in HCL, which
// Terraform converts): as much a boolean as true itself, no secret.
func IsBoolText(v any) bool {
	s, ok := v.(string)
	return ok && (strings.EqualFold(s, "true") || strings.EqualFold(s, "false"))
}
