package server

import (
	"handover/internal/index"
	"handover/internal/model"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// Each list RPC has a filter message with only the fields that apply to
// it; these map them to the index's one Filter.

func hostFilter(f *pb.HostFilter) index.Filter {
	return index.Filter{Repo: f.GetRepo(), Kind: string(model.KindHost), Env: f.GetEnv(), Cloud: f.GetCloud(),
		Purpose: f.GetPurpose(), Group: f.GetGroup(), Inventory: f.GetInventory(), Name: f.GetName()}
}

func searchFilter(f *pb.SearchFilter) index.Filter {
	return index.Filter{
		Repo: f.GetRepo(), Kind: string(pbconv.KindFromProto(f.GetKind())), Env: f.GetEnv(), Cloud: f.GetCloud(),
		Purpose: f.GetPurpose(), Group: f.GetGroup(), Inventory: f.GetInventory(), Name: f.GetName(),
		Provider: f.GetProvider(), Region: f.GetRegion(), Type: f.GetType(), Person: f.GetPerson(),
		Category: f.GetCategory(), Since: f.GetSince(), Until: f.GetUntil(), Path: f.GetPath(),
	}
}

func sopFilter(f *pb.SOPFilter) index.Filter {
	return index.Filter{Repo: f.GetRepo(), Kind: string(model.KindSOP), Person: f.GetOwner(), Since: f.GetSince(), Until: f.GetUntil()}
}

func incidentFilter(f *pb.IncidentFilter) index.Filter {
	return index.Filter{Repo: f.GetRepo(), Kind: string(model.KindIncident), Person: f.GetPerson(), Category: f.GetCategory(),
		Since: f.GetSince(), Until: f.GetUntil()}
}

func resourceFilter(f *pb.ResourceFilter) index.Filter {
	return index.Filter{Repo: f.GetRepo(), Kind: string(model.KindResource), Env: f.GetEnv(), Cloud: f.GetCloud(),
		Provider: f.GetProvider(), Region: f.GetRegion(), Type: f.GetType()}
}

// hitItems converts the documents of type T among hits with conv.
func hitItems[T model.Item, P any](hits []index.Hit, conv func(T) P) []P {
	var out []P
	for _, h := range hits {
		if it, ok := h.Item.(T); ok {
			out = append(out, conv(it))
		}
	}
	return out
}

// convertEach converts every element of in with conv.
func convertEach[A, B any](in []A, conv func(A) B) []B {
	out := make([]B, 0, len(in))
	for _, a := range in {
		out = append(out, conv(a))
	}
	return out
}
