package redact

import (
	"slices"
	"strings"
	"unicode"
)

// secretWords are name fragments that mark a variable as holding a secret,
// wherever they stand in the name: GITHUB_TOKEN, dbPassword,
// aws_secret_access_key. Names are compared lower-cased with - and .
// read as _, so X-Api-Key and api.key are api_key.
var secretWords = []string{
	"password", "passwd", "passphrase", "passcode", "secret", "token", "credential", "creds",
	"api_key", "apikey", "access_key", "private_key", "privatekey", "signing_key",
	"encryption_key", "master_key", "auth_key", "authkey", "become_pass", "ssh_pass",
}

// secretLastWords are abbreviations that mark a secret only as the name's
// last word (db_pass, mysql_root_pwd, ldap_bind_pw): inside a name they
// mean other things (pass_through, pwd_dir).
var secretLastWords = []string{"pass", "pwd", "pw"}

// secretSuffixes mark a secret at the end of a one-word name (dbpass,
// rootpwd, smtppassword is a secretWord anyway), except in the English
// words that end the same way.
var (
	secretSuffixes = []string{"pass", "pwd"}
	englishPass    = []string{"bypass", "compass", "encompass", "overpass", "underpass", "surpass", "trespass"}
)

// qualifiers end names that are about a secret but do not hold one: where
// it is kept (vault_password_file, token_endpoint), what identifies it
// (secret_id, token_name, secret_arn), and how it is handled (token_ttl,
// password_min_length, password_policy, token_expiry_days). A DevOps
// engineer reads these as settings and wants them visible.
var qualifiers = []string{
	// where it is kept or fetched
	"file", "path", "dir", "url", "uri", "endpoint", "env", "var", "command", "cmd", "stdin",
	"store", "backend", "helper", "provider", "profile", "source", "location",
	// what identifies it or who uses it
	"id", "ids", "name", "arn", "version", "type", "header", "user", "username", "role",
	"scope", "scopes", "audience", "issuer",
	// how it is handled
	"ttl", "length", "len", "min", "max", "size", "policy", "expiry", "expires", "expiration",
	"age", "timeout", "rotation", "enabled", "auth", "authentication", "count", "format",
	"method", "mode", "algorithm", "lifetime", "interval", "prompt", "hint", "required",
	"complexity", "strength", "history",
	// durations
	"seconds", "secs", "minutes", "mins", "hours", "days",
}

// IsSecretName reports whether a variable called name holds a secret: the
// name has a secret word (password, token, secret, api_key, ...) and does
// not end in a qualifier that makes it a setting about a secret instead
// (_file, _id, _ttl, _length, _policy, _endpoint, ...).
func IsSecretName(name string) bool { return nameKind(name) != "" }

// nameKind is the kind of secret a variable called name holds, or "" when
// it holds none: "password" for db_pass, "token" for GITHUB_TOKEN.
func nameKind(name string) string {
	last := lastWord(name)
	n := normalName(name)
	if last == "auth" {
		// redis_auth and basic_auth hold one; password_auth is a setting
		// about the password named before it.
		if rest := strings.TrimSuffix(n, "auth"); strings.Trim(rest, "_") != "" && wordKind(rest) == "" {
			return "password"
		}
		return ""
	}
	if slices.Contains(qualifiers, last) {
		return ""
	}
	if slices.Contains(secretLastWords, last) {
		return "password"
	}
	if k := wordKind(n); k != "" {
		return k
	}
	for _, s := range secretSuffixes {
		if strings.HasSuffix(last, s) && !slices.Contains(englishPass, last) {
			return "password"
		}
	}
	return ""
}

// wordKind names the kind of the first secret word in n, a normalName.
func wordKind(n string) string {
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return wordKinds[w]
		}
	}
	return ""
}

// wordKinds are the kinds the masks of secretWords name.
var wordKinds = map[string]string{
	"password": "password", "passwd": "password", "become_pass": "password", "ssh_pass": "password",
	"passphrase": "passphrase", "passcode": "password", "secret": "secret", "token": "token",
	"credential": "credential", "creds": "credential", "api_key": "api-key", "apikey": "api-key",
	"access_key": "access-key", "private_key": "private-key", "privatekey": "private-key",
	"signing_key": "private-key", "encryption_key": "private-key", "master_key": "private-key",
	"auth_key": "api-key", "authkey": "api-key",
}

// normalName lower-cases name and reads - . and spaces as _.
func normalName(name string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '.', ' ':
			return '_'
		}
		return unicode.ToLower(r)
	}, name)
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
