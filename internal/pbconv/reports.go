package pbconv

import (
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"handover/internal/index"
	"handover/internal/lint"
	"handover/internal/model"
	"handover/internal/stats"
	"handover/internal/summary"
	pb "handover/proto/handover/v1"
)

var levels = map[model.Level]pb.LintLevel{
	model.LevelError:   pb.LintLevel_LINT_LEVEL_ERROR,
	model.LevelWarning: pb.LintLevel_LINT_LEVEL_WARNING,
	model.LevelNote:    pb.LintLevel_LINT_LEVEL_NOTE,
	model.LevelOff:     pb.LintLevel_LINT_LEVEL_OFF,
}

// LevelToProto is l's enum value; an unknown level is UNSPECIFIED.
func LevelToProto(l model.Level) pb.LintLevel { return enumTo(levels, l) }

// LevelFromProto is the level l names: "error", "warning", "note", "off";
// UNSPECIFIED is "".
func LevelFromProto(l pb.LintLevel) model.Level { return enumFrom(levels, l) }

// FindingToProto converts a lint finding.
func FindingToProto(f model.Finding) *pb.Finding {
	return &pb.Finding{Rule: f.Rule, Level: LevelToProto(f.Level), Message: f.Message, Source: SourceToProto(f.Source), Fix: f.Fix}
}

// FindingFromProto converts a lint finding.
func FindingFromProto(f *pb.Finding) model.Finding {
	return model.Finding{Rule: f.GetRule(), Level: LevelFromProto(f.GetLevel()), Message: f.GetMessage(),
		Source: SourceFromProto(f.GetSource()), Fix: f.GetFix()}
}

// LintRuleToProto converts a lint rule with its level.
func LintRuleToProto(r lint.Rule) *pb.LintRule {
	return &pb.LintRule{Id: r.ID, Level: LevelToProto(r.Level), Summary: r.Summary, Help: r.Help}
}

// LintRuleFromProto converts a lint rule with its level.
func LintRuleFromProto(r *pb.LintRule) lint.Rule {
	return lint.Rule{ID: r.GetId(), Level: LevelFromProto(r.GetLevel()), Summary: r.GetSummary(), Help: r.GetHelp()}
}

// RepoToProto converts the index state of a repository.
func RepoToProto(r index.RepoInfo) *pb.Repository {
	out := &pb.Repository{
		Name:        r.Name,
		Path:        r.Root,
		Hosts:       int32(r.Hosts),
		Groups:      int32(r.Docs[model.KindGroup]),
		Inventories: int32(r.Inventories),
		Files:       int32(r.Files),
		Problems:    ProblemsToProto(r.Problems),
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

// RepoFromProto converts what a Repository says of the index state: not
// the schema, generation, findings or history, which it does not carry.
func RepoFromProto(r *pb.Repository) index.RepoInfo {
	out := index.RepoInfo{
		Name: r.GetName(), Root: r.GetPath(), Hosts: int(r.GetHosts()), Inventories: int(r.GetInventories()),
		Files: int(r.GetFiles()), Problems: ProblemsFromProto(r.GetProblems()), Docs: map[model.Kind]int{},
	}
	for k, n := range r.GetDocs() {
		out.Docs[model.Kind(k)] = int(n)
	}
	if r.GetIndexedAt() != nil {
		out.IndexedAt = r.GetIndexedAt().AsTime()
	}
	return out
}

var formats = map[string]pb.SummaryFormat{
	"markdown": pb.SummaryFormat_SUMMARY_FORMAT_MARKDOWN,
	"html":     pb.SummaryFormat_SUMMARY_FORMAT_HTML,
	"json":     pb.SummaryFormat_SUMMARY_FORMAT_JSON,
}

// FormatToProto is the summary format a word names (markdown, html,
// json); another word is UNSPECIFIED.
func FormatToProto(word string) pb.SummaryFormat { return enumTo(formats, word) }

// FormatFromProto is the word of a summary format; UNSPECIFIED is "".
func FormatFromProto(f pb.SummaryFormat) string { return enumFrom(formats, f) }

var lineLevels = map[string]pb.SummaryLineLevel{summary.LevelWarning: pb.SummaryLineLevel_SUMMARY_LINE_LEVEL_WARNING}

// DocumentToProto converts a summary document.
func DocumentToProto(d *summary.Document) *pb.SummaryDocument {
	out := &pb.SummaryDocument{Title: d.Title, Subtitle: d.Subtitle, Sections: convertAll(d.Sections, sectionOfSummaryToProto)}
	if !d.Generated.IsZero() {
		out.Generated = timestamppb.New(d.Generated)
	}
	return out
}

// DocumentFromProto converts a summary document.
func DocumentFromProto(d *pb.SummaryDocument) *summary.Document {
	out := &summary.Document{Title: d.GetTitle(), Subtitle: d.GetSubtitle(), Sections: convertAll(d.GetSections(), sectionOfSummaryFromProto)}
	if d.GetGenerated() != nil {
		out.Generated = d.GetGenerated().AsTime()
	}
	return out
}

func sectionOfSummaryToProto(s summary.Section) *pb.SummarySection {
	out := &pb.SummarySection{Id: s.ID, Title: s.Title, Intro: s.Intro, Lines: convertAll(s.Lines, lineToProto)}
	if t := s.Table; t != nil {
		out.Table = &pb.SummaryTable{Columns: t.Columns, Rows: convertAll(t.Rows, func(row []summary.Cell) *pb.SummaryRow {
			return &pb.SummaryRow{Cells: convertAll(row, func(c summary.Cell) *pb.SummaryCell {
				return &pb.SummaryCell{Text: c.Text, Source: SourceToProto(c.Source)}
			})}
		})}
	}
	return out
}

func sectionOfSummaryFromProto(s *pb.SummarySection) summary.Section {
	out := summary.Section{ID: s.GetId(), Title: s.GetTitle(), Intro: s.GetIntro(), Lines: convertAll(s.GetLines(), lineFromProto)}
	if t := s.GetTable(); t != nil {
		out.Table = &summary.Table{Columns: t.GetColumns(), Rows: convertAll(t.GetRows(), func(row *pb.SummaryRow) []summary.Cell {
			return convertAll(row.GetCells(), func(c *pb.SummaryCell) summary.Cell {
				return summary.Cell{Text: c.GetText(), Source: SourceFromProto(c.GetSource())}
			})
		})}
	}
	return out
}

func lineToProto(l summary.Line) *pb.SummaryLine {
	return &pb.SummaryLine{Text: l.Text, Source: SourceToProto(l.Source), Level: enumTo(lineLevels, l.Level), Lines: convertAll(l.Lines, lineToProto)}
}

func lineFromProto(l *pb.SummaryLine) summary.Line {
	return summary.Line{Text: l.GetText(), Source: SourceFromProto(l.GetSource()), Level: enumFrom(lineLevels, l.GetLevel()),
		Lines: convertAll(l.GetLines(), lineFromProto)}
}

var periods = map[stats.Period]pb.StatsPeriod{
	stats.Month:   pb.StatsPeriod_STATS_PERIOD_MONTH,
	stats.Quarter: pb.StatsPeriod_STATS_PERIOD_QUARTER,
}

// PeriodToProto is p's enum value; "" and unknown periods are UNSPECIFIED.
func PeriodToProto(p stats.Period) pb.StatsPeriod { return enumTo(periods, p) }

// PeriodFromProto is the period p names; UNSPECIFIED is "" (by month). A
// number this build does not know stays unknown, by its enum name, so that
// stats.Compute refuses it rather than grouping by month.
func PeriodFromProto(p pb.StatsPeriod) stats.Period {
	if p == pb.StatsPeriod_STATS_PERIOD_UNSPECIFIED {
		return ""
	}
	if by := enumFrom(periods, p); by != "" {
		return by
	}
	return stats.Period(p.String())
}

// StatsToProto converts an incident statistics report.
func StatsToProto(r *stats.Report) *pb.IncidentStatsResponse {
	return &pb.IncidentStatsResponse{
		By: PeriodToProto(r.By), Periods: convertAll(r.Periods, periodStatsToProto), Totals: periodStatsToProto(r.Totals),
		People: r.People, Categories: r.Categories, Skipped: r.Skipped, TeamSize: int32(r.TeamSize),
		Practices: convertAll(r.Practices, func(p stats.Practice) *pb.Practice {
			return &pb.Practice{Date: p.Date.Format(time.DateOnly), Label: p.Label}
		}),
	}
}

// StatsFromProto rebuilds the report, so that a client renders and plots
// it with the same code as everything else.
func StatsFromProto(r *pb.IncidentStatsResponse) *stats.Report {
	return &stats.Report{
		By: PeriodFromProto(r.GetBy()), Periods: convertAll(r.GetPeriods(), periodStatsFromProto), Totals: periodStatsFromProto(r.GetTotals()),
		People: r.GetPeople(), Categories: r.GetCategories(), Skipped: r.GetSkipped(), TeamSize: int(r.GetTeamSize()),
		Practices: convertAll(r.GetPractices(), func(p *pb.Practice) stats.Practice {
			return stats.Practice{Date: date(p.GetDate()), Label: p.GetLabel()}
		}),
	}
}

// date reads YYYY-MM-DD; anything else is the zero time.
func date(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

func periodStatsToProto(p stats.PeriodStats) *pb.PeriodStats {
	return &pb.PeriodStats{
		Period: p.Period, Start: p.Start.Format(time.DateOnly), End: p.End.Format(time.DateOnly),
		Incidents: int32(p.Incidents), PerPerson: p.PerPerson, AvgHours: p.AvgHours, IncidentLoss: p.IncidentLoss,
		InternalHours: p.InternalHours, TotalLoss: p.TotalLoss,
		ByCategory: convertCounts[int, int32](p.ByCategory), ByPerson: convertCounts[int, int32](p.ByPerson), HoursByCategory: p.HoursByCategory,
	}
}

func periodStatsFromProto(p *pb.PeriodStats) stats.PeriodStats {
	return stats.PeriodStats{
		Period: p.GetPeriod(), Start: date(p.GetStart()), End: date(p.GetEnd()),
		Incidents: int(p.GetIncidents()), PerPerson: p.GetPerPerson(), AvgHours: p.GetAvgHours(), IncidentLoss: p.GetIncidentLoss(),
		InternalHours: p.GetInternalHours(), TotalLoss: p.GetTotalLoss(),
		ByCategory: convertCounts[int32, int](p.GetByCategory()), ByPerson: convertCounts[int32, int](p.GetByPerson()), HoursByCategory: p.GetHoursByCategory(),
	}
}

// convertCounts converts a map of counts; it is never nil, as a report's
// maps are not.
func convertCounts[A, B int | int32](m map[string]A) map[string]B {
	out := make(map[string]B, len(m))
	for k, v := range m {
		out[k] = B(v)
	}
	return out
}
