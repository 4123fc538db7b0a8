package summary

import (
	"handover/internal/history"
	"handover/internal/model"
)

// ownerRuleFor is the rule that decides who owns file (the last one that
// matches, as code hosts read CODEOWNERS), or nil when nobody does.
// history.OwnersOf decides; the rule is looked up for its citation.
func ownerRuleFor(rules []model.OwnerRule, file string) *model.OwnerRule {
	if len(history.OwnersOf(rules, file)) == 0 {
		return nil
	}
	for i := len(rules) - 1; i >= 0; i-- {
		if len(history.OwnersOf(rules[i:i+1], file)) > 0 {
			return &rules[i]
		}
	}
	return nil
}

// ownersOf are the owners of a set of files, each with the rule that
// decides it, in the order the rules first decide a file.
func ownersOf(h *model.History, files []string) []ownerOf {
	if h == nil || len(h.Owners) == 0 {
		return nil
	}
	var out []ownerOf
	seen := map[string]bool{}
	for _, f := range files {
		r := ownerRuleFor(h.Owners, f)
		if r == nil {
			continue
		}
		for _, o := range r.Owners {
			if !seen[o] {
				seen[o] = true
				out = append(out, ownerOf{owner: o, rule: r})
			}
		}
	}
	return out
}

type ownerOf struct {
	owner string
	rule  *model.OwnerRule
}
