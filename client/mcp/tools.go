package mcp

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"handover/client"
	"handover/client/render"
	"handover/internal/lint"
	"handover/internal/model"
	"handover/internal/pbconv"
	"handover/internal/stats"
	pb "handover/proto/handover/v1"
)

// The most a tool reads from handoverd for one answer; the pages cut it
// for the agent. An answer cut here says so and how to narrow it.
const (
	maxAskHosts = 200 // the most handoverd lists in one answer
	maxListed   = 500
)

// paging is the argument of every tool that pages its answer.
type paging struct {
	Cursor string `json:"cursor,omitempty" jsonschema:"from the previous page's [more: ...] line"`
}

// inRepo narrows a tool to one repository.
type inRepo struct {
	Repo string `json:"repo,omitempty" jsonschema:"only this repository; onboard and handoff need one when several are indexed"`
	paging
}

type askArgs struct {
	Question string `json:"question" jsonschema:"plain words, e.g. where does jenkins run and why"`
	Kind     string `json:"kind,omitempty" jsonschema:"only this kind, as in search"`
	inRepo
}

type searchArgs struct {
	Query string `json:"query" jsonschema:"words, or field:value (purpose_text:jenkins)"`
	Kind  string `json:"kind,omitempty" jsonschema:"host, group, resource, module, variable, output, provider, sop, incident, doc, play, role or alert"`
	Env   string `json:"env,omitempty"`
	Cloud string `json:"cloud,omitempty"`
	inRepo
}

type hostArgs struct {
	Name string `json:"name" jsonschema:"full or short name (jenkins01)"`
	inRepo
}

type sopArgs struct {
	Query string `json:"query" jsonschema:"a few words naming the task or emergency"`
	inRepo
}

type incidentsArgs struct {
	Query    string `json:"query,omitempty"`
	Person   string `json:"person,omitempty"`
	Category string `json:"category,omitempty" jsonschema:"knowledge-transfer, experience or emergency"`
	Since    string `json:"since,omitempty" jsonschema:"YYYY-MM-DD"`
	Until    string `json:"until,omitempty" jsonschema:"YYYY-MM-DD"`
	inRepo
}

type resourcesArgs struct {
	Query    string `json:"query,omitempty"`
	Provider string `json:"provider,omitempty"`
	Region   string `json:"region,omitempty"`
	Type     string `json:"type,omitempty" jsonschema:"aws_instance, ..."`
	Env      string `json:"env,omitempty"`
	Cloud    string `json:"cloud,omitempty"`
	inRepo
}

type handoffArgs struct {
	Person string `json:"person" jsonschema:"name, email or GitHub handle"`
	Since  string `json:"since,omitempty" jsonschema:"YYYY-MM-DD; default 90 days ago"`
	inRepo
}

type lintArgs struct {
	Path string `json:"path,omitempty" jsonschema:"only findings in this file or directory"`
	inRepo
}

type statsArgs struct {
	By    string `json:"by,omitempty" jsonschema:"month (default) or quarter"`
	Since string `json:"since,omitempty" jsonschema:"YYYY-MM-DD"`
	Until string `json:"until,omitempty" jsonschema:"YYYY-MM-DD"`
	inRepo
}

type explainArgs struct {
	Path string `json:"path" jsonschema:"file relative to the repository root, e.g. inventories/production/hosts.ini"`
	Line int    `json:"line" jsonschema:"1-based line"`
	inRepo
}

type reposArgs struct {
	paging
}

// register adds the tools. Their descriptions are read by the agent on
// every turn, so they are short: TestToolBudget holds them under 3k tokens.
func (t *tools) register(s *sdk.Server) {
	addTool(t, s, "ask", "Ask in plain words",
		"Answer a question about the infrastructure: which hosts match (why, where declared, ssh key, Terraform, roles) and the related Terraform, SOPs, incidents and docs.",
		t.ask)
	addTool(t, s, "search", "Search everything",
		"Full-text search over hosts, groups, Terraform, variables, plays, roles, SOPs, incidents and docs, with filters; one line per match.",
		t.search)
	addTool(t, s, "host", "Host card",
		"Everything about one host: purpose, place, groups, what creates it and runs on it, SOPs and incidents naming it, effective Ansible variables.",
		t.host)
	addTool(t, s, "sop", "SOP step by step",
		"The SOP or runbook best matching a few words, step by step as written, with what it links to.",
		t.sop)
	addTool(t, s, "incidents", "Incident reports",
		"Incident reports and postmortems, newest first, filtered by words, person, category and dates.",
		t.incidents)
	addTool(t, s, "resources", "Terraform resources",
		"Terraform resources and data sources: why each exists and the hosts it creates; filter by words, provider, region, type, env, cloud.",
		t.resources)
	addTool(t, s, "onboard", "Onboarding document",
		"An onboarding document for someone new: environments, what runs where, hosts, Terraform, SOPs to read first, incidents and lessons, owners, where to start.",
		t.onboard)
	addTool(t, s, "handoff", "Handoff document",
		"What a person changed and owns, incidents they handled, their overdue SOPs, and who else knows each area (bus factor).",
		t.handoff)
	addTool(t, s, "lint", "Convention findings",
		"Findings against the team's conventions (inventory hierarchy, purpose comments, conflicts, plain-text secrets, SOP reviews) of an indexed repository.",
		t.lint)
	addTool(t, s, "stats", "Incident statistics",
		"Incident statistics per month or quarter: incidents per person, hours lost, internal hours, by category and person.",
		t.stats)
	addTool(t, s, "explain", "Explain a file line",
		"What a line of a repository file declares (host, group, variable with its value per host and precedence chain, play, Terraform block, SOP step), its links, who changed it last and who owns it.",
		t.explain)
	addTool(t, s, "repos", "Indexed repositories",
		"The indexed repositories: path, when indexed, counts by kind, and files that could not be read.",
		t.repos)
}

// addTool registers a read-only tool whose answer is text, cut into pages.
func addTool[In any](t *tools, s *sdk.Server, name, title, description string, answer func(ctx context.Context, w io.Writer, in In) error) {
	closed := false
	tool := &sdk.Tool{
		Name:        name,
		Description: description,
		Annotations: &sdk.ToolAnnotations{Title: title, ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: &closed},
	}
	sdk.AddTool(s, tool, func(ctx context.Context, _ *sdk.CallToolRequest, in In) (*sdk.CallToolResult, any, error) {
		text, err := t.paged(ctx, name, in, t.opts.PageTokens, func(ctx context.Context, w io.Writer) error { return answer(ctx, w, in) })
		if err != nil {
			return nil, nil, err
		}
		return &sdk.CallToolResult{Content: []sdk.Content{&sdk.TextContent{Text: text}}}, nil, nil
	})
}

// paged writes the whole answer of a call and returns the page its cursor
// asks for, at most budget tokens.
func (t *tools) paged(ctx context.Context, name string, args any, budget int, write func(context.Context, io.Writer) error) (string, error) {
	cur, fp, err := callOf(name, args)
	if err != nil {
		return "", err
	}
	offset, err := decodeCursor(cur, fp)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, t.opts.Timeout)
	defer cancel()
	var b strings.Builder
	if err := write(ctx, &b); err != nil {
		return "", err
	}
	text, _, err := page(b.String(), offset, budget, fp)
	return text, err
}

func (t *tools) ask(ctx context.Context, w io.Writer, in askArgs) error {
	kind, err := kindOf(in.Kind)
	if err != nil {
		return err
	}
	resp, err := t.c.AskWith(ctx, &pb.AskRequest{Question: in.Question, Limit: maxAskHosts, Repo: in.Repo, Kind: kind})
	if err != nil {
		return err
	}
	render.Answer(w, resp)
	return nil
}

func (t *tools) search(ctx context.Context, w io.Writer, in searchArgs) error {
	kind, err := kindOf(in.Kind)
	if err != nil {
		return err
	}
	resp, err := t.c.FindAll(ctx, &pb.SearchRequest{
		Query:  in.Query,
		Filter: &pb.SearchFilter{Repo: in.Repo, Kind: kind, Env: in.Env, Cloud: in.Cloud},
	}, maxListed)
	if err != nil {
		return err
	}
	writeCount(w, len(resp.GetHits()), int64(resp.GetTotal()), "matches")
	for _, hit := range resp.GetHits() {
		it, err := pbconv.ItemFromHit(hit)
		if err != nil {
			return err
		}
		row := render.ItemRow(it)
		where := ""
		if place := strings.Trim(row.Env+" · "+row.Cloud, " ·"); place != "" {
			where = "  (" + place + ")"
		}
		fmt.Fprintf(w, "%s %s%s  %s\n", it.Kind(), row.Name, where, row.Src)
		if text := strings.Join(strings.Fields(row.Text), " "); text != "" {
			fmt.Fprintf(w, "    %s\n", text)
		}
	}
	return nil
}

// kindOf reads a kind argument; "" is every kind.
func kindOf(s string) (pb.DocumentKind, error) {
	kind := pbconv.KindToProto(model.Kind(s))
	if s != "" && kind == pb.DocumentKind_DOCUMENT_KIND_UNSPECIFIED {
		return kind, fmt.Errorf("kind %q: want host, group, resource, module, variable, output, provider, sop, incident, doc, play, role or alert", s)
	}
	return kind, nil
}

func (t *tools) host(ctx context.Context, w io.Writer, in hostArgs) error {
	hosts, err := t.c.FindHosts(ctx, in.Name, in.Repo)
	if err != nil {
		return err
	}
	for i, h := range hosts {
		if i > 0 {
			fmt.Fprintln(w)
		}
		render.Host(w, h)
	}
	return nil
}

func (t *tools) explain(ctx context.Context, w io.Writer, in explainArgs) error {
	repo := in.Repo
	if repo == "" {
		repos, err := t.c.ListRepositories(ctx)
		if err != nil {
			return err
		}
		if len(repos) != 1 {
			names := make([]string, len(repos))
			for i, r := range repos {
				names[i] = r.GetName()
			}
			return fmt.Errorf("name the repository: %s are indexed", strings.Join(names, ", "))
		}
		repo = repos[0].GetName()
	}
	resp, err := t.c.Explain(ctx, repo, in.Path, in.Line, 0, nil)
	if err != nil {
		return err
	}
	md, err := client.ExplainMarkdown(resp)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, md)
	return err
}

func (t *tools) sop(ctx context.Context, w io.Writer, in sopArgs) error {
	resp, err := t.c.FindSOP(ctx, in.Query, in.Repo)
	if err != nil {
		return err
	}
	if resp.GetSop() == nil {
		// No clear match: the candidates, for the agent to choose by
		// reading one's card or asking with more words.
		cands := resp.GetCandidates()
		fmt.Fprintf(w, "No clear match: %d candidates. Call sop again with more words, or read a candidate's handover://REPO/sop/PATH resource.\n", len(cands))
		for i, c := range cands {
			fmt.Fprintf(w, "\n%d. %s  %s\n", i+1, c.GetTitle(), render.Source(c.GetSource()))
			if c.GetFirstLine() != "" {
				fmt.Fprintf(w, "   %s\n", c.GetFirstLine())
			}
		}
		return nil
	}
	render.SOP(w, resp.GetSop())
	if others := resp.GetOthers(); len(others) > 0 {
		fmt.Fprintln(w, "\nAlso matching (the sop tool prints one by its title):")
		for _, o := range others {
			fmt.Fprintf(w, "  %s  %s\n", o.GetTitle(), render.Source(o.GetSource()))
		}
	}
	return nil
}

func (t *tools) incidents(ctx context.Context, w io.Writer, in incidentsArgs) error {
	filter := &pb.IncidentFilter{Repo: in.Repo, Person: in.Person, Category: in.Category, Since: in.Since, Until: in.Until}
	incs, total, err := t.c.ListIncidents(ctx, filter, in.Query, maxListed)
	if err != nil {
		return err
	}
	writeCount(w, len(incs), total, "incidents")
	for _, inc := range incs {
		facts := []string{render.Dash(inc.GetCategory()), render.Dash(inc.GetSeverity())}
		if inc.GetHours() > 0 {
			facts = append(facts, fmt.Sprintf("%gh", inc.GetHours()))
		}
		fmt.Fprintf(w, "%s  %s  [%s]  %s\n", render.Dash(inc.GetDate()), inc.GetTitle(), strings.Join(facts, ", "), render.Source(inc.GetSource()))
		if len(inc.GetPeople()) > 0 {
			fmt.Fprintf(w, "    people  %s\n", strings.Join(inc.GetPeople(), ", "))
		}
		if inc.GetSop() != "" {
			fmt.Fprintf(w, "    sop     %s\n", inc.GetSop())
		}
	}
	return nil
}

func (t *tools) resources(ctx context.Context, w io.Writer, in resourcesArgs) error {
	filter := &pb.ResourceFilter{Repo: in.Repo, Env: in.Env, Cloud: in.Cloud, Provider: in.Provider, Region: in.Region, Type: in.Type}
	res, total, err := t.c.ListResources(ctx, filter, in.Query, maxListed)
	if err != nil {
		return err
	}
	writeCount(w, len(res), total, "resources")
	for _, r := range res {
		render.Resource(w, r)
	}
	return nil
}

func (t *tools) onboard(ctx context.Context, w io.Writer, in inRepo) error {
	resp, err := t.c.Onboard(ctx, in.Repo, pb.SummaryFormat_SUMMARY_FORMAT_MARKDOWN)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, resp.GetRendered())
	return err
}

func (t *tools) handoff(ctx context.Context, w io.Writer, in handoffArgs) error {
	since := in.Since
	if since == "" {
		since = time.Now().AddDate(0, 0, -90).Format(time.DateOnly)
	}
	resp, err := t.c.Handoff(ctx, &pb.HandoffRequest{Repo: in.Repo, Person: in.Person, Since: since, Format: pb.SummaryFormat_SUMMARY_FORMAT_MARKDOWN})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, resp.GetRendered())
	return err
}

func (t *tools) lint(ctx context.Context, w io.Writer, in lintArgs) error {
	resp, err := t.c.Lint(ctx, in.Repo)
	if err != nil {
		return err
	}
	prefix := strings.TrimSuffix(in.Path, "/")
	var findings []model.Finding
	for _, f := range resp.GetFindings() {
		p := f.GetSource().GetPath()
		if prefix == "" || p == prefix || strings.HasPrefix(p, prefix+"/") {
			findings = append(findings, pbconv.FindingFromProto(f))
		}
	}
	return lint.WriteText(w, findings)
}

func (t *tools) stats(ctx context.Context, w io.Writer, in statsArgs) error {
	by := cmp.Or(in.By, string(stats.Month))
	period := pbconv.PeriodToProto(stats.Period(by))
	if period == pb.StatsPeriod_STATS_PERIOD_UNSPECIFIED {
		return fmt.Errorf("by must be month or quarter, not %q", in.By)
	}
	resp, err := t.c.IncidentStats(ctx, &pb.IncidentStatsRequest{Repo: in.Repo, By: period, Since: in.Since, Until: in.Until})
	if err != nil {
		return err
	}
	if err := stats.WriteText(w, pbconv.StatsFromProto(resp)); err != nil {
		return err
	}
	// The numbers cite the reports they are counted from.
	incs, total, err := t.c.ListIncidents(ctx, &pb.IncidentFilter{Repo: in.Repo, Since: in.Since, Until: in.Until}, "", maxListed)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nFrom the incident reports:")
	writeCount(w, len(incs), total, "incidents")
	for _, inc := range incs {
		fmt.Fprintf(w, "  %s  %s  %s\n", render.Dash(inc.GetDate()), inc.GetTitle(), render.Source(inc.GetSource()))
	}
	return nil
}

func (t *tools) repos(ctx context.Context, w io.Writer, _ reposArgs) error {
	repos, err := t.c.ListRepositories(ctx)
	if err != nil {
		return err
	}
	for _, r := range repos {
		indexed := "not indexed yet"
		if r.GetIndexedAt() != nil {
			indexed = "indexed " + r.GetIndexedAt().AsTime().UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%s  %s  (%s)\n", r.GetName(), r.GetPath(), indexed)
		var counts []string
		for _, kind := range model.Kinds() {
			if n := r.GetDocs()[string(kind.Kind)]; n > 0 {
				label := kind.Plural
				if n == 1 {
					label = kind.Label
				}
				counts = append(counts, fmt.Sprintf("%d %s", n, label))
			}
		}
		fmt.Fprintf(w, "  %d inventories; %s\n", r.GetInventories(), strings.Join(counts, ", "))
		for _, p := range r.GetProblems() {
			fmt.Fprintf(w, "  %s: %s\n", render.Source(p.GetSource()), p.GetMessage())
		}
	}
	return nil
}

// writeCount heads a list: how many match, and how many of them follow.
func writeCount(w io.Writer, shown int, total int64, noun string) {
	if int64(shown) < total {
		fmt.Fprintf(w, "%d %s; the first %d (narrow with the filters):\n", total, noun, shown)
		return
	}
	fmt.Fprintf(w, "%d %s\n", total, noun)
}
