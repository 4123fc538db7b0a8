package redact

import (
	"regexp"
	"strings"
)

// Secrets on command lines, as runbooks quote them. Each rule masks only
// the secret: the command, the user name and the flags stay readable.

// authHeader finds the credentials of an HTTP Authorization header, in a
// curl -H argument or written out: "Authorization: Bearer x", "Basic x",
// or a bare scheme-less value (after gitleaks' curl-auth-header).
var authHeader = regexp.MustCompile(`(?i)\b((?:proxy-)?authorization\s*:\s*)(?:(bearer|basic|token|digest|apikey|api-key|negotiate)\s+)?([^\s"'\x60]+)`)

// userPassword finds `-u user:password` given to an HTTP client: curl's
// and wget's --user, which other tools (docker -u 1000:1000) use for a user
// and a group (after gitleaks' curl-auth-user).
var userPassword = regexp.MustCompile(`\b(?:curl|wget)\b[^\n|;&]*?\s(?:-u|--user|--proxy-user|-U)(?:=|\s+)(["']?)([^\s:"']+):([^\s"']+)`)

// passwordFlags are the clients that take a password as a short flag: the
// MySQL and MariaDB tools and MongoDB's take -pSECRET (and, written by
// mistake as often as not, -p SECRET), sshpass -p SECRET, redis-cli -a.
var passwordFlags = []*regexp.Regexp{
	regexp.MustCompile(`\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlshow|mysqlpump|mysqlsh|mariadb|mariadb-dump|mariadb-admin|mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport|sshpass)\b[^\n|;&]*?\s-p` + flagValue),
	regexp.MustCompile(`\bredis-cli\b[^\n|;&]*?\s-a` + flagValue),
}

// flagValue is the value of a short flag, joined to it or the next word
// (not another flag): group 1 or group 2.
const flagValue = `(?:("[^"]*"|'[^']*'|[^\s"'-]\S*)|\s+("[^"]*"|'[^']*'|[^\s"'-]\S*))`

// commandWords are what must be in a text for a command-line rule to
// apply, lower-cased.
var commandWords = []string{"authorization", "curl", "wget", "mysql", "mariadb", "mongo", "sshpass", "redis-cli"}

// maskCommandLines masks the secrets of authHeader, userPassword and
// passwordFlags in s, lower being s lower-cased and hits its keywords.
func maskCommandLines(s, lower string, hits keywordHits) string {
	if !hits.any(commandIDs) {
		return s
	}
	s = replaceGroups(authHeader, s, func(m []string) (int, string) {
		switch strings.ToLower(m[2]) {
		case "bearer", "token":
			return 3, "bearer-token"
		case "basic":
			return 3, "basic-auth"
		}
		return 3, "authorization"
	})
	s = replaceGroups(userPassword, s, func([]string) (int, string) { return 3, "password" })
	for _, re := range passwordFlags {
		s = replaceGroups(re, s, func(m []string) (int, string) {
			if m[1] != "" {
				return 1, "password"
			}
			return 2, "password"
		})
	}
	return s
}

// replaceGroups replaces, in every match of re in s, the group that pick
// chooses by the match's groups with the mask of the kind it names. A
// group that is already a mask, or empty, is left as it is.
func replaceGroups(re *regexp.Regexp, s string, pick func(groups []string) (int, string)) string {
	var b strings.Builder
	last := 0
	for _, ix := range re.FindAllStringSubmatchIndex(s, -1) {
		groups := make([]string, len(ix)/2)
		for g := range groups {
			if ix[2*g] >= 0 {
				groups[g] = s[ix[2*g]:ix[2*g+1]]
			}
		}
		g, kind := pick(groups)
		if g < 0 || ix[2*g] < 0 || groups[g] == "" || isMask(groups[g]) {
			continue
		}
		b.WriteString(s[last:ix[2*g]])
		b.WriteString(maskOf(kind))
		last = ix[2*g+1]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
