package lint

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"handover/internal/markdown"
	"handover/internal/model"
)

// Knowledge decay: what the repository says that is no longer true, or
// no longer reached. An alert nobody can act on, a runbook no alert leads
// to, an owner who has left, a document sending the reader to a host or a
// resource that is gone.

func (c *checker) decay() {
	c.alertRunbooks()
	c.unusedRunbooks()
	c.idleOwners()
	c.staleMentions()
}

// alertRunbooks reports alerts with no runbook: no runbook_url and no SOP
// of their name, or a runbook_url that is a path into the repository
// naming no SOP. A URL to another site (a wiki) is a runbook kept
// elsewhere and is not judged.
func (c *checker) alertRunbooks() {
	for _, a := range c.snap.Alerts {
		if _, ok := a.Runbook(); ok {
			continue
		}
		fix := "add a runbook_url annotation pointing at the SOP in this repository, or title an SOP " + a.Name
		switch u, err := url.Parse(a.RunbookURL); {
		case a.RunbookURL == "":
			c.report(ruleAlertRunbook, a.Source, fix, "alert %s has no runbook: whoever it pages is on their own", a.Name)
		case err == nil && u.Host == "" && !strings.Contains(a.RunbookURL, "{{"):
			c.report(ruleAlertRunbook, a.Source, "fix the path, or write the SOP it names",
				"alert %s's runbook_url %s names no SOP in the repository%s", a.Name, a.RunbookURL, c.nearestSOP(u.Path))
		}
	}
}

// unusedRunbooks reports, in a repository with alert rules, the runbooks
// no alert leads to.
func (c *checker) unusedRunbooks() {
	if len(c.snap.Alerts) == 0 {
		return
	}
	for _, s := range c.snap.SOPs {
		if s == nil || !isAlertRunbook(s) || slices.ContainsFunc(s.Links, func(l model.Link) bool { return l.Rel == model.RelRunbookFor }) {
			continue
		}
		c.report(ruleRunbookUnused, s.Source, "point the alert's runbook_url at this file, or retire the runbook if its alert is gone",
			"runbook %q is named by no alert's runbook_url or name%s", s.Title, c.nearestAlert(s.Title))
	}
}

// The other end of a broken link, when one is near by name: a runbook
// renamed, or an alert renamed, is found again by the part of the name
// that stayed (at least half of it).

// nearestSOP says which SOP a runbook_url that names none probably meant:
// the one whose file name or title shares the longest start with the
// URL's file name.
func (c *checker) nearestSOP(urlPath string) string {
	stem, _, _ := strings.Cut(path.Base(urlPath), ".")
	var best *model.SOP
	bestLen := 0
	for _, s := range c.snap.SOPs {
		sopStem, _, _ := strings.Cut(path.Base(s.Source.Path), ".")
		if l := max(commonPrefix(strings.ToLower(sopStem), strings.ToLower(stem)), commonPrefix(strings.ToLower(s.Title), strings.ToLower(stem))); l > bestLen {
			best, bestLen = s, l
		}
	}
	if best == nil || bestLen < max(3, len(stem)/2) {
		return ""
	}
	return fmt.Sprintf("; the nearest SOP by name is %q at %s", best.Title, best.Source)
}

// nearestAlert says which alert a runbook no alert names was probably for.
func (c *checker) nearestAlert(title string) string {
	var best *model.Alert
	bestLen := 0
	for _, a := range c.snap.Alerts {
		if l := commonPrefix(strings.ToLower(a.Name), strings.ToLower(title)); l > bestLen {
			best, bestLen = a, l
		}
	}
	if best == nil || bestLen < max(3, len(title)/2) {
		return ""
	}
	return fmt.Sprintf("; the alert nearest by name is %s at %s", best.Name, best.Source)
}

// isAlertRunbook reports whether an SOP is written for an alert: tagged
// runbook, kept below an alerts/ directory, or titled like an alert and
// named so (KubePodCrashLooping.md) or kept below runbooks/. A title
// alone is not enough: product names (FreeIPA, OpenDKIM) look the same.
func isAlertRunbook(s *model.SOP) bool {
	if slices.ContainsFunc(s.Tags, func(t string) bool { return strings.EqualFold(t, "runbook") }) {
		return true
	}
	dirs := strings.Split(strings.ToLower(path.Dir(s.Source.Path)), "/")
	if slices.Contains(dirs, "alerts") {
		return true
	}
	stem, _, _ := strings.Cut(path.Base(s.Source.Path), ".")
	return markdown.LooksLikeAlertName(s.Title) && (stem == strings.TrimSpace(s.Title) || slices.Contains(dirs, "runbooks"))
}

// idleOwners reports CODEOWNERS and OWNERS owners whose last commit to
// the indexed files is older than maxIdle before the repository's last
// commit (so that an archived repository does not report everyone).
// Teams, and owners no git author matches, are not judged: a wrong
// "has left" is worse than none.
func (c *checker) idleOwners() {
	h := c.snap.History
	if h == nil {
		return
	}
	ref := h.Head.Date
	if ref.IsZero() {
		ref = c.now
	}
	seen := map[string]bool{}
	for _, rule := range h.Owners {
		for _, owner := range rule.Owners {
			key := strings.ToLower(owner)
			if seen[key] || strings.Contains(strings.TrimPrefix(key, "@"), "/") {
				continue
			}
			seen[key] = true
			last, file, ok := lastCommitOf(h, key)
			if !ok || ref.Sub(last) <= c.maxIdle {
				continue
			}
			c.report(ruleOwnerIdle, rule.Source, "name who keeps these paths today; if "+owner+" still does, no change is needed",
				"owner %s has made no commit since %s (to %s), %s before the repository's last commit (the limit is %s)",
				owner, last.Format(time.DateOnly), file, HumanAge(ref.Sub(last)), humanDays(c.maxIdle))
		}
	}
}

// lastCommitOf is the newest commit date of the authors an owner (lower
// case: an email or a @handle) names, the file it touched (the first by
// path of equals), and whether any author matched.
func lastCommitOf(h *model.History, owner string) (time.Time, string, bool) {
	var last time.Time
	file, found := "", false
	for p, f := range h.Files {
		for _, a := range f.Authors {
			if !authorIs(a, owner) {
				continue
			}
			found = true
			if a.Last.After(last) || a.Last.Equal(last) && (file == "" || p < file) {
				last, file = a.Last, p
			}
		}
	}
	return last, file, found
}

// authorIs reports whether a git author is the owner: the same email, or
// for a @handle an email whose local part is the handle (a GitHub noreply
// address's after its "+"), or a one-word name equal to it.
func authorIs(a model.AuthorStat, owner string) bool {
	email := strings.ToLower(a.Email)
	handle, isHandle := strings.CutPrefix(owner, "@")
	if !isHandle {
		return email != "" && email == owner
	}
	local, _, _ := strings.Cut(email, "@")
	if _, after, ok := strings.Cut(local, "+"); ok && strings.HasSuffix(email, "users.noreply.github.com") {
		local = after
	}
	return local == handle || strings.EqualFold(a.Name, handle)
}

// IsDecayRule reports whether a rule finds knowledge gone stale: what
// answer cards show beside the document a finding is about.
func IsDecayRule(id string) bool {
	switch id {
	case ruleStaleHost, ruleStaleResource, ruleAlertRunbook, ruleRunbookUnused, ruleOwnerIdle, ruleSOPReview:
		return true
	}
	return false
}
