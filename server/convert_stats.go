package server

import (
	"time"

	"handover/internal/stats"
	pb "handover/proto/handover/v1"
)

func statsToProto(r *stats.Report, opt stats.Options) *pb.IncidentStatsResponse {
	out := &pb.IncidentStatsResponse{
		By: string(r.By), Totals: periodToProto(r.Totals), People: r.People, Categories: r.Categories,
		Skipped: r.Skipped, TeamSize: int32(r.TeamSize),
	}
	for _, p := range r.Periods {
		out.Periods = append(out.Periods, periodToProto(p))
	}
	for _, p := range r.Practices {
		out.Practices = append(out.Practices, &pb.Practice{Date: p.Date.Format(time.DateOnly), Label: p.Label})
	}
	return out
}

func periodToProto(p stats.PeriodStats) *pb.PeriodStats {
	out := &pb.PeriodStats{
		Period: p.Period, Start: p.Start.Format(time.DateOnly), End: p.End.Format(time.DateOnly),
		Incidents: int32(p.Incidents), PerPerson: p.PerPerson, AvgHours: p.AvgHours, IncidentLoss: p.IncidentLoss,
		InternalHours: p.InternalHours, TotalLoss: p.TotalLoss,
		ByCategory: map[string]int32{}, ByPerson: map[string]int32{}, HoursByCategory: p.HoursByCategory,
	}
	for k, v := range p.ByCategory {
		out.ByCategory[k] = int32(v)
	}
	for k, v := range p.ByPerson {
		out.ByPerson[k] = int32(v)
	}
	return out
}
