package mcp

import (
	"cmp"
	"context"
	"fmt"
	"io"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

const (
	onboardIntro = `I am new to the infrastructure in %s. Below is handover's onboarding document for it. Walk me through it in the order I need: environments and clouds, what runs where and why, the SOPs to read first, recent incidents and their lessons, who to ask. Quote the file:line of every fact. Use handover's tools (ask, host, sop, incidents, resources) to answer my follow-up questions, and call onboard with the cursor at the end of the document, if there is one, for the rest.

`
	handoffIntro = `%s is handing over their work to me. Below is handover's handoff document for them. Tell me what I take over: what they changed and own, the incidents and open follow-ups, the SOPs overdue for review, and where nobody else knows an area (bus factor 1), with the file:line of each. Use handover's tools for details, and call handoff with the cursor at the end of the document, if there is one, for the rest.

`
)

func (t *tools) registerPrompts(s *sdk.Server) {
	repo := &sdk.PromptArgument{Name: "repo", Description: "the repository, when several are indexed"}
	s.AddPrompt(&sdk.Prompt{
		Name: "onboard_me", Title: "Onboard me",
		Description: "Start on an infrastructure: the onboarding document, walked through with citations.",
		Arguments:   []*sdk.PromptArgument{repo},
	}, func(ctx context.Context, req *sdk.GetPromptRequest) (*sdk.GetPromptResult, error) {
		in := inRepo{Repo: req.Params.Arguments["repo"]}
		return t.prompt(ctx, "onboard", in, fmt.Sprintf(onboardIntro, cmp.Or(in.Repo, "this team's repositories")),
			func(ctx context.Context, w io.Writer) error { return t.onboard(ctx, w, in) })
	})
	s.AddPrompt(&sdk.Prompt{
		Name: "hand_over", Title: "Hand over PERSON",
		Description: "Take over someone's work: what they changed and own, and who else knows it.",
		Arguments: []*sdk.PromptArgument{
			{Name: "person", Description: "name, email or GitHub handle", Required: true},
			{Name: "since", Description: "YYYY-MM-DD; default 90 days ago"},
			repo,
		},
	}, func(ctx context.Context, req *sdk.GetPromptRequest) (*sdk.GetPromptResult, error) {
		a := req.Params.Arguments
		in := handoffArgs{Person: a["person"], Since: a["since"], inRepo: inRepo{Repo: a["repo"]}}
		if in.Person == "" {
			return nil, fmt.Errorf("hand_over needs a person")
		}
		return t.prompt(ctx, "handoff", in, fmt.Sprintf(handoffIntro, in.Person),
			func(ctx context.Context, w io.Writer) error { return t.handoff(ctx, w, in) })
	})
}

// prompt is one user message: intro, then the first page of a tool's
// answer, the whole within the page budget. Its cursor, if any, is the
// tool's, so the agent pages on with that tool.
func (t *tools) prompt(ctx context.Context, tool string, args any, intro string, write func(context.Context, io.Writer) error) (*sdk.GetPromptResult, error) {
	doc, err := t.paged(ctx, tool, args, max(t.opts.PageTokens-Tokens(intro), 2*footerTokens), write)
	if err != nil {
		return nil, err
	}
	return &sdk.GetPromptResult{Messages: []*sdk.PromptMessage{{Role: "user", Content: &sdk.TextContent{Text: intro + doc}}}}, nil
}
