package pbconv

import (
	"google.golang.org/protobuf/types/known/timestamppb"

	"handover/internal/explain"
	"handover/internal/model"
	pb "handover/proto/handover/v1"
)

var subjects = map[explain.Subject]pb.ExplainSubject{
	explain.SubjectFile:      pb.ExplainSubject_EXPLAIN_SUBJECT_FILE,
	explain.SubjectHost:      pb.ExplainSubject_EXPLAIN_SUBJECT_HOST,
	explain.SubjectGroup:     pb.ExplainSubject_EXPLAIN_SUBJECT_GROUP,
	explain.SubjectVariable:  pb.ExplainSubject_EXPLAIN_SUBJECT_VARIABLE,
	explain.SubjectPlay:      pb.ExplainSubject_EXPLAIN_SUBJECT_PLAY,
	explain.SubjectTask:      pb.ExplainSubject_EXPLAIN_SUBJECT_TASK,
	explain.SubjectRole:      pb.ExplainSubject_EXPLAIN_SUBJECT_ROLE,
	explain.SubjectTerraform: pb.ExplainSubject_EXPLAIN_SUBJECT_TERRAFORM,
	explain.SubjectStep:      pb.ExplainSubject_EXPLAIN_SUBJECT_SOP_STEP,
	explain.SubjectSection:   pb.ExplainSubject_EXPLAIN_SUBJECT_SECTION,
}

// SubjectToProto is s's enum value.
func SubjectToProto(s explain.Subject) pb.ExplainSubject { return enumTo(subjects, s) }

// SubjectFromProto is the subject s names.
func SubjectFromProto(s pb.ExplainSubject) explain.Subject { return enumFrom(subjects, s) }

// ExplainToProto converts an Explain answer.
func ExplainToProto(a *explain.Answer) (*pb.ExplainResponse, error) {
	out := &pb.ExplainResponse{
		Subject:       SubjectToProto(a.Subject),
		Name:          a.Name,
		Source:        SourceToProto(a.Source),
		Detail:        a.Detail,
		AffectedHosts: int64(a.AffectedHosts),
		Owners:        a.Owners,
		Findings:      convertAll(a.Findings, FindingToProto),
		Values:        convertAll(a.Values, hostValueToProto),
	}
	if a.Item != nil {
		hit, err := ItemToHit(a.Item)
		if err != nil {
			return nil, err
		}
		out.Item = hit
	}
	if lc := a.LastChange; lc != nil {
		out.LastChange = &pb.LineChange{Commit: lc.Hash, Author: lc.Author, Email: lc.Email,
			Date: timestamppb.New(lc.Date), Subject: lc.Subject, WholeFile: a.WholeFile}
	}
	return out, nil
}

// ExplainFromProto converts an Explain answer back.
func ExplainFromProto(r *pb.ExplainResponse) (*explain.Answer, error) {
	a := &explain.Answer{
		Subject:       SubjectFromProto(r.GetSubject()),
		Name:          r.GetName(),
		Source:        SourceFromProto(r.GetSource()),
		Detail:        r.GetDetail(),
		AffectedHosts: int(r.GetAffectedHosts()),
		Owners:        r.GetOwners(),
		Findings:      convertAll(r.GetFindings(), FindingFromProto),
		Values:        convertAll(r.GetValues(), hostValueFromProto),
	}
	if r.GetItem() != nil {
		it, err := ItemFromHit(r.GetItem())
		if err != nil {
			return nil, err
		}
		a.Item = it
	}
	if lc := r.GetLastChange(); lc != nil {
		a.LastChange = &model.LineChange{Commit: model.Commit{Hash: lc.GetCommit(), Author: lc.GetAuthor(), Email: lc.GetEmail(),
			Date: lc.GetDate().AsTime(), Subject: lc.GetSubject()}}
		a.WholeFile = lc.GetWholeFile()
	}
	return a, nil
}

func hostValueToProto(v explain.HostValue) *pb.HostValue {
	out := &pb.HostValue{Host: v.Host, Inventory: v.Inventory, Chain: convertAll(v.Chain, settingToProto)}
	if v.Set {
		out.Value = ValueToProto(v.Value)
	}
	return out
}

func hostValueFromProto(v *pb.HostValue) explain.HostValue {
	out := explain.HostValue{Host: v.GetHost(), Inventory: v.GetInventory(), Chain: convertAll(v.GetChain(), settingFromProto)}
	if v.GetValue() != nil {
		out.Value, out.Set = ValueFromProto(v.GetValue()), true
	}
	return out
}

func settingToProto(s explain.Setting) *pb.VariableSetting {
	return &pb.VariableSetting{Source: SourceToProto(s.Source), Value: ValueToProto(s.Value), Owner: s.Owner, Group: s.Group}
}

func settingFromProto(s *pb.VariableSetting) explain.Setting {
	return explain.Setting{Source: SourceFromProto(s.GetSource()), Value: ValueFromProto(s.GetValue()), Owner: s.GetOwner(), Group: s.GetGroup()}
}
