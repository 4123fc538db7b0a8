package mcp

import (
	"context"
	"encoding/json"
	"net"
	"regexp"
	"slices"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"handover/client"
	"handover/internal/config"
	"handover/server/servertest"
)

// citation is a file:line, as every answer cites its facts.
var citation = regexp.MustCompile(`[\w./-]+\.(ini|ya?ml|tf|md|cfg):\d+`)

// secret is a password the example keeps in plain text in a host_vars
// file: no answer may show it.
const secret = "Repl1cate-Acme-2023"

// serveExample runs handoverd over the bundled example, named acme.
func serveExample(t *testing.T) string {
	t.Helper()
	return servertest.Start(t, config.Repo{Name: "acme", Path: "../../examples/acme-infra"})
}

// connect starts handover's MCP server for the handoverd at addr and
// returns the go-sdk's client session on it, over in-memory transports.
func connect(t *testing.T, addr string, opts Options) *sdk.ClientSession {
	t.Helper()
	c, err := client.New(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	serverSide, clientSide := sdk.NewInMemoryTransports()
	ctx := context.Background()
	ss, err := NewServer(c, opts).Connect(ctx, serverSide, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "test", Version: "v0"}, nil).Connect(ctx, clientSide, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

// call calls a tool and returns its text; a tool error fails the test.
func call(t *testing.T, cs *sdk.ClientSession, tool string, args map[string]any) string {
	t.Helper()
	text, isErr := try(t, cs, tool, args)
	if isErr {
		t.Fatalf("%s %v: tool error: %s", tool, args, text)
	}
	return text
}

// try calls a tool and returns its text and whether it is an error.
func try(t *testing.T, cs *sdk.ClientSession, tool string, args map[string]any) (string, bool) {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: tool, Arguments: args})
	if err != nil {
		t.Fatalf("%s %v: %v", tool, args, err)
	}
	var b strings.Builder
	for _, c := range res.Content {
		b.WriteString(c.(*sdk.TextContent).Text)
	}
	return b.String(), res.IsError
}

func TestTools(t *testing.T) {
	cs := connect(t, serveExample(t), Options{})
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ask", "handoff", "host", "incidents", "lint", "onboard", "repos", "resources", "search", "sop", "stats"}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
		if a := tool.Annotations; a == nil || !a.ReadOnlyHint || a.Title == "" {
			t.Errorf("tool %s is not annotated read-only with a title: %+v", tool.Name, a)
		}
	}
	slices.Sort(names)
	if !slices.Equal(names, want) || len(names) > 12 {
		t.Errorf("tools = %v, want %v (at most 12)", names, want)
	}
	// What an agent reads of the tools on every turn: names, descriptions
	// and argument schemas.
	b, err := json.Marshal(res.Tools)
	if err != nil {
		t.Fatal(err)
	}
	if n := Tokens(string(b)); n >= 3000 {
		t.Errorf("the tools cost an agent %d tokens, want under 3000", n)
	} else {
		t.Logf("the tools cost an agent %d tokens", n)
	}
}

// more is the cursor at the end of a page, "" on the last.
var more = regexp.MustCompile(`\n\[more: [^\]]*cursor "([^"]+)"[^\]]*\]\n$`)

func TestAskCitesAndPages(t *testing.T) {
	addr := serveExample(t)
	cs := connect(t, addr, Options{})
	const question = "what runs in production on aws"
	whole := call(t, cs, "ask", map[string]any{"question": question})
	for _, want := range []string{"jenkins01.prod.aws.acme-shop.internal", "inventories/production/hosts.ini:32", "terraform/production/aws/web.tf:35"} {
		if !strings.Contains(whole, want) {
			t.Errorf("answer lacks %q:\n%s", want, whole)
		}
	}
	if n := Tokens(whole); n >= MaxResultTokens || more.MatchString(whole) {
		t.Fatalf("the answer is %d tokens or paged; want it whole under %d", n, MaxResultTokens)
	}

	// With pages of 600 tokens the same answer comes in pieces, each within
	// the bound and citing file:line, that put together are the answer.
	const budget = 600
	small := connect(t, addr, Options{PageTokens: budget})
	args := map[string]any{"question": question}
	var pages []string
	for {
		text := call(t, small, "ask", args)
		if n := Tokens(text); n > budget {
			t.Errorf("page %d is %d tokens, over %d", len(pages)+1, n, budget)
		}
		if !citation.MatchString(text) {
			t.Errorf("page %d cites no file:line:\n%s", len(pages)+1, text)
		}
		m := more.FindStringSubmatch(text)
		if m == nil {
			pages = append(pages, text)
			break
		}
		pages = append(pages, strings.TrimSuffix(text, m[0]))
		args["cursor"] = m[1]
		if len(pages) > 100 {
			t.Fatal("the pages do not end")
		}
	}
	if len(pages) < 3 {
		t.Errorf("%d pages of %d tokens for a %d-token answer", len(pages), budget, Tokens(whole))
	}
	if got := strings.Join(pages, ""); got != whole {
		t.Errorf("the pages put together are not the answer:\n%s\n---\n%s", got, whole)
	}

	// A cursor belongs to its question.
	args["question"] = "where does jenkins run"
	if text, isErr := try(t, small, "ask", args); !isErr || !strings.Contains(text, "cursor") {
		t.Errorf("a cursor of another question: error %v, %q", isErr, text)
	}
}

// Every tool answers the example within the bound, cites file:line and
// shows no secret.
func TestEveryTool(t *testing.T) {
	cs := connect(t, serveExample(t), Options{})
	for _, tc := range []struct {
		tool string
		args map[string]any
		want []string
	}{
		{"ask", map[string]any{"question": "where does jenkins run and why"}, []string{"Jenkins controller", "inventories/production/hosts.ini:31"}},
		{"search", map[string]any{"query": "rabbitmq"}, []string{"resource aws_instance.rabbitmq", "terraform/production/aws/cache.tf:35"}},
		{"search", map[string]any{"query": "postgresql", "kind": "play"}, []string{"playbooks/db.yml:2"}},
		{"host", map[string]any{"name": "pg-primary01"}, []string{"inventories/production/hosts.ini:54", "postgresql_replication_password", "[redacted]"}},
		{"sop", map[string]any{"query": "breach"}, []string{"Security breach", "sops/security-breach.md:2", "1. Write down the time"}},
		{"incidents", map[string]any{"category": "emergency"}, []string{"2 incidents", "incidents/2026-01-22-pg-primary-lost.md:2"}},
		{"resources", map[string]any{"provider": "google", "type": "google_compute_instance"}, []string{"google_compute_instance.grafana", "terraform/production/gcp/monitoring.tf:35"}},
		{"onboard", map[string]any{}, []string{"# Onboarding: acme", "inventories/production/hosts.ini:7"}},
		{"handoff", map[string]any{"person": "marta", "since": "2000-01-01"}, []string{"# Handoff"}},
		{"lint", map[string]any{"path": "inventories/production"}, []string{"[plaintext-secret]", "inventories/production/hosts.ini:"}},
		{"stats", map[string]any{"by": "quarter"}, []string{"2025-Q1", "incidents/2025-03-18-checkout-skimmer.md:2"}},
		{"repos", map[string]any{}, []string{"acme  ", "35 hosts", "6 SOPs"}},
	} {
		t.Run(tc.tool, func(t *testing.T) {
			text := call(t, cs, tc.tool, tc.args)
			for _, want := range tc.want {
				if !strings.Contains(text, want) {
					t.Errorf("%s lacks %q:\n%s", tc.tool, want, text)
				}
			}
			// repos names directories, which have no lines to cite.
			if tc.tool != "repos" && !citation.MatchString(text) {
				t.Errorf("%s cites no file:line:\n%s", tc.tool, text)
			}
			if n := Tokens(text); n > MaxResultTokens {
				t.Errorf("%s: %d tokens, over %d", tc.tool, n, MaxResultTokens)
			}
			if strings.Contains(text, secret) {
				t.Errorf("%s shows the replication password:\n%s", tc.tool, text)
			}
		})
	}
	for _, tc := range []struct {
		tool string
		args map[string]any
	}{
		{"host", map[string]any{"name": "no-such-host"}},
		{"search", map[string]any{"query": "x", "kind": "spaceship"}},
		{"stats", map[string]any{"by": "week"}},
		{"ask", map[string]any{"question": "x", "cursor": "not a cursor"}},
	} {
		if text, isErr := try(t, cs, tc.tool, tc.args); !isErr || text == "" {
			t.Errorf("%s %v: error %v, %q; want a tool error saying why", tc.tool, tc.args, isErr, text)
		}
	}
}

func TestResources(t *testing.T) {
	cs := connect(t, serveExample(t), Options{})
	ctx := context.Background()
	var uris []string
	for r, err := range cs.Resources(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		uris = append(uris, r.URI)
	}
	for _, want := range []string{"handover://acme/host/pg-primary01.prod.aws.acme-shop.internal", "handover://acme/sop/sops/security-breach.md"} {
		if !slices.Contains(uris, want) {
			t.Errorf("resources lack %s: %v", want, uris)
		}
	}
	if len(uris) != 35+6 {
		t.Errorf("%d resources, want the 35 hosts and 6 SOPs", len(uris))
	}
	for uri, want := range map[string][]string{
		HostURI("acme", "pg-primary01.prod.aws.acme-shop.internal"): {"inventories/production/hosts.ini:54", "[redacted]"},
		SOPURI("acme", "sops/security-breach.md"):                   {"sops/security-breach.md:2", "1. Write down the time"},
	} {
		res, err := cs.ReadResource(ctx, &sdk.ReadResourceParams{URI: uri})
		if err != nil {
			t.Fatalf("read %s: %v", uri, err)
		}
		text := res.Contents[0].Text
		for _, w := range want {
			if !strings.Contains(text, w) || strings.Contains(text, secret) {
				t.Errorf("%s lacks %q or shows the secret:\n%s", uri, w, text)
			}
		}
	}
	for _, uri := range []string{HostURI("acme", "no-such-host"), SOPURI("acme", "sops/none.md"), "handover://acme/spaceship/x"} {
		if _, err := cs.ReadResource(ctx, &sdk.ReadResourceParams{URI: uri}); err == nil {
			t.Errorf("read %s: no error", uri)
		}
	}
}

func TestPrompts(t *testing.T) {
	cs := connect(t, serveExample(t), Options{})
	ctx := context.Background()
	res, err := cs.ListPrompts(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range res.Prompts {
		names = append(names, p.Name+"/"+p.Title)
	}
	if !slices.Equal(names, []string{"hand_over/Hand over PERSON", "onboard_me/Onboard me"}) {
		t.Errorf("prompts = %v", names)
	}
	for _, tc := range []struct {
		name string
		args map[string]string
		want string
	}{
		{"onboard_me", nil, "# Onboarding: acme"},
		{"hand_over", map[string]string{"person": "marta", "since": "2000-01-01"}, "# Handoff"},
	} {
		got, err := cs.GetPrompt(ctx, &sdk.GetPromptParams{Name: tc.name, Arguments: tc.args})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		text := got.Messages[0].Content.(*sdk.TextContent).Text
		if !strings.Contains(text, tc.want) || !citation.MatchString(text) || Tokens(text) > MaxResultTokens {
			t.Errorf("%s: %d tokens, want %q and file:line within %d:\n%s", tc.name, Tokens(text), tc.want, MaxResultTokens, text)
		}
	}
	if _, err := cs.GetPrompt(ctx, &sdk.GetPromptParams{Name: "hand_over"}); err == nil {
		t.Error("hand_over without a person: no error")
	}
}

// The same server over streamable HTTP on 127.0.0.1, as `handover mcp
// --http` serves it.
func TestStreamableHTTP(t *testing.T) {
	c, err := client.New(serveExample(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ServeHTTP(ctx, NewServer(c, Options{}), lis) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("ServeHTTP: %v", err)
		}
	}()
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "test", Version: "v0"}, nil).
		Connect(ctx, &sdk.StreamableClientTransport{Endpoint: "http://" + lis.Addr().String() + "/"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	tools, err := cs.ListTools(ctx, nil)
	if err != nil || len(tools.Tools) == 0 {
		t.Fatalf("tools over HTTP: %v, %v", tools, err)
	}
	if text := call(t, cs, "host", map[string]any{"name": "jenkins01"}); !strings.Contains(text, "inventories/production/hosts.ini:32") {
		t.Errorf("host over HTTP:\n%s", text)
	}
}
