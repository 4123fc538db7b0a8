package client

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"

	"handover/internal/pemfile"
)

// Options say how to reach a handoverd that serves a team: the one place
// the CLI, the Language Server and the MCP server take them from, so all
// three connect alike.
type Options struct {
	Addr      string
	Token     string // the bearer token itself (HANDOVER_TOKEN)
	TokenFile string // a file holding it (--token-file); it wins over Token
	CA        string // PEM of the CA that signed the server's certificate: TLS on
	TLS       bool   // TLS with the system's roots, when there is no CA
	Cert, Key string // the client's certificate and key, for mutual TLS
}

// Dial returns a client for the handoverd o describes. It does not connect
// until the first call.
func Dial(o Options) (*Client, error) {
	opts, err := o.DialOptions()
	if err != nil {
		return nil, err
	}
	return New(o.Addr, opts...)
}

// DialOptions are the gRPC options that carry o's TLS and token.
func (o Options) DialOptions() ([]grpc.DialOption, error) {
	var opts []grpc.DialOption
	secure := o.TLS || o.CA != "" || o.Cert != ""
	if secure {
		cfg, err := o.tlsConfig()
		if err != nil {
			return nil, err
		}
		opts = append(opts, grpc.WithTransportCredentials(credentials.NewTLS(cfg)))
	} else {
		opts = append(opts, grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
	tok, err := o.token()
	if err != nil || tok == "" {
		return opts, err
	}
	if addr := cmp.Or(o.Addr, DefaultAddr); !secure && !loopback(addr) {
		return nil, fmt.Errorf("not sending the token to %s in the clear: pass --ca FILE (or --tls) for TLS", addr)
	}
	return append(opts, grpc.WithPerRPCCredentials(bearer(tok))), nil
}

func (o Options) token() (string, error) {
	if o.TokenFile == "" {
		return strings.TrimSpace(o.Token), nil
	}
	b, err := os.ReadFile(o.TokenFile)
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("token file %s is empty", o.TokenFile)
	}
	return tok, nil
}

func (o Options) tlsConfig() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if o.CA != "" {
		pool, err := pemfile.CertPool(o.CA)
		if err != nil {
			return nil, fmt.Errorf("--ca: %w", err)
		}
		cfg.RootCAs = pool
	}
	if (o.Cert == "") != (o.Key == "") {
		return nil, errors.New("--cert and --key go together")
	}
	if o.Cert != "" {
		cert, err := tls.LoadX509KeyPair(o.Cert, o.Key)
		if err != nil {
			return nil, fmt.Errorf("--cert, --key: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, nil
}

// loopback reports whether addr names this machine, where a token may go
// without TLS (handoverd's own default, 127.0.0.1:7457).
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// bearer sends the token with every call.
type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}

// RequireTransportSecurity is false so that a token works over loopback
// without TLS; DialOptions refuses to send one in the clear elsewhere.
func (b bearer) RequireTransportSecurity() bool { return false }
