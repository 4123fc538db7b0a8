package server

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	"handover/internal/index"
	"handover/internal/model"
	"handover/internal/summary"
	pb "handover/proto/handover/v1"
)

// defaultHandoffSpan is how far back a handoff looks without --since.
const defaultHandoffSpan = 90 * 24 * time.Hour

// Onboard writes the onboarding summary of a repository.
func (s *Server) Onboard(ctx context.Context, req *pb.OnboardRequest) (*pb.OnboardResponse, error) {
	in, err := s.summaryInput(ctx, req.GetRepo())
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
		return nil, status.Error(codes.InvalidArgument, "person is required: a name, email or GitHub handle")
	}
	since := time.Now().Add(-defaultHandoffSpan)
	if req.GetSince() != "" {
		t, err := time.Parse(time.DateOnly, req.GetSince())
		if err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "since %q: want YYYY-MM-DD", req.GetSince())
		}
		since = t
	}
	in, err := s.summaryInput(ctx, req.GetRepo())
	if err != nil {
		return nil, err
	}
	doc, err := summary.Handoff(in, req.GetPerson(), since)
	if err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
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
		return "", status.Errorf(codes.InvalidArgument, "format %q: want markdown, html or json", format)
	}
	return b.String(), err
}

// maxSummaryDocs bounds each kind a summary reads from the index.
const maxSummaryDocs = 200_000

// summaryInput reads everything the index holds about one repository.
func (s *Server) summaryInput(ctx context.Context, repo string) (*summary.Input, error) {
	infos := s.store.Repos()
	var info *index.RepoInfo
	for i := range infos {
		if infos[i].Name == repo || (repo == "" && len(infos) == 1) {
			info = &infos[i]
		}
	}
	if info == nil {
		names := make([]string, len(infos))
		for i, r := range infos {
			names[i] = r.Name
		}
		if repo == "" {
			return nil, status.Errorf(codes.InvalidArgument, "name a repository: %v are indexed", names)
		}
		return nil, status.Errorf(codes.NotFound, "repository %q is not indexed; indexed: %v", repo, names)
	}
	in := &summary.Input{
		Repo: info.Name, Root: info.Root, IndexedAt: info.IndexedAt,
		Problems: info.Problems, Findings: info.Findings, History: info.History,
		SOPMaxAge: s.settings.Lint.SOPMaxAge,
	}
	err := s.eachHit(ctx, info.Name, model.KindHost, func(h index.Hit) bool { in.Hosts = append(in.Hosts, *h.Item.(*model.Host)); return true })
	if err == nil {
		err = s.eachHit(ctx, info.Name, model.KindGroup, func(h index.Hit) bool { in.Groups = append(in.Groups, *h.Item.(*model.Group)); return true })
	}
	if err == nil {
		err = s.eachHit(ctx, info.Name, model.KindResource, func(h index.Hit) bool { in.Resources = append(in.Resources, *h.Item.(*model.Resource)); return true })
	}
	if err == nil {
		err = s.eachHit(ctx, info.Name, model.KindModule, func(h index.Hit) bool { in.Modules = append(in.Modules, *h.Item.(*model.ModuleCall)); return true })
	}
	if err == nil {
		err = s.eachHit(ctx, info.Name, model.KindSOP, func(h index.Hit) bool { in.SOPs = append(in.SOPs, *h.Item.(*model.SOP)); return true })
	}
	if err == nil {
		err = s.eachHit(ctx, info.Name, model.KindIncident, func(h index.Hit) bool { in.Incidents = append(in.Incidents, *h.Item.(*model.Incident)); return true })
	}
	if err == nil {
		err = s.eachHit(ctx, info.Name, model.KindDoc, func(h index.Hit) bool { in.Docs = append(in.Docs, *h.Item.(*model.Doc)); return true })
	}
	if err != nil {
		return nil, err
	}
	return in, nil
}

// eachHit calls fn for every document of kind in repo (all when repo is
// empty), in index order, until fn returns false.
func (s *Server) eachHit(ctx context.Context, repo string, kind model.Kind, fn func(index.Hit) bool) error {
	token := ""
	for n := 0; n < maxSummaryDocs; {
		res, err := s.store.Search(ctx, index.Query{Filter: index.Filter{Repo: repo, Kind: string(kind)}, PageSize: 200, PageToken: token})
		if err != nil {
			return statusError(err)
		}
		for _, h := range res.Hits {
			if !fn(h) {
				return nil
			}
		}
		n += len(res.Hits)
		if token = res.NextPageToken; token == "" {
			return nil
		}
	}
	return fmt.Errorf("%s has more than %d %ss", repo, maxSummaryDocs, kind)
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
