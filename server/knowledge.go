package server

import (
	"context"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"handover/internal/ask"
	"handover/internal/index"
	"handover/internal/model"
	pb "handover/proto/handover/v1"
)

// FindSOP returns the SOP that best matches a few words: the emergency
// path.
func (s *Server) FindSOP(ctx context.Context, req *pb.FindSOPRequest) (*pb.FindSOPResponse, error) {
	q := strings.TrimSpace(req.GetQuery())
	if q == "" {
		return nil, status.Error(codes.InvalidArgument, "query is required: a few words such as \"breach\" or \"disk full\"")
	}
	best, others, err := ask.FindSOP(ctx, s.store, q, req.GetRepo())
	if err != nil {
		return nil, statusError(err)
	}
	resp := &pb.FindSOPResponse{Sop: sopToProto(best, true)}
	for _, o := range others {
		resp.Others = append(resp.Others, sopToProto(o, false))
	}
	return resp, nil
}

// ListSOPs lists SOPs by title.
func (s *Server) ListSOPs(ctx context.Context, req *pb.ListSOPsRequest) (*pb.ListSOPsResponse, error) {
	res, err := s.listKind(ctx, model.KindSOP, req.GetFilter(), "", "name", req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	resp := &pb.ListSOPsResponse{NextPageToken: res.NextPageToken, Total: int64(res.Total)}
	for _, h := range res.Hits {
		resp.Sops = append(resp.Sops, sopToProto(h.Item.(*model.SOP), false))
	}
	return resp, nil
}

// ListIncidents lists incident reports, newest first.
func (s *Server) ListIncidents(ctx context.Context, req *pb.ListIncidentsRequest) (*pb.ListIncidentsResponse, error) {
	res, err := s.listKind(ctx, model.KindIncident, req.GetFilter(), req.GetQuery(), "-date", req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	resp := &pb.ListIncidentsResponse{NextPageToken: res.NextPageToken, Total: int64(res.Total)}
	for _, h := range res.Hits {
		resp.Incidents = append(resp.Incidents, incidentToProto(h.Item.(*model.Incident)))
	}
	return resp, nil
}

// ListResources lists Terraform resources by module and address.
func (s *Server) ListResources(ctx context.Context, req *pb.ListResourcesRequest) (*pb.ListResourcesResponse, error) {
	res, err := s.listKind(ctx, model.KindResource, req.GetFilter(), req.GetQuery(), "", req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	resp := &pb.ListResourcesResponse{NextPageToken: res.NextPageToken, Total: int64(res.Total)}
	for _, h := range res.Hits {
		resp.Resources = append(resp.Resources, resourceToProto(h.Item.(*model.Resource)))
	}
	return resp, nil
}

// listKind runs one page of a list RPC: the filter with its kind forced,
// text ranked when given, else sorted by sort ("" is the index's order:
// repository, module or file, name).
func (s *Server) listKind(ctx context.Context, kind model.Kind, pf *pb.Filter, text, sort string, pageSize int32, token string) (*index.Result, error) {
	if err := checkPageSize(pageSize); err != nil {
		return nil, err
	}
	f := filterFromProto(pf)
	if f.Kind != "" && f.Kind != string(kind) {
		return nil, status.Errorf(codes.InvalidArgument, "this lists %ss; filter kind %q makes no sense here", kind, f.Kind)
	}
	f.Kind = string(kind)
	if strings.TrimSpace(text) != "" {
		sort = ""
	}
	res, err := s.store.Search(ctx, index.Query{Text: text, Filter: f, Sort: sort, PageSize: int(pageSize), PageToken: token})
	if err != nil {
		return nil, statusError(err)
	}
	return res, nil
}
