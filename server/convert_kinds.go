package server

import (
	"handover/internal/model"
	pb "handover/proto/handover/v1"
)

func linksToProto(ls []model.Link) []*pb.Link {
	if len(ls) == 0 {
		return nil
	}
	out := make([]*pb.Link, len(ls))
	for i, l := range ls {
		out[i] = &pb.Link{Rel: string(l.Rel), Kind: string(l.Kind), Name: l.Name, Source: sourceToProto(l.Source), Via: l.Via}
	}
	return out
}

func whyToProto(w model.Why) *pb.Why {
	if w.Text == "" {
		return nil
	}
	return &pb.Why{Text: w.Text, Source: sourceToProto(w.Source)}
}

func resourceToProto(r *model.Resource) *pb.Resource {
	out := &pb.Resource{
		Address: r.Address, Mode: r.Mode, Type: r.Type, Name: r.Name, Module: r.Module,
		Provider: r.Provider, ProviderAlias: r.ProviderAlias, Source: sourceToProto(r.Source),
		Why: whyToProto(r.Why), Count: r.Count, ForEach: r.ForEach, Region: r.Region, Zone: r.Zone,
		Tags: r.Tags, Attrs: varsToProto(r.Attrs), Links: linksToProto(r.Links),
	}
	for _, in := range r.Instances {
		out.Instances = append(out.Instances, &pb.Instance{Key: in.Key, Id: in.ID, Attrs: varsToProto(in.Attrs), Source: sourceToProto(in.Source)})
	}
	for _, in := range r.Expanded {
		out.Expanded = append(out.Expanded, &pb.Instance{Key: in.Key, Attrs: varsToProto(in.Attrs), Source: sourceToProto(in.Source)})
	}
	return out
}

func moduleToProto(m *model.ModuleCall) *pb.Module {
	return &pb.Module{
		Name: m.Name, Address: m.Address, Module: m.Module, From: m.From, Version: m.Version,
		Count: m.Count, ForEach: m.ForEach, Inputs: varsToProto(m.Inputs), Source: sourceToProto(m.Source), Why: whyToProto(m.Why),
	}
}

func variableToProto(v *model.Variable) *pb.TerraformVariable {
	out := &pb.TerraformVariable{
		Name: v.Name, Module: v.Module, Description: v.Description, Type: v.Type,
		Sensitive: v.Sensitive, Source: sourceToProto(v.Source), Why: whyToProto(v.Why),
	}
	if v.Default != nil && !v.Sensitive {
		if vs := varsToProto([]model.Var{{Value: v.Default}}); len(vs) == 1 {
			out.Default = vs[0].Value
		}
	}
	return out
}

func outputToProto(o *model.Output) *pb.Output {
	return &pb.Output{Name: o.Name, Module: o.Module, Description: o.Description, Value: o.Value,
		Sensitive: o.Sensitive, Source: sourceToProto(o.Source), Why: whyToProto(o.Why)}
}

func providerToProto(p *model.Provider) *pb.Provider {
	return &pb.Provider{Name: p.Name, Alias: p.Alias, Module: p.Module, Region: p.Region,
		Attrs: varsToProto(p.Attrs), Source: sourceToProto(p.Source), Why: whyToProto(p.Why)}
}

func stepsToProto(steps []model.Step) []*pb.Step {
	if len(steps) == 0 {
		return nil
	}
	out := make([]*pb.Step, len(steps))
	for i, s := range steps {
		out[i] = &pb.Step{Marker: s.Marker, Text: s.Text, Source: sourceToProto(s.Source), Steps: stepsToProto(s.Steps)}
	}
	return out
}

func sectionsToProto(secs []model.Section) []*pb.Section {
	if len(secs) == 0 {
		return nil
	}
	out := make([]*pb.Section, len(secs))
	for i, s := range secs {
		out[i] = &pb.Section{Heading: s.Heading, Level: int32(s.Level), Text: s.Text, Source: sourceToProto(s.Source)}
	}
	return out
}

// sopToProto converts an SOP; withSteps false leaves out its procedure and
// sections, for lists.
func sopToProto(s *model.SOP, withSteps bool) *pb.Sop {
	out := &pb.Sop{Title: s.Title, Source: sourceToProto(s.Source), Owners: s.Owners, Tags: s.Tags,
		Reviewed: s.Reviewed, Summary: s.Summary, Links: linksToProto(s.Links)}
	if withSteps {
		for _, p := range s.Steps {
			out.Procedures = append(out.Procedures, &pb.Procedure{Heading: p.Heading, Steps: stepsToProto(p.Steps)})
		}
		out.Sections = sectionsToProto(s.Sections)
	}
	return out
}

func incidentToProto(inc *model.Incident) *pb.Incident {
	return &pb.Incident{
		Title: inc.Title, Source: sourceToProto(inc.Source), Date: inc.Date, People: inc.People,
		Hours: inc.Hours, Category: inc.Category, Severity: inc.Severity, Sop: inc.SOP,
		Summary: inc.Summary, RootCause: inc.RootCause, Involvement: inc.Involvement,
		Reaction: inc.Reaction, Fix: inc.Fix, FollowUp: inc.FollowUp,
		Sections: sectionsToProto(inc.Sections), Links: linksToProto(inc.Links),
	}
}

func docToProto(d *model.Doc) *pb.Doc {
	return &pb.Doc{Title: d.Title, Source: sourceToProto(d.Source), Sections: sectionsToProto(d.Sections)}
}

// setSearchItem sets the hit's item to it, whatever its kind.
func setSearchItem(hit *pb.SearchHit, it model.Item) {
	switch it := it.(type) {
	case *model.Host:
		hit.Item = &pb.SearchHit_Host{Host: hostToProto(it)}
	case *model.Group:
		hit.Item = &pb.SearchHit_Group{Group: groupToProto(it)}
	case *model.Resource:
		hit.Item = &pb.SearchHit_Resource{Resource: resourceToProto(it)}
	case *model.ModuleCall:
		hit.Item = &pb.SearchHit_Module{Module: moduleToProto(it)}
	case *model.Variable:
		hit.Item = &pb.SearchHit_Variable{Variable: variableToProto(it)}
	case *model.Output:
		hit.Item = &pb.SearchHit_Output{Output: outputToProto(it)}
	case *model.Provider:
		hit.Item = &pb.SearchHit_Provider{Provider: providerToProto(it)}
	case *model.SOP:
		hit.Item = &pb.SearchHit_Sop{Sop: sopToProto(it, true)}
	case *model.Incident:
		hit.Item = &pb.SearchHit_Incident{Incident: incidentToProto(it)}
	case *model.Doc:
		hit.Item = &pb.SearchHit_Doc{Doc: docToProto(it)}
	}
}
