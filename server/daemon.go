package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
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
	settings, err := SettingsFrom(cfg)
	if err != nil {
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

// SettingsFrom reads the lint and statistics settings of cfg, with the
// internal-hours file it names; errors name handover.ini.
func SettingsFrom(cfg *config.Config) (Settings, error) {
	s := Settings{Lint: lint.Config{Levels: cfg.Lint.Levels, SOPMaxAge: cfg.Lint.SOPMaxAge}}
	if err := cfg.CheckLintRules(lint.KnownRule); err != nil {
		return s, err
	}
	if err := s.Lint.Validate(); err != nil {
		return s, fmt.Errorf("%s: [lint]: %w", cfg.Path, err)
	}
	st := cfg.Stats
	s.Stats.TeamSize = st.TeamSize
	for _, p := range st.Practices {
		s.Stats.Practices = append(s.Stats.Practices, stats.Practice{Date: p.Date, Label: p.Label})
	}
	if st.InternalHoursFile != "" {
		f, err := os.Open(st.InternalHoursFile)
		if err != nil {
			return s, fmt.Errorf("%s: [stats] internal-hours: %w", cfg.Path, err)
		}
		hours, err := stats.ReadInternalHoursCSV(f)
		f.Close()
		if err != nil {
			return s, fmt.Errorf("%s: %w", st.InternalHoursFile, err)
		}
		s.Stats.Internal = hours
	}
	for _, h := range st.InternalHours {
		s.Stats.Internal = append(s.Stats.Internal, stats.InternalHours{Period: h.Period, Hours: h.Hours})
	}
	return s, nil
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
