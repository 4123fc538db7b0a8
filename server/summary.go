package server

import (
	"bytes"
	"context"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

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
	return &pb.OnboardResponse{Document: documentToProto(doc), Rendered: text}, nil
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
	return &pb.HandoffResponse{Document: documentToProto(doc), Rendered: text}, nil
}

func render(doc *summary.Document, format string) (string, error) {
	var b bytes.Buffer
	var err error
	switch format {
	case "", "markdown", "md":
		err = summary.WriteMarkdown(&b, doc)
	case "html":
		err = summary.WriteHTML(&b, doc)
	case "json":
		return "", nil
	default:
		return "", invalidArgument("format %q: want markdown, html or json", format)
	}
	return b.String(), err
}

func documentToProto(d *summary.Document) *pb.SummaryDocument {
	out := &pb.SummaryDocument{Title: d.Title, Subtitle: d.Subtitle}
	if !d.Generated.IsZero() {
		out.Generated = timestamppb.New(d.Generated)
	}
	for _, sec := range d.Sections {
		ps := &pb.SummarySection{Id: sec.ID, Title: sec.Title, Intro: sec.Intro, Lines: linesToProto(sec.Lines)}
		if t := sec.Table; t != nil {
			ps.Table = &pb.SummaryTable{Columns: t.Columns}
			for _, row := range t.Rows {
				pr := &pb.SummaryRow{}
				for _, c := range row {
					pr.Cells = append(pr.Cells, &pb.SummaryCell{Text: c.Text, Source: sourceToProto(c.Source)})
				}
				ps.Table.Rows = append(ps.Table.Rows, pr)
			}
		}
		out.Sections = append(out.Sections, ps)
	}
	return out
}

func linesToProto(lines []summary.Line) []*pb.SummaryLine {
	if len(lines) == 0 {
		return nil
	}
	out := make([]*pb.SummaryLine, len(lines))
	for i, l := range lines {
		out[i] = &pb.SummaryLine{Text: l.Text, Source: sourceToProto(l.Source), Level: l.Level, Lines: linesToProto(l.Lines)}
	}
	return out
}
