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
	if resp.GetSop() == nil {
		return view{value: resp, text: func(w io.Writer) error {
			cands := resp.GetCandidates()
			fmt.Fprintf(w, "No clear match: %d candidates. handover sop N prints the Nth; more words narrow it.\n", len(cands))
			for i, c := range cands {
				kind := "SOP"
				if !c.GetIsSop() {
					kind = "doc"
				}
				fmt.Fprintf(w, "\n%d. %s  [%s]  %s\n", i+1, c.GetTitle(), kind, source(c.GetSource()))
				if c.GetFirstLine() != "" {
					fmt.Fprintf(w, "   %s\n", c.GetFirstLine())
				}
			}
			return nil
		}}
	}
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
		// A runbook without lists, or a how-to doc section: its sections
		// as written.
		for _, sec := range s.GetSections() {
			fmt.Fprintln(w)
			if sec.GetHeading() != "" && sec.GetHeading() != s.GetTitle() && !strings.HasSuffix(s.GetTitle(), "› "+sec.GetHeading()) {
				fmt.Fprintf(w, "%s  %s\n", sec.GetHeading(), source(sec.GetSource()))
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
			if attrs := keyAttrs(r.GetAttrs()); attrs != "" {
				fmt.Fprintf(w, "    attrs  %s\n", attrs)
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
	if others := resp.GetRelated(); len(others) > 0 {
		fmt.Fprintln(w, "\nAlso related")
		t := aligned(w)
		for _, hit := range others {
			it, err := pbconv.ItemFromHit(hit)
			if err != nil {
				continue
			}
			row := hitRows[it.Kind()](it)
			fmt.Fprintf(t, "  %s\t%s\t%s\t%s\n", it.Kind(), row.name, row.src, cut(strings.Join(strings.Fields(row.text), " "), 100))
		}
		t.Flush()
	}
}

// relatedAttrs are the attributes a related resource's line shows.
const relatedAttrs = 6

// keyAttrs is a resource's literal attributes as name=value, the ones
// asked about first (size, image, addresses, ports) and at most
// relatedAttrs.
func keyAttrs(vars []*pb.Variable) string {
	var parts []string
	for _, v := range vars {
		if len(parts) == relatedAttrs {
			break
		}
		if isKeyAttr(v.GetName()) {
			parts = append(parts, v.GetName()+"="+cut(strings.Join(strings.Fields(valueString(v.GetValue())), " "), 60))
		}
	}
	return strings.Join(parts, ", ")
}

func isKeyAttr(name string) bool {
	for _, k := range []string{"type", "size", "sku", "class", "flavor", "identifier", "image", "engine", "version", "cidr", "address", "port", "protocol", "zone", "region", "location", "count", "ip"} {
		if strings.Contains(name, k) {
			return true
		}
	}
	return false
}
