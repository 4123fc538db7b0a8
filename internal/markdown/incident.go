package markdown

import (
	"path"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"

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
		"incident response", "identified", "how it was identified"}},
	{func(i *model.Incident) *string { return &i.Fix }, []string{
		"fix", "resolution", "remediation", "technical fix", "mitigation", "what fixed it",
		"how it was fixed", "technical means"}},
	{func(i *model.Incident) *string { return &i.FollowUp }, []string{
		"follow-up", "follow up", "follow-ups", "follow ups", "followups", "action items",
		"next steps", "lessons learned", "corrective actions", "preventive actions",
		"review actions", "actions following review"}},
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
	f.labelledFields(inc)
	if inc.Summary == "" {
		inc.Summary = f.summary(false)
	}
	return inc
}

// labelSummaries are labels that tell what happened where a template has
// no summary. As headings they are sections of their own beside the
// introduction, which stays the summary.
var labelSummaries = map[string]bool{"background": true, "impact": true}

// labelRE is the start of a paragraph that opens with a bold label:
// "**Resolution**:", "**Root cause:** the disk filled", "__Impact__".
var labelRE = regexp.MustCompile(`^(\*\*|__)([^*_]+?)(\*\*|__)\s*:?[ \t]*`)

// labelledFields fills the fields no heading gave from bold labels, the
// way many incident templates are written: "- **Impact**:" or
// "**Resolution:** ...", at any list depth. A label's text runs from the
// label to the next label or heading. A paragraph that is all label, or
// whose label ends in a colon, is a label; "**Note** that ..." is not.
func (f *file) labelledFields(inc *model.Incident) {
	type label struct {
		field      int // into incidentFields, -1 for a label of no field
		start, end int // of the text after the label
		line       int // start of the label's line
	}
	var labels []label
	_ = ast.Walk(f.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Document, *ast.List, *ast.ListItem, *ast.Blockquote:
			return ast.WalkContinue, nil
		case *ast.Paragraph, *ast.TextBlock:
		default:
			return ast.WalkSkipChildren, nil
		}
		em, ok := n.FirstChild().(*ast.Emphasis)
		if !ok || em.Level != 2 || n.Lines().Len() == 0 {
			return ast.WalkSkipChildren, nil
		}
		seg := n.Lines().At(0)
		line := seg.Value(f.src)
		m := labelRE.FindSubmatchIndex(line)
		if m == nil {
			return ast.WalkSkipChildren, nil
		}
		name := strings.TrimSpace(string(line[m[4]:m[5]]))
		colon := strings.HasSuffix(name, ":") || strings.Contains(string(line[m[5]:m[1]]), ":")
		if !colon && (em.NextSibling() != nil || n.Lines().Len() > 1) {
			return ast.WalkSkipChildren, nil
		}
		field := incidentField(name)
		if field < 0 && labelSummaries[normHeading(name)] {
			field = 0 // the summary
		}
		labels = append(labels, label{field: field, start: seg.Start + m[1], line: f.li.start(f.li.line(seg.Start))})
		return ast.WalkSkipChildren, nil
	})
	for i := range labels {
		labels[i].end = len(f.src)
		if i+1 < len(labels) {
			labels[i].end = labels[i+1].line
		}
		for _, h := range f.headings {
			if start := f.li.start(h.line); start > labels[i].start && start < labels[i].end {
				labels[i].end = start
				break
			}
		}
	}
	filled := map[int]bool{}
	for i, fl := range incidentFields {
		filled[i] = *fl.field(inc) != ""
	}
	for _, l := range labels {
		if l.field < 0 || filled[l.field] {
			continue
		}
		text := f.sourceText(l.start, l.end)
		if text == "" {
			continue
		}
		dst := incidentFields[l.field].field(inc)
		if *dst != "" {
			*dst += "\n\n"
		}
		*dst += text
	}
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
