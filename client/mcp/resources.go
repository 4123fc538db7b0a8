package mcp

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"handover/client/render"
	pb "handover/proto/handover/v1"
)

// Cards are resources an agent can attach or read: handover://REPO/host/NAME
// is a host's card, handover://REPO/sop/PATH an SOP as written.
const (
	scheme       = "handover"
	hostTemplate = "handover://{repo}/host/{name}"
	sopTemplate  = "handover://{repo}/sop/{+path}"
	textMIME     = "text/plain"
	// resourcePage is how many cards resources/list gives at a time.
	resourcePage = 200
)

// HostURI is the resource of a host's card.
func HostURI(repo, name string) string {
	return (&url.URL{Scheme: scheme, Host: repo, Path: "/host/" + name}).String()
}

// SOPURI is the resource of the SOP declared in path.
func SOPURI(repo, path string) string {
	return (&url.URL{Scheme: scheme, Host: repo, Path: "/sop/" + path}).String()
}

func (t *tools) registerResources(s *sdk.Server) {
	s.AddResourceTemplate(&sdk.ResourceTemplate{
		Name: "host", Title: "Host card", URITemplate: hostTemplate, MIMEType: textMIME,
		Description: "A host's card: purpose, place, links, effective variables, with file:line.",
	}, t.readCard)
	s.AddResourceTemplate(&sdk.ResourceTemplate{
		Name: "sop", Title: "SOP", URITemplate: sopTemplate, MIMEType: textMIME,
		Description: "An SOP step by step as written, by its file path.",
	}, t.readCard)
	s.AddReceivingMiddleware(t.listCards)
}

// readCard reads a host's or an SOP's card. A card that does not fit a
// page is cut with a pointer to the tool that pages it.
func (t *tools) readCard(ctx context.Context, req *sdk.ReadResourceRequest) (*sdk.ReadResourceResult, error) {
	uri := req.Params.URI
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != scheme || u.Host == "" {
		return nil, sdk.ResourceNotFoundError(uri)
	}
	ctx, cancel := context.WithTimeout(ctx, t.opts.Timeout)
	defer cancel()
	var b strings.Builder
	kind, name, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	switch {
	case kind == "host" && name != "":
		hosts, err := t.c.FindHosts(ctx, name, u.Host)
		if err != nil || len(hosts) == 0 {
			return nil, sdk.ResourceNotFoundError(uri)
		}
		for i, h := range hosts {
			if i > 0 {
				fmt.Fprintln(&b)
			}
			render.Host(&b, h)
		}
	case kind == "sop" && name != "":
		sop, err := t.sopAt(ctx, u.Host, name)
		if err != nil {
			return nil, err
		}
		if sop == nil {
			return nil, sdk.ResourceNotFoundError(uri)
		}
		render.SOP(&b, sop)
	default:
		return nil, sdk.ResourceNotFoundError(uri)
	}
	text, _, err := page(b.String(), 0, t.opts.PageTokens, 0)
	if err != nil {
		return nil, err
	}
	return &sdk.ReadResourceResult{Contents: []*sdk.ResourceContents{{URI: uri, MIMEType: textMIME, Text: text}}}, nil
}

// sopAt is the SOP declared in path, with its steps, or nil.
func (t *tools) sopAt(ctx context.Context, repo, path string) (*pb.Sop, error) {
	sops, _, err := t.c.ListSOPs(ctx, &pb.SOPFilter{Repo: repo}, 0)
	if err != nil {
		return nil, err
	}
	for _, s := range sops {
		if s.GetSource().GetPath() == path {
			resp, err := t.c.FindSOPWith(ctx, &pb.FindSOPRequest{Repo: repo, Pick: s.GetSource()})
			return resp.GetSop(), err
		}
	}
	return nil, nil
}

// listCards answers resources/list with the cards of every indexed host
// and SOP, which the server cannot register ahead: they come and go as
// handoverd reindexes. The cursor is handoverd's page token, hosts first.
func (t *tools) listCards(next sdk.MethodHandler) sdk.MethodHandler {
	return func(ctx context.Context, method string, req sdk.Request) (sdk.Result, error) {
		if method != "resources/list" {
			return next(ctx, method, req)
		}
		cur := ""
		if params, ok := req.GetParams().(*sdk.ListResourcesParams); ok && params != nil {
			cur = params.Cursor
		}
		kind, token, _ := strings.Cut(cur, ":")
		ctx, cancel := context.WithTimeout(ctx, t.opts.Timeout)
		defer cancel()
		// The SDK's own lists say public; a TTL of 0 has clients ask again,
		// as cards change with every reindex.
		res := &sdk.ListResourcesResult{Resources: []*sdk.Resource{}, Cacheable: sdk.Cacheable{CacheScope: "public"}}
		if kind == "" || kind == "host" {
			resp, err := t.c.Hosts.ListHosts(ctx, &pb.ListHostsRequest{PageSize: resourcePage, PageToken: token})
			if err != nil {
				return nil, err
			}
			for _, h := range resp.GetHosts() {
				res.Resources = append(res.Resources, &sdk.Resource{
					URI: HostURI(h.GetRepo(), h.GetName()), Name: h.GetName(), MIMEType: textMIME,
					Description: strings.Join(strings.Fields(h.GetPurpose()), " "),
				})
			}
			res.NextCursor = "sop:"
			if tok := resp.GetNextPageToken(); tok != "" {
				res.NextCursor = "host:" + tok
			}
			return res, nil
		}
		if kind != "sop" {
			return nil, fmt.Errorf("resources/list: bad cursor %q", cur)
		}
		resp, err := t.c.SOPs.ListSOPs(ctx, &pb.ListSOPsRequest{PageSize: resourcePage, PageToken: token})
		if err != nil {
			return nil, err
		}
		for _, s := range resp.GetSops() {
			res.Resources = append(res.Resources, &sdk.Resource{
				URI: SOPURI(s.GetSource().GetRepo(), s.GetSource().GetPath()), Name: s.GetTitle(), MIMEType: textMIME,
				Description: "SOP " + render.Source(s.GetSource()),
			})
		}
		if tok := resp.GetNextPageToken(); tok != "" {
			res.NextCursor = "sop:" + tok
		}
		return res, nil
	}
}
