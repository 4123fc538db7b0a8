// Package pbconv converts between handover.v1 messages and the model, in
// both directions: every kind of document (one type switch takes any
// model.Item to a SearchHit and back), the values they are made of
// (Source, Var, Link, Why, Step, Problem), lint findings and rules, the
// repositories' index state, summary documents and incident statistics.
//
// It knows nothing of gRPC or Bleve: the server calls it to answer, the
// CLI to turn answers back into what internal/ packages render. It
// redacts nothing and un-redacts nothing: values arrive redacted from the
// index and leave as they are (a Problem's message is redacted once more,
// since a reindex reports it straight from the parsers).
//
// Var values travel as google.protobuf.Value, whose only number is a
// float64. A number that is integral and within ±2^53 comes back as int64,
// what the parsers produce for integers; any other comes back as float64.
// So 8080 survives a round trip as int64(8080) and 2.5 as 2.5, but a float
// written as 2.0 comes back as int64(2).
package pbconv

import (
	"math"

	"google.golang.org/protobuf/types/known/structpb"

	"handover/internal/model"
	"handover/internal/redact"
	pb "handover/proto/handover/v1"
)

// convertAll converts each element of in with f; empty is nil, as the
// model keeps absent lists.
func convertAll[A, B any](in []A, f func(A) B) []B {
	if len(in) == 0 {
		return nil
	}
	out := make([]B, len(in))
	for i, a := range in {
		out[i] = f(a)
	}
	return out
}

// enumTo and enumFrom read a two-way table of a closed set: a model value
// missing from it is the enum's UNSPECIFIED zero, an enum value missing
// from it the model's zero value.
func enumTo[M, P comparable](table map[M]P, m M) P { return table[m] }

func enumFrom[M, P comparable](table map[M]P, p P) M {
	for m, q := range table {
		if q == p {
			return m
		}
	}
	var zero M
	return zero
}

var kinds = map[model.Kind]pb.DocumentKind{
	model.KindHost:         pb.DocumentKind_DOCUMENT_KIND_HOST,
	model.KindGroup:        pb.DocumentKind_DOCUMENT_KIND_GROUP,
	model.KindResource:     pb.DocumentKind_DOCUMENT_KIND_RESOURCE,
	model.KindModule:       pb.DocumentKind_DOCUMENT_KIND_MODULE,
	model.KindVariable:     pb.DocumentKind_DOCUMENT_KIND_VARIABLE,
	model.KindOutput:       pb.DocumentKind_DOCUMENT_KIND_OUTPUT,
	model.KindProvider:     pb.DocumentKind_DOCUMENT_KIND_PROVIDER,
	model.KindSOP:          pb.DocumentKind_DOCUMENT_KIND_SOP,
	model.KindIncident:     pb.DocumentKind_DOCUMENT_KIND_INCIDENT,
	model.KindDoc:          pb.DocumentKind_DOCUMENT_KIND_DOC,
	model.KindPlay:         pb.DocumentKind_DOCUMENT_KIND_PLAY,
	model.KindRole:         pb.DocumentKind_DOCUMENT_KIND_ROLE,
	model.KindTerraformDir: pb.DocumentKind_DOCUMENT_KIND_TERRAFORM_MODULE,
	model.KindAlert:        pb.DocumentKind_DOCUMENT_KIND_ALERT,

	model.KindInventorySource: pb.DocumentKind_DOCUMENT_KIND_INVENTORY_SOURCE,
}

// KindToProto is k's enum value; an unknown kind is UNSPECIFIED.
func KindToProto(k model.Kind) pb.DocumentKind { return enumTo(kinds, k) }

// KindFromProto is the kind k names; UNSPECIFIED is "".
func KindFromProto(k pb.DocumentKind) model.Kind { return enumFrom(kinds, k) }

// SourceToProto is nil for a place without a path.
func SourceToProto(s model.Source) *pb.Source {
	if s.Path == "" {
		return nil
	}
	return &pb.Source{Repo: s.Repo, Path: s.Path, Line: int32(s.Line)}
}

// SourceFromProto is the zero Source for nil.
func SourceFromProto(s *pb.Source) model.Source {
	return model.Source{Repo: s.GetRepo(), Path: s.GetPath(), Line: int(s.GetLine())}
}

// WhyToProto is nil for no comment.
func WhyToProto(w model.Why) *pb.Why {
	if w == (model.Why{}) {
		return nil
	}
	return &pb.Why{Text: w.Text, Source: SourceToProto(w.Source)}
}

// WhyFromProto is the zero Why for nil.
func WhyFromProto(w *pb.Why) model.Why {
	return model.Why{Text: w.GetText(), Source: SourceFromProto(w.GetSource())}
}

var rels = map[model.Rel]pb.LinkRel{
	model.RelCreatedBy:   pb.LinkRel_LINK_REL_CREATED_BY,
	model.RelCreates:     pb.LinkRel_LINK_REL_CREATES,
	model.RelMentions:    pb.LinkRel_LINK_REL_MENTIONS,
	model.RelMentionedIn: pb.LinkRel_LINK_REL_MENTIONED_IN,
	model.RelProduced:    pb.LinkRel_LINK_REL_PRODUCED,
	model.RelProducedBy:  pb.LinkRel_LINK_REL_PRODUCED_BY,
	model.RelRuns:        pb.LinkRel_LINK_REL_RUNS,
	model.RelRunsOn:      pb.LinkRel_LINK_REL_RUNS_ON,
	model.RelRunbook:     pb.LinkRel_LINK_REL_RUNBOOK,
	model.RelRunbookFor:  pb.LinkRel_LINK_REL_RUNBOOK_FOR,
}

// RelFromProto is the rel r names; UNSPECIFIED is "".
func RelFromProto(r pb.LinkRel) model.Rel { return enumFrom(rels, r) }

// LinkToProto converts one link.
func LinkToProto(l model.Link) *pb.Link {
	return &pb.Link{Rel: enumTo(rels, l.Rel), Kind: KindToProto(l.Kind), Name: l.Name, Source: SourceToProto(l.Source), Via: l.Via}
}

// LinkFromProto converts one link.
func LinkFromProto(l *pb.Link) model.Link {
	return model.Link{Rel: RelFromProto(l.GetRel()), Kind: KindFromProto(l.GetKind()), Name: l.GetName(),
		Source: SourceFromProto(l.GetSource()), Via: l.GetVia()}
}

// LinksToProto converts links; none is nil.
func LinksToProto(ls []model.Link) []*pb.Link { return convertAll(ls, LinkToProto) }

// LinksFromProto converts links; none is nil.
func LinksFromProto(ls []*pb.Link) []model.Link { return convertAll(ls, LinkFromProto) }

// VarToProto converts one variable; its value as it is, redacted or not.
func VarToProto(v model.Var) *pb.Variable {
	return &pb.Variable{Name: v.Name, Value: ValueToProto(v.Value), Source: optionalSource(v.Source)}
}

// VarFromProto converts one variable; see the package doc for numbers.
func VarFromProto(v *pb.Variable) model.Var {
	return model.Var{Name: v.GetName(), Value: ValueFromProto(v.GetValue()), Source: optionalSourceFrom(v.GetSource())}
}

// VarsToProto converts variables; none is nil.
func VarsToProto(vs []model.Var) []*pb.Variable { return convertAll(vs, VarToProto) }

// VarsFromProto converts variables; none is nil.
func VarsFromProto(vs []*pb.Variable) []model.Var { return convertAll(vs, VarFromProto) }

// ValueToProto converts a value of a Var (string, bool, int64, float64,
// nil, []any, map[string]any). A type the parsers never produce becomes
// the string "<unsupported value>" rather than an error.
func ValueToProto(v any) *structpb.Value {
	val, err := structpb.NewValue(jsonable(v))
	if err != nil {
		return structpb.NewStringValue("<unsupported value>")
	}
	return val
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
		return convertAll(x, jsonable)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonable(e)
		}
		return out
	}
	return v
}

// maxExactInt is the largest integer a float64 holds exactly.
const maxExactInt = 1 << 53

// ValueFromProto converts back what ValueToProto made: integral numbers
// within ±2^53 become int64, as the parsers give integers.
func ValueFromProto(v *structpb.Value) any {
	switch k := v.GetKind().(type) {
	case *structpb.Value_StringValue:
		return k.StringValue
	case *structpb.Value_BoolValue:
		return k.BoolValue
	case *structpb.Value_NumberValue:
		n := k.NumberValue
		if n == math.Trunc(n) && math.Abs(n) <= maxExactInt {
			return int64(n)
		}
		return n
	case *structpb.Value_ListValue:
		out := make([]any, len(k.ListValue.GetValues()))
		for i, e := range k.ListValue.GetValues() {
			out[i] = ValueFromProto(e)
		}
		return out
	case *structpb.Value_StructValue:
		out := make(map[string]any, len(k.StructValue.GetFields()))
		for name, e := range k.StructValue.GetFields() {
			out[name] = ValueFromProto(e)
		}
		return out
	}
	return nil // null, or no value at all
}

var severities = map[model.Severity]pb.Severity{
	model.SeverityError:   pb.Severity_SEVERITY_ERROR,
	model.SeverityWarning: pb.Severity_SEVERITY_WARNING,
}

// ProblemToProto converts a problem, its message redacted: messages may
// quote the line they fault, and a reindex reports them straight from the
// parsers. An unknown severity is an error.
func ProblemToProto(p model.Problem) *pb.Problem {
	sev := enumTo(severities, p.Severity)
	if sev == pb.Severity_SEVERITY_UNSPECIFIED {
		sev = pb.Severity_SEVERITY_ERROR
	}
	return &pb.Problem{Source: SourceToProto(p.Source), Severity: sev, Message: redact.Text(p.Message)}
}

// ProblemFromProto converts a problem.
func ProblemFromProto(p *pb.Problem) model.Problem {
	return model.Problem{Source: SourceFromProto(p.GetSource()), Severity: enumFrom(severities, p.GetSeverity()), Message: p.GetMessage()}
}

// ProblemsToProto converts problems; none is nil.
func ProblemsToProto(ps []model.Problem) []*pb.Problem { return convertAll(ps, ProblemToProto) }

// ProblemsFromProto converts problems; none is nil.
func ProblemsFromProto(ps []*pb.Problem) []model.Problem { return convertAll(ps, ProblemFromProto) }
