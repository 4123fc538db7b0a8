package render

import (
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	pb "handover/proto/handover/v1"
)

// SOP writes an SOP the way it is written: its numbering, nesting and
// wording, so that it can be followed step by step.
func SOP(w io.Writer, s *pb.Sop) {
	fmt.Fprintln(w, s.GetTitle())
	meta := []string{Source(s.GetSource())}
	if len(s.GetOwners()) > 0 {
		meta = append(meta, "owner "+strings.Join(s.GetOwners(), ", "))
	} else {
		meta = append(meta, "no owner")
	}
	if s.GetReviewed() != "" {
		meta = append(meta, "reviewed "+s.GetReviewed())
	}
	fmt.Fprintln(w, strings.Join(meta, " · "))
	if s.GetSummary() != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(s.GetSummary()))
	}
	procedures(w, s)
	if len(s.GetProcedures()) == 0 {
		// A runbook without lists, or a how-to doc section: its sections
		// as written.
		for _, sec := range s.GetSections() {
			fmt.Fprintln(w)
			if sec.GetHeading() != "" && sec.GetHeading() != s.GetTitle() && !strings.HasSuffix(s.GetTitle(), "› "+sec.GetHeading()) {
				fmt.Fprintf(w, "%s  %s\n", sec.GetHeading(), Source(sec.GetSource()))
			}
			fmt.Fprintln(w, strings.TrimSpace(sec.GetText()))
		}
		if len(s.GetSections()) == 0 {
			fmt.Fprintln(w, "\n(no steps found: read the file)")
		}
	}
	if len(s.GetLinks()) > 0 {
		fmt.Fprintln(w)
	}
	links(w, s.GetLinks())
}

// procedures prints the steps of s under their headings and, in the
// order of the file, the text of the sections that hold no steps ("Audit
// the compromised credentials" after the steps that revoke them): the
// whole runbook, not only its lists.
func procedures(w io.Writer, s *pb.Sop) {
	type part struct {
		line  int32
		print func()
	}
	var parts []part
	withSteps := map[string]bool{}
	stepLines := map[int32]bool{} // a step written as a heading is that heading's section
	var mark func([]*pb.Step)
	mark = func(list []*pb.Step) {
		for _, st := range list {
			stepLines[st.GetSource().GetLine()] = true
			mark(st.GetSteps())
		}
	}
	for _, p := range s.GetProcedures() {
		withSteps[p.GetHeading()] = true
		mark(p.GetSteps())
		var line int32
		if st := p.GetSteps(); len(st) > 0 {
			line = st[0].GetSource().GetLine()
		}
		parts = append(parts, part{line, func() {
			fmt.Fprintln(w)
			if p.GetHeading() != "" {
				fmt.Fprintf(w, "%s\n", p.GetHeading())
			}
			steps(w, p.GetSteps(), "")
		}})
	}
	if len(parts) == 0 {
		return
	}
	secs := s.GetSections()
	for i, sec := range secs {
		if withSteps[sec.GetHeading()] || stepLines[sec.GetSource().GetLine()] {
			continue
		}
		text := sec.GetText()
		if i+1 < len(secs) && secs[i+1].GetLevel() > sec.GetLevel() {
			text = before(text, secs[i+1])
		}
		if text = strings.TrimSpace(text); text == "" {
			continue
		}
		parts = append(parts, part{sec.GetSource().GetLine(), func() {
			fmt.Fprintf(w, "\n%s  %s\n%s\n", sec.GetHeading(), Source(sec.GetSource()), text)
		}})
	}
	slices.SortStableFunc(parts, func(a, b part) int { return cmp.Compare(a.line, b.line) })
	for _, p := range parts {
		p.print()
	}
}

// before is a section's text up to the line of its first subsection's
// heading, which the section's text holds as written: "### Child" (the
// child's level of hashes, whatever the heading's links and marks), or
// "Child" over an underline.
func before(text string, child *pb.Section) string {
	hashes := strings.Repeat("#", int(child.GetLevel())) + " "
	off := 0
	for line := range strings.SplitAfterSeq(text, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, hashes) || t == child.GetHeading() {
			return text[:off]
		}
		off += len(line)
	}
	return text
}

// numbered is a step's own number at the start of its text: "1. ", "2) ".
var numbered = regexp.MustCompile(`^\d{1,3}[.)] `)

// steps prints steps with their markers; nested steps are indented
// under the text of their parent, as markdown nests them.
func steps(w io.Writer, list []*pb.Step, pad string) {
	for _, st := range list {
		marker := st.GetMarker()
		if marker == "" {
			marker = "-"
			if m := numbered.FindString(st.GetText()); m != "" {
				// A step written as "#### 1. Get access": its own number.
				fmt.Fprintf(w, "%s%s\n", pad, indent(st.GetText(), pad+strings.Repeat(" ", len(m))))
				steps(w, st.GetSteps(), pad+strings.Repeat(" ", len(m)))
				continue
			}
		}
		cont := pad + strings.Repeat(" ", len(marker)+1)
		fmt.Fprintf(w, "%s%s %s\n", pad, marker, indent(st.GetText(), cont))
		steps(w, st.GetSteps(), cont)
	}
}
