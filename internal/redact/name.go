package redact

import (
	"slices"
	"strings"
	"unicode"
)

// secretWords are name fragments that mark a variable as holding a secret,
// wherever they stand in the name: GITHUB_TOKEN, dbPassword,
// aws_secret_access_key.
var secretWords = []string{
	"password", "passwd", "passphrase", "secret", "token", "api_key", "apikey",
	"access_key", "private_key", "privatekey", "credential", "become_pass", "ssh_pass",
}

// secretLastWords are abbreviations that mark a secret only as the name's
// last word (db_pass, mysql_root_pwd): inside a word they mean other things
// (compass, passive).
var secretLastWords = []string{"pass", "pwd", "pw"}

// qualifiers end names that are about a secret but do not hold one: where
// it is kept (vault_password_file, token_endpoint), what identifies it
// (secret_id, token_name, secret_arn), and how it is handled (token_ttl,
// password_min_length, password_policy, token_expiry_days). A DevOps
// engineer reads these as settings and wants them visible.
var qualifiers = []string{
	// where it is kept or fetched
	"file", "path", "dir", "url", "uri", "endpoint", "env", "var", "command", "cmd", "stdin",
	// what identifies it
	"id", "ids", "name", "arn", "version", "type", "header",
	// how it is handled
	"ttl", "length", "len", "min", "max", "size", "policy", "expiry", "expires", "expiration",
	"age", "timeout", "rotation", "enabled", "auth", "authentication", "count", "format",
	// durations
	"seconds", "secs", "minutes", "mins", "hours", "days",
}

// IsSecretName reports whether a variable called name holds a secret: the
// name has a secret word (password, token, secret, api_key, ...) and does
// not end in a qualifier that makes it a setting about a secret instead
// (_file, _id, _ttl, _length, _policy, _endpoint, ...).
func IsSecretName(name string) bool {
	last := lastWord(name)
	if slices.Contains(qualifiers, last) {
		return false
	}
	if slices.Contains(secretLastWords, last) {
		return true
	}
	n := strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// lastWord is the last word of a snake_case, kebab-case, dotted or
// camelCase name, lower-cased: "file" for vault_password_file and for
// passwordFile.
func lastWord(name string) string {
	i := len(name)
	for i > 0 {
		r := rune(name[i-1])
		if r == '_' || r == '-' || r == '.' || r == ' ' {
			break
		}
		if unicode.IsUpper(r) && i-1 > 0 && unicode.IsLower(rune(name[i-2])) {
			i--
			break
		}
		i--
	}
	return strings.ToLower(name[i:])
}
