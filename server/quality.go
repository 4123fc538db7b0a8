package server

import (
	"context"
	"fmt"
	"time"

	"handover/internal/explain"
	"handover/internal/index"
	"handover/internal/lint"
	"handover/internal/pbconv"
	"handover/internal/stats"
	pb "handover/proto/handover/v1"
)

// Settings are what handover.ini says about lint rules and statistics.
type Settings struct {
	Lint  lint.Config
	Stats stats.Options // By, Since and Until come from each request
}

// Lint returns the findings stored when the repository was last indexed,
// or those of one file, linted again as the request holds it when it
// carries the file's unsaved content.
func (s *Server) Lint(ctx context.Context, req *pb.LintRequest) (*pb.LintResponse, error) {
	resp := &pb.LintResponse{Rules: convertEach(s.settings.Lint.Rules(), pbconv.LintRuleToProto)}
	if req.Content != nil {
		if req.GetRepo() == "" || req.GetPath() == "" {
			return nil, invalidArgument("content needs repo and path")
		}
		fs, err := s.explainer.LintBuffer(ctx, req.GetRepo(), req.GetPath(), []byte(req.GetContent()), s.settings.Lint)
		if err != nil {
			return nil, err
		}
		resp.Findings = convertEach(fs, pbconv.FindingToProto)
		return resp, nil
	}
	found := req.GetRepo() == ""
	for _, info := range s.store.Repos() {
		if req.GetRepo() != "" && info.Name != req.GetRepo() {
			continue
		}
		found = true
		fs := info.Findings
		if req.GetPath() != "" {
			fs = explain.StoredFindings(fs, req.GetPath())
		}
		resp.Findings = append(resp.Findings, convertEach(fs, pbconv.FindingToProto)...)
	}
	if !found {
		return nil, fmt.Errorf("%w: repository %q is not indexed", index.ErrNotFound, req.GetRepo())
	}
	return resp, nil
}

// IncidentStats computes incident statistics over the indexed incident reports.
func (s *Server) IncidentStats(ctx context.Context, req *pb.IncidentStatsRequest) (*pb.IncidentStatsResponse, error) {
	opt := s.settings.Stats
	opt.By = pbconv.PeriodFromProto(req.GetBy())
	var err error
	if opt.Since, err = optionalDate("since", req.GetSince()); err != nil {
		return nil, err
	}
	if opt.Until, err = optionalDate("until", req.GetUntil()); err != nil {
		return nil, err
	}
	incidents, err := stats.ReadIncidents(ctx, s.store, req.GetRepo())
	if err != nil {
		return nil, err
	}
	rep, err := stats.Compute(incidents, opt)
	if err != nil {
		return nil, err
	}
	return pbconv.StatsToProto(rep), nil
}

func optionalDate(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, invalidArgument("%s %q: want YYYY-MM-DD", name, s)
	}
	return t, nil
}
