package pbconv

import (
	"handover/internal/model"
	pb "handover/proto/handover/v1"
)

// StepToProto converts a step with its nested steps.
func StepToProto(s model.Step) *pb.Step {
	return &pb.Step{Marker: s.Marker, Text: s.Text, Source: SourceToProto(s.Source), Steps: convertAll(s.Steps, StepToProto)}
}

// StepFromProto converts a step with its nested steps.
func StepFromProto(s *pb.Step) model.Step {
	return model.Step{Marker: s.GetMarker(), Text: s.GetText(), Source: SourceFromProto(s.GetSource()), Steps: convertAll(s.GetSteps(), StepFromProto)}
}

func procedureToProto(p model.Procedure) *pb.Procedure {
	return &pb.Procedure{Heading: p.Heading, Steps: convertAll(p.Steps, StepToProto)}
}

func procedureFromProto(p *pb.Procedure) model.Procedure {
	return model.Procedure{Heading: p.GetHeading(), Steps: convertAll(p.GetSteps(), StepFromProto)}
}

func sectionToProto(s model.Section) *pb.Section {
	return &pb.Section{Heading: s.Heading, Level: int32(s.Level), Text: s.Text, Source: SourceToProto(s.Source)}
}

func sectionFromProto(s *pb.Section) model.Section {
	return model.Section{Heading: s.GetHeading(), Level: int(s.GetLevel()), Text: s.GetText(), Source: SourceFromProto(s.GetSource())}
}

// SOPToProto converts an SOP with its steps and sections.
func SOPToProto(s *model.SOP) *pb.Sop {
	out := SOPWithoutStepsToProto(s)
	out.Procedures = convertAll(s.Steps, procedureToProto)
	out.Sections = convertAll(s.Sections, sectionToProto)
	return out
}

// SOPWithoutStepsToProto converts an SOP for a list: its title, owners,
// review and summary, without steps and sections.
func SOPWithoutStepsToProto(s *model.SOP) *pb.Sop {
	return &pb.Sop{Title: s.Title, Source: SourceToProto(s.Source), Owners: s.Owners, Tags: s.Tags,
		Reviewed: s.Reviewed, Summary: s.Summary, Links: LinksToProto(s.Links)}
}

// SOPFromProto converts an SOP.
func SOPFromProto(s *pb.Sop) *model.SOP {
	return &model.SOP{Title: s.GetTitle(), Source: SourceFromProto(s.GetSource()), Owners: s.GetOwners(), Tags: s.GetTags(),
		Reviewed: s.GetReviewed(), Summary: s.GetSummary(), Links: LinksFromProto(s.GetLinks()),
		Steps: convertAll(s.GetProcedures(), procedureFromProto), Sections: convertAll(s.GetSections(), sectionFromProto)}
}

// IncidentToProto converts an incident report.
func IncidentToProto(inc *model.Incident) *pb.Incident {
	return &pb.Incident{
		Title: inc.Title, Source: SourceToProto(inc.Source), Date: inc.Date, People: inc.People,
		Hours: inc.Hours, Category: inc.Category, Severity: inc.Severity, Sop: inc.SOP,
		Summary: inc.Summary, RootCause: inc.RootCause, Involvement: inc.Involvement,
		Reaction: inc.Reaction, Fix: inc.Fix, FollowUp: inc.FollowUp,
		Sections: convertAll(inc.Sections, sectionToProto), Links: LinksToProto(inc.Links),
	}
}

// IncidentFromProto converts an incident report.
func IncidentFromProto(inc *pb.Incident) *model.Incident {
	return &model.Incident{
		Title: inc.GetTitle(), Source: SourceFromProto(inc.GetSource()), Date: inc.GetDate(), People: inc.GetPeople(),
		Hours: inc.GetHours(), Category: inc.GetCategory(), Severity: inc.GetSeverity(), SOP: inc.GetSop(),
		Summary: inc.GetSummary(), RootCause: inc.GetRootCause(), Involvement: inc.GetInvolvement(),
		Reaction: inc.GetReaction(), Fix: inc.GetFix(), FollowUp: inc.GetFollowUp(),
		Sections: convertAll(inc.GetSections(), sectionFromProto), Links: LinksFromProto(inc.GetLinks()),
	}
}

// DocToProto converts a doc section.
func DocToProto(d *model.Doc) *pb.Doc {
	return &pb.Doc{Title: d.Title, Source: SourceToProto(d.Source), Sections: convertAll(d.Sections, sectionToProto), Links: LinksToProto(d.Links), Data: d.Data}
}

// DocFromProto converts a doc section.
func DocFromProto(d *pb.Doc) *model.Doc {
	return &model.Doc{Title: d.GetTitle(), Source: SourceFromProto(d.GetSource()), Sections: convertAll(d.GetSections(), sectionFromProto),
		Links: LinksFromProto(d.GetLinks()), Data: d.GetData()}
}
