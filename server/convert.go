package server

import (
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"handover/internal/index"
	"handover/internal/model"
	"handover/internal/redact"
	pb "handover/proto/handover/v1"
)

func sourceToProto(s model.Source) *pb.Source {
	if s.Path == "" {
		return nil
	}
	return &pb.Source{Repo: s.Repo, Path: s.Path, Line: int32(s.Line)}
}

func varsToProto(vars []model.Var) []*pb.Variable {
	out := make([]*pb.Variable, 0, len(vars))
	for _, v := range vars {
		val, err := structpb.NewValue(jsonable(v.Value))
		if err != nil {
			val = structpb.NewStringValue("<unsupported value>")
		}
		out = append(out, &pb.Variable{Name: v.Name, Value: val})
	}
	return out
}

// jsonable converts the value types the parsers produce into those
// structpb accepts.
func jsonable(v any) any {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case int:
		return float64(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonable(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonable(e)
		}
		return out
	}
	return v
}

func hostToProto(h *model.Host) *pb.Host {
	return &pb.Host{
		Name:              h.Name,
		Repo:              h.Source.Repo,
		Inventory:         h.Inventory,
		Source:            sourceToProto(h.Source),
		Purpose:           h.Purpose,
		PurposeSource:     sourceToProto(h.PurposeSource),
		DirectGroups:      h.DirectGroups,
		Groups:            h.Groups,
		Env:               h.Env,
		Cloud:             h.Cloud,
		PurposeGroups:     h.PurposeGroups,
		Vars:              varsToProto(h.Vars),
		SshPrivateKeyFile: model.StringVar(h.Vars, "ansible_ssh_private_key_file"),
		PythonInterpreter: model.StringVar(h.Vars, "ansible_python_interpreter"),
		Links:             linksToProto(h.Links),
	}
}

func groupToProto(g *model.Group) *pb.Group {
	return &pb.Group{
		Name:      g.Name,
		Repo:      g.Source.Repo,
		Inventory: g.Inventory,
		Source:    sourceToProto(g.Source),
		Comment:   g.Comment,
		Parents:   g.Parents,
		Children:  g.Children,
		Hosts:     g.Hosts,
		Env:       g.Env,
		Cloud:     g.Cloud,
		Vars:      varsToProto(g.Vars),
		Links:     linksToProto(g.Links),
	}
}

func problemToProto(p model.Problem) *pb.Problem {
	sev := pb.Severity_SEVERITY_ERROR
	if p.Severity == model.SeverityWarning {
		sev = pb.Severity_SEVERITY_WARNING
	}
	// Messages may quote the line they fault; the index redacts what it
	// keeps, and a reindex reports straight from the parsers.
	return &pb.Problem{Source: sourceToProto(p.Source), Severity: sev, Message: redact.Text(p.Message)}
}

func problemsToProto(ps []model.Problem) []*pb.Problem {
	out := make([]*pb.Problem, 0, len(ps))
	for _, p := range ps {
		out = append(out, problemToProto(p))
	}
	return out
}

func filterFromProto(f *pb.Filter) index.Filter {
	if f == nil {
		return index.Filter{}
	}
	return index.Filter{
		Repo: f.Repo, Kind: f.Kind, Env: f.Env, Cloud: f.Cloud,
		Purpose: f.Purpose, Group: f.Group, Inventory: f.Inventory, Name: f.Name,
		Provider: f.Provider, Region: f.Region, Type: f.Type, Person: f.Person,
		Category: f.Category, Since: f.Since, Until: f.Until,
	}
}

func repoToProto(r index.RepoInfo) *pb.Repository {
	out := &pb.Repository{
		Name:        r.Name,
		Path:        r.Root,
		Hosts:       int32(r.Hosts),
		Groups:      int32(r.Docs[model.KindGroup]),
		Inventories: int32(r.Inventories),
		Files:       int32(r.Files),
		Problems:    problemsToProto(r.Problems),
		Docs:        map[string]int32{},
	}
	for k, n := range r.Docs {
		out.Docs[string(k)] = int32(n)
	}
	if !r.IndexedAt.IsZero() {
		out.IndexedAt = timestamppb.New(r.IndexedAt)
	}
	return out
}
