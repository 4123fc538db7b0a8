package pbconv

import (
	"handover/internal/ask"
	pb "handover/proto/handover/v1"
)

// CardToProto converts an answer card; its item is a search hit.
func CardToProto(c ask.Card) *pb.AnswerCard {
	out := &pb.AnswerCard{Kind: KindToProto(c.Kind), Title: c.Title, Subtitle: c.Subtitle, Repo: c.Repo, Source: SourceToProto(c.Source)}
	for _, f := range c.Facts {
		out.Facts = append(out.Facts, &pb.CardFact{Label: f.Label, Text: f.Text, Source: SourceToProto(f.Source)})
	}
	if c.Item != nil {
		out.Item, _ = ItemToHit(c.Item)
	}
	return out
}

// AnswerToProto converts an answer to a question.
func AnswerToProto(a *ask.Answer) *pb.AskResponse {
	p := a.Plan
	resp := &pb.AskResponse{
		Filter:  &pb.HostFilter{Env: p.Env, Cloud: p.Cloud, Purpose: p.Purpose, Group: p.Group, Name: p.Host},
		Text:    p.Text,
		Total:   int64(a.Total),
		Summary: a.Summary,
		Repo:    a.Repo,
	}
	for _, h := range a.Hosts {
		resp.Hosts = append(resp.Hosts, &pb.HostAnswer{Host: HostToProto(&h.Host), Why: h.Why, WhySource: SourceToProto(h.WhySource), Card: CardToProto(h.Card)})
	}
	resp.Cards = convertAll(a.Cards, CardToProto)
	resp.Resources = convertAll(a.Resources, ResourceToProto)
	resp.Sops = convertAll(a.SOPs, SOPWithoutStepsToProto)
	resp.Incidents = convertAll(a.Incidents, IncidentToProto)
	resp.Docs = convertAll(a.Docs, DocToProto)
	for _, it := range a.Others {
		if hit, err := ItemToHit(it); err == nil {
			resp.Related = append(resp.Related, hit)
		}
	}
	return resp
}

// SOPAnswerToProto converts what FindSOP found.
func SOPAnswerToProto(a *ask.SOPAnswer) *pb.FindSOPResponse {
	resp := &pb.FindSOPResponse{Clear: a.Clear, Others: convertAll(a.Others, SOPWithoutStepsToProto)}
	if a.Best != nil {
		resp.Sop = SOPToProto(a.Best)
	}
	for _, c := range a.Candidates {
		resp.Candidates = append(resp.Candidates, &pb.SopCandidate{Title: c.Title, Source: SourceToProto(c.Source), FirstLine: c.FirstLine, IsSop: c.IsSOP})
	}
	return resp
}
