package render

import (
	"fmt"
	"io"
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
	for _, p := range s.GetProcedures() {
		fmt.Fprintln(w)
		if p.GetHeading() != "" {
			fmt.Fprintf(w, "%s\n", p.GetHeading())
		}
		steps(w, p.GetSteps(), "")
	}
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

// steps prints steps with their markers; nested steps are indented
// under the text of their parent, as markdown nests them.
func steps(w io.Writer, list []*pb.Step, pad string) {
	for _, st := range list {
		marker := st.GetMarker()
		if marker == "" {
			marker = "-"
		}
		cont := pad + strings.Repeat(" ", len(marker)+1)
		fmt.Fprintf(w, "%s%s %s\n", pad, marker, indent(st.GetText(), cont))
		steps(w, st.GetSteps(), cont)
	}
}
