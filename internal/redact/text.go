package redact

import (
	"net/url"
	"regexp"
	"strings"
)

// nameWithSecretWord is a name that may be secret; IsSecretName decides.
const nameWithSecretWord = `[A-Za-z0-9_.-]*(?:password|passwd|passphrase|secret|token|api_?key|access_?key|private_?key|credential|pass|pwd|pw)[A-Za-z0-9_-]*`

// assignment finds `name=value` and `name: value` pairs in free text,
// including --password=x on a command line.
var assignment = regexp.MustCompile(`(?i)\b(` + nameWithSecretWord + `)(\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)`)

// flagArgument finds `--password x` on a command line.
var flagArgument = regexp.MustCompile(`(?i)(?:^|\s)--?(` + nameWithSecretWord + `)(\s+)("[^"]*"|'[^']*'|[^\s-]\S*)`)

// urlPassword finds the password in scheme://user:password@host.
var urlPassword = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]*):([^/\s@]+)@`)

var pemBlock = regexp.MustCompile(`(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)`)

// Text masks secrets inside free text such as comments, commit subjects and
// command lines: assignments to and flags named after secrets, passwords in
// URLs, PEM private keys, vault blobs and token formats.
func Text(s string) string {
	if !mightHoldSecret(s) {
		return s
	}
	s = pemBlock.ReplaceAllString(s, Mask)
	s = maskNamed(assignment, s)
	s = maskNamed(flagArgument, s)
	s = urlPassword.ReplaceAllString(s, "${1}:"+Mask+"@")
	s = tokenShape.ReplaceAllString(s, Mask)
	if i := strings.Index(s, "$ANSIBLE_VAULT"); i >= 0 {
		s = s[:i] + Mask
	}
	return s
}

// maskNamed masks the value (third group) of every match of re whose name
// (first group) IsSecretName.
func maskNamed(re *regexp.Regexp, s string) string {
	return re.ReplaceAllStringFunc(s, func(m string) string {
		sub := re.FindStringSubmatchIndex(m)
		if !IsSecretName(m[sub[2]:sub[3]]) {
			return m
		}
		return m[:sub[6]] + Mask + m[sub[7]:]
	})
}

// mightHoldSecret is a cheap pre-check so the regular expressions run only
// on the rare text that could match.
func mightHoldSecret(s string) bool {
	l := strings.ToLower(s)
	for _, w := range []string{"pass", "pw", "secret", "token", "key", "credential", "akia", "gh", "glpat", "xox", "eyj", "$ansible_vault", "-----begin", "@"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
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
