package cli

import (
	"context"
	"fmt"
	"handover/client"
	"handover/internal/nearest"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"handover/internal/model"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// filters are the filter flags of every command, bound one way: a
// command registers the ones that apply to it, and proto turns them into
// the request's filter.
type filters struct {
	repo, env, cloud, purpose, group, kind string
	provider, region, typ                  string
	person, category, since, until         string
}

// register adds the named filter flags to cmd.
func (f *filters) register(cmd *cobra.Command, names ...string) {
	flags := map[string]struct {
		p     *string
		usage string
	}{
		"repo":     {&f.repo, "only this repository"},
		"env":      {&f.env, "only this environment (production, staging, ...)"},
		"cloud":    {&f.cloud, "only this cloud (aws, gcp, azure, ...)"},
		"purpose":  {&f.purpose, "only this purpose group (prod-ci) or purpose (ci)"},
		"group":    {&f.group, "only members of this group"},
		"kind":     {&f.kind, "only this kind: host, group, resource, module, variable, output, provider, sop, incident, doc, play, role, alert"},
		"provider": {&f.provider, "only this Terraform provider (aws, google, ...)"},
		"region":   {&f.region, "only this region or location"},
		"type":     {&f.typ, "only this resource type (aws_instance, ...)"},
		"person":   {&f.person, "only incidents this person was involved in"},
		"category": {&f.category, "only this category: knowledge-transfer, experience or emergency"},
		"since":    {&f.since, "from this date on: YYYY-MM-DD, or a span back from today (90d, 12w, 6m, 1y)"},
		"until":    {&f.until, "up to this date: YYYY-MM-DD or a span (30d)"},
	}
	for _, name := range names {
		fl, ok := flags[name]
		if !ok {
			panic("no filter flag " + name)
		}
		cmd.Flags().StringVar(fl.p, name, *fl.p, fl.usage)
	}
}

// proto is the search filter of the flags. It reads the dates and the
// kind, the things the flags can get wrong before the server sees them.
// The list RPCs take their own filters, cut down from it by hostFilter,
// incidentFilter and resourceFilter.
func (f *filters) proto() (*pb.SearchFilter, error) {
	since, err := parseDate(f.since)
	if err != nil {
		return nil, err
	}
	until, err := parseDate(f.until)
	if err != nil {
		return nil, err
	}
	kind := pbconv.KindToProto(model.Kind(f.kind))
	if f.kind != "" && kind == pb.DocumentKind_DOCUMENT_KIND_UNSPECIFIED {
		return nil, usageError{fmt.Errorf("--kind %q: want host, group, resource, module, variable, output, provider, sop, incident or doc", f.kind)}
	}
	return &pb.SearchFilter{
		Repo: f.repo, Kind: kind, Env: f.env, Cloud: f.cloud, Purpose: f.purpose, Group: f.group,
		Provider: f.provider, Region: f.region, Type: f.typ,
		Person: f.person, Category: f.category, Since: since, Until: until,
	}, nil
}

func hostFilter(f *pb.SearchFilter) *pb.HostFilter {
	return &pb.HostFilter{Repo: f.GetRepo(), Env: f.GetEnv(), Cloud: f.GetCloud(), Purpose: f.GetPurpose(), Group: f.GetGroup()}
}

func incidentFilter(f *pb.SearchFilter) *pb.IncidentFilter {
	return &pb.IncidentFilter{Repo: f.GetRepo(), Person: f.GetPerson(), Category: f.GetCategory(), Since: f.GetSince(), Until: f.GetUntil()}
}

func resourceFilter(f *pb.SearchFilter) *pb.ResourceFilter {
	return &pb.ResourceFilter{Repo: f.GetRepo(), Env: f.GetEnv(), Cloud: f.GetCloud(), Provider: f.GetProvider(), Region: f.GetRegion(), Type: f.GetType()}
}

// defaultLimit is how many results every list shows unless --limit says
// otherwise.
const defaultLimit = 50

// limitFlag registers --limit: the number of results shown, 0 for all.
func limitFlag(cmd *cobra.Command, limit *int, noun string) {
	cmd.Flags().IntVar(limit, "limit", defaultLimit, fmt.Sprintf("show at most this many %s (0: all)", noun))
}

// checkLimit rejects a negative --limit, on any command that has one.
func checkLimit(cmd *cobra.Command) error {
	if limit, err := cmd.Flags().GetInt("limit"); err == nil && limit < 0 {
		return usageError{fmt.Errorf("--limit must be 0 (all) or more, not %d", limit)}
	}
	return nil
}

// parseDate accepts YYYY-MM-DD or a span back from today: 90d, 12w, 6m, 1y.
func parseDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return s, nil
	}
	var n int
	var unit string
	if _, err := fmt.Sscanf(s, "%d%s", &n, &unit); err == nil && n >= 0 {
		now := time.Now()
		var t time.Time
		switch unit {
		case "d":
			t = now.AddDate(0, 0, -n)
		case "w":
			t = now.AddDate(0, 0, -7*n)
		case "m":
			t = now.AddDate(0, -n, 0)
		case "y":
			t = now.AddDate(-n, 0, 0)
		}
		if !t.IsZero() {
			return t.Format(time.DateOnly), nil
		}
	}
	return "", usageError{fmt.Errorf("date %q: want YYYY-MM-DD or a span such as 90d, 12w, 6m, 1y", s)}
}

// filterMiss explains an empty list: for each filter value no host has, the
// values that exist, the nearest first ("no env \"prodution\"; did you
// mean production? env is one of: production, staging"). Without a better
// word it returns miss.
func filterMiss(ctx context.Context, c *client.Client, f *pb.SearchFilter, miss error) error {
	var parts []string
	for _, fv := range []struct{ field, value string }{{"env", f.GetEnv()}, {"cloud", f.GetCloud()}, {"purpose", f.GetPurpose()}, {"group", f.GetGroup()}} {
		if fv.value == "" {
			continue
		}
		resp, err := c.Find(ctx, &pb.SearchRequest{Filter: &pb.SearchFilter{Repo: f.GetRepo(), Kind: pb.DocumentKind_DOCUMENT_KIND_HOST}, Facets: []string{fv.field}, PageSize: 1})
		if err != nil {
			return miss
		}
		var values []string
		for _, facet := range resp.GetFacets() {
			for _, v := range facet.GetValues() {
				values = append(values, v.GetValue())
			}
		}
		if slices.Contains(values, fv.value) {
			continue
		}
		msg := fmt.Sprintf("no %s %q", fv.field, fv.value)
		if near := nearest.Names(values, fv.value); len(near) > 0 {
			msg += "; did you mean " + strings.Join(near, " or ") + "?"
		}
		if len(values) > 0 {
			msg += fmt.Sprintf(" %s is one of: %s", fv.field, strings.Join(values, ", "))
		}
		parts = append(parts, msg)
	}
	if len(parts) == 0 {
		return miss
	}
	return fmt.Errorf("%s: %s", miss, strings.Join(parts, "; "))
}
