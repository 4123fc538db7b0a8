package redact

import (
	"net/url"
	"regexp"
	"strings"
)

// nameWithSecretWord is a name that may be secret; nameKind decides.
const nameWithSecretWord = `[A-Za-z0-9_.-]*(?:pass|pw|secret|token|key|credential|creds|auth)[A-Za-z0-9_.-]*`

// assignment finds `name=value` and `name: value` pairs in free text:
// export DB_PASS=x, --password=x on a command line, X-Api-Key: x.
var assignment = regexp.MustCompile(`(?i)\b(` + nameWithSecretWord + `)(\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)`)

// flagArgument finds `--password x` on a command line.
var flagArgument = regexp.MustCompile(`(?i)(?:^|\s)--?(` + nameWithSecretWord + `)(\s+)("[^"]*"|'[^']*'|[^\s-]\S*)`)

// urlPassword finds the password in scheme://user:password@host.
var urlPassword = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]*):([^/\s@]+)@`)

var pemBlock = regexp.MustCompile(`(?s)-----BEGIN [A-Z0-9 _-]*PRIVATE KEY(?: BLOCK)?-----.*?(-----END [A-Z0-9 _-]*PRIVATE KEY(?: BLOCK)?-----|$)`)

// triggers are what a text must hold, lower-cased, for any rule to apply:
// a cheap test that lets the regular expressions run only on the rare text
// that could match.
var triggers = append([]string{
	"pass", "pw", "secret", "token", "key", "credential", "creds", "auth", "bearer",
	"$ansible_vault", "-----begin", "@", "://", " / ",
}, append(commandWords, tokenKeywords()...)...)

func tokenKeywords() []string {
	var out []string
	for _, r := range tokenRules {
		out = append(out, r.keywords...)
	}
	return out
}

// Text masks secrets inside free text such as comments, commit subjects and
// command lines: vault blobs, PEM private keys and tokens of well-known
// formats; passwords in URLs; Authorization headers, curl -u user:pass and
// mysql -pSECRET; assignments to and flags named after secrets; prose such
// as "the password is X" and "admin / X"; and high-entropy strings just
// after a secret word. Each mask names the kind of secret it hides.
func Text(s string) string {
	lower := strings.ToLower(s)
	if !containsAny(lower, triggers) {
		return s
	}
	if i := strings.Index(s, "$ANSIBLE_VAULT"); i >= 0 {
		s = s[:i] + maskOf("vault")
	}
	s = pemBlock.ReplaceAllLiteralString(s, maskOf("private-key"))
	s = maskTokens(s, lower)
	s = replaceGroups(urlPassword, s, func([]string) (int, string) { return 2, "url-credentials" })
	s = maskCommandLines(s, lower)
	if strings.ContainsAny(s, "=:") {
		s = maskNamed(assignment, s)
	}
	if strings.Contains(s, "-") {
		s = maskNamed(flagArgument, s)
	}
	return maskProse(s, lower)
}

// maskNamed masks the value (third group) of every match of re whose name
// (first group) is a secret's, with the kind the name says.
func maskNamed(re *regexp.Regexp, s string) string {
	return replaceGroups(re, s, func(m []string) (int, string) {
		if k := nameKind(m[1]); k != "" {
			return 3, k
		}
		return -1, ""
	})
}

// URL returns a remote URL fit to show: HTTP(S) URLs lose their user info
// entirely, since a lone user name there is often a token
// (https://ghp_...@github.com/...); SSH URLs keep the user name
// (ssh://git@host/...) and lose any password. The query and fragment go
// too: git needs neither, and they are where signed-URL tokens live.
// scp-like addresses (git@host:org/repo.git) and local paths are returned
// as they are.
func URL(u string) string {
	if !strings.Contains(u, "://") {
		return u
	}
	p, err := url.Parse(u)
	if err != nil {
		u = userInfo.ReplaceAllString(u, "://")
		if i := strings.IndexAny(u, "?#"); i >= 0 {
			u = u[:i]
		}
		return u
	}
	if p.User != nil {
		_, hasPassword := p.User.Password()
		ssh := strings.Contains(strings.ToLower(p.Scheme), "ssh")
		switch {
		case ssh && hasPassword:
			p.User = url.User(p.User.Username())
		case !ssh:
			p.User = nil
		}
	}
	p.RawQuery, p.ForceQuery, p.Fragment, p.RawFragment = "", false, "", ""
	return p.String()
}

// userInfo finds user info in URLs net/url cannot parse.
var userInfo = regexp.MustCompile(`://[^/?#]*@`)
