package history

import (
	"net/url"
	"regexp"
	"strings"
)

// RedactURL removes user:password@ and tokens from a remote URL.
//
// HTTP(S) URLs lose their user info entirely, since a lone user name there
// is often a token (https://ghp_...@github.com/...); SSH URLs keep the user
// name (ssh://git@host/...) and lose any password. The query and fragment go
// too: git needs neither, and they are where signed-URL tokens live.
// scp-like addresses (git@host:org/repo.git) and local paths are returned
// as they are.
func RedactURL(u string) string {
	if !strings.Contains(u, "://") {
		return u
	}
	p, err := url.Parse(u)
	if err != nil {
		u = userInfoRe.ReplaceAllString(u, "://")
		if i := strings.IndexAny(u, "?#"); i >= 0 {
			u = u[:i]
		}
		return u
	}
	if p.User != nil {
		_, hasPassword := p.User.Password()
		switch {
		case strings.Contains(strings.ToLower(p.Scheme), "ssh") && hasPassword:
			p.User = url.User(p.User.Username())
		case !strings.Contains(strings.ToLower(p.Scheme), "ssh"):
			p.User = nil
		}
	}
	p.RawQuery, p.ForceQuery, p.Fragment, p.RawFragment = "", false, "", ""
	return p.String()
}

// userInfoRe finds user info in URLs net/url cannot parse.
var userInfoRe = regexp.MustCompile(`://[^/?#]*@`)
