package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"handover/internal/model"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// sopView is the best matching SOP, as written, and the others matching.
func sopView(resp *pb.FindSOPResponse) view {
	return view{value: resp, text: func(w io.Writer) error {
		writeSOP(w, resp.GetSop())
		if len(resp.GetOthers()) > 0 {
			fmt.Fprintln(w, "\nAlso matching:")
			for _, o := range resp.GetOthers() {
				fmt.Fprintf(w, "  %s  (%s)\n", o.GetTitle(), source(o.GetSource()))
			}
		}
		return nil
	}}
}

// writeSOP prints an SOP the way it is written: its numbering, nesting
// and wording, so that it can be followed from the terminal.
func writeSOP(w io.Writer, s *pb.Sop) {
	fmt.Fprintln(w, s.GetTitle())
	meta := []string{source(s.GetSource())}
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
		writeSteps(w, p.GetSteps(), "")
	}
	if len(s.GetProcedures()) == 0 {
		fmt.Fprintln(w, "\n(no steps found: read the file)")
	}
	if len(s.GetLinks()) > 0 {
		fmt.Fprintln(w)
	}
	writeLinks(w, s.GetLinks())
}

// writeSteps prints steps with their markers; nested steps are indented
// under the text of their parent, as markdown nests them.
func writeSteps(w io.Writer, steps []*pb.Step, pad string) {
	for _, st := range steps {
		marker := st.GetMarker()
		if marker == "" {
			marker = "-"
		}
		cont := pad + strings.Repeat(" ", len(marker)+1)
		fmt.Fprintf(w, "%s%s %s\n", pad, marker, indent(st.GetText(), cont))
		writeSteps(w, st.GetSteps(), cont)
	}
}

// writeLinks prints what a document links to, grouped by relation.
func writeLinks(w io.Writer, links []*pb.Link) {
	if len(links) == 0 {
		return
	}
	fmt.Fprintln(w, "  links")
	t := aligned(w)
	for _, l := range links {
		via := ""
		if l.GetVia() != "" && l.GetVia() != l.GetName() {
			via = "  (" + l.GetVia() + ")"
		}
		fmt.Fprintf(t, "    %s %s\t%s\t%s%s\n", pbconv.RelFromProto(l.GetRel()), pbconv.KindFromProto(l.GetKind()), l.GetName(), source(l.GetSource()), via)
	}
	t.Flush()
}

func incidentTable(incs []*pb.Incident) *table {
	t := newTable(column{name: "DATE"}, column{name: "CATEGORY"}, column{name: "SEVERITY"}, column{name: "HOURS"},
		column{name: "PEOPLE"}, column{name: "TITLE", text: true}, column{name: "SOP", wide: true}, column{name: "SOURCE"})
	for _, inc := range incs {
		hours := ""
		if inc.GetHours() > 0 {
			hours = strconv.FormatFloat(inc.GetHours(), 'f', -1, 64)
		}
		t.add(inc.GetDate(), inc.GetCategory(), inc.GetSeverity(), hours, strings.Join(inc.GetPeople(), ","),
			inc.GetTitle(), inc.GetSop(), source(inc.GetSource()))
	}
	return t
}

func resourceTable(res []*pb.Resource) *table {
	t := newTable(column{name: "ADDRESS"}, column{name: "PROVIDER"}, column{name: "REGION"}, column{name: "ZONE", wide: true},
		column{name: "MODULE", wide: true}, column{name: "CREATES", text: true}, column{name: "SOURCE"}, column{name: "WHY", text: true})
	for _, r := range res {
		t.add(r.GetAddress(), providerName(r), r.GetRegion(), r.GetZone(), r.GetModule(),
			strings.Join(linkNames(r.GetLinks(), model.RelCreates), ","), source(r.GetSource()), r.GetWhy().GetText())
	}
	return t
}

func providerName(r *pb.Resource) string {
	if r.GetProviderAlias() != "" {
		return r.GetProvider() + "." + r.GetProviderAlias()
	}
	return r.GetProvider()
}

func linkNames(links []*pb.Link, rel model.Rel) []string {
	var out []string
	for _, l := range links {
		if pbconv.RelFromProto(l.GetRel()) == rel {
			out = append(out, l.GetName())
		}
	}
	return out
}

// writeRelated prints the resources, SOPs, incidents and docs of an answer.
func writeRelated(w io.Writer, resp *pb.AskResponse) {
	if rs := resp.GetResources(); len(rs) > 0 {
		fmt.Fprintln(w, "\nTerraform")
		for _, r := range rs {
			where := []string{providerName(r)}
			if r.GetRegion() != "" {
				where = append(where, r.GetRegion())
			}
			fmt.Fprintf(w, "  %s  (%s)  %s\n", r.GetAddress(), strings.Join(where, " · "), source(r.GetSource()))
			if why := r.GetWhy().GetText(); why != "" {
				fmt.Fprintf(w, "    why  %s\n", indent(why, "         "))
			}
			if creates := linkNames(r.GetLinks(), model.RelCreates); len(creates) > 0 {
				fmt.Fprintf(w, "    creates  %s\n", strings.Join(creates, ", "))
			}
		}
	}
	if sops := resp.GetSops(); len(sops) > 0 {
		fmt.Fprintln(w, "\nSOPs  (handover sop WORDS prints one)")
		for _, s := range sops {
			fmt.Fprintf(w, "  %s  %s\n", s.GetTitle(), source(s.GetSource()))
		}
	}
	if incs := resp.GetIncidents(); len(incs) > 0 {
		fmt.Fprintln(w, "\nIncidents")
		for _, inc := range incs {
			fmt.Fprintf(w, "  %s  %s  [%s]  %s\n", dash(inc.GetDate()), inc.GetTitle(), dash(inc.GetCategory()), source(inc.GetSource()))
		}
	}
	if docs := resp.GetDocs(); len(docs) > 0 {
		fmt.Fprintln(w, "\nDocs")
		for _, d := range docs {
			heading := d.GetTitle()
			if secs := d.GetSections(); len(secs) > 0 && secs[0].GetHeading() != heading {
				heading += " › " + secs[0].GetHeading()
			}
			src := d.GetSource()
			if secs := d.GetSections(); len(secs) > 0 {
				src = secs[0].GetSource()
			}
			fmt.Fprintf(w, "  %s  %s\n", heading, source(src))
		}
	}
}
