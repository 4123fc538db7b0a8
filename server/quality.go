package server

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"handover/internal/index"
	"handover/internal/lint"
	"handover/internal/model"
	"handover/internal/stats"
	pb "handover/proto/handover/v1"
)

// Settings are what handover.ini says about lint rules and statistics.
type Settings struct {
	Lint  lint.Config
	Stats stats.Options // By, Since and Until come from each request
}

// Lint returns the findings stored when the repository was last indexed.
func (s *Server) Lint(ctx context.Context, req *pb.LintRequest) (*pb.LintResponse, error) {
	resp := &pb.LintResponse{}
	found := req.GetRepo() == ""
	for _, info := range s.store.Repos() {
		if req.GetRepo() != "" && info.Name != req.GetRepo() {
			continue
		}
		found = true
		for _, f := range info.Findings {
			resp.Findings = append(resp.Findings, &pb.Finding{Rule: f.Rule, Level: string(f.Level), Message: f.Message,
				Source: sourceToProto(f.Source), Fix: f.Fix})
		}
	}
	if !found {
		return nil, status.Errorf(codes.NotFound, "repository %q is not indexed", req.GetRepo())
	}
	for _, r := range s.settings.Lint.Rules() {
		resp.Rules = append(resp.Rules, &pb.LintRule{Id: r.ID, Level: string(r.Level), Summary: r.Summary, Help: r.Help})
	}
	return resp, nil
}

// maxIncidents bounds what one statistics call reads.
const maxIncidents = 100_000

// IncidentStats computes incident statistics over the indexed incident reports.
func (s *Server) IncidentStats(ctx context.Context, req *pb.IncidentStatsRequest) (*pb.IncidentStatsResponse, error) {
	opt := s.settings.Stats
	opt.By = stats.Period(req.GetBy())
	var err error
	if opt.Since, err = optionalDate("since", req.GetSince()); err != nil {
		return nil, err
	}
	if opt.Until, err = optionalDate("until", req.GetUntil()); err != nil {
		return nil, err
	}
	var incidents []*model.Incident
	err = s.eachHit(ctx, req.GetRepo(), model.KindIncident, func(h index.Hit) bool {
		incidents = append(incidents, h.Item.(*model.Incident))
		return len(incidents) < maxIncidents
	})
	if err != nil {
		return nil, err
	}
	rep, err := stats.Compute(incidents, opt)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return statsToProto(rep, opt), nil
}

func optionalDate(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, status.Errorf(codes.InvalidArgument, "%s %q: want YYYY-MM-DD", name, s)
	}
	return t, nil
}
