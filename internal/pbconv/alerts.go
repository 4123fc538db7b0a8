package pbconv

import (
	"handover/internal/model"
	pb "handover/proto/handover/v1"
)

// AlertToProto converts a Prometheus alerting rule.
func AlertToProto(a *model.Alert) *pb.Alert {
	return &pb.Alert{
		Name: a.Name, Group: a.Group, Source: SourceToProto(a.Source), Expr: a.Expr, For: a.For,
		Severity: a.Severity, Summary: a.Summary, Description: a.Description, RunbookUrl: a.RunbookURL,
		Links: LinksToProto(a.Links),
	}
}

// AlertFromProto converts a Prometheus alerting rule.
func AlertFromProto(a *pb.Alert) *model.Alert {
	return &model.Alert{
		Name: a.GetName(), Group: a.GetGroup(), Source: SourceFromProto(a.GetSource()), Expr: a.GetExpr(), For: a.GetFor(),
		Severity: a.GetSeverity(), Summary: a.GetSummary(), Description: a.GetDescription(), RunbookURL: a.GetRunbookUrl(),
		Links: LinksFromProto(a.GetLinks()),
	}
}
