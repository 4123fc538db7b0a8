package server

import (
	"context"

	"handover/internal/explain"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// Explain says what a line of a repository file declares.
func (s *Server) Explain(ctx context.Context, req *pb.ExplainRequest) (*pb.ExplainResponse, error) {
	if req.GetColumn() < 0 {
		return nil, invalidArgument("column must not be negative, got %d", req.GetColumn())
	}
	a, err := s.explainer.Explain(ctx, explain.Request{
		Repo: req.GetRepo(), Path: req.GetPath(), Line: int(req.GetLine()), Column: int(req.GetColumn()),
		Content: req.GetContent(), HasContent: req.Content != nil,
	})
	if err != nil {
		return nil, err
	}
	return pbconv.ExplainToProto(a)
}
