package server

import (
	"bytes"
	"context"
	"time"

	"handover/internal/pbconv"
	"handover/internal/summary"
	pb "handover/proto/handover/v1"
)

// defaultHandoffSpan is how far back a handoff looks without --since.
const defaultHandoffSpan = 90 * 24 * time.Hour

// Onboard writes the onboarding summary of a repository.
func (s *Server) Onboard(ctx context.Context, req *pb.OnboardRequest) (*pb.OnboardResponse, error) {
	in, err := summary.ReadInput(ctx, s.store, req.GetRepo(), s.settings.Lint.SOPMaxAge)
	if err != nil {
		return nil, err
	}
	doc := summary.Onboarding(in)
	text, err := render(doc, req.GetFormat())
	if err != nil {
		return nil, err
	}
	return &pb.OnboardResponse{Document: pbconv.DocumentToProto(doc), Rendered: text}, nil
}

// Handoff writes the handoff summary of one person's work in a repository.
func (s *Server) Handoff(ctx context.Context, req *pb.HandoffRequest) (*pb.HandoffResponse, error) {
	if req.GetPerson() == "" {
		return nil, invalidArgument("person is required: a name, email or GitHub handle")
	}
	since := time.Now().Add(-defaultHandoffSpan)
	if req.GetSince() != "" {
		t, err := time.Parse(time.DateOnly, req.GetSince())
		if err != nil {
			return nil, invalidArgument("since %q: want YYYY-MM-DD", req.GetSince())
		}
		since = t
	}
	in, err := summary.ReadInput(ctx, s.store, req.GetRepo(), s.settings.Lint.SOPMaxAge)
	if err != nil {
		return nil, err
	}
	doc, err := summary.Handoff(in, req.GetPerson(), since)
	if err != nil {
		return nil, err
	}
	text, err := render(doc, req.GetFormat())
	if err != nil {
		return nil, err
	}
	return &pb.HandoffResponse{Document: pbconv.DocumentToProto(doc), Rendered: text}, nil
}

// render writes doc in format; json is the structure alone, so nothing.
func render(doc *summary.Document, format pb.SummaryFormat) (string, error) {
	var b bytes.Buffer
	var err error
	switch format {
	case pb.SummaryFormat_SUMMARY_FORMAT_UNSPECIFIED, pb.SummaryFormat_SUMMARY_FORMAT_MARKDOWN:
		err = summary.WriteMarkdown(&b, doc)
	case pb.SummaryFormat_SUMMARY_FORMAT_HTML:
		err = summary.WriteHTML(&b, doc)
	case pb.SummaryFormat_SUMMARY_FORMAT_JSON:
		return "", nil
	default:
		return "", invalidArgument("format %d: want markdown, html or json", format)
	}
	return b.String(), err
}
