package redact

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// nameWithSecretWord is a name that may be secret; nameKind decides.
const nameWithSecretWord = `[A-Za-z0-9_.-]*(?:` + secretWordAlternatives + `)[A-Za-z0-9_.-]*`

const secretWordAlternatives = `pass|pw|secret|token|key|credential|creds|auth`

// nameSecretWords are nameWithSecretWord's words, for the cheap tests that
// decide whether its regular expressions need to run.
var nameSecretWords = strings.Split(secretWordAlternatives, "|")

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
	hits := keywords.find(lower)
	if !hits.any(triggerIDs) {
		return s
	}
	// The keywords found in the lower-cased text spare the scans for a
	// vault blob and a PEM block: neither can be there without them.
	if hits.any(vaultIDs) {
		if i := strings.Index(s, "$ANSIBLE_VAULT"); i >= 0 {
			s = s[:i] + maskOf("vault")
		}
	}
	if hits.any(pemIDs) {
		s = replaceLiteral(pemBlock, s, maskOf("private-key"))
	}
	s = maskTokens(s, hits)
	if strings.Contains(s, "://") && strings.Contains(s, "@") {
		s = replaceGroups(urlPassword, s, func([]string) (int, string) { return 2, "url-credentials" })
	}
	s = maskCommandLines(s, lower, hits)
	if mayAssignSecret(s) {
		s = maskNamed(assignment, s)
	}
	if mayPassSecretFlag(s) {
		s = maskNamed(flagArgument, s)
	}
	return maskProse(s, hits)
}

// replaceLiteral is re.ReplaceAllLiteralString that returns s itself, not
// a copy, when nothing matches: most texts that pass the triggers hold no
// secret, and at 100,000 hosts their copies were 20 MB of lint messages.
func replaceLiteral(re *regexp.Regexp, s, repl string) string {
	if !re.MatchString(s) {
		return s
	}
	return re.ReplaceAllLiteralString(s, repl)
}

// mayAssignSecret says whether assignment can match s: some ':' or '='
// follows, past spaces, a run of name characters holding a secret word.
// It only spares the regular expression, which backtracks over every
// position, the texts it cannot match: lint messages quoting a host's
// key setting, say.
func mayAssignSecret(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ':' && s[i] != '=' {
			continue
		}
		j := i
		for j > 0 && isSpace(s[j-1]) {
			j--
		}
		k := j
		for k > 0 && isNameByte(s[k-1]) {
			k--
		}
		if holdsSecretWord(s[k:j]) {
			return true
		}
	}
	return false
}

// mayPassSecretFlag says whether flagArgument can match s: a dash
// starting a word begins a run of name characters holding a secret word.
func mayPassSecretFlag(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '-' || i > 0 && !isSpace(s[i-1]) {
			continue
		}
		j := i + 1
		for j < len(s) && isNameByte(s[j]) {
			j++
		}
		if holdsSecretWord(s[i+1 : j]) {
			return true
		}
	}
	return false
}

// holdsSecretWord says whether name may hold a secret word. A name with
// bytes beyond ASCII always may: (?i) folds "ſ" to s and the Kelvin sign
// to k.
func holdsSecretWord(name string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			return true
		}
	}
	return name != "" && containsAny(strings.ToLower(name), nameSecretWords)
}

// isNameByte is a byte of [A-Za-z0-9_.-] under (?i): any byte beyond
// ASCII may be part of a rune that folds into the class.
func isNameByte(c byte) bool {
	return c == '_' || c == '.' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf
}

// isSpace is \s of Go's regular expressions.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '\v'
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
