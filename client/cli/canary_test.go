package cli

import (
	"bufio"
	"cmp"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"
	"github.com/go-git/go-git/v5"
	gitconfig "github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/object"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"handover/client"
	"handover/client/mcp"
	"handover/internal/config"
	pb "handover/proto/handover/v1"
	"handover/server/servertest"
)

// The canary test plants secrets in every place a team leaks them
// (testdata/canary: the repository, its git history and remote in git.txt,
// and canaries.tsv listing each secret, the control value planted beside
// it and the file it is in), indexes the repository with a real handoverd,
// and asks it everything every way: every CLI command in every -o format,
// every RPC, every MCP tool, resource and prompt. No canary may show in an
// answer, in the server's log, in any file of the data directory, nor in
// any stored field or term of the index decoded from disk. The control
// values, harmless words next to the secrets, must show: they prove the
// scan sees each place.

// canary is one planted secret. Canaries are letters and digits only, so
// the analyzers keep each in one term: a term holding it lower-cased is a
// leak.
type canary struct {
	id, value, control, where string
}

func readCanaries(t *testing.T) []canary {
	t.Helper()
	f, err := os.Open("testdata/canary/canaries.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []canary
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 4 {
			t.Fatalf("canaries.tsv: %q: want id, canary, control, file", sc.Text())
		}
		out = append(out, canary{id: c[0], value: c[1], control: c[2], where: c[3]})
	}
	if len(out) < 80 {
		t.Fatalf("%d canaries, want at least 80", len(out))
	}
	return out
}

// canaryRepo copies testdata/canary/repo into a git work tree of its own,
// commits it with the commit subjects of git.txt and adds its remote.
func canaryRepo(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "canary")
	if err := os.CopyFS(dir, os.DirFS("testdata/canary/repo")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("testdata/canary/git.txt")
	if err != nil {
		t.Fatal(err)
	}
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := r.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 2, 2, 10, 0, 0, 0, time.UTC)
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		what, arg, _ := strings.Cut(line, "\t")
		switch what {
		case "commit":
			if i > 0 { // each commit after the first changes the SOP
				sop := filepath.Join(dir, "sops", "rotate-db.md")
				old, _ := os.ReadFile(sop)
				if err := os.WriteFile(sop, append(old, "\nReviewed again.\n"...), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
				t.Fatal(err)
			}
			sig := &object.Signature{Name: "Marta", Email: "marta@example.com", When: when.Add(time.Duration(i) * time.Hour)}
			if _, err := wt.Commit(arg, &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
				t.Fatal(err)
			}
		case "remote":
			if _, err := r.CreateRemote(&gitconfig.RemoteConfig{Name: "origin", URLs: []string{arg}}); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("git.txt: %q", line)
		}
	}
	return dir
}

// transcript is everything the test saw, by where it saw it.
type transcript struct {
	t     *testing.T
	texts map[string]string
	order []string
}

func (tr *transcript) add(where, text string) {
	if _, ok := tr.texts[where]; !ok {
		tr.order = append(tr.order, where)
	}
	tr.texts[where] += text
}

func (tr *transcript) addProto(where string, m proto.Message, err error) {
	if err != nil {
		tr.add(where, "error: "+err.Error())
		return
	}
	b, merr := protojson.Marshal(m)
	if merr != nil {
		tr.t.Fatalf("%s: %v", where, merr)
	}
	tr.add(where, string(b))
}

// leaks reports every canary in every text, lower-cased as terms are.
func (tr *transcript) leaks(canaries []canary) {
	tr.t.Helper()
	found := map[string][]string{}
	context := map[string]string{} // the first leak of each, in its text
	for _, where := range tr.order {
		text := strings.ToLower(tr.texts[where])
		for _, c := range canaries {
			if i := strings.Index(text, strings.ToLower(c.value)); i >= 0 {
				found[c.id] = append(found[c.id], where)
				if context[c.id] == "" {
					context[c.id] = tr.texts[where][max(0, i-80):min(len(text), i+len(c.value)+40)]
				}
			}
		}
	}
	for _, c := range canaries {
		if w := found[c.id]; len(w) > 0 {
			if len(w) > 4 {
				w = append(w[:4], "...")
			}
			tr.t.Errorf("canary %s from %s (%s) leaked in %d places: %s; first as %q",
				c.id, c.where, c.value, len(found[c.id]), strings.Join(w, "; "), context[c.id])
		}
	}
}

// all is every text seen, for the controls.
func (tr *transcript) all() string {
	var b strings.Builder
	for _, where := range tr.order {
		b.WriteString(tr.texts[where])
		b.WriteByte('\n')
	}
	return b.String()
}

func TestCanariesNeverLeave(t *testing.T) {
	canaries := readCanaries(t)
	dir := canaryRepo(t)
	checkPlanted(t, dir, canaries)

	srv := servertest.New(t, servertest.Options{CaptureLog: true, LogLevel: slog.LevelDebug},
		config.Repo{Name: "canary", Path: dir})
	answers := &transcript{t: t, texts: map[string]string{}}
	askCLI(t, srv.Addr, dir, canaries, answers)
	askRPC(t, srv.Addr, dir, answers)
	askMCP(t, srv.Addr, answers)
	answers.leaks(canaries)

	srv.Stop()
	stored := &transcript{t: t, texts: map[string]string{}}
	stored.add("handoverd's log", srv.Log())
	if !strings.Contains(srv.Log(), "canary") {
		t.Errorf("the log does not name the repository: is it captured?\n%s", srv.Log())
	}
	readDataDir(t, srv.DataDir, stored)
	stored.leaks(canaries)
	checkControls(t, canaries, answers.all(), stored.all())
}

// checkPlanted makes sure every canary is where canaries.tsv says: a test
// of secrets that are not there would pass.
func checkPlanted(t *testing.T, dir string, canaries []canary) {
	t.Helper()
	r, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	var gitText strings.Builder
	log, err := r.Log(&git.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_ = log.ForEach(func(c *object.Commit) error { gitText.WriteString(c.Message + "\n"); return nil })
	remote, err := r.Remote("origin")
	if err != nil {
		t.Fatal(err)
	}
	gitText.WriteString(strings.Join(remote.Config().URLs, "\n"))
	for _, c := range canaries {
		text := gitText.String()
		if c.where != "git.txt" {
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c.where)))
			if err != nil {
				t.Fatalf("canary %s: %v", c.id, err)
			}
			text = string(b)
		}
		if !strings.Contains(text, c.value) {
			t.Errorf("canary %s (%s) is not in %s", c.id, c.value, c.where)
		}
		if c.control != "-" && !strings.Contains(text, c.control) {
			t.Errorf("control %s of canary %s is not in %s", c.control, c.id, c.where)
		}
	}
}

// checkControls: every control value shows in some answer (or, for the
// git remote that no answer shows, in the index), so the scan reads the
// places the canaries are in. A control of "-" marks a place handover does
// not show at all: .env files, tfvars, a vars file that does not parse,
// nested blocks and locals.
func checkControls(t *testing.T, canaries []canary, answers, stored string) {
	t.Helper()
	shown := 0
	for _, c := range canaries {
		switch {
		case c.control == "-":
		case strings.Contains(answers, c.control):
			shown++
		case !strings.Contains(stored, c.control):
			t.Errorf("control %s beside canary %s (%s) is in no answer and not in the index: the scan does not see that place", c.control, c.id, c.where)
		}
	}
	if shown < len(canaries)*9/10 {
		t.Errorf("only %d of %d controls are in answers", shown, len(canaries))
	}
}

// questions are what ask and search are asked in every format.
var questions = []string{"password", "secret token key", "billing database", "where does web01 run", "what runs in production",
	"postgres", "curl", "mysql", "passphrase", "vault", "jenkins"}

// askCLI runs every command of the CLI in every -o format it takes.
func askCLI(t *testing.T, addr, dir string, canaries []canary, tr *transcript) {
	t.Helper()
	hosts := hostNames(t, addr)
	var hostArgs [][]string
	for _, h := range hosts {
		hostArgs = append(hostArgs, []string{h})
	}
	searchArgs := [][]string{}
	for _, q := range questions {
		searchArgs = append(searchArgs, []string{q})
	}
	invocations := map[string][][]string{
		"ask":       searchArgs,
		"search":    searchArgs,
		"hosts":     {{"--limit", "0"}, {"--env", "production"}},
		"host":      hostArgs,
		"sop":       {{"rotate"}, {"billing", "database", "password"}, {"unlock", "passphrase"}},
		"incidents": {{}, {"token"}, {"--person", "marta"}},
		"resources": {{"--limit", "0"}, {"billing"}},
		"lint":      {{dir}, {"--repo", "canary"}},
		"stats":     {{}, {"--by", "quarter"}},
		"onboard":   {{"--repo", "canary"}},
		"handoff":   {{"marta", "--since", "2000-01-01"}, {"marta@example.com", "--since", "2000-01-01"}},
		"repos":     {{}},
		"index":     {{"canary"}},
	}
	root := (&app{stdout: io.Discard, stderr: io.Discard}).rootCommand()
	for _, cmd := range root.Commands() {
		name := cmd.Name()
		switch name {
		case "mcp", "lsp", "help", "completion":
			continue // servers over stdio: askMCP asks the MCP server's tools
		}
		calls, ok := invocations[name]
		if !ok {
			t.Errorf("the canary test does not run handover %s: add it to invocations", name)
			continue
		}
		list := cmp.Or(cmd.Annotations[formatsAnnotation], basicFormats)
		for _, format := range strings.Split(list, ",") {
			for _, args := range calls {
				argv := append([]string{"--addr", addr, "-o", format, name}, args...)
				stdout, stderr, code := run(t, argv...)
				if code == ExitUsage || code == ExitInternal {
					t.Errorf("handover %s: exit %d: %s", strings.Join(argv[2:], " "), code, stderr)
				}
				tr.add("handover "+strings.Join(argv[2:], " "), stdout+stderr)
			}
		}
	}
	// Searching for a secret must find nothing that shows it; searching
	// for a control finds its document.
	for _, c := range canaries {
		for _, q := range []string{c.value, c.control} {
			stdout, stderr, _ := run(t, "--addr", addr, "-o", "json", "search", "--limit", "0", q)
			tr.add("handover search "+q, stdout+stderr)
		}
	}
}

// dial is a client of the handoverd at addr until the test ends.
func dial(t *testing.T, addr string) *client.Client {
	t.Helper()
	c, err := client.New(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func hostNames(t *testing.T, addr string) []string {
	t.Helper()
	c := dial(t, addr)
	hosts, _, err := c.ListHosts(context.Background(), &pb.HostFilter{}, 0)
	if err != nil || len(hosts) < 5 {
		t.Fatalf("hosts: %d, %v", len(hosts), err)
	}
	var names []string
	for _, h := range hosts {
		names = append(names, h.GetName())
	}
	return names
}

// askRPC calls every RPC of handover.v1, directly: explain and lint on
// every line and file of the repository, saved and as an editor's buffer.
func askRPC(t *testing.T, addr, dir string, tr *transcript) {
	t.Helper()
	c := dial(t, addr)
	ctx := context.Background()
	called := map[string]bool{}
	call := func(method string, m proto.Message, err error) {
		called[method] = true
		tr.addProto("rpc "+method, m, err)
	}
	for _, q := range questions {
		resp, err := c.AskWith(ctx, &pb.AskRequest{Question: q, Limit: 200})
		call("AskService.Ask", resp, err)
		sr, err := c.FindAll(ctx, &pb.SearchRequest{Query: q, Highlight: true, Facets: []string{"kind", "env", "tag", "name", "path", "group", "person"}}, 0)
		call("SearchService.Search", sr, err)
	}
	hosts, _, err := c.ListHosts(ctx, &pb.HostFilter{}, 0)
	call("HostService.ListHosts", &pb.ListHostsResponse{Hosts: hosts}, err)
	for _, h := range hosts {
		found, err := c.FindHosts(ctx, h.GetName(), "")
		call("HostService.FindHosts", &pb.FindHostsResponse{Hosts: found}, err)
	}
	sops, _, err := c.ListSOPs(ctx, &pb.SOPFilter{}, 0)
	call("SOPService.ListSOPs", &pb.ListSOPsResponse{Sops: sops}, err)
	for _, s := range sops {
		resp, err := c.FindSOP(ctx, s.GetTitle(), "")
		call("SOPService.FindSOP", resp, err)
	}
	incidents, _, err := c.ListIncidents(ctx, &pb.IncidentFilter{}, "", 0)
	call("IncidentService.ListIncidents", &pb.ListIncidentsResponse{Incidents: incidents}, err)
	resources, _, err := c.ListResources(ctx, &pb.ResourceFilter{}, "", 0)
	call("ResourceService.ListResources", &pb.ListResourcesResponse{Resources: resources}, err)
	stats, err := c.IncidentStats(ctx, &pb.IncidentStatsRequest{})
	call("StatsService.IncidentStats", stats, err)
	for _, format := range pb.SummaryFormat_name {
		f := pb.SummaryFormat(pb.SummaryFormat_value[format])
		on, err := c.Onboard(ctx, "canary", f)
		call("SummaryService.Onboard", on, err)
		off, err := c.Handoff(ctx, &pb.HandoffRequest{Repo: "canary", Person: "marta", Format: f})
		call("SummaryService.Handoff", off, err)
	}
	repos, err := c.ListRepositories(ctx)
	call("RepositoryService.ListRepositories", &pb.ListRepositoriesResponse{Repos: repos}, err)
	_, err = c.Reindex(ctx, []string{"canary"}, true, func(ev *pb.ReindexResponse) {
		call("RepositoryService.Reindex", ev, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	lint, err := c.Lint(ctx, "canary")
	call("LintService.Lint", lint, err)

	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() == ".git" {
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		content := string(b)
		findings, err := c.LintFile(ctx, "canary", rel, nil)
		call("LintService.Lint", &pb.LintResponse{Findings: findings}, err)
		findings, err = c.LintFile(ctx, "canary", rel, &content)
		call("LintService.Lint", &pb.LintResponse{Findings: findings}, err)
		for line := 1; line <= strings.Count(content, "\n")+1; line++ {
			resp, err := c.Explain(ctx, "canary", rel, line, 0, nil)
			call("ExplainService.Explain", resp, err)
			resp, err = c.Explain(ctx, "canary", rel, line, 0, &content)
			call("ExplainService.Explain", resp, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Every RPC of every service of handover.v1 was called.
	protoregistry.GlobalFiles.RangeFilesByPackage("handover.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := range fd.Services().Len() {
			s := fd.Services().Get(i)
			for j := range s.Methods().Len() {
				if m := string(s.Name()) + "." + string(s.Methods().Get(j).Name()); !called[m] {
					t.Errorf("the canary test does not call %s", m)
				}
			}
		}
		return true
	})
}

// mcpArgs are the arguments each MCP tool is called with.
var mcpArgs = map[string][]map[string]any{
	"ask":       {{"question": "where does web01 run and why"}, {"question": "password"}, {"question": "billing database"}},
	"search":    {{"query": "password"}, {"query": "secret token"}, {"query": "billing"}, {"query": "curl"}},
	"sop":       {{"query": "rotate billing database password"}},
	"incidents": {{}, {"query": "token"}},
	"resources": {{}, {"query": "billing"}},
	"onboard":   {{"repo": "canary"}},
	"handoff":   {{"person": "marta", "since": "2000-01-01"}},
	"lint":      {{}, {"path": "inventories"}},
	"stats":     {{}},
	"repos":     {{}},
}

// askMCP calls every tool of handover's MCP server, pages included, reads
// every resource and gets every prompt.
func askMCP(t *testing.T, addr string, tr *transcript) {
	t.Helper()
	c := dial(t, addr)
	ctx := context.Background()
	serverSide, clientSide := sdk.NewInMemoryTransports()
	ss, err := mcp.NewServer(c, mcp.Options{}).Connect(ctx, serverSide, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ss.Close()
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "canary", Version: "v0"}, nil).Connect(ctx, clientSide, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()

	for _, h := range hostNames(t, addr) {
		mcpArgs["host"] = append(mcpArgs["host"], map[string]any{"name": h})
	}
	for _, f := range []string{"inventories/production/hosts.ini", "inventories/production/group_vars/web.yml", "terraform/prod/main.tf", "sops/rotate-db.md", "playbooks/site.yml"} {
		for line := 1; line <= 40; line++ {
			mcpArgs["explain"] = append(mcpArgs["explain"], map[string]any{"path": f, "line": line})
		}
	}
	tools, err := cs.ListTools(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range tools.Tools {
		calls, ok := mcpArgs[tool.Name]
		if !ok {
			t.Errorf("the canary test does not call the MCP tool %s: add it to mcpArgs", tool.Name)
		}
		for _, args := range calls {
			for page := 0; page < 20; page++ {
				res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: tool.Name, Arguments: args})
				if err != nil {
					t.Fatalf("mcp %s %v: %v", tool.Name, args, err)
				}
				var b strings.Builder
				for _, c := range res.Content {
					b.WriteString(c.(*sdk.TextContent).Text)
				}
				tr.add("mcp "+tool.Name, b.String())
				cursor := mcpCursor(b.String())
				if cursor == "" {
					break
				}
				args = withArg(args, "cursor", cursor)
			}
		}
	}
	for res, err := range cs.Resources(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		read, err := cs.ReadResource(ctx, &sdk.ReadResourceParams{URI: res.URI})
		if err != nil {
			t.Fatalf("read %s: %v", res.URI, err)
		}
		for _, c := range read.Contents {
			tr.add("mcp resource "+res.URI, c.Text)
		}
	}
	for p, err := range cs.Prompts(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		got, err := cs.GetPrompt(ctx, &sdk.GetPromptParams{Name: p.Name, Arguments: map[string]string{"person": "marta", "since": "2000-01-01", "repo": "canary"}})
		if err != nil {
			t.Fatalf("prompt %s: %v", p.Name, err)
		}
		for _, m := range got.Messages {
			tr.add("mcp prompt "+p.Name, m.Content.(*sdk.TextContent).Text)
		}
	}
}

// mcpCursor is the cursor of a tool's [more: ...] line, or "".
func mcpCursor(text string) string {
	m := moreLine.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	return m[1]
}

var moreLine = regexp.MustCompile(`\[more: .* cursor "([^"]+)"`)

// withArg is a copy of m with k set to v.
func withArg(m map[string]any, k string, v any) map[string]any {
	out := map[string]any{k: v}
	for key, val := range m {
		if key != k {
			out[key] = val
		}
	}
	return out
}

// readDataDir reads every file of the data directory as bytes, and every
// generation's index as bleve decodes it: every stored field of every
// document (scorch compresses them on disk) and every term of every field.
func readDataDir(t *testing.T, dataDir string, tr *transcript) {
	t.Helper()
	files, gens := 0, 0
	err := filepath.WalkDir(dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err == nil {
				gens++
				readIndex(t, path, tr)
			}
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		tr.add("file "+path, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 5 || gens == 0 {
		t.Fatalf("the data directory had %d files and %d indexes", files, gens)
	}
}

func readIndex(t *testing.T, dir string, tr *transcript) {
	t.Helper()
	idx, err := bleve.OpenUsing(dir, map[string]any{"read_only": true})
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	defer idx.Close()
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 100000, 0, false)
	res, err := idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) < 20 {
		t.Fatalf("%s: %d documents", dir, len(res.Hits))
	}
	var b strings.Builder
	for _, h := range res.Hits {
		doc, err := idx.Document(h.ID)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(h.ID + "\n")
		doc.VisitFields(func(f bindex.Field) {
			b.WriteString(f.Name() + "=" + string(f.Value()) + "\n")
		})
	}
	tr.add("stored fields of "+dir, b.String())
	fields, err := idx.Fields()
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(fields)
	if !slices.Contains(fields, "vars_text") {
		t.Errorf("%s: fields %v lack vars_text", dir, fields)
	}
	for _, f := range fields {
		dict, err := idx.FieldDict(f)
		if err != nil {
			t.Fatal(err)
		}
		var terms strings.Builder
		for {
			e, err := dict.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e == nil {
				break
			}
			terms.WriteString(e.Term + "\n")
		}
		dict.Close()
		tr.add("terms of "+f+" in "+dir, terms.String())
	}
}
