package config

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestServiceSettings(t *testing.T) {
	tests := []struct {
		name string
		ini  string
		want Service // compared when err is ""
		err  string
	}{
		{name: "none", ini: "[server]\n", want: Service{}},
		{
			name: "all",
			ini: `[server]
tls-cert = tls/cert.pem
tls-key = tls/key.pem
client-ca = /etc/ca.pem
tokens = tokens
metrics = 127.0.0.1:9457
max-concurrent-streams = 10
max-concurrent-rpcs = 8
max-queued-rpcs = 16
max-request-bytes = 65536
max-query-length = 100
max-query-clauses = 5
max-query-depth = 2
rpc-timeout = 2s
reindex-timeout = 1m
memory-limit = 1GiB
`,
			want: Service{TLSCert: "conf/tls/cert.pem", TLSKey: "conf/tls/key.pem", ClientCA: "/etc/ca.pem", Tokens: "conf/tokens",
				Metrics: "127.0.0.1:9457", MaxConcurrentStreams: 10, MaxConcurrentRPCs: 8, MaxQueuedRPCs: 16, MaxRequestBytes: 65536,
				MaxQueryLength: 100, MaxQueryClauses: 5, MaxQueryDepth: 2, RPCTimeout: 2 * time.Second, ReindexTimeout: time.Minute, MemoryLimit: 1 << 30},
		},
		{name: "cert without key", ini: "[server]\ntls-cert = c\n", err: "h.ini:1: tls-cert and tls-key go together"},
		{name: "client-ca without TLS", ini: "[server]\nclient-ca = ca\n", err: "h.ini:1: client-ca needs tls-cert"},
		{name: "bad count", ini: "[server]\nmax-concurrent-rpcs = 0\n", err: "h.ini:2: max-concurrent-rpcs = \"0\": want a whole number"},
		{name: "bad duration", ini: "[server]\nrpc-timeout = soon\n", err: "h.ini:2: rpc-timeout = \"soon\": want a duration"},
		{name: "memory limit off", ini: "[server]\nmemory-limit = off\n", want: Service{MemoryLimit: -1}},
		{name: "bad memory limit", ini: "[server]\nmemory-limit = lots\n", err: "h.ini:2: memory-limit = \"lots\": want a size"},
		{name: "bad metrics", ini: "[server]\nmetrics = 9457\n", err: "h.ini:2: metrics: listen \"9457\": want host:port"},
		{name: "empty path", ini: "[server]\ntokens =\n", err: "h.ini:2: tokens: empty path"},
		{name: "unknown", ini: "[server]\ntls = on\n", err: "h.ini:2: unknown setting \"tls\" in [server]; want listen, data, tls-cert"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parse(filepath.Join("conf", "h.ini"), []byte(tt.ini))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, want an error with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.want.TLSCert, tt.want.TLSKey = filepath.FromSlash(tt.want.TLSCert), filepath.FromSlash(tt.want.TLSKey)
			tt.want.Tokens = filepath.FromSlash(tt.want.Tokens)
			if cfg.Service != tt.want {
				t.Errorf("got %+v\nwant %+v", cfg.Service, tt.want)
			}
		})
	}
}

func TestServiceDefaults(t *testing.T) {
	if got := (Service{}).WithDefaults(); got != DefaultService {
		t.Errorf("zero Service with defaults = %+v, want %+v", got, DefaultService)
	}
	if got := (Service{MaxQueryLength: 10}).WithDefaults(); got.MaxQueryLength != 10 || got.MaxQueryDepth != DefaultService.MaxQueryDepth {
		t.Errorf("a set limit must stay and the others default: %+v", got)
	}
}
