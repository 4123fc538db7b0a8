package server

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"google.golang.org/protobuf/types/known/durationpb"

	"handover/internal/ask"
	"handover/internal/index"
	"handover/internal/ingest"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

const maxPageSize = 200

func checkPageSize(n int32) error {
	if n < 0 || n > maxPageSize {
		return invalidArgument("page_size must be between 0 and %d, got %d", maxPageSize, n)
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
		resp.Repos = append(resp.Repos, pbconv.RepoToProto(info))
		delete(indexed, rp.Name)
	}
	// Repositories indexed earlier but no longer configured are still
	// searchable; list them so nothing is hidden.
	for _, info := range s.store.Repos() {
		if _, ok := indexed[info.Name]; ok {
			resp.Repos = append(resp.Repos, pbconv.RepoToProto(info))
		}
	}
	return resp, nil
}

// Reindex brings repositories up to date, or rebuilds them with full, and
// streams progress.
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
	reindex := s.reindexer.ReindexChanged
	if req.GetFull() {
		reindex = s.reindexer.Reindex
	}
	results, err := reindex(ctx, req.GetRepos(), func(e ingest.Event) {
		send(&pb.ReindexResponse{Repo: e.Repo, Phase: phases[e.Phase], Done: int64(e.Done), Total: int64(e.Total)})
	})
	if err != nil {
		return err
	}
	for _, r := range results {
		if r.Err != nil {
			send(&pb.ReindexResponse{Repo: r.Repo, Phase: pb.ReindexPhase_REINDEX_PHASE_FAILED,
				Message: r.Err.Error() + " (previous index kept)"})
			continue
		}
		send(&pb.ReindexResponse{
			Repo: r.Repo, Phase: pb.ReindexPhase_REINDEX_PHASE_DONE,
			Message: r.Summary(), Problems: pbconv.ProblemsToProto(r.Snapshot.AllProblems()),
		})
	}
	return sendErr
}

// Search runs a full-text query with filters and facets.
func (s *Server) Search(ctx context.Context, req *pb.SearchRequest) (*pb.SearchResponse, error) {
	if err := checkPageSize(req.GetPageSize()); err != nil {
		return nil, err
	}
	f := searchFilter(req.GetFilter())
	if k := req.GetFilter().GetKind(); k != pb.DocumentKind_DOCUMENT_KIND_UNSPECIFIED && f.Kind == "" {
		return nil, invalidArgument("filter kind %d is not a kind this server knows", k)
	}
	res, err := s.store.Search(ctx, index.Query{
		Text:      req.GetQuery(),
		Filter:    f,
		Facets:    req.GetFacets(),
		Highlight: req.GetHighlight(),
		PageSize:  int(req.GetPageSize()),
		PageToken: req.GetPageToken(),
	})
	if err != nil {
		return nil, err
	}
	resp := &pb.SearchResponse{Total: int64(res.Total), NextPageToken: res.NextPageToken, Took: durationpb.New(res.Took)}
	for _, h := range res.Hits {
		hit, err := pbconv.ItemToHit(h.Item)
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", h.ID, err)
		}
		hit.Id, hit.Score = h.ID, h.Score
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
	hosts, next, total, err := s.store.Hosts(ctx, hostFilter(req.GetFilter()), int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	resp := &pb.ListHostsResponse{NextPageToken: next, Total: int64(total)}
	for i := range hosts {
		resp.Hosts = append(resp.Hosts, pbconv.HostToProto(&hosts[i]))
	}
	return resp, nil
}

// FindHosts returns every host of a name, one per inventory declaring it.
func (s *Server) FindHosts(ctx context.Context, req *pb.FindHostsRequest) (*pb.FindHostsResponse, error) {
	name := strings.TrimSpace(req.GetName())
	if name == "" {
		return nil, invalidArgument("name is required")
	}
	hosts, err := s.store.Host(ctx, req.GetRepo(), name)
	if errors.Is(err, index.ErrNotFound) {
		return nil, ask.HostMiss(s.store, name, err)
	}
	if err != nil {
		return nil, err
	}
	if len(hosts) == 0 {
		return nil, fmt.Errorf("%w: no host named %q", index.ErrNotFound, name)
	}
	resp := &pb.FindHostsResponse{}
	for i := range hosts {
		resp.Hosts = append(resp.Hosts, pbconv.HostToProto(&hosts[i]))
	}
	return resp, nil
}

// Ask answers a plain question about what runs where and why.
func (s *Server) Ask(ctx context.Context, req *pb.AskRequest) (*pb.AskResponse, error) {
	q := strings.TrimSpace(req.GetQuestion())
	if q == "" {
		return nil, invalidArgument("question is required")
	}
	// Bounded before ask reads it: a 3.9 MB question took 16 s and 3.27 GB.
	if err := s.queries.Check(q, nil); err != nil {
		return nil, err
	}
	if req.GetLimit() < 0 || req.GetLimit() > maxPageSize {
		return nil, invalidArgument("limit must be between 0 and %d", maxPageSize)
	}
	kind := pbconv.KindFromProto(req.GetKind())
	if req.GetKind() != pb.DocumentKind_DOCUMENT_KIND_UNSPECIFIED && kind == "" {
		return nil, invalidArgument("kind %d is not a kind this server knows", req.GetKind())
	}
	ans, err := ask.Ask(ctx, s.store, ask.Request{Question: q, Repo: req.GetRepo(), Kind: string(kind), Limit: int(req.GetLimit())})
	if err != nil {
		return nil, err
	}
	return pbconv.AnswerToProto(ans), nil
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
