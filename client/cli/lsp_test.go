package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMain lets a test run the test binary as `handover ...`: with
// HANDOVER_TEST_MAIN=1 it is the CLI, as editors start `handover lsp`.
func TestMain(m *testing.M) {
	if os.Getenv("HANDOVER_TEST_MAIN") == "1" {
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// lspSession is `handover lsp` in a subprocess, driven with raw JSON-RPC
// frames as an editor sends them.
type lspSession struct {
	t      testing.TB
	cmd    *exec.Cmd
	in     io.WriteCloser
	mu     sync.Mutex
	nextID int
	calls  map[int]chan json.RawMessage
	notes  chan lspMessage
}

type lspMessage struct {
	ID     *int            `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// startLSP starts `handover lsp --addr addr` and initializes it with root
// as the workspace folder.
func startLSP(t testing.TB, addr, root string) *lspSession {
	t.Helper()
	cmd := exec.Command(os.Args[0], "lsp", "--addr", addr)
	cmd.Env = append(os.Environ(), "HANDOVER_TEST_MAIN=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &lspSession{t: t, cmd: cmd, in: in, calls: map[int]chan json.RawMessage{}, notes: make(chan lspMessage, 100)}
	go s.read(bufio.NewReader(out))
	t.Cleanup(func() {
		s.notify("exit", nil)
		in.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	s.call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": "file://" + abs, "capabilities": map[string]any{}})
	s.notify("initialized", map[string]any{})
	return s
}

func (s *lspSession) read(r *bufio.Reader) {
	tp := textproto.NewReader(r)
	for {
		h, err := tp.ReadMIMEHeader()
		if err != nil {
			return
		}
		n, _ := strconv.Atoi(h.Get("Content-Length"))
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m lspMessage
		if err := json.Unmarshal(body, &m); err != nil {
			continue
		}
		if m.ID != nil && m.Method == "" {
			s.mu.Lock()
			ch := s.calls[*m.ID]
			s.mu.Unlock()
			if m.Error != nil {
				m.Result, _ = json.Marshal(map[string]string{"error": m.Error.Message})
			}
			ch <- m.Result
			continue
		}
		s.notes <- m
	}
}

func (s *lspSession) send(m map[string]any) {
	m["jsonrpc"] = "2.0"
	body, err := json.Marshal(m)
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := fmt.Fprintf(s.in, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		s.t.Fatal(err)
	}
}

func (s *lspSession) notify(method string, params any) {
	s.send(map[string]any{"method": method, "params": params})
}

// call sends a request and returns its result as JSON.
func (s *lspSession) call(method string, params any) string {
	s.t.Helper()
	s.mu.Lock()
	s.nextID++
	id := s.nextID
	ch := make(chan json.RawMessage, 1)
	s.calls[id] = ch
	s.mu.Unlock()
	s.send(map[string]any{"id": id, "method": method, "params": params})
	select {
	case r := <-ch:
		return string(r)
	case <-time.After(20 * time.Second):
		s.t.Fatalf("%s: no answer in 20s", method)
		return ""
	}
}

// diagnostics waits for the next diagnostics published for uri.
func (s *lspSession) diagnostics(uri string) string {
	s.t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case m := <-s.notes:
			if m.Method == "textDocument/publishDiagnostics" && strings.Contains(string(m.Params), `"`+uri+`"`) {
				return string(m.Params)
			}
		case <-timeout:
			s.t.Fatalf("no diagnostics for %s in 20s", uri)
			return ""
		}
	}
}

func at(uri string, line, char int) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": line, "character": char}}
}

func TestLSP(t *testing.T) {
	const root = "../../examples/acme-infra"
	s := startLSP(t, serveExample(t), root)
	abs, _ := filepath.Abs(root)
	uri := func(rel string) string { return "file://" + filepath.Join(abs, rel) }
	hosts := uri("inventories/production/hosts.ini")
	text, err := os.ReadFile(filepath.Join(root, "inventories/production/hosts.ini"))
	if err != nil {
		t.Fatal(err)
	}
	s.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": hosts, "languageId": "ini", "version": 1, "text": string(text)}})
	s.diagnostics(hosts)

	// Hover on jenkins01's host line (line 32, 0-based 31).
	got := s.call("textDocument/hover", at(hosts, 31, 3))
	for _, want := range []string{"jenkins01.prod.aws.acme-shop.internal", "Jenkins controller", "aws_instance.jenkins"} {
		if !strings.Contains(got, want) {
			t.Errorf("hover: %q missing from %s", want, got)
		}
	}
	// From a hostname in a runbook to its inventory line and the
	// Terraform block creating it.
	got = s.call("textDocument/definition", at(uri("sops/postgres-failover.md"), 20, 70))
	for _, want := range []string{`hosts.ini","range":{"start":{"line":53`, "terraform/production/aws/"} {
		if !strings.Contains(got, want) {
			t.Errorf("definition: %q missing from %s", want, got)
		}
	}
	// A variable goes to where its effective value is set.
	got = s.call("textDocument/definition", at(hosts, 31, 60))
	if !strings.Contains(got, `hosts.ini","range":{"start":{"line":31`) {
		t.Errorf("definition of a variable: %s", got)
	}
	if got = s.call("textDocument/references", map[string]any{"textDocument": map[string]any{"uri": hosts},
		"position": map[string]any{"line": 31, "character": 3}, "context": map[string]any{"includeDeclaration": true}}); !strings.Contains(got, "terraform/production/aws/ci.tf") {
		t.Errorf("references: %s", got)
	}
	if got = s.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": hosts}}); !strings.Contains(got, `"name":"prod-ci"`) || !strings.Contains(got, `"name":"jenkins01.prod.aws.acme-shop.internal"`) {
		t.Errorf("document symbols: %.300s", got)
	}
	if got = s.call("workspace/symbol", map[string]any{"query": "failover"}); !strings.Contains(got, "PostgreSQL failover") {
		t.Errorf("workspace symbols: %.300s", got)
	}
	// Completion of host names on a new inventory line.
	edited := strings.Replace(string(text), "[prod-ci]\n", "[prod-ci]\njenk\n", 1)
	s.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": hosts, "version": 2},
		"contentChanges": []any{map[string]any{"text": edited}}})
	if got = s.call("textDocument/completion", at(hosts, 30, 4)); !strings.Contains(got, "jenkins01.prod.aws.acme-shop.internal") {
		t.Errorf("completion: %.300s", got)
	}
	// The unsaved line has no purpose comment: lint says so, debounced.
	if got = s.diagnostics(hosts); !strings.Contains(got, `"line":30`) {
		t.Errorf("diagnostics of the edited buffer: %.500s", got)
	}
}
