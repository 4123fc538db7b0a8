package server

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	"handover/internal/ask"
	"handover/internal/index"
	"handover/internal/ingest"
	"handover/internal/model"
	pb "handover/proto/handover/v1"
)

const maxPageSize = 200

func checkPageSize(n int32) error {
	if n < 0 || n > maxPageSize {
		return status.Errorf(codes.InvalidArgument, "page_size must be between 0 and %d, got %d", maxPageSize, n)
	}
	return nil
}

// ListRepositories returns the configured repositories with their index state.
func (s *Server) ListRepositories(ctx context.Context, _ *pb.ListRepositoriesRequest) (*pb.ListRepositoriesResponse, error) {
	indexed := map[string]index.RepoInfo{}
	for _, r := range s.store.Repos() {
		indexed[r.Name] = r
	}
	resp := &pb.ListRepositoriesResponse{}
	for _, rp := range s.reindexer.Repos() {
		info, ok := indexed[rp.Name]
		if !ok {
			info = index.RepoInfo{Name: rp.Name, Root: rp.Path}
		}
		resp.Repositories = append(resp.Repositories, repoToProto(info))
		delete(indexed, rp.Name)
	}
	// Repositories indexed earlier but no longer configured are still
	// searchable; list them so nothing is hidden.
	for _, info := range s.store.Repos() {
		if _, ok := indexed[info.Name]; ok {
			resp.Repositories = append(resp.Repositories, repoToProto(info))
		}
	}
	return resp, nil
}

// Reindex rebuilds repositories and streams progress.
func (s *Server) Reindex(req *pb.ReindexRequest, stream pb.RepositoryService_ReindexServer) error {
	ctx := stream.Context()
	var sendErr error
	send := func(m *pb.ReindexResponse) {
		if sendErr == nil {
			sendErr = stream.Send(m)
		}
	}
	phases := map[ingest.Phase]pb.ReindexPhase{
		ingest.PhaseFetching: pb.ReindexPhase_REINDEX_PHASE_SCANNING,
		ingest.PhaseScanning: pb.ReindexPhase_REINDEX_PHASE_SCANNING,
		ingest.PhaseParsing:  pb.ReindexPhase_REINDEX_PHASE_PARSING,
		ingest.PhaseIndexing: pb.ReindexPhase_REINDEX_PHASE_INDEXING,
	}
	results, err := s.reindexer.Reindex(ctx, req.GetRepositories(), func(e ingest.Event) {
		send(&pb.ReindexResponse{Repository: e.Repo, Phase: phases[e.Phase], Done: int64(e.Done), Total: int64(e.Total)})
	})
	if err != nil {
		return statusError(err)
	}
	for _, r := range results {
		if r.Err != nil {
			send(&pb.ReindexResponse{Repository: r.Repo, Phase: pb.ReindexPhase_REINDEX_PHASE_FAILED,
				Message: r.Err.Error() + " (previous index kept)"})
			continue
		}
		snap := r.Snapshot
		problems := snap.AllProblems()
		hosts := 0
		for _, inv := range snap.Inventories {
			hosts += len(inv.Hosts)
		}
		send(&pb.ReindexResponse{
			Repository: r.Repo, Phase: pb.ReindexPhase_REINDEX_PHASE_DONE,
			Message: fmt.Sprintf("%d inventories, %d hosts, %d Terraform modules, %d SOPs, %d incidents, %d docs, %d problems in %s",
				len(snap.Inventories), hosts, len(snap.Terraform), len(snap.SOPs), len(snap.Incidents), len(snap.Docs),
				len(problems), r.Took.Round(1e6)),
			Problems: problemsToProto(problems),
		})
	}
	return sendErr
}

// Search runs a full-text query with filters and facets.
func (s *Server) Search(ctx context.Context, req *pb.SearchRequest) (*pb.SearchResponse, error) {
	if err := checkPageSize(req.GetPageSize()); err != nil {
		return nil, err
	}
	res, err := s.store.Search(ctx, index.Query{
		Text:      req.GetQuery(),
		Filter:    filterFromProto(req.GetFilter()),
		Facets:    req.GetFacets(),
		Highlight: req.GetHighlight(),
		PageSize:  int(req.GetPageSize()),
		PageToken: req.GetPageToken(),
	})
	if err != nil {
		return nil, statusError(err)
	}
	resp := &pb.SearchResponse{Total: res.Total, NextPageToken: res.NextPageToken, Took: durationpb.New(res.Took)}
	for _, h := range res.Hits {
		hit := &pb.SearchHit{Id: h.ID, Kind: string(h.Kind), Score: h.Score}
		setSearchItem(hit, h.Item)
		for _, field := range fragmentOrder(h.Fragments) {
			hit.Fragments = append(hit.Fragments, &pb.Fragment{Field: field, Texts: h.Fragments[field]})
		}
		resp.Hits = append(resp.Hits, hit)
	}
	for _, field := range req.GetFacets() {
		f := &pb.Facet{Field: field}
		for _, c := range res.Facets[field] {
			f.Values = append(f.Values, &pb.FacetValue{Value: c.Term, Count: int64(c.Count)})
		}
		resp.Facets = append(resp.Facets, f)
	}
	return resp, nil
}

// ListHosts lists hosts matching a filter, a page at a time.
func (s *Server) ListHosts(ctx context.Context, req *pb.ListHostsRequest) (*pb.ListHostsResponse, error) {
	if err := checkPageSize(req.GetPageSize()); err != nil {
		return nil, err
	}
	f := filterFromProto(req.GetFilter())
	if f.Kind != "" && f.Kind != string(model.KindHost) {
		return nil, status.Errorf(codes.InvalidArgument, "ListHosts lists hosts; filter kind %q makes no sense here", f.Kind)
	}
	hosts, next, total, err := s.store.Hosts(ctx, f, int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, statusError(err)
	}
	resp := &pb.ListHostsResponse{NextPageToken: next, Total: int64(total)}
	for i := range hosts {
		resp.Hosts = append(resp.Hosts, hostToProto(&hosts[i]))
	}
	return resp, nil
}

// GetHost returns every host of a name, one per inventory declaring it.
func (s *Server) GetHost(ctx context.Context, req *pb.GetHostRequest) (*pb.GetHostResponse, error) {
	name := strings.TrimSpace(req.GetName())
	if name == "" {
		return nil, status.Error(codes.InvalidArgument, "name is required")
	}
	hosts, err := s.store.Host(ctx, req.GetRepo(), name)
	if err != nil {
		return nil, statusError(err)
	}
	if len(hosts) == 0 {
		return nil, status.Errorf(codes.NotFound, "no host named %q", name)
	}
	resp := &pb.GetHostResponse{}
	for i := range hosts {
		resp.Hosts = append(resp.Hosts, hostToProto(&hosts[i]))
	}
	return resp, nil
}

// Ask answers a plain question about what runs where and why.
func (s *Server) Ask(ctx context.Context, req *pb.AskRequest) (*pb.AskResponse, error) {
	q := strings.TrimSpace(req.GetQuestion())
	if q == "" {
		return nil, status.Error(codes.InvalidArgument, "question is required")
	}
	if req.GetLimit() < 0 || req.GetLimit() > maxPageSize {
		return nil, status.Errorf(codes.InvalidArgument, "limit must be between 0 and %d", maxPageSize)
	}
	ans, err := ask.Ask(ctx, s.store, q, int(req.GetLimit()))
	if err != nil {
		return nil, statusError(err)
	}
	p := ans.Plan
	resp := &pb.AskResponse{
		Filter:  &pb.Filter{Kind: string(model.KindHost), Env: p.Env, Cloud: p.Cloud, Purpose: p.Purpose, Group: p.Group, Name: p.Host},
		Text:    p.Text,
		Total:   int64(ans.Total),
		Summary: ans.Summary,
	}
	for _, h := range ans.Hosts {
		resp.Hosts = append(resp.Hosts, &pb.HostAnswer{Host: hostToProto(&h.Host), Why: h.Why, WhySource: sourceToProto(h.WhySource)})
	}
	for _, r := range ans.Resources {
		resp.Resources = append(resp.Resources, resourceToProto(r))
	}
	for _, sop := range ans.SOPs {
		resp.Sops = append(resp.Sops, sopToProto(sop, false))
	}
	for _, inc := range ans.Incidents {
		resp.Incidents = append(resp.Incidents, incidentToProto(inc))
	}
	for _, d := range ans.Docs {
		resp.Docs = append(resp.Docs, docToProto(d))
	}
	return resp, nil
}

// fragmentOrder lists highlighted fields most telling first: why a thing
// exists says more than its name, its groups or its variables.
func fragmentOrder(frags map[string][]string) []string {
	rank := map[string]int{"purpose": 0, "name": 1, "groups": 2, "vars": 3}
	fields := make([]string, 0, len(frags))
	for f := range frags {
		fields = append(fields, f)
	}
	sort.Slice(fields, func(i, j int) bool {
		ri, okI := rank[fields[i]]
		rj, okJ := rank[fields[j]]
		switch {
		case okI && okJ:
			return ri < rj
		case okI != okJ:
			return okI
		}
		return fields[i] < fields[j]
	})
	return fields
}
