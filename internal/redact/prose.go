package redact

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Secrets written as prose: "the password is X", "login: admin / X", and
// a random-looking string just after a secret word. Prose is ambiguous, so
// these rules mask a value only when it looks like a secret (see
// looksSecret): what they cannot decide stays visible.

// proseValue is a quoted value, or a word without trailing punctuation.
const proseValue = "(\"[^\"\\n]+\"|'[^'\\n]+'|`[^`\\n]+`|\\S+?)(?:[.,;:)]*(?:\\s|$))"

// secretIs finds "the password is X", "the token for grafana was X".
var secretIs = regexp.MustCompile(`(?i)\b(password|passwd|passphrase|passcode|pw|pwd|secret|token|api[ _-]?key|credentials?)(?:\s+(?:for|of|on)\s+[^\n]{1,40}?)?\s+(?:is|was|are|were|will\s+be|has\s+been|=)\s+(?:now\s+|still\s+|currently\s+|set\s+to\s+)?` + proseValue)

// userSlashPassword finds "login: admin / X": a user and a password apart
// by a slash, after a word about logging in or a well-known admin user.
var userSlashPassword = regexp.MustCompile(`(?i)(?:\b(?:login|log\s+in|sign\s+in|credentials?|creds|user(?:name)?|account|password|passwd|default)\b[^\n]{0,40}?\b[A-Za-z][\w.@-]{0,40}|\b(?:admin|administrator|root|postgres|sa|elastic|guest))\s+/\s+` + proseValue)

// notSecrets are words that follow "the password is" in prose and that
// looksSecret would take for a secret when written in capitals.
var notSecrets = []string{
	"never", "stored", "kept", "required", "rotated", "managed", "available", "changed",
	"expired", "empty", "missing", "wrong", "correct", "invalid", "valid", "unknown", "below",
	"above", "here", "there", "also", "only", "saved", "encrypted", "vaulted", "generated",
	"random", "shared", "reset", "locked", "known", "optional", "mandatory", "needed",
	"defined", "provided", "configured", "documented", "listed", "unset", "none", "null",
}

// looksSecret reports whether a value that prose calls a password is one
// rather than a word: quoted, or with a digit, a symbol or a capital
// inside it (hunter2, Adm1n!, s3cr3t, hunTer). References to a secret
// ({{ vault_x }}, $DB_PASS, <password>) are not one.
func looksSecret(v string) bool {
	if len(v) >= 2 && strings.ContainsRune("\"'`", rune(v[0])) {
		v = v[1 : len(v)-1]
		return v != "" && !strings.ContainsAny(v[:1], "<{$")
	}
	if len(v) < 4 || strings.ContainsAny(v[:1], "<{$/~") || slices.Contains(notSecrets, strings.ToLower(v)) {
		return false
	}
	for i, r := range v {
		if unicode.IsDigit(r) || (i > 0 && unicode.IsUpper(r)) || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return true
		}
	}
	return false
}

// minCandidate is the shortest string the high-entropy rule masks.
const minCandidate = 20

// isTokenByte reports whether c is of the characters keys and tokens are
// made of: letters, digits and + / = _ -.
func isTokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("+/=_-", c) >= 0
}

// contextWords are what a high-entropy string must follow closely to be
// taken for a secret, lower-cased.
var contextWords = []string{"key", "token", "secret", "pass", "pw", "credential", "creds", "auth", "bearer"}

// minEntropy is gitleaks' threshold for its generic-api-key rule, in bits
// per character.
const minEntropy = 3.5

// verbs are what secretIs needs between a secret word and its value,
// lower-cased, to run at all.
var verbs = []string{" is ", " was ", " are ", " were ", " be ", " been ", " = "}

// maskProse applies secretIs, userSlashPassword and the high-entropy rule
// to s, hits being the keywords it holds.
func maskProse(s string, hits keywordHits) string {
	if hits.any(verbIDs) {
		s = replaceGroups(secretIs, s, func(m []string) (int, string) {
			if !looksSecret(m[2]) {
				return -1, ""
			}
			return 2, nameKind(m[1])
		})
	}
	if strings.Contains(s, " / ") {
		s = replaceGroups(userSlashPassword, s, func(m []string) (int, string) {
			if !looksSecret(m[1]) {
				return -1, ""
			}
			return 1, "password"
		})
	}
	return maskHighEntropy(s)
}

// maskHighEntropy masks random-looking strings of 20 characters or more
// that closely follow a secret word ("datadog key 8c3f...", "token:
// Zm9vYmFy..."). Paths and file names are not taken: a candidate right
// after / . or ~ is part of one.
func maskHighEntropy(s string) string {
	var b strings.Builder
	last := 0
	for start := 0; start < len(s); {
		if !isTokenByte(s[start]) {
			start++
			continue
		}
		end := start + 1
		for end < len(s) && isTokenByte(s[end]) {
			end++
		}
		if end-start < minCandidate || (start > 0 && strings.IndexByte("/.~\\", s[start-1]) >= 0) {
			start = end
			continue
		}
		window := strings.ToLower(s[max(0, start-32):start])
		if !containsAny(window, contextWords) || !randomLooking(s[start:end]) {
			start = end
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(maskOf("generic-api-key"))
		last, start = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// randomLooking reports whether w looks generated: hexadecimal of 32
// digits or more, upper and lower case letters and digits mixed, or
// letters of one case and digits interleaved (a lower-case API key such as
// "f04dwqz6zqqxulv3", where words with a number, "monthly_2024", change
// between letters and digits once or twice), with at least minEntropy bits
// of Shannon entropy per character.
func randomLooking(w string) bool {
	var upper, lower, digit, hex bool = false, false, false, true
	switches, wasDigit := 0, false
	for i, r := range w {
		isDigit := r >= '0' && r <= '9'
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case isDigit:
			digit = true
		}
		if i > 0 && isDigit != wasDigit {
			switches++
		}
		wasDigit = isDigit
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			hex = false
		}
	}
	if !(hex && len(w) >= 32 && digit) && !(upper && lower && digit) && !((upper || lower) && switches >= minSwitches) {
		return false
	}
	return entropy(w) >= minEntropy
}

// minSwitches is how often a string of letters of one case and digits must
// change between the two to look generated.
const minSwitches = 6

func entropy(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / float64(len(s))
			h -= p * math.Log2(p)
		}
	}
	return h
}
