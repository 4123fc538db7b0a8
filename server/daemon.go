package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"google.golang.org/grpc"

	"handover/internal/config"
	"handover/internal/index"
	"handover/internal/ingest"
	"handover/internal/lint"
	"handover/internal/model"
	"handover/internal/stats"
)

// Run serves cfg's repositories on lis until ctx ends. It opens the last
// good index in cfg.DataDir first, so queries are answered while the
// repositories are indexed again in the background.
func Run(ctx context.Context, cfg *config.Config, lis net.Listener, log *slog.Logger) error {
	var settings Settings
	var err error
	if settings.Lint, err = lint.ConfigFrom(cfg); err != nil {
		return err
	}
	if settings.Stats, err = stats.OptionsFrom(cfg); err != nil {
		return err
	}
	store, err := index.Open(cfg.DataDir)
	if err != nil {
		return fmt.Errorf("open index in %s: %w", cfg.DataDir, err)
	}
	defer store.Close()

	reindexer := ingest.NewReindexer(store, cfg.Repos, log)
	reindexer.Lint = func(snap *model.Snapshot) []model.Finding { return lint.Check(snap, settings.Lint) }
	srv := New(store, reindexer, settings, log)
	g := srv.NewGRPCServer()

	serveErr := make(chan error, 1)
	go func() { serveErr <- g.Serve(lis) }()
	log.Info("serving", "addr", lis.Addr().String(), "data", cfg.DataDir, "repos", len(cfg.Repos))

	indexCtx, stopIndexing := context.WithCancel(ctx)
	defer stopIndexing()
	go func() {
		if _, err := reindexer.Reindex(indexCtx, nil, nil); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("initial index", "err", err)
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
	gracefulStop(g, 5*time.Second)
	return nil
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
