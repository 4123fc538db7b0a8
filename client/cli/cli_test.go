package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"handover/internal/config"
	"handover/server"
)

// serveExample runs handoverd on 127.0.0.1 over the bundled example
// repository, the one `make run` serves, and returns its address once the
// first index is built.
func serveExample(t *testing.T) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{DataDir: t.TempDir(), Repos: []config.Repo{{Name: "acme", Path: "../../examples/acme-infra"}}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, cfg, lis, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	t.Cleanup(func() { cancel(); <-done })
	addr := lis.Addr().String()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		out, _, code := run(t, "--addr", addr, "repos", "-o", "json")
		if code == ExitOK && strings.Contains(out, "indexedAt") {
			return addr
		}
	}
	t.Fatal("example repository was not indexed in 20s")
	return ""
}

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"ask"},
		{"host"},
		{"host", "a", "b"},
		{"hosts", "--no-such-flag"},
		{"repos", "-o", "yaml"},
	} {
		if _, stderr, code := run(t, args...); code != ExitUsage || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want %d and a message", args, code, stderr, ExitUsage)
		}
	}
}

func TestServerNotRunning(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()
	_, stderr, code := run(t, "--addr", addr, "--timeout", "3s", "ask", "jenkins")
	if code != ExitError || !strings.Contains(stderr, "not running at "+addr) || !strings.Contains(stderr, "make run") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestExampleEndToEnd(t *testing.T) {
	addr := serveExample(t)

	t.Run("ask production aws", func(t *testing.T) {
		out, stderr, code := run(t, "--addr", addr, "ask", "what runs in production on aws")
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{"jenkins01.prod.aws.acme-shop.internal", "pg-primary01.prod.aws.acme-shop.internal",
			"production · aws · prod-ci", "inventories/production/hosts.ini:"} {
			if !strings.Contains(out, want) {
				t.Errorf("answer lacks %q:\n%s", want, out)
			}
		}
		for _, never := range []string{"prod-gcp", "prometheus01", "staging"} {
			if strings.Contains(out, never) {
				t.Errorf("answer to production on aws mentions %q:\n%s", never, out)
			}
		}
	})

	t.Run("ask jenkins why", func(t *testing.T) {
		out, _, code := run(t, "--addr", addr, "-o", "json", "ask", "where does jenkins run and why")
		if code != ExitOK {
			t.Fatalf("exit %d", code)
		}
		var resp struct {
			Hosts []struct {
				Host struct{ Name, Env, Cloud string }
				Why  string
			}
		}
		if err := json.Unmarshal([]byte(out), &resp); err != nil {
			t.Fatal(err)
		}
		names := map[string]string{}
		for _, h := range resp.Hosts {
			names[h.Host.Name] = h.Why
		}
		why, ok := names["jenkins-agent02.prod.aws.acme-shop.internal"]
		if !ok || !strings.Contains(why, "pushes them to ECR") {
			t.Errorf("jenkins-agent02 missing or without its purpose: %v", names)
		}
		for name := range names {
			if !strings.Contains(name, "jenkins") {
				t.Errorf("non-jenkins host %s in the answer", name)
			}
		}
	})

	t.Run("host", func(t *testing.T) {
		out, _, code := run(t, "--addr", addr, "host", "pg-primary01.prod.aws.acme-shop.internal")
		if code != ExitOK {
			t.Fatalf("exit %d", code)
		}
		for _, want := range []string{"PostgreSQL 15 primary", "prod-db", "private_keys/acme-prod-aws.pem", "/usr/bin/python3"} {
			if !strings.Contains(out, want) {
				t.Errorf("host output lacks %q:\n%s", want, out)
			}
		}
		if !strings.Contains(out, "[redacted]") || strings.Contains(strings.ToLower(out), "$ansible_vault") {
			t.Errorf("secrets not redacted:\n%s", out)
		}
		_, stderr, code := run(t, "--addr", addr, "host", "no-such-host")
		if code != ExitError || !strings.Contains(stderr, "no-such-host") {
			t.Errorf("unknown host: exit %d, %q", code, stderr)
		}
	})

	t.Run("hosts and search", func(t *testing.T) {
		out, _, code := run(t, "--addr", addr, "hosts", "--env", "production", "--cloud", "gcp")
		if code != ExitOK || !strings.Contains(out, "prometheus01") || strings.Contains(out, "jenkins") {
			t.Errorf("hosts --env production --cloud gcp: exit %d\n%s", code, out)
		}
		out, _, code = run(t, "--addr", addr, "search", "rabbitmq")
		if code != ExitOK || !strings.Contains(out, "rabbitmq01") || !strings.Contains(out, "env:") {
			t.Errorf("search rabbitmq: exit %d\n%s", code, out)
		}
	})

	t.Run("repos and index", func(t *testing.T) {
		out, stderr, code := run(t, "--addr", addr, "index", "-q")
		if code != ExitOK || !strings.Contains(out, "acme: indexed") {
			t.Errorf("index: exit %d\n%s%s", code, out, stderr)
		}
		out, _, code = run(t, "--addr", addr, "repos")
		if code != ExitOK || !strings.Contains(out, "acme") {
			t.Errorf("repos: exit %d\n%s", code, out)
		}
	})
}
