package client

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"handover/internal/explain"
	"handover/internal/model"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// Explain says what is declared at a line (and column, 0 for the whole
// line) of a file of repo. content, when not nil, is the file as an editor
// holds it.
func (c *Client) Explain(ctx context.Context, repo, path string, line, column int, content *string) (*pb.ExplainResponse, error) {
	resp, err := c.Explainer.Explain(ctx, &pb.ExplainRequest{Repo: repo, Path: path, Line: int32(line), Column: int32(column), Content: content})
	return resp, c.explain(err)
}

// LintFile returns the findings of one file of repo; content, when not
// nil, is linted in the file's place.
func (c *Client) LintFile(ctx context.Context, repo, path string, content *string) ([]*pb.Finding, error) {
	resp, err := c.Linter.Lint(ctx, &pb.LintRequest{Repo: repo, Path: path, Content: content})
	return resp.GetFindings(), c.explain(err)
}

// ExplainMarkdown renders an Explain answer as Markdown, for an editor's
// hover or an agent.
func ExplainMarkdown(resp *pb.ExplainResponse) (string, error) {
	a, err := pbconv.ExplainFromProto(resp)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** `%s` — %s\n\n", a.Subject, a.Name, a.Source)
	if a.Detail != "" {
		fmt.Fprintf(&b, "%s\n\n", a.Detail)
	}
	if a.Item != nil {
		writeCard(&b, a.Item)
	}
	writeValues(&b, a)
	if lc := a.LastChange; lc != nil {
		what := "Line last changed"
		if a.WholeFile {
			what = "File last changed"
		}
		fmt.Fprintf(&b, "%s by %s on %s: %s (`%.8s`)\n\n", what, lc.Author, lc.Date.Format("2006-01-02"), lc.Subject, lc.Hash)
	}
	if len(a.Owners) > 0 {
		fmt.Fprintf(&b, "Owners: %s\n\n", strings.Join(a.Owners, ", "))
	}
	for _, f := range a.Findings {
		fmt.Fprintf(&b, "- lint %s `%s`: %s\n", f.Level, f.Rule, f.Message)
	}
	return strings.TrimSpace(b.String()) + "\n", nil
}

// writeCard writes what the line declares or belongs to and its links.
func writeCard(b *strings.Builder, it model.Item) {
	var links []model.Link
	switch it := it.(type) {
	case *model.Host:
		if it.Purpose != "" {
			fmt.Fprintf(b, "> %s\n\n", it.Purpose)
		}
		fmt.Fprintf(b, "Groups: %s", strings.Join(it.Groups, ", "))
		if it.Env != "" || it.Cloud != "" {
			fmt.Fprintf(b, " · env %s · cloud %s", it.Env, it.Cloud)
		}
		b.WriteString("\n\n")
		for _, v := range it.ConfigDefaults {
			fmt.Fprintf(b, "- `%s` = `%s` from %s (no variable overrides it)\n", v.Name, valueText(v.Value), v.Source)
		}
		if it.NotReadBy != nil {
			fmt.Fprintf(b, "- not read by ansible.cfg's default inventory (%s): run with -i %s\n", it.NotReadBy, it.Inventory)
		}
		if len(it.ConfigDefaults) > 0 || it.NotReadBy != nil {
			b.WriteString("\n")
		}
		links = it.Links
	case *model.Group:
		if it.Comment != "" {
			fmt.Fprintf(b, "> %s\n\n", it.Comment)
		}
		fmt.Fprintf(b, "Parents: %s · children: %s · %d hosts\n\n", orNone(it.Parents), orNone(it.Children), len(it.Hosts))
		links = it.Links
	case *model.Resource:
		writeWhy(b, it.Why)
		links = it.Links
	case *model.ModuleCall:
		fmt.Fprintf(b, "Module source: `%s`\n\n", it.From)
		writeWhy(b, it.Why)
		links = it.Links
	case *model.Play:
		fmt.Fprintf(b, "Play %q of %s, hosts: `%s`\n\n", it.Name, it.Playbook, it.Hosts)
		links = it.Links
	case *model.Role:
		if it.Description != "" || it.Readme != "" {
			fmt.Fprintf(b, "> %s\n\n", firstOf(it.Description, it.Readme))
		}
		links = it.Links
	case *model.SOP:
		fmt.Fprintf(b, "SOP %q, owners %s, reviewed %s\n\n", it.Title, orNone(it.Owners), firstOf(it.Reviewed, "never"))
		links = it.Links
	case *model.Incident:
		fmt.Fprintf(b, "Incident %q (%s)\n\n", it.Title, it.Date)
		links = it.Links
	case *model.Doc:
		links = it.Links
	}
	for i, l := range links {
		if i == 0 {
			b.WriteString("Links:\n")
		}
		if i == 12 {
			fmt.Fprintf(b, "- … %d more\n", len(links)-i)
			break
		}
		fmt.Fprintf(b, "- %s %s `%s` (%s)\n", l.Rel, l.Kind, l.Name, l.Source)
	}
	if len(links) > 0 {
		b.WriteString("\n")
	}
}

func writeWhy(b *strings.Builder, w model.Why) {
	if w.Text != "" {
		fmt.Fprintf(b, "> %s\n\n", w.Text)
	}
}

// writeValues writes a variable's value per host and its precedence chain:
// "web01's ansible_user comes from group_vars/prod.yml:3, which overrides
// group_vars/all.yml:2".
func writeValues(b *strings.Builder, a *explain.Answer) {
	if a.Subject != explain.SubjectVariable {
		return
	}
	fmt.Fprintf(b, "Reaches %d hosts", a.AffectedHosts)
	if a.AffectedHosts > len(a.Values) {
		fmt.Fprintf(b, " (the first %d below)", len(a.Values))
	}
	b.WriteString(":\n\n")
	for _, v := range a.Values {
		if !v.Set || len(v.Chain) == 0 {
			fmt.Fprintf(b, "- %s: not set\n", v.Host)
			continue
		}
		fmt.Fprintf(b, "- %s's `%s` = `%s` comes from %s", v.Host, a.Name, valueText(v.Value), v.Chain[0].Source)
		for i, s := range v.Chain[1:] {
			sep := ", "
			if i == 0 {
				sep = ", which overrides "
			}
			fmt.Fprintf(b, "%s%s", sep, s.Source)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// valueText is a value as YAML would show it in one line: strings bare,
// lists and maps as JSON.
func valueText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
