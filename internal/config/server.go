package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Service is what [server] says about serving a team beyond listen and
// data: TLS, tokens, limits and metrics. Zero fields mean the defaults
// (WithDefaults fills them in), so a file that says nothing of them gets
// safe limits.
//
//	[server]
//	tls-cert    = /etc/handover/tls.crt
//	tls-key     = /etc/handover/tls.key
//	client-ca   = /etc/handover/clients.crt ; mutual TLS: clients need a cert it signed
//	tokens      = /etc/handover/tokens      ; "name scope sha256-hex" lines
//	metrics     = 127.0.0.1:9457            ; Prometheus, /healthz, /readyz; off when empty
//	max-concurrent-streams = 100            ; per connection
//	max-concurrent-rpcs    = 64             ; running at once, over all connections
//	max-queued-rpcs        = 4096           ; waiting for one of those; more are refused
//	max-request-bytes      = 1048576
//	max-query-length       = 4096           ; bytes of a query string or question
//	max-query-clauses      = 64             ; words and operators of a query string
//	max-query-depth        = 8              ; nested parentheses
//	rpc-timeout            = 30s            ; every RPC but Reindex
//	reindex-timeout        = 30m
//	watch                  = true           ; follow local repositories' files (live index)
//	memory-limit           = 256MiB         ; the Go heap's soft limit: this, or 1.5x the live heap if more; off
type Service struct {
	TLSCert, TLSKey string // the server's certificate and key (PEM); both or neither
	ClientCA        string // when set, clients must present a certificate signed by it
	Tokens          string // the token file; when set every RPC but health needs a token
	Metrics         string // host:port for /metrics, /healthz and /readyz; "" is off

	MaxConcurrentStreams int
	MaxConcurrentRPCs    int
	MaxQueuedRPCs        int
	MaxRequestBytes      int
	MaxQueryLength       int
	MaxQueryClauses      int
	MaxQueryDepth        int
	RPCTimeout           time.Duration
	ReindexTimeout       time.Duration
	// MemoryLimit is the least the soft memory limit of the Go runtime is
	// set to; above it the limit follows the live heap. -1 is "off".
	MemoryLimit int64

	// NoWatch is "watch = false": local repositories are not followed,
	// only reindexed when asked.
	NoWatch bool

	// InsecureListen lets handoverd serve a non-loopback address without
	// TLS and tokens. It is the --insecure-listen flag, never a setting:
	// it must be asked for at every start.
	InsecureListen bool
}

// DefaultService holds the limits a [server] section gets when it names
// none. They are sized so that one replica with 2 GB stays well inside it
// under thousands of concurrent requests (BENCHMARKS.md).
var DefaultService = Service{
	MaxConcurrentStreams: 100,
	MaxConcurrentRPCs:    64,
	MaxQueuedRPCs:        4096,
	MaxRequestBytes:      1 << 20,
	MaxQueryLength:       4096,
	MaxQueryClauses:      64,
	MaxQueryDepth:        8,
	RPCTimeout:           30 * time.Second,
	ReindexTimeout:       30 * time.Minute,
	MemoryLimit:          256 << 20,
}

// WithDefaults returns s with every zero limit set to its default.
func (s Service) WithDefaults() Service {
	d := DefaultService
	or := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	or(&s.MaxConcurrentStreams, d.MaxConcurrentStreams)
	or(&s.MaxConcurrentRPCs, d.MaxConcurrentRPCs)
	or(&s.MaxQueuedRPCs, d.MaxQueuedRPCs)
	or(&s.MaxRequestBytes, d.MaxRequestBytes)
	or(&s.MaxQueryLength, d.MaxQueryLength)
	or(&s.MaxQueryClauses, d.MaxQueryClauses)
	or(&s.MaxQueryDepth, d.MaxQueryDepth)
	if s.RPCTimeout == 0 {
		s.RPCTimeout = d.RPCTimeout
	}
	if s.ReindexTimeout == 0 {
		s.ReindexTimeout = d.ReindexTimeout
	}
	if s.MemoryLimit == 0 {
		s.MemoryLimit = d.MemoryLimit
	}
	return s
}

// TLS reports whether the server is to serve TLS.
func (s Service) TLS() bool { return s.TLSCert != "" }

// serviceSetting reads one [server] setting other than listen and data;
// ok is false for a key it does not know.
func (p *fileParser) serviceSetting(key, v string) (ok bool, err error) {
	s := &p.cfg.Service
	path := func(dst *string) error {
		if v == "" {
			return fmt.Errorf("%s: empty path", key)
		}
		*dst = resolve(p.dir, v)
		return nil
	}
	count := func(dst *int) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fmt.Errorf("%s = %q: want a whole number, 1 or more", key, v)
		}
		*dst = n
		return nil
	}
	duration := func(dst *time.Duration) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("%s = %q: want a duration such as 30s or 5m", key, v)
		}
		*dst = d
		return nil
	}
	switch key {
	case "tls-cert":
		return true, path(&s.TLSCert)
	case "tls-key":
		return true, path(&s.TLSKey)
	case "client-ca":
		return true, path(&s.ClientCA)
	case "tokens":
		return true, path(&s.Tokens)
	case "metrics":
		if v != "" {
			if err := checkListen(v); err != nil {
				return true, fmt.Errorf("metrics: %v", err)
			}
		}
		s.Metrics = v
		return true, nil
	case "max-concurrent-streams":
		return true, count(&s.MaxConcurrentStreams)
	case "max-concurrent-rpcs":
		return true, count(&s.MaxConcurrentRPCs)
	case "max-queued-rpcs":
		return true, count(&s.MaxQueuedRPCs)
	case "max-request-bytes":
		return true, count(&s.MaxRequestBytes)
	case "max-query-length":
		return true, count(&s.MaxQueryLength)
	case "max-query-clauses":
		return true, count(&s.MaxQueryClauses)
	case "max-query-depth":
		return true, count(&s.MaxQueryDepth)
	case "rpc-timeout":
		return true, duration(&s.RPCTimeout)
	case "reindex-timeout":
		return true, duration(&s.ReindexTimeout)
	case "memory-limit":
		if v == "off" {
			s.MemoryLimit = -1
			return true, nil
		}
		n, err := parseBytes(v)
		if err != nil {
			return true, fmt.Errorf("memory-limit = %q: want a size such as 256MiB, or off", v)
		}
		s.MemoryLimit = n
		return true, nil
	case "watch":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return true, fmt.Errorf("watch = %q: want true or false", v)
		}
		s.NoWatch = !b
		return true, nil
	}
	return false, nil
}

// check checks what only the whole [server] section can tell.
func (s Service) check() error {
	switch {
	case (s.TLSCert == "") != (s.TLSKey == ""):
		return fmt.Errorf("tls-cert and tls-key go together: set both or neither")
	case s.ClientCA != "" && !s.TLS():
		return fmt.Errorf("client-ca needs tls-cert and tls-key")
	}
	return nil
}

// serviceKeys lists the settings serviceSetting knows, for errors.
var serviceKeys = strings.Join([]string{"tls-cert", "tls-key", "client-ca", "tokens", "metrics",
	"max-concurrent-streams", "max-concurrent-rpcs", "max-queued-rpcs", "max-request-bytes",
	"max-query-length", "max-query-clauses", "max-query-depth", "rpc-timeout", "reindex-timeout", "watch", "memory-limit"}, ", ")
