// Package client is a typed Go client for handoverd: the CLI is built on it,
// and an editor plugin can import it. It adds nothing to the API but a
// connection, defaults and errors a person can act on.
package client

import (
	"context"
	"errors"
	"fmt"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	pb "handover/proto/handover/v1"
)

// DefaultAddr is where handoverd listens unless told otherwise.
const DefaultAddr = "127.0.0.1:7457"

// Client talks to one handoverd.
type Client struct {
	addr string
	conn *grpc.ClientConn

	Repositories pb.RepositoryServiceClient
	Search       pb.SearchServiceClient
	Hosts        pb.HostServiceClient
	Asker        pb.AskServiceClient
	SOPs         pb.SOPServiceClient
	Incidents    pb.IncidentServiceClient
	Resources    pb.ResourceServiceClient
	Linter       pb.LintServiceClient
	Stats        pb.StatsServiceClient
	Summaries    pb.SummaryServiceClient
	Explainer    pb.ExplainServiceClient
}

// New returns a client for the handoverd at addr. It does not connect
// until the first call.
func New(addr string, opts ...grpc.DialOption) (*Client, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	opts = append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}, opts...)
	conn, err := grpc.NewClient(addr, opts...)
	if err != nil {
		return nil, fmt.Errorf("handoverd at %s: %w", addr, err)
	}
	return &Client{
		addr:         addr,
		conn:         conn,
		Repositories: pb.NewRepositoryServiceClient(conn),
		Search:       pb.NewSearchServiceClient(conn),
		Hosts:        pb.NewHostServiceClient(conn),
		Asker:        pb.NewAskServiceClient(conn),
		SOPs:         pb.NewSOPServiceClient(conn),
		Incidents:    pb.NewIncidentServiceClient(conn),
		Resources:    pb.NewResourceServiceClient(conn),
		Linter:       pb.NewLintServiceClient(conn),
		Stats:        pb.NewStatsServiceClient(conn),
		Summaries:    pb.NewSummaryServiceClient(conn),
		Explainer:    pb.NewExplainServiceClient(conn),
	}, nil
}

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }

// Conn is the connection, for services outside handover.v1 (health,
// reflection).
func (c *Client) Conn() *grpc.ClientConn { return c.conn }

// Addr is the server address the client talks to.
func (c *Client) Addr() string { return c.addr }

// Ask asks a plain question.
func (c *Client) Ask(ctx context.Context, question string, limit int) (*pb.AskResponse, error) {
	return c.AskWith(ctx, &pb.AskRequest{Question: question, Limit: int32(limit)})
}

// AskWith asks a question narrowed by hand (repository, kind).
func (c *Client) AskWith(ctx context.Context, req *pb.AskRequest) (*pb.AskResponse, error) {
	resp, err := c.Asker.Ask(ctx, req)
	return resp, c.explain(err)
}

// Find runs a search.
func (c *Client) Find(ctx context.Context, req *pb.SearchRequest) (*pb.SearchResponse, error) {
	resp, err := c.Search.Search(ctx, req)
	return resp, c.explain(err)
}

// FindAll runs a search and follows page tokens until limit hits (all
// when 0) are read. The facets are the first page's; the total counts
// every match.
func (c *Client) FindAll(ctx context.Context, req *pb.SearchRequest, limit int) (*pb.SearchResponse, error) {
	var first *pb.SearchResponse
	hits, _, err := collect(limit, func(size int32, token string) ([]*pb.SearchHit, string, int64, error) {
		page := proto.CloneOf(req)
		page.PageSize, page.PageToken = size, token
		resp, err := c.Search.Search(ctx, page)
		if first == nil {
			first = resp
		}
		return resp.GetHits(), resp.GetNextPageToken(), int64(resp.GetTotal()), c.explain(err)
	})
	if err != nil {
		return nil, err
	}
	out := proto.CloneOf(first)
	out.Hits, out.NextPageToken = hits, ""
	return out, nil
}

// ListHosts returns up to limit hosts matching filter (all when limit is 0),
// following page tokens, and the number matching in all.
func (c *Client) ListHosts(ctx context.Context, filter *pb.HostFilter, limit int) ([]*pb.Host, int64, error) {
	return collect(limit, func(size int32, token string) ([]*pb.Host, string, int64, error) {
		resp, err := c.Hosts.ListHosts(ctx, &pb.ListHostsRequest{Filter: filter, PageSize: size, PageToken: token})
		return resp.GetHosts(), resp.GetNextPageToken(), resp.GetTotal(), c.explain(err)
	})
}

// FindHosts returns every host named name (one per inventory).
func (c *Client) FindHosts(ctx context.Context, name, repo string) ([]*pb.Host, error) {
	resp, err := c.Hosts.FindHosts(ctx, &pb.FindHostsRequest{Name: name, Repo: repo})
	return resp.GetHosts(), c.explain(err)
}

// FindSOP returns the SOP best matching a few words, and the runners-up.
func (c *Client) FindSOP(ctx context.Context, query, repo string) (*pb.FindSOPResponse, error) {
	return c.FindSOPWith(ctx, &pb.FindSOPRequest{Query: query, Repo: repo})
}

// FindSOPWith finds an SOP, or picks the one declared at req.Pick.
func (c *Client) FindSOPWith(ctx context.Context, req *pb.FindSOPRequest) (*pb.FindSOPResponse, error) {
	resp, err := c.SOPs.FindSOP(ctx, req)
	return resp, c.explain(err)
}

// ListSOPs returns up to limit SOPs matching filter (all when limit is 0).
func (c *Client) ListSOPs(ctx context.Context, filter *pb.SOPFilter, limit int) ([]*pb.Sop, int64, error) {
	return collect(limit, func(size int32, token string) ([]*pb.Sop, string, int64, error) {
		resp, err := c.SOPs.ListSOPs(ctx, &pb.ListSOPsRequest{Filter: filter, PageSize: size, PageToken: token})
		return resp.GetSops(), resp.GetNextPageToken(), resp.GetTotal(), c.explain(err)
	})
}

// ListIncidents returns up to limit incidents, newest first (all when limit is 0).
func (c *Client) ListIncidents(ctx context.Context, filter *pb.IncidentFilter, query string, limit int) ([]*pb.Incident, int64, error) {
	return collect(limit, func(size int32, token string) ([]*pb.Incident, string, int64, error) {
		resp, err := c.Incidents.ListIncidents(ctx, &pb.ListIncidentsRequest{Filter: filter, Query: query, PageSize: size, PageToken: token})
		return resp.GetIncidents(), resp.GetNextPageToken(), resp.GetTotal(), c.explain(err)
	})
}

// ListResources returns up to limit Terraform resources (all when limit is 0).
func (c *Client) ListResources(ctx context.Context, filter *pb.ResourceFilter, query string, limit int) ([]*pb.Resource, int64, error) {
	return collect(limit, func(size int32, token string) ([]*pb.Resource, string, int64, error) {
		resp, err := c.Resources.ListResources(ctx, &pb.ListResourcesRequest{Filter: filter, Query: query, PageSize: size, PageToken: token})
		return resp.GetResources(), resp.GetNextPageToken(), resp.GetTotal(), c.explain(err)
	})
}

// Lint returns the findings of an indexed repository (all when repo is empty).
func (c *Client) Lint(ctx context.Context, repo string) (*pb.LintResponse, error) {
	resp, err := c.Linter.Lint(ctx, &pb.LintRequest{Repo: repo})
	return resp, c.explain(err)
}

// IncidentStats returns incident statistics per period.
func (c *Client) IncidentStats(ctx context.Context, req *pb.IncidentStatsRequest) (*pb.IncidentStatsResponse, error) {
	resp, err := c.Stats.IncidentStats(ctx, req)
	return resp, c.explain(err)
}

// Onboard returns the onboarding summary of a repository.
func (c *Client) Onboard(ctx context.Context, repo string, format pb.SummaryFormat) (*pb.OnboardResponse, error) {
	resp, err := c.Summaries.Onboard(ctx, &pb.OnboardRequest{Repo: repo, Format: format})
	return resp, c.explain(err)
}

// Handoff returns the handoff summary of a person's work.
func (c *Client) Handoff(ctx context.Context, req *pb.HandoffRequest) (*pb.HandoffResponse, error) {
	resp, err := c.Summaries.Handoff(ctx, req)
	return resp, c.explain(err)
}

// collect follows page tokens until limit items (all when 0) are read.
func collect[T any](limit int, page func(size int32, token string) ([]T, string, int64, error)) ([]T, int64, error) {
	var out []T
	token := ""
	for {
		size := 200
		if limit > 0 && limit-len(out) < size {
			size = limit - len(out)
		}
		items, next, total, err := page(int32(size), token)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, items...)
		token = next
		if token == "" || (limit > 0 && len(out) >= limit) {
			return out, total, nil
		}
	}
}

// ListRepositories lists configured repositories and their index state.
func (c *Client) ListRepositories(ctx context.Context) ([]*pb.Repository, error) {
	resp, err := c.Repositories.ListRepositories(ctx, &pb.ListRepositoriesRequest{})
	return resp.GetRepos(), c.explain(err)
}

// Reindex brings repositories (all when none is named) up to date, or
// rebuilds them whole with full, calling onEvent for every progress event,
// and returns the final event of each repository.
func (c *Client) Reindex(ctx context.Context, repos []string, full bool, onEvent func(*pb.ReindexResponse)) ([]*pb.ReindexResponse, error) {
	stream, err := c.Repositories.Reindex(ctx, &pb.ReindexRequest{Repos: repos, Full: full})
	if err != nil {
		return nil, c.explain(err)
	}
	var final []*pb.ReindexResponse
	for {
		ev, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return final, nil
		}
		if err != nil {
			return final, c.explain(err)
		}
		if onEvent != nil {
			onEvent(ev)
		}
		switch ev.GetPhase() {
		case pb.ReindexPhase_REINDEX_PHASE_DONE, pb.ReindexPhase_REINDEX_PHASE_FAILED:
			final = append(final, ev)
		}
	}
}

// NotRunningError says handoverd could not be reached.
type NotRunningError struct {
	Addr string
	Err  error
}

func (e *NotRunningError) Error() string {
	return fmt.Sprintf("handoverd is not running at %s (%v).\nStart it with `make run` in the handover checkout, or `bin/handoverd --repo NAME=PATH`;\nor point at another server with --addr or HANDOVER_ADDR", e.Addr, status.Convert(e.Err).Message())
}

func (e *NotRunningError) Unwrap() error { return e.Err }

// explain turns transport failures into errors that say what to do.
func (c *Client) explain(err error) error {
	if err == nil {
		return nil
	}
	if status.Code(err) == codes.Unavailable {
		return &NotRunningError{Addr: c.addr, Err: err}
	}
	return err
}
