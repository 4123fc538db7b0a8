package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"google.golang.org/grpc"

	"handover/internal/config"
	"handover/internal/index"
	"handover/internal/ingest"
	"handover/internal/lint"
	"handover/internal/model"
	"handover/internal/stats"
	"handover/internal/token"
	"handover/internal/watch"
)

// Listeners are where Run serves: gRPC, and Metrics (/metrics, /healthz,
// /readyz) when not nil.
type Listeners struct {
	GRPC    net.Listener
	Metrics net.Listener
}

// Run serves cfg's repositories on lis until ctx ends, and the metrics on
// [server] metrics when it is set.
func Run(ctx context.Context, cfg *config.Config, lis net.Listener, log *slog.Logger) error {
	ls := Listeners{GRPC: lis}
	if addr := cfg.Service.Metrics; addr != "" {
		ml, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
		ls.Metrics = ml
	}
	return RunWith(ctx, cfg, ls, log)
}

// RunWith serves cfg's repositories on ls until ctx ends. It refuses a
// non-loopback gRPC address without TLS and tokens (ErrExposed). It opens
// the last good index in cfg.DataDir first, so queries are answered while
// the repositories are indexed again in the background.
func RunWith(ctx context.Context, cfg *config.Config, ls Listeners, log *slog.Logger) error {
	defer closeAll(ls)
	svc := cfg.Service
	if err := checkExposure(ls.GRPC.Addr(), svc); err != nil {
		return err
	}
	if exposed(ls.GRPC.Addr()) && svc.InsecureListen {
		log.Warn("--insecure-listen: serving a non-loopback address without TLS or tokens; anyone who reaches it reads every repository and can reindex",
			"addr", ls.GRPC.Addr().String(), "tls", svc.TLS(), "tokens", svc.Tokens != "")
	}
	settings := Settings{Service: svc}
	var err error
	if settings.Lint, err = lint.ConfigFrom(cfg); err != nil {
		return err
	}
	if settings.Stats, err = stats.OptionsFrom(cfg); err != nil {
		return err
	}
	if svc.Tokens != "" {
		if settings.Tokens, err = token.Open(svc.Tokens); err != nil {
			return fmt.Errorf("tokens: %w", err)
		}
	}
	var opts []grpc.ServerOption
	if o, err := transportOption(svc, log); err != nil {
		return err
	} else if o != nil {
		opts = append(opts, o)
	}
	if ls.Metrics != nil {
		settings.Metrics = NewMetrics()
	}
	store, err := index.Open(cfg.DataDir)
	if err != nil {
		return fmt.Errorf("open index in %s: %w", cfg.DataDir, err)
	}
	defer store.Close()

	reindexer := ingest.NewReindexer(store, cfg.Repos, log)
	reindexer.Lint = func(snap *model.Snapshot) []model.Finding { return lint.Check(snap, settings.Lint) }
	reindexer.Reindexed = func(res ingest.Result) {
		settings.Metrics.ObserveReindex(res)
		if !res.Updated {
			// A rebuild's garbage is most of the process's peak; give it
			// back now rather than over the next minutes.
			debug.FreeOSMemory()
		}
	}
	reindexer.Live = !svc.NoWatch
	srv := New(store, reindexer, settings, log)
	g := srv.NewGRPCServer(opts...)

	serveErr := make(chan error, 2)
	go func() { serveErr <- g.Serve(ls.GRPC) }()
	log.Info("serving", "addr", ls.GRPC.Addr().String(), "tls", svc.TLS(), "mtls", svc.ClientCA != "", "tokens", svc.Tokens != "",
		"data", cfg.DataDir, "repos", len(cfg.Repos))
	var metricsSrv *http.Server
	if m := settings.Metrics; m != nil {
		m.watch(store, srv.admission)
		metricsSrv = &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 5 * time.Second}
		go func() { serveErr <- metricsSrv.Serve(ls.Metrics) }()
		log.Info("metrics", "addr", ls.Metrics.Addr().String())
	}
	if allLive(store, cfg.Repos) {
		settings.Metrics.SetReady()
	}

	indexCtx, stopIndexing := context.WithCancel(ctx)
	defer stopIndexing()
	go limitMemory(indexCtx, svc.WithDefaults().MemoryLimit, log)
	if !svc.NoWatch {
		// Watching starts first: a change made while the first index is
		// built is applied once it is live.
		watchRepos(indexCtx, cfg.Repos, reindexer, log)
	}
	go func() {
		if _, err := reindexer.Reindex(indexCtx, nil, nil); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("initial index", "err", err)
		}
		// scorch lets go of the build's in-memory segments only after
		// the rebuild returned: give them back before serving.
		debug.FreeOSMemory()
		if len(store.Repos()) > 0 || len(cfg.Repos) == 0 {
			settings.Metrics.SetReady()
		}
		reindexer.PullDue(indexCtx)
	}()

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	stopIndexing()
	srv.Shutdown()
	if metricsSrv != nil {
		_ = metricsSrv.Close()
	}
	gracefulStop(g, 5*time.Second)
	return nil
}

// watchRepos follows the files of each local repository and applies every
// burst of changes to its index in place.
func watchRepos(ctx context.Context, repos []config.Repo, reindexer *ingest.Reindexer, log *slog.Logger) {
	for _, rp := range repos {
		if rp.URL != "" {
			continue // a checkout handover pulls: followed by pull
		}
		err := watch.Watch(ctx, rp.Path, watch.Options{Ignore: rp.Ignore, Log: log}, func(ctx context.Context, ch watch.Change) {
			_, _ = reindexer.Update(ctx, rp.Name, ch.Paths, ch.GitMoved)
		})
		if err != nil {
			log.Warn("not watched: changes need handover index", "repo", rp.Name, "err", err)
		}
	}
}

// allLive reports whether every configured repository has an index being
// served already, from an earlier run.
func allLive(store *index.Store, repos []config.Repo) bool {
	live := map[string]bool{}
	for _, r := range store.Repos() {
		live[r.Name] = true
	}
	for _, r := range repos {
		if !live[r.Name] {
			return false
		}
	}
	return len(repos) > 0
}

func closeAll(ls Listeners) {
	// Serve closes its listener; closing again is harmless and covers the
	// paths that return before serving.
	ls.GRPC.Close()
	if ls.Metrics != nil {
		ls.Metrics.Close()
	}
}

// gracefulStop lets running calls finish, but not for longer than limit.
func gracefulStop(g *grpc.Server, limit time.Duration) {
	done := make(chan struct{})
	go func() { g.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
		g.Stop()
	}
}
