package markdown

import (
	"path"
	"strings"

	"handover/internal/model"
)

// incidentFields name the incident's own sections. A heading matches a
// name when, lowercased and without numbering or a trailing colon, it is
// the name or starts with the name and a space ("Root cause analysis").
var incidentFields = []struct {
	field func(*model.Incident) *string
	names []string
}{
	{func(i *model.Incident) *string { return &i.Summary }, []string{
		"summary", "overview", "tl;dr", "tldr", "what happened", "description",
		"incident summary", "executive summary"}},
	{func(i *model.Incident) *string { return &i.RootCause }, []string{
		"root cause", "root causes", "cause", "causes", "why it happened", "analysis",
		"contributing factors"}},
	{func(i *model.Incident) *string { return &i.Involvement }, []string{
		"involvement", "how the person was involved", "who was involved", "people involved",
		"involved", "type of involvement"}},
	{func(i *model.Incident) *string { return &i.Reaction }, []string{
		"reaction", "response", "how they reacted", "detection and response", "detection",
		"incident response"}},
	{func(i *model.Incident) *string { return &i.Fix }, []string{
		"fix", "resolution", "remediation", "technical fix", "mitigation", "what fixed it",
		"how it was fixed", "technical means"}},
	{func(i *model.Incident) *string { return &i.FollowUp }, []string{
		"follow-up", "follow up", "follow-ups", "follow ups", "followups", "action items",
		"next steps", "lessons learned", "corrective actions", "preventive actions"}},
}

// incidentField is the index into incidentFields a heading names, or -1.
func incidentField(headingText string) int {
	t := normHeading(headingText)
	for i, f := range incidentFields {
		for _, name := range f.names {
			if t == name || strings.HasPrefix(t, name+" ") {
				return i
			}
		}
	}
	return -1
}

// incident reads the fields from metadata and the sections from headings.
// The date is the metadata's, else the one in the file name, else the
// title's. Two headings for one field ("Mitigation", "Resolution") are
// joined; a heading inside another one already taken is not.
func (f *file) incident() *model.Incident {
	title, src := f.titleAndSource()
	inc := &model.Incident{
		Title:    title,
		Source:   src,
		Date:     f.meta.date,
		People:   f.meta.people,
		Hours:    f.meta.hours,
		Category: f.meta.category,
		Severity: f.meta.severity,
		SOP:      f.meta.sop,
		Sections: f.sections(),
	}
	if inc.Date == "" {
		inc.Date = dateIn(path.Base(f.path))
	}
	if inc.Date == "" {
		inc.Date = dateIn(title)
	}
	var taken []*heading
	for _, h := range f.headings {
		if h == f.title {
			continue
		}
		i := incidentField(h.text)
		if i < 0 || inside(h, taken) {
			continue
		}
		text := f.sourceText(h.bodyStart, h.end)
		if text == "" {
			continue
		}
		taken = append(taken, h)
		dst := incidentFields[i].field(inc)
		if *dst != "" {
			*dst += "\n\n"
		}
		*dst += text
	}
	if inc.Summary == "" {
		inc.Summary = f.summary(false)
	}
	return inc
}

// inside reports whether h lies within the part of the file one of
// taken heads.
func inside(h *heading, taken []*heading) bool {
	for _, t := range taken {
		if t.level < h.level && t.bodyStart <= h.bodyStart && h.bodyStart < t.end {
			return true
		}
	}
	return false
}
