package index

import (
	"strings"

	"handover/internal/model"
	"handover/internal/redact"
)

// alertEntry converts a Prometheus alerting rule. Its name is found by the
// words it is made of ("pod crash looping" finds KubePodCrashLooping), its
// summary and description as its purpose, its expression as its body;
// every text is redacted, the runbook URL too (it may carry credentials).
func alertEntry(repo string, a *model.Alert) (entry, error) {
	c := *a
	c.Source.Repo = repo
	for _, f := range []*string{&c.Expr, &c.Summary, &c.Description, &c.RunbookURL} {
		*f = redact.Text(*f)
	}
	c.Links = redactLinks(a.Links, repo)
	runbooks := relNames(c.Links, model.RelRunbook)
	return marshalEntry(entry{
		Kind:        model.KindAlert,
		Repo:        repo,
		Inventory:   a.Source.Path,
		Name:        a.Name,
		IDName:      a.Name + "#" + a.Source.String(),
		Source:      c.Source,
		Severity:    a.Severity,
		Tags:        []string{a.Group},
		NameText:    a.Name + " " + camelWords(a.Name),
		PurposeText: c.Summary + "\n" + c.Description,
		GroupsText:  a.Group + " " + a.Severity + " " + strings.Join(runbooks, " "),
		BodyText:    c.Expr,
	}, &c)
}
