package cli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"handover/internal/config"
	"handover/internal/limits"
	pb "handover/proto/handover/v1"
	"handover/server/servertest"
)

// writeRepo writes files (slash path -> content) under a new directory.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// maxAnswer is the most a client takes in one message by default (gRPC's
// 4 MiB): an answer bigger than that fails the whole call.
const maxAnswer = 4 << 20

// A 7 MB line, in an inventory (a host's variable and a group's that 300
// hosts inherit), in Terraform (an attribute) and in a doc, read
// with the limits raised so that it is indexed (with the defaults it is a
// problem at its line: internal/ingest's hostile tests): every list and
// search answers, every page well under what a client takes in one
// message, the line cut to a stored field's cap. The server stays up.
func TestSevenMegabyteLine(t *testing.T) {
	line := strings.Repeat("lorem ipsum dolor ", (7<<20)/18)
	dir := writeRepo(t, map[string]string{
		"inventories/prod/hosts.ini": "[web]\n# Web servers\nweb[001:300] ansible_host=10.0.0.1\n# The big one\nbig01 motd=\"" + line + "\"\n\n[web:vars]\nbanner=" + line + "\n",
		"terraform/main.tf": "# The bucket of the big line\nresource \"aws_s3_bucket\" \"big\" {\n  bucket = \"big\"\n  acl = \"" + line + "\"\n" +
			"  tags = {\n    Note = \"big\"\n  }\n}\n",
		"docs/big.md": "# Big\n\n" + line + "\n",
	})
	start := time.Now()
	srv := servertest.New(t, servertest.Options{IndexTimeout: 3 * time.Minute},
		config.Repo{Name: "big", Path: dir, Limits: limits.Limits{LineBytes: 16 << 20, FileBytes: 32 << 20}})
	c := dial(t, srv.Addr)
	ctx := context.Background()
	t.Logf("indexed in %v", time.Since(start))

	// One page of each list, as big as a client asks for: bounded.
	page := func(what string, m proto.Message, err error) string {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if n := proto.Size(m); n > maxAnswer/2 {
			t.Errorf("%s: a page of %d bytes", what, n)
		}
		text, _ := protoText(m)
		return text
	}
	hp, err := c.Hosts.ListHosts(ctx, &pb.ListHostsRequest{PageSize: 200})
	page("hosts", hp, err)
	if hp.GetNextPageToken() == "" {
		t.Errorf("hosts: one page of %d hosts", len(hp.GetHosts()))
	}
	rp, err := c.Resources.ListResources(ctx, &pb.ListResourcesRequest{PageSize: 200})
	if text := page("resources", rp, err); len(rp.GetResources()) != 1 || !strings.Contains(text, "lorem ipsum") || !strings.Contains(text, "…[truncated]") {
		t.Errorf("resources: %d, the line cut: %v", len(rp.GetResources()), strings.Contains(text, "…[truncated]"))
	}
	for _, q := range []string{"lorem", "big", ""} {
		sp, err := c.Search.Search(ctx, &pb.SearchRequest{Query: q, PageSize: 200, Highlight: true, Facets: []string{"kind"}})
		page("search "+q, sp, err)
	}

	// Whole lists, page after page, as the CLI reads them.
	hosts, total, err := c.ListHosts(ctx, &pb.HostFilter{}, 0)
	if err != nil || total != 301 || len(hosts) != 301 {
		t.Errorf("hosts: %d of %d, %v", len(hosts), total, err)
	}
	found, err := c.FindHosts(ctx, "big01", "")
	if text := page("host big01", &pb.FindHostsResponse{Hosts: found}, err); !strings.Contains(text, "lorem ipsum dolor") || !strings.Contains(text, "…[truncated]") {
		t.Errorf("host big01 shows no cut line:\n%.300s", text)
	}
	for _, args := range [][]string{{"hosts", "--limit", "0"}, {"resources"}, {"search", "lorem", "--limit", "0"}, {"host", "big01"}, {"ask", "where does big01 run"}, {"repos"}} {
		if _, stderr, code := run(t, append([]string{"--addr", srv.Addr, "-o", "json"}, args...)...); code != ExitOK {
			t.Errorf("handover %v: exit %d: %s", args, code, stderr)
		}
	}
	if _, err := c.ListRepositories(ctx); err != nil {
		t.Errorf("the server is gone: %v", err)
	}
}

// protoText is an answer as JSON, for looking into.
func protoText(m proto.Message) (string, error) {
	b, err := protojson.Marshal(m)
	return string(b), err
}

// Bad bytes in every kind of file: a byte-order mark and CRLF line ends
// (read as if they were not there), invalid UTF-8 (replaced, and a problem
// at its line), NUL and binary content (a problem, the file not read),
// and an invalid byte in a commit subject. Indexed by a real handoverd and
// asked with every RPC: none fails, every answer is valid UTF-8 with no
// BOM or carriage return in it, and only the hosts written are hosts.
func TestBadBytes(t *testing.T) {
	const bom = "\uFEFF"
	bin := make([]byte, 64<<10)
	for i := range bin {
		bin[i] = byte(i*7919 + i>>8)
	}
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	dir := writeRepo(t, map[string]string{
		"inventories/prod/hosts.ini":           bom + crlf("[web]\n# Web front end\nweb01 ansible_host=10.0.0.1 http_port=80\n"),
		"inventories/prod/group_vars/web.yml":  bom + crlf("---\nnginx_workers: 4\nmotd: caf\xe9 au lait\n"),
		"inventories/prod/host_vars/web01.yml": crlf("---\nrole: front\n"),
		"inventories/stage/hosts.yml":          bom + crlf("all:\n  children:\n    stage:\n      hosts:\n        stage01:\n          ansible_host: 10.1.0.1\n"),
		"inventories/bad/hosts.ini":            "[db]\n# caf\xe9 database\ndb01 note=caf\xe9\n",
		"inventories/zero/hosts.ini":           "[cache]\ncache01\n\x00\n",
		"inventories/stage/blob":               string(bin),
		"terraform/main.tf":                    bom + crlf("# The web server, caf\xe9\nresource \"aws_instance\" \"web\" {\n  ami           = \"ami-1\"\n  instance_type = \"t3.micro\"\n}\n"),
		"sops/restart.md":                      bom + crlf("---\ntitle: Restart the web server\nowner: marta\n---\n# Restart the web server\n\n1. Drain web01 caf\xe9\n2. Restart nginx\n"),
		"incidents/2026-01-01-web-down.md":     crlf("---\ntitle: Web down\ndate: 2026-01-01\npeople: [marta]\nhours: 1\ncategory: emergency\n---\n# Web down\n\n## Summary\n\nweb01 was down\x00.\n"),
		"docs/notes.md":                        bom + crlf("# Notes\n\nNothing caf\xe9 here.\n"),
		"playbooks/site.yml":                   bom + crlf("---\n- name: Web caf\xe9\n  hosts: web\n  tasks:\n    - name: Ping\n      ansible.builtin.ping:\n"),
		"roles/nginx/defaults/main.yml":        crlf("---\nnginx_port: 80\n"),
		"README.md":                            crlf("# Bad bytes\n"),
	})
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, _ := r.Worktree()
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "Marta", Email: "marta@example.com", When: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}
	if _, err := wt.Commit("caf\xe9: web01\r\n", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}

	srv := servertest.New(t, servertest.Options{}, config.Repo{Name: "bad", Path: dir})
	answers := newTranscript(t)
	askRPC(t, srv.Addr, "bad", dir, answers)
	answers.noErrors()
	for _, where := range answers.order {
		text := answers.texts[where]
		if !utf8.ValidString(text) || strings.Contains(text, bom) || strings.Contains(text, `\r`) || strings.Contains(text, "\x00") {
			i := strings.IndexAny(text, "\r\x00"+bom)
			t.Errorf("%s: invalid UTF-8, a BOM, a CR or a NUL near %q", where, text[max(0, i-60):min(len(text), i+20)])
			break
		}
	}

	c := dial(t, srv.Addr)
	ctx := context.Background()
	hosts, _, err := c.ListHosts(ctx, &pb.HostFilter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, h := range hosts {
		names = append(names, h.GetName())
	}
	slices.Sort(names)
	if want := []string{"db01", "stage01", "web01"}; !slices.Equal(names, want) {
		t.Errorf("hosts %q, want %q", names, want)
	}
	found, err := c.FindHosts(ctx, "web01", "")
	if text, _ := protoText(&pb.FindHostsResponse{Hosts: found}); err != nil || !strings.Contains(text, "Web front end") || !strings.Contains(text, "caf\uFFFD au lait") {
		t.Errorf("web01: %v\n%s", err, text)
	}
	repos, err := c.ListRepositories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := protoText(&pb.ListRepositoriesResponse{Repos: repos})
	for _, want := range []string{"inventories/stage/blob", "inventories/zero/hosts.ini", "binary file", "invalid UTF-8"} {
		if !strings.Contains(text, want) {
			t.Errorf("repos lacks %q", want)
		}
	}
	for _, args := range [][]string{{"hosts"}, {"host", "web01"}, {"repos"}, {"sop", "restart"}, {"incidents"}, {"resources"}, {"search", "caf"}, {"lint", "--repo", "bad"}} {
		for _, format := range []string{"table", "json"} {
			stdout, stderr, code := run(t, append([]string{"--addr", srv.Addr, "-o", format}, args...)...)
			if code == ExitUsage || code == ExitInternal || !utf8.ValidString(stdout) {
				t.Errorf("handover %v -o %s: exit %d: %s", args, format, code, stderr)
			}
		}
	}
}
