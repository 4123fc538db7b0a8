package summary

import (
	"context"
	"fmt"
	"time"

	"handover/internal/index"
	"handover/internal/model"
)

// Index is the part of the search index a summary is read from;
// *index.Store has it.
type Index interface {
	Repos() []index.RepoInfo
	Each(ctx context.Context, f index.Filter, fn func(index.Hit) bool) error
}

// inputKinds are the kinds a summary reads, in the order it reads them.
var inputKinds = []model.Kind{model.KindHost, model.KindGroup, model.KindResource, model.KindModule, model.KindTerraformDir,
	model.KindSOP, model.KindIncident, model.KindDoc, model.KindAlert, model.KindInventorySource}

// ReadInput reads everything idx holds about one repository: repo, or the
// only one indexed when repo is empty. An unknown repository is
// index.ErrNotFound; an empty repo with several indexed is
// index.ErrInvalidArgument; a repository too large to read whole is an
// *index.TooManyError.
func ReadInput(ctx context.Context, idx Index, repo string, sopMaxAge time.Duration) (*Input, error) {
	infos := idx.Repos()
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
			return nil, fmt.Errorf("%w: name a repository: %v are indexed", index.ErrInvalidArgument, names)
		}
		return nil, fmt.Errorf("%w: repository %q is not indexed; indexed: %v", index.ErrNotFound, repo, names)
	}
	in := &Input{
		Repo: info.Name, Root: info.Root, IndexedAt: info.IndexedAt,
		Problems: info.Problems, Findings: info.Findings, History: info.History,
		SOPMaxAge: sopMaxAge,
	}
	for _, kind := range inputKinds {
		err := idx.Each(ctx, index.Filter{Repo: info.Name, Kind: string(kind)}, func(h index.Hit) bool {
			in.add(h.Item)
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	return in, nil
}

// add appends one item to the list of its kind; kinds a summary does not
// read are left out.
func (in *Input) add(item model.Item) {
	switch it := item.(type) {
	case *model.Host:
		in.Hosts = append(in.Hosts, *it)
	case *model.Group:
		in.Groups = append(in.Groups, *it)
	case *model.Resource:
		in.Resources = append(in.Resources, *it)
	case *model.ModuleCall:
		in.Modules = append(in.Modules, *it)
	case *model.ModuleDir:
		if it.Part == "" { // a variable file's own document
			in.ModuleDirs = append(in.ModuleDirs, *it)
		}
	case *model.SOP:
		in.SOPs = append(in.SOPs, *it)
	case *model.Incident:
		in.Incidents = append(in.Incidents, *it)
	case *model.Doc:
		in.Docs = append(in.Docs, *it)
	case *model.Alert:
		in.Alerts = append(in.Alerts, *it)
	case *model.InventorySource:
		in.Dynamic = append(in.Dynamic, *it)
	}
}
