package server

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"handover/internal/config"
	"handover/internal/pemfile"
	"handover/internal/reload"
)

// ErrExposed is handoverd refusing to serve a non-loopback address in the
// clear or without tokens: anyone who reaches the port would read the
// whole infrastructure map and could trigger Reindex.
var ErrExposed = errors.New("refusing to serve a non-loopback address without TLS and tokens")

// checkExposure is the rule behind ErrExposed; insecure (--insecure-listen)
// lets it pass, with a warning the caller logs at every start.
func checkExposure(addr net.Addr, svc config.Service) error {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || tcp.IP.IsLoopback() || (svc.TLS() && svc.Tokens != "") || svc.InsecureListen {
		return nil
	}
	var missing []string
	if !svc.TLS() {
		missing = append(missing, "tls-cert and tls-key")
	}
	if svc.Tokens == "" {
		missing = append(missing, "tokens")
	}
	return fmt.Errorf("%w: %s: set %s in [server] (docs/operations.md), or pass --insecure-listen", ErrExposed, addr, strings.Join(missing, " and "))
}

// exposed reports whether addr is reachable from other machines.
func exposed(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && !tcp.IP.IsLoopback()
}

// transportOption is the gRPC server's TLS, from [server] tls-cert,
// tls-key and client-ca; nil when TLS is not configured. The files are
// read again when they change (looked at once a second, on a handshake),
// so certificates are renewed without a restart; a renewal that does not
// load is logged and the last good certificate stays in use.
func transportOption(svc config.Service, log *slog.Logger) (grpc.ServerOption, error) {
	if !svc.TLS() {
		return nil, nil
	}
	paths := []string{svc.TLSCert, svc.TLSKey}
	if svc.ClientCA != "" {
		paths = append(paths, svc.ClientCA)
	}
	current, err := reload.New(func() (*tls.Config, error) { return tlsConfig(svc) }, certRecheck, paths...)
	if err != nil {
		return nil, err
	}
	var logged atomic.Value // the reload error last logged: each is logged once
	logged.Store("")
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
		cfg, err := current.Get()
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if logged.Swap(msg) != msg && msg != "" {
			log.Error("TLS files changed but do not load; the last good certificate stays in use", "err", err)
		}
		return cfg, nil
	}}
	return grpc.Creds(credentials.NewTLS(cfg)), nil
}

// certRecheck is how long a handshake trusts the TLS files read before
// looking at their modification times again.
var certRecheck = time.Second

// tlsConfig reads the certificate, key and client CA of svc.
func tlsConfig(svc config.Service) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(svc.TLSCert, svc.TLSKey)
	if err != nil {
		return nil, fmt.Errorf("tls-cert %s, tls-key %s: %w", svc.TLSCert, svc.TLSKey, err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if svc.ClientCA != "" {
		pool, err := pemfile.CertPool(svc.ClientCA)
		if err != nil {
			return nil, fmt.Errorf("client-ca: %w", err)
		}
		cfg.ClientCAs, cfg.ClientAuth = pool, tls.RequireAndVerifyClientCert
	}
	return cfg, nil
}
