package ask

import (
	"handover/internal/index"
	"handover/internal/lint"
	"handover/internal/model"
)

// maxStaleFacts bounds the stale lines of one card.
const maxStaleFacts = 3

// repoInfos is what index.Store offers besides search: each
// repository's stored lint findings, read without a query.
type repoInfos interface {
	Repos() []index.RepoInfo
}

// staleFacts adds what lint found gone stale in the file a card's
// document is declared in (a host an SOP names that no inventory has, an
// overdue review, a runbook no alert names); for an alert, at its line.
// It costs no query: findings are kept with each repository's index.
func (b *cardBuilder) staleFacts(c *Card, add func(string, string, model.Source)) {
	rl, ok := b.s.(repoInfos)
	if !ok {
		return
	}
	n := 0
	for _, info := range rl.Repos() {
		if info.Name != c.Repo {
			continue
		}
		for _, f := range info.Findings {
			if n == maxStaleFacts || !lint.IsDecayRule(f.Rule) || f.Source.Path != c.Source.Path ||
				c.Kind == model.KindAlert && f.Source.Line != c.Source.Line {
				continue
			}
			add("stale", f.Message, f.Source)
			n++
		}
	}
}
