package cli

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// handover mcp as an agent starts it: the built binary over stdio, talking
// to a real handoverd. (client/mcp tests the server itself.)
func TestMCPOverStdio(t *testing.T) {
	addr := serveExample(t)
	bin := filepath.Join(t.TempDir(), "handover")
	if out, err := exec.Command("go", "build", "-o", bin, "handover/client/cmd/handover").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ctx := context.Background()
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "test", Version: "v0"}, nil).
		Connect(ctx, &sdk.CommandTransport{Command: exec.Command(bin, "--addr", addr, "mcp")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "sop", Arguments: map[string]any{"query": "breach"}})
	if err != nil || res.IsError {
		t.Fatalf("sop: %v %+v", err, res)
	}
	if text := res.Content[0].(*sdk.TextContent).Text; !strings.Contains(text, "sops/security-breach.md:2") {
		t.Errorf("sop over stdio:\n%s", text)
	}
	if _, stderr, code := run(t, "mcp", "extra"); code != ExitUsage || !strings.Contains(stderr, "no arguments") {
		t.Errorf("mcp extra: exit %d, %q", code, stderr)
	}
}
