package server

import (
	"context"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	pb "handover/proto/handover/v1"
)

func TestExplain(t *testing.T) {
	ts := start(t)
	ctx := context.Background()
	c := pb.NewExplainServiceClient(ts.conn)
	resp, err := c.Explain(ctx, &pb.ExplainRequest{Repo: "acme", Path: "hosts.ini", Line: 9})
	if err != nil {
		t.Fatal(err)
	}
	if resp.GetSubject() != pb.ExplainSubject_EXPLAIN_SUBJECT_HOST || resp.GetName() != "jenkins-01" || resp.GetItem().GetHost().GetPurpose() == "" {
		t.Errorf("host line: %v", resp)
	}
	// The password on the host line, by its column: redacted.
	resp, err = c.Explain(ctx, &pb.ExplainRequest{Repo: "acme", Path: "hosts.ini", Line: 9, Column: int32(strings.Index(inventory[strings.Index(inventory, "jenkins-01"):], "ansible_password") + 2)})
	if err != nil {
		t.Fatal(err)
	}
	if resp.GetName() != "ansible_password" || strings.Contains(resp.String(), "hunter2") {
		t.Errorf("password: %v", resp)
	}
	for _, tt := range []struct {
		req  *pb.ExplainRequest
		want codes.Code
	}{
		{&pb.ExplainRequest{Repo: "acme", Path: "hosts.ini"}, codes.InvalidArgument},
		{&pb.ExplainRequest{Repo: "acme", Path: "/etc/passwd", Line: 1}, codes.InvalidArgument},
		{&pb.ExplainRequest{Repo: "acme", Path: "nope.ini", Line: 1}, codes.NotFound},
		{&pb.ExplainRequest{Repo: "nope", Path: "hosts.ini", Line: 1}, codes.NotFound},
	} {
		if _, err := c.Explain(ctx, tt.req); status.Code(err) != tt.want {
			t.Errorf("%v: %v, want %v", tt.req, err, tt.want)
		}
	}
}

func TestLintContent(t *testing.T) {
	ts := start(t)
	ctx := context.Background()
	c := pb.NewLintServiceClient(ts.conn)
	// The buffer lost the purpose comment of jenkins-01.
	buf := strings.Replace(inventory, "# Jenkins agent that builds the Docker images\n", "", 1)
	resp, err := c.Lint(ctx, &pb.LintRequest{Repo: "acme", Path: "hosts.ini", Content: proto.String(buf)})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range resp.GetFindings() {
		found = found || f.GetRule() == "host-purpose" && f.GetSource().GetLine() == 8
		if strings.Contains(f.GetMessage(), "hunter2") {
			t.Errorf("secret in %v", f)
		}
	}
	if !found {
		t.Errorf("no host-purpose finding at line 8: %v", resp.GetFindings())
	}
	if _, err := c.Lint(ctx, &pb.LintRequest{Path: "hosts.ini", Content: proto.String(buf)}); status.Code(err) != codes.InvalidArgument {
		t.Errorf("content without repo: %v", err)
	}
}
