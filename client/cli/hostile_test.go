package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
