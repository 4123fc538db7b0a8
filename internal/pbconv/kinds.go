package pbconv

import (
	"fmt"

	"handover/internal/model"
	pb "handover/proto/handover/v1"
)

// ItemToHit returns a SearchHit carrying item, with its kind set; the
// caller adds the hit's id, score and fragments. This switch is the one
// place that knows every kind's message: a kind without a case is an error.
func ItemToHit(item model.Item) (*pb.SearchHit, error) {
	hit := &pb.SearchHit{}
	switch it := item.(type) {
	case *model.Host:
		hit.Item = &pb.SearchHit_Host{Host: HostToProto(it)}
	case *model.Group:
		hit.Item = &pb.SearchHit_Group{Group: GroupToProto(it)}
	case *model.Resource:
		hit.Item = &pb.SearchHit_Resource{Resource: ResourceToProto(it)}
	case *model.ModuleCall:
		hit.Item = &pb.SearchHit_Module{Module: ModuleToProto(it)}
	case *model.Variable:
		hit.Item = &pb.SearchHit_Variable{Variable: VariableToProto(it)}
	case *model.Output:
		hit.Item = &pb.SearchHit_Output{Output: OutputToProto(it)}
	case *model.Provider:
		hit.Item = &pb.SearchHit_Provider{Provider: ProviderToProto(it)}
	case *model.ModuleDir:
		hit.Item = &pb.SearchHit_TerraformModule{TerraformModule: ModuleDirToProto(it)}
	case *model.SOP:
		hit.Item = &pb.SearchHit_Sop{Sop: SOPToProto(it)}
	case *model.Incident:
		hit.Item = &pb.SearchHit_Incident{Incident: IncidentToProto(it)}
	case *model.Doc:
		hit.Item = &pb.SearchHit_Doc{Doc: DocToProto(it)}
	case *model.Play:
		hit.Item = &pb.SearchHit_Play{Play: PlayToProto(it)}
	case *model.Role:
		hit.Item = &pb.SearchHit_Role{Role: RoleToProto(it)}
	case *model.Alert:
		hit.Item = &pb.SearchHit_Alert{Alert: AlertToProto(it)}
	case *model.InventorySource:
		hit.Item = &pb.SearchHit_InventorySource{InventorySource: InventorySourceToProto(it)}
	default:
		return nil, fmt.Errorf("pbconv: no message for %T", item)
	}
	hit.Kind = KindToProto(item.Kind())
	return hit, nil
}

// ItemFromHit is the document a SearchHit carries; a hit without one is an
// error.
func ItemFromHit(hit *pb.SearchHit) (model.Item, error) {
	switch it := hit.GetItem().(type) {
	case *pb.SearchHit_Host:
		return HostFromProto(it.Host), nil
	case *pb.SearchHit_Group:
		return GroupFromProto(it.Group), nil
	case *pb.SearchHit_Resource:
		return ResourceFromProto(it.Resource), nil
	case *pb.SearchHit_Module:
		return ModuleFromProto(it.Module), nil
	case *pb.SearchHit_Variable:
		return VariableFromProto(it.Variable), nil
	case *pb.SearchHit_Output:
		return OutputFromProto(it.Output), nil
	case *pb.SearchHit_Provider:
		return ProviderFromProto(it.Provider), nil
	case *pb.SearchHit_TerraformModule:
		return ModuleDirFromProto(it.TerraformModule), nil
	case *pb.SearchHit_Sop:
		return SOPFromProto(it.Sop), nil
	case *pb.SearchHit_Incident:
		return IncidentFromProto(it.Incident), nil
	case *pb.SearchHit_Doc:
		return DocFromProto(it.Doc), nil
	case *pb.SearchHit_Play:
		return PlayFromProto(it.Play), nil
	case *pb.SearchHit_Role:
		return RoleFromProto(it.Role), nil
	case *pb.SearchHit_Alert:
		return AlertFromProto(it.Alert), nil
	case *pb.SearchHit_InventorySource:
		return InventorySourceFromProto(it.InventorySource), nil
	}
	return nil, fmt.Errorf("pbconv: hit %q carries no document", hit.GetId())
}

// HostToProto converts a host, with the key file and python copied out of
// its variables.
func HostToProto(h *model.Host) *pb.Host {
	return &pb.Host{
		Name:              h.Name,
		Repo:              h.Source.Repo,
		Inventory:         h.Inventory,
		Source:            SourceToProto(h.Source),
		Purpose:           h.Purpose,
		PurposeSource:     SourceToProto(h.PurposeSource),
		DirectGroups:      h.DirectGroups,
		Groups:            h.Groups,
		Env:               h.Env,
		Cloud:             h.Cloud,
		PurposeGroups:     h.PurposeGroups,
		Vars:              VarsToProto(h.EffectiveVars()),
		SshPrivateKeyFile: effectiveString(h, "ansible_ssh_private_key_file", "ansible_private_key_file"),
		PythonInterpreter: effectiveString(h, "ansible_python_interpreter"),
		Links:             LinksToProto(h.Links),
		ConfigDefaults:    VarsToProto(h.ConfigDefaults),
		NotReadBy:         optionalSource(h.NotReadBy),
	}
}

// effectiveString is the string value of the first of names the host or
// its ansible.cfg sets.
func effectiveString(h *model.Host, names ...string) string {
	for _, n := range names {
		if v, ok := h.Effective(n); ok {
			s, _ := v.Value.(string)
			return s
		}
	}
	return ""
}

// optionalSource converts a source that may be absent.
func optionalSource(s *model.Source) *pb.Source {
	if s == nil {
		return nil
	}
	return SourceToProto(*s)
}

// optionalSourceFrom converts back; an absent source is nil.
func optionalSourceFrom(s *pb.Source) *model.Source {
	if s == nil {
		return nil
	}
	out := SourceFromProto(s)
	return &out
}

// HostFromProto converts a host; repo and the convenience copies are read
// from its source and variables.
func HostFromProto(h *pb.Host) *model.Host {
	return &model.Host{
		Name:          h.GetName(),
		Inventory:     h.GetInventory(),
		Source:        SourceFromProto(h.GetSource()),
		Purpose:       h.GetPurpose(),
		PurposeSource: SourceFromProto(h.GetPurposeSource()),
		DirectGroups:  h.GetDirectGroups(),
		Groups:        h.GetGroups(),
		Env:           h.GetEnv(),
		Cloud:         h.GetCloud(),
		PurposeGroups: h.GetPurposeGroups(),
		Vars:          VarsFromProto(h.GetVars()),
		Links:         LinksFromProto(h.GetLinks()),

		ConfigDefaults: VarsFromProto(h.GetConfigDefaults()),
		NotReadBy:      optionalSourceFrom(h.GetNotReadBy()),
	}
}

// GroupToProto converts a group.
func GroupToProto(g *model.Group) *pb.Group {
	return &pb.Group{
		Name: g.Name, Repo: g.Source.Repo, Inventory: g.Inventory, Source: SourceToProto(g.Source), Comment: g.Comment,
		Parents: g.Parents, Children: g.Children, Hosts: g.Hosts, Env: g.Env, Cloud: g.Cloud,
		Vars: VarsToProto(g.Vars), Links: LinksToProto(g.Links), Depth: int32(g.Depth), Priority: int32(g.Priority),
	}
}

// GroupFromProto converts a group.
func GroupFromProto(g *pb.Group) *model.Group {
	return &model.Group{
		Name: g.GetName(), Inventory: g.GetInventory(), Source: SourceFromProto(g.GetSource()), Comment: g.GetComment(),
		Parents: g.GetParents(), Children: g.GetChildren(), Hosts: g.GetHosts(), Env: g.GetEnv(), Cloud: g.GetCloud(),
		Vars: VarsFromProto(g.GetVars()), Links: LinksFromProto(g.GetLinks()), Depth: int(g.GetDepth()), Priority: int(g.GetPriority()),
	}
}

// ResourceToProto converts a Terraform resource.
func ResourceToProto(r *model.Resource) *pb.Resource {
	return &pb.Resource{
		Address: r.Address, Mode: enumTo(modes, r.Mode), Type: r.Type, Name: r.Name, Module: r.Module,
		Provider: r.Provider, ProviderAlias: r.ProviderAlias, Source: SourceToProto(r.Source),
		Why: WhyToProto(r.Why), Count: r.Count, ForEach: r.ForEach, Region: r.Region, Zone: r.Zone,
		Tags: r.Tags, Attrs: VarsToProto(r.Attrs), Links: LinksToProto(r.Links),
		Instances: convertAll(r.Instances, instanceToProto), Expanded: convertAll(r.Expanded, instanceToProto),
		Inputs: convertAll(r.Inputs, SettingToProto),
	}
}

// ResourceFromProto converts a Terraform resource.
func ResourceFromProto(r *pb.Resource) *model.Resource {
	return &model.Resource{
		Address: r.GetAddress(), Mode: enumFrom(modes, r.GetMode()), Type: r.GetType(), Name: r.GetName(), Module: r.GetModule(),
		Provider: r.GetProvider(), ProviderAlias: r.GetProviderAlias(), Source: SourceFromProto(r.GetSource()),
		Why: WhyFromProto(r.GetWhy()), Count: r.GetCount(), ForEach: r.GetForEach(), Region: r.GetRegion(), Zone: r.GetZone(),
		Tags: r.GetTags(), Attrs: VarsFromProto(r.GetAttrs()), Links: LinksFromProto(r.GetLinks()),
		Instances: convertAll(r.GetInstances(), instanceFromProto), Expanded: convertAll(r.GetExpanded(), instanceFromProto),
		Inputs: convertAll(r.GetInputs(), SettingFromProto),
	}
}

func instanceToProto(in model.Instance) *pb.Instance {
	return &pb.Instance{Key: in.Key, Id: in.ID, Attrs: VarsToProto(in.Attrs), Source: SourceToProto(in.Source)}
}

func instanceFromProto(in *pb.Instance) model.Instance {
	return model.Instance{Key: in.GetKey(), ID: in.GetId(), Attrs: VarsFromProto(in.GetAttrs()), Source: SourceFromProto(in.GetSource())}
}

// ModuleToProto converts a Terraform module call.
func ModuleToProto(m *model.ModuleCall) *pb.Module {
	return &pb.Module{
		Name: m.Name, Address: m.Address, Module: m.Module, From: m.From, Version: m.Version, Count: m.Count,
		ForEach: m.ForEach, Inputs: VarsToProto(m.Inputs), Source: SourceToProto(m.Source), Why: WhyToProto(m.Why),
		Links: LinksToProto(m.Links),
	}
}

// ModuleFromProto converts a Terraform module call.
func ModuleFromProto(m *pb.Module) *model.ModuleCall {
	return &model.ModuleCall{
		Name: m.GetName(), Address: m.GetAddress(), Module: m.GetModule(), From: m.GetFrom(), Version: m.GetVersion(), Count: m.GetCount(),
		ForEach: m.GetForEach(), Inputs: VarsFromProto(m.GetInputs()), Source: SourceFromProto(m.GetSource()), Why: WhyFromProto(m.GetWhy()),
		Links: LinksFromProto(m.GetLinks()),
	}
}

// VariableToProto converts a Terraform variable; a sensitive one's default
// is never sent, whatever the model holds.
func VariableToProto(v *model.Variable) *pb.TerraformVariable {
	out := &pb.TerraformVariable{
		Name: v.Name, Module: v.Module, Description: v.Description, Type: v.Type,
		Sensitive: v.Sensitive, Source: SourceToProto(v.Source), Why: WhyToProto(v.Why),
		Settings: convertAll(v.Settings, SettingToProto),
	}
	if v.Default != nil && !v.Sensitive {
		out.Default = ValueToProto(v.Default)
	}
	return out
}

// VariableFromProto converts a Terraform variable.
func VariableFromProto(v *pb.TerraformVariable) *model.Variable {
	out := &model.Variable{
		Name: v.GetName(), Module: v.GetModule(), Description: v.GetDescription(), Type: v.GetType(),
		Sensitive: v.GetSensitive(), Source: SourceFromProto(v.GetSource()), Why: WhyFromProto(v.GetWhy()),
		Settings: convertAll(v.GetSettings(), SettingFromProto),
	}
	if v.GetDefault() != nil {
		out.Default = ValueFromProto(v.GetDefault())
	}
	return out
}

// OutputToProto converts a Terraform output.
func OutputToProto(o *model.Output) *pb.Output {
	return &pb.Output{Name: o.Name, Module: o.Module, Description: o.Description, Value: o.Value,
		Sensitive: o.Sensitive, Source: SourceToProto(o.Source), Why: WhyToProto(o.Why)}
}

// OutputFromProto converts a Terraform output.
func OutputFromProto(o *pb.Output) *model.Output {
	return &model.Output{Name: o.GetName(), Module: o.GetModule(), Description: o.GetDescription(), Value: o.GetValue(),
		Sensitive: o.GetSensitive(), Source: SourceFromProto(o.GetSource()), Why: WhyFromProto(o.GetWhy())}
}

// ProviderToProto converts a Terraform provider configuration.
func ProviderToProto(p *model.Provider) *pb.Provider {
	return &pb.Provider{Name: p.Name, Alias: p.Alias, Module: p.Module, Region: p.Region,
		Attrs: VarsToProto(p.Attrs), Source: SourceToProto(p.Source), Why: WhyToProto(p.Why)}
}

// ProviderFromProto converts a Terraform provider configuration.
func ProviderFromProto(p *pb.Provider) *model.Provider {
	return &model.Provider{Name: p.GetName(), Alias: p.GetAlias(), Module: p.GetModule(), Region: p.GetRegion(),
		Attrs: VarsFromProto(p.GetAttrs()), Source: SourceFromProto(p.GetSource()), Why: WhyFromProto(p.GetWhy())}
}

// modes are Resource.Mode's values.
var modes = map[string]pb.ResourceMode{
	model.ModeManaged: pb.ResourceMode_RESOURCE_MODE_MANAGED,
	model.ModeData:    pb.ResourceMode_RESOURCE_MODE_DATA,
}

// InventorySourceToProto converts a dynamic inventory source.
func InventorySourceToProto(s *model.InventorySource) *pb.InventorySource {
	return &pb.InventorySource{
		Path: s.Path, Repo: s.Source.Repo, Inventory: s.Inventory, Source: SourceToProto(s.Source), Comment: s.Comment,
		Plugin: s.Plugin, Accounts: s.Accounts, Regions: s.Regions, Filters: VarsToProto(s.Filters),
		KeyedGroups: s.KeyedGroups, Groups: VarsToProto(s.Groups), Hostnames: s.Hostnames, Compose: VarsToProto(s.Compose),
		Links: LinksToProto(s.Links),
	}
}

// InventorySourceFromProto converts a dynamic inventory source back.
func InventorySourceFromProto(s *pb.InventorySource) *model.InventorySource {
	return &model.InventorySource{
		Path: s.GetPath(), Inventory: s.GetInventory(), Source: SourceFromProto(s.GetSource()), Comment: s.GetComment(),
		Plugin: s.GetPlugin(), Accounts: s.GetAccounts(), Regions: s.GetRegions(), Filters: VarsFromProto(s.GetFilters()),
		KeyedGroups: s.GetKeyedGroups(), Groups: VarsFromProto(s.GetGroups()), Hostnames: s.GetHostnames(), Compose: VarsFromProto(s.GetCompose()),
		Links: LinksFromProto(s.GetLinks()),
	}
}
