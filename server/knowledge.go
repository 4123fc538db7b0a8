package server

import (
	"context"
	"strings"

	"handover/internal/ask"
	"handover/internal/index"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// FindSOP returns the SOP that best matches a few words: the emergency
// path.
func (s *Server) FindSOP(ctx context.Context, req *pb.FindSOPRequest) (*pb.FindSOPResponse, error) {
	if at := req.GetPick(); at.GetPath() != "" {
		sop, err := ask.PickSOP(ctx, s.store, req.GetRepo(), pbconv.SourceFromProto(at))
		if err != nil {
			return nil, err
		}
		return &pb.FindSOPResponse{Sop: pbconv.SOPToProto(sop), Clear: true}, nil
	}
	q := strings.TrimSpace(req.GetQuery())
	if q == "" {
		return nil, invalidArgument("query is required: a few words such as \"breach\" or \"disk full\"")
	}
	if err := s.queries.Check(q, nil); err != nil {
		return nil, err
	}
	ans, err := ask.FindSOP(ctx, s.store, q, req.GetRepo())
	if err != nil {
		return nil, err
	}
	return pbconv.SOPAnswerToProto(ans), nil
}

// ListSOPs lists SOPs by title.
func (s *Server) ListSOPs(ctx context.Context, req *pb.ListSOPsRequest) (*pb.ListSOPsResponse, error) {
	res, err := s.listKind(ctx, sopFilter(req.GetFilter()), "", "name", req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	return &pb.ListSOPsResponse{NextPageToken: res.NextPageToken, Total: int64(res.Total),
		Sops: hitItems(res.Hits, pbconv.SOPWithoutStepsToProto)}, nil
}

// ListIncidents lists incident reports, newest first.
func (s *Server) ListIncidents(ctx context.Context, req *pb.ListIncidentsRequest) (*pb.ListIncidentsResponse, error) {
	res, err := s.listKind(ctx, incidentFilter(req.GetFilter()), req.GetQuery(), "-date", req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	return &pb.ListIncidentsResponse{NextPageToken: res.NextPageToken, Total: int64(res.Total),
		Incidents: hitItems(res.Hits, pbconv.IncidentToProto)}, nil
}

// ListResources lists Terraform resources by module and address.
func (s *Server) ListResources(ctx context.Context, req *pb.ListResourcesRequest) (*pb.ListResourcesResponse, error) {
	if req.GetGraph() {
		dirs, err := index.ModuleGraph(ctx, s.store, req.GetFilter().GetRepo())
		if err != nil {
			return nil, err
		}
		return &pb.ListResourcesResponse{Modules: pbconv.ModuleDirsToProto(dirs), Total: int64(len(dirs))}, nil
	}
	res, err := s.listKind(ctx, resourceFilter(req.GetFilter()), req.GetQuery(), "", req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	return &pb.ListResourcesResponse{NextPageToken: res.NextPageToken, Total: int64(res.Total),
		Resources: hitItems(res.Hits, pbconv.ResourceToProto)}, nil
}

// listKind runs one page of a list RPC: text ranked when given, else
// sorted by sort ("" is the index's order: repository, module or file,
// name).
func (s *Server) listKind(ctx context.Context, f index.Filter, text, sort string, pageSize int32, token string) (*index.Result, error) {
	if err := checkPageSize(pageSize); err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) != "" {
		sort = ""
	}
	return s.store.Search(ctx, index.Query{Text: text, Filter: f, Sort: sort, PageSize: int(pageSize), PageToken: token})
}
