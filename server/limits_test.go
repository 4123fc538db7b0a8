package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"

	"handover/client"
	"handover/internal/config"
	pb "handover/proto/handover/v1"
)

// TestRequestLimits: each limit on what one request may ask is refused
// with its code and its name.
func TestRequestLimits(t *testing.T) {
	s := startService(t, config.Service{MaxRequestBytes: 4096, MaxQueryLength: 1000, MaxQueryClauses: 10, MaxQueryDepth: 3}, "")
	c := dial(t, client.Options{Addr: s.addr})
	ctx := context.Background()
	ask := func(q string) error { _, err := c.Asker.Ask(ctx, &pb.AskRequest{Question: q}); return err }
	sop := func(q string) error { _, err := c.SOPs.FindSOP(ctx, &pb.FindSOPRequest{Query: q}); return err }
	for _, tt := range []struct {
		name string
		err  error
		code codes.Code
		msg  string
	}{
		{"request size", search(c, strings.Repeat("x", 5000)), codes.ResourceExhausted, "larger than max"},
		{"query length", search(c, strings.Repeat("x", 1001)), codes.InvalidArgument, "max-query-length: 1001, at most 1000"},
		{"clauses", search(c, strings.Repeat("a ", 11)), codes.InvalidArgument, "max-query-clauses"},
		{"nesting", search(c, "((((a))))"), codes.InvalidArgument, "max-query-depth"},
		{"question length", ask(strings.Repeat("where ", 200)), codes.InvalidArgument, "max-query-length"},
		{"question words", ask(strings.Repeat("where ", 11)), codes.InvalidArgument, "max-query-clauses"},
		{"SOP words", sop(strings.Repeat("disk ", 11)), codes.InvalidArgument, "max-query-clauses"},
		{"within the limits", search(c, "+(jenkins agent) -staging"), codes.OK, ""},
	} {
		wantCode(t, tt.name, tt.err, tt.code, tt.msg)
	}
	_, err := c.Search.Search(ctx, &pb.SearchRequest{Query: "jenkins", PageSize: 201})
	wantCode(t, "page size", err, codes.InvalidArgument, "page_size must be between 0 and 200")
}

// TestRPCTimeout: the server's deadline ends a call the client would let
// run on.
func TestRPCTimeout(t *testing.T) {
	s := startService(t, config.Service{RPCTimeout: time.Nanosecond}, "")
	c := dial(t, client.Options{Addr: s.addr})
	wantCode(t, "search past rpc-timeout", search(c, "jenkins"), codes.DeadlineExceeded, "")
}

// holdSlot opens a reflection stream, which holds a slot among the calls
// running (or queued) until ctx ends; wait says whether to wait until it
// runs.
func holdSlot(t *testing.T, ctx context.Context, c *client.Client, wait bool) {
	t.Helper()
	stream, err := reflectionpb.NewServerReflectionClient(c.Conn()).ServerReflectionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil {
		t.Fatal(err)
	}
	if wait {
		if _, err := stream.Recv(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestConcurrencyLimits: past max-concurrent-rpcs calls wait, past
// max-queued-rpcs they are refused; max-concurrent-streams holds a
// connection's further calls back on the client.
func TestConcurrencyLimits(t *testing.T) {
	s := startService(t, config.Service{MaxConcurrentRPCs: 1, MaxQueuedRPCs: 1}, "")
	c := dial(t, client.Options{Addr: s.addr})
	ctx, cancel := context.WithCancel(context.Background())
	holdSlot(t, ctx, c, true)  // running
	holdSlot(t, ctx, c, false) // queued
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(scrape(t, s), "handover_rpcs_queued 1\n"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the second stream is not queued after 5s")
		}
	}
	err := search(c, "jenkins")
	wantCode(t, "search past max-queued-rpcs", err, codes.ResourceExhausted, "max-queued-rpcs = 1 reached")
	cancel()
	// The server lets the slots go when it sees the streams end, a moment
	// after the client cancels them.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if m := scrape(t, s); strings.Contains(m, "handover_rpcs_queued 0\n") && strings.Contains(m, "handover_rpcs_running 0\n") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the streams still hold their slots 5s after they were cancelled")
		}
	}
	wantCode(t, "search once they end", search(c, "jenkins"), codes.OK, "")

	s = startService(t, config.Service{MaxConcurrentStreams: 1}, "")
	c, other := dial(t, client.Options{Addr: s.addr}), dial(t, client.Options{Addr: s.addr})
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	holdSlot(t, ctx, c, true)
	short, stop := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer stop()
	_, err = c.Search.Search(short, &pb.SearchRequest{Query: "jenkins"})
	wantCode(t, "second stream on a connection of max-concurrent-streams = 1", err, codes.DeadlineExceeded, "")
	wantCode(t, "another connection", search(other, "jenkins"), codes.OK, "")
}

// loadRepo writes an inventory of n hosts with a purpose comment each.
func loadRepo(t testing.TB, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("[prod-web]\n")
	for i := range n {
		fmt.Fprintf(&b, "# web server %d: serves the shop's storefront and checkout\nweb%05d.prod.example.internal ansible_host=10.0.%d.%d\n", i, i, i/250, i%250)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hosts.ini"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestConcurrentLoadMemory: 3,000 concurrent searches of 50 hosts each
// (issue 16 saw 3.3 GB) keep handoverd, run as its own process with the
// default limits, under 500 MB of peak RSS, and all succeed. Only the RPC
// deadline is longer than its default: it has a test of its own, and a
// busy test machine must not turn a memory bound into a latency one.
func TestConcurrentLoadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("peak RSS is read from /proc")
	}
	s, pid := startDaemon(t, loadRepo(t, 5000), "rpc-timeout = 5m")
	const calls, conns = 3000, 30
	clients := make([]*client.Client, conns)
	for i := range clients {
		clients[i] = dial(t, client.Options{Addr: s.addr})
	}
	var failed atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for i := range calls {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			_, err := clients[i%conns].Search.Search(ctx, &pb.SearchRequest{Query: "web storefront", PageSize: 50})
			if err != nil {
				failed.Add(1)
				firstErr.CompareAndSwap(nil, err)
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	peak := peakRSS(t, pid)
	t.Logf("%d concurrent searches over %d connections in %v (%.0f/s); handoverd peak RSS %d MB", calls, conns, took, calls/took.Seconds(), peak>>20)
	if n := failed.Load(); n > 0 {
		t.Errorf("%d of %d searches failed, the first with %v", n, calls, firstErr.Load())
	}
	if peak > 500<<20 {
		t.Errorf("peak RSS %d MB, over 500 MB", peak>>20)
	}
}

// startDaemon builds and starts handoverd over repo on 127.0.0.1 and
// returns once it is ready, with its process id.
func startDaemon(t testing.TB, repo string, serverSettings ...string) (service, int) {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "handoverd")
	if out, err := exec.Command("go", "build", "-o", bin, "handover/server/cmd/handoverd").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	addr, metrics := freePort(t), freePort(t)
	ini := fmt.Sprintf("[server]\nlisten = %s\ndata = %s\nmetrics = %s\n%s\n\n[repo \"load\"]\npath = %s\n",
		addr, filepath.Join(dir, "data"), metrics, strings.Join(serverSettings, "\n"), repo)
	if err := os.WriteFile(filepath.Join(dir, "handover.ini"), []byte(ini), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--config", filepath.Join(dir, "handover.ini"))
	cmd.Stderr = io.Discard
	if p := os.Getenv("HANDOVER_DAEMON_LOG"); p != "" {
		// The daemon's log, for reading its "updated ... took" lines.
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		cmd.Stderr = f
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() })
	s := service{addr: addr, metrics: "http://" + metrics}
	for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if code, _ := httpGet(s.metrics + "/readyz"); code == http.StatusOK {
			return s, cmd.Process.Pid
		}
	}
	t.Fatal("handoverd not ready in 5m")
	return s, 0
}

func freePort(t testing.TB) string {
	lis := listen(t, "127.0.0.1:0")
	defer lis.Close()
	return lis.Addr().String()
}

// peakRSS is the process's high-water mark of resident memory (VmHWM).
func peakRSS(t testing.TB, pid int) uint64 { return procStatus(t, pid, "VmHWM:") }

// procStatus reads one size in kB from /proc/PID/status, in bytes.
func procStatus(t testing.TB, pid int, field string) uint64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/PID/status", field)
	return 0
}

// currentRSS is the process's resident memory now (VmRSS).
func currentRSS(t testing.TB, pid int) uint64 { return procStatus(t, pid, "VmRSS:") }

func scrape(t *testing.T, s service) string {
	t.Helper()
	code, body := httpGet(s.metrics + "/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d %s", code, body)
	}
	return body
}

// procCPU is the CPU time the process has used so far, user and system
// (/proc/PID/stat), in clock ticks of 10 ms.
func procCPU(t testing.TB, pid int) time.Duration {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	// The command name, in parentheses, may hold spaces: fields count
	// from after it; utime and stime are fields 14 and 15.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	var ticks int64
	for _, s := range f[11:13] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}
