package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	"handover/client"
	"handover/internal/config"
	"handover/internal/token"
	pb "handover/proto/handover/v1"
)

// service is a handoverd started with RunWith, as main starts it, on
// 127.0.0.1: gRPC on addr and /metrics, /healthz, /readyz on metrics.
type service struct {
	addr, metrics string
}

// startService serves a one-inventory repository with svc's [server]
// settings and returns once /readyz says it is indexed.
func startService(t testing.TB, svc config.Service, repo string) service {
	t.Helper()
	if repo == "" {
		repo = t.TempDir()
		if err := os.WriteFile(filepath.Join(repo, "hosts.ini"), []byte(inventory), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lis, ml := listen(t, "127.0.0.1:0"), listen(t, "127.0.0.1:0")
	cfg := &config.Config{DataDir: t.TempDir(), Repos: []config.Repo{{Name: "acme", Path: repo}}, Service: svc}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- RunWith(ctx, cfg, Listeners{GRPC: lis, Metrics: ml}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	t.Cleanup(func() { cancel(); <-done })
	s := service{addr: lis.Addr().String(), metrics: "http://" + ml.Addr().String()}
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if code, _ := httpGet(s.metrics + "/readyz"); code == http.StatusOK {
			return s
		}
	}
	t.Fatal("not ready in 60s")
	return s
}

func listen(t testing.TB, addr string) net.Listener {
	t.Helper()
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return lis
}

func httpGet(url string) (int, string) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// tokens writes a token file with a read and an admin token.
func tokens(t testing.TB) (path, read, admin string) {
	t.Helper()
	read, readLine, err := token.New("reader", token.Read)
	if err != nil {
		t.Fatal(err)
	}
	admin, adminLine, err := token.New("ops", token.Admin)
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "tokens")
	if err := os.WriteFile(path, []byte(readLine+"\n"+adminLine+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, read, admin
}

func dial(t testing.TB, o client.Options) *client.Client {
	t.Helper()
	c, err := client.Dial(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// The calls' deadlines are bounds for a loaded machine, not timings.

func search(c *client.Client, q string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := c.Search.Search(ctx, &pb.SearchRequest{Query: q})
	return err
}

func reindex(c *client.Client) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	stream, err := c.Repositories.Reindex(ctx, &pb.ReindexRequest{})
	if err != nil {
		return err
	}
	for {
		if _, err := stream.Recv(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

func healthy(c *client.Client) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := healthpb.NewHealthClient(c.Conn()).Check(ctx, &healthpb.HealthCheckRequest{})
	return err
}

func listServices(c *client.Client) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stream, err := reflectionpb.NewServerReflectionClient(c.Conn()).ServerReflectionInfo(ctx)
	if err != nil {
		return err
	}
	// A stream the server has already ended (refused: no token) fails
	// Send with io.EOF; its status is what Recv returns.
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	_, err = stream.Recv()
	return err
}

func wantCode(t *testing.T, what string, err error, want codes.Code, msg string) {
	t.Helper()
	if got := status.Code(err); got != want || !strings.Contains(status.Convert(err).Message(), msg) {
		t.Errorf("%s: %v, want %v with %q", what, err, want, msg)
	}
}

// TestMutualTLSAndTokenScopes: over mutual TLS, a call needs a client
// certificate from the configured CA, then a token; a read token queries
// and reflects but cannot Reindex, an admin token can, health is open.
func TestMutualTLSAndTokenScopes(t *testing.T) {
	pki, other := newTestPKI(t, "team"), newTestPKI(t, "other")
	tokenFile, read, admin := tokens(t)
	s := startService(t, config.Service{TLSCert: pki.ServerCert, TLSKey: pki.ServerKey, ClientCA: pki.CA, Tokens: tokenFile}, "")
	tlsWith := func(tok string) client.Options {
		return client.Options{Addr: s.addr, CA: pki.CA, Cert: pki.ClientCert, Key: pki.ClientKey, Token: tok}
	}

	// The handshake: a client certificate from the CA, and trust in the server's.
	wantCode(t, "plaintext", search(dial(t, client.Options{Addr: s.addr, Token: read}), "jenkins"), codes.Unavailable, "")
	wantCode(t, "no client certificate", search(dial(t, client.Options{Addr: s.addr, CA: pki.CA, Token: read}), "jenkins"), codes.Unavailable, "")
	wantCode(t, "client certificate of another CA",
		search(dial(t, client.Options{Addr: s.addr, CA: pki.CA, Cert: other.ClientCert, Key: other.ClientKey, Token: read}), "jenkins"), codes.Unavailable, "")
	wantCode(t, "server not trusted",
		search(dial(t, client.Options{Addr: s.addr, CA: other.CA, Cert: pki.ClientCert, Key: pki.ClientKey, Token: read}), "jenkins"), codes.Unavailable, "")

	// The token and its scope.
	none, reader, ops := dial(t, tlsWith("")), dial(t, tlsWith(read)), dial(t, tlsWith(admin))
	wantCode(t, "search without a token", search(none, "jenkins"), codes.Unauthenticated, "token is required")
	wantCode(t, "search with a wrong token", search(dial(t, tlsWith(read+"x")), "jenkins"), codes.Unauthenticated, "not recognised")
	wantCode(t, "reflection without a token", listServices(none), codes.Unauthenticated, "")
	wantCode(t, "health without a token", healthy(none), codes.OK, "")
	wantCode(t, "search with read", search(reader, "jenkins"), codes.OK, "")
	wantCode(t, "reflection with read", listServices(reader), codes.OK, "")
	wantCode(t, "reindex with read", reindex(reader), codes.PermissionDenied, "Reindex needs a token of scope admin; reader's is read")
	wantCode(t, "reindex with admin", reindex(ops), codes.OK, "")
	wantCode(t, "search with admin", search(ops, "jenkins"), codes.OK, "")
}

// TestServerTLS: TLS without client certificates; the CLI's --ca is all a
// client needs besides its token.
func TestServerTLS(t *testing.T) {
	pki := newTestPKI(t, "team")
	tokenFile, read, _ := tokens(t)
	s := startService(t, config.Service{TLSCert: pki.ServerCert, TLSKey: pki.ServerKey, Tokens: tokenFile}, "")
	wantCode(t, "TLS with read", search(dial(t, client.Options{Addr: s.addr, CA: pki.CA, Token: read}), "jenkins"), codes.OK, "")
	wantCode(t, "TLS without trusting the CA", search(dial(t, client.Options{Addr: s.addr, TLS: true, Token: read}), "jenkins"), codes.Unavailable, "")
}

// TestCertificateRenewal: replacing the certificate and key files takes
// effect on the next handshake, without a restart; files that do not load
// leave the last good certificate in use.
func TestCertificateRenewal(t *testing.T) {
	defer func(d time.Duration) { certRecheck = d }(certRecheck)
	certRecheck = 0
	pki, renewed := newTestPKI(t, "team"), newTestPKI(t, "renewed")
	tokenFile, read, _ := tokens(t)
	s := startService(t, config.Service{TLSCert: pki.ServerCert, TLSKey: pki.ServerKey, Tokens: tokenFile}, "")
	trusting := func(ca string) *client.Client { return dial(t, client.Options{Addr: s.addr, CA: ca, Token: read}) }
	wantCode(t, "first certificate", search(trusting(pki.CA), "jenkins"), codes.OK, "")

	copyFile := func(from, to string) {
		t.Helper()
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	copyFile(renewed.ServerCert, pki.ServerCert)
	copyFile(renewed.ServerKey, pki.ServerKey)
	wantCode(t, "renewed certificate", search(trusting(renewed.CA), "jenkins"), codes.OK, "")
	wantCode(t, "old CA after the renewal", search(trusting(pki.CA), "jenkins"), codes.Unavailable, "")

	if err := os.WriteFile(pki.ServerCert, []byte("half a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "certificate file broken", search(trusting(renewed.CA), "jenkins"), codes.OK, "")
}

// TestRefusesExposedListen: 0.0.0.0 needs TLS and tokens both, or
// --insecure-listen.
func TestRefusesExposedListen(t *testing.T) {
	pki := newTestPKI(t, "team")
	tokenFile, _, _ := tokens(t)
	for _, tt := range []struct {
		name    string
		svc     config.Service
		refused bool
	}{
		{"neither", config.Service{}, true},
		{"TLS only", config.Service{TLSCert: pki.ServerCert, TLSKey: pki.ServerKey}, true},
		{"tokens only", config.Service{Tokens: tokenFile}, true},
		{"both", config.Service{TLSCert: pki.ServerCert, TLSKey: pki.ServerKey, Tokens: tokenFile}, false},
		{"--insecure-listen", config.Service{InsecureListen: true}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &config.Config{DataDir: t.TempDir(), Service: tt.svc}
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			err := RunWith(ctx, cfg, Listeners{GRPC: listen(t, "0.0.0.0:0")}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if refused := errors.Is(err, ErrExposed); refused != tt.refused || (!tt.refused && err != nil) {
				t.Errorf("RunWith on 0.0.0.0 = %v, want refused %v", err, tt.refused)
			}
		})
	}
}

// TestMetricsEndpoint scrapes /metrics after a search and a reindex.
func TestMetricsEndpoint(t *testing.T) {
	s := startService(t, config.Service{}, "")
	c := dial(t, client.Options{Addr: s.addr})
	if err := search(c, "jenkins"); err != nil {
		t.Fatal(err)
	}
	if code, body := httpGet(s.metrics + "/healthz"); code != http.StatusOK {
		t.Errorf("/healthz: %d %s", code, body)
	}
	code, body := httpGet(s.metrics + "/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`handover_rpc_duration_seconds_count{code="OK",method="/handover.v1.SearchService/Search"} 1`,
		`handover_documents{kind="host",repo="acme"} 1`,
		`handover_hosts{repo="acme"} 1`,
		`handover_problems{repo="acme"} 0`,
		`handover_reindex_duration_seconds_count{repo="acme",result="ok"} 1`,
		`handover_last_index_timestamp_seconds{repo="acme"} `,
		`handover_rpcs_running 0`,
		`handover_rpcs_queued 0`,
		`go_goroutines `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
