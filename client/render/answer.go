package render

import (
	"fmt"
	"io"
	"strings"

	"handover/internal/model"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// Answer writes the answer to a question: its summary, a card for each
// thing it found (hosts, groups, resources, roles, ...), then the related
// resources, SOPs, incidents and docs.
func Answer(w io.Writer, resp *pb.AskResponse) {
	fmt.Fprintln(w, resp.GetSummary())
	for _, c := range resp.GetCards() {
		card(w, c)
	}
	for _, a := range resp.GetHosts() {
		card(w, a.GetCard())
	}
	related(w, resp)
}

// card prints a card: its title, then one fact a line, each with the
// file:line it comes from, after a short text or under a long one.
func card(w io.Writer, c *pb.AnswerCard) {
	if c == nil {
		return
	}
	fmt.Fprintf(w, "\n%s", c.GetTitle())
	if c.GetSubtitle() != "" {
		fmt.Fprintf(w, "  (%s)", c.GetSubtitle())
	}
	fmt.Fprintln(w)
	width := 5
	for _, f := range c.GetFacts() {
		width = max(width, min(len(f.GetLabel()), 24))
	}
	pad := strings.Repeat(" ", 2+width+2)
	for _, f := range c.GetFacts() {
		text, src := f.GetText(), Source(f.GetSource())
		if tooLongForLine(text, src) {
			fmt.Fprintf(w, "  %-*s  %s\n%s%s\n", width, f.GetLabel(), indent(text, pad), pad, src)
		} else {
			fmt.Fprintf(w, "  %-*s  %s  %s\n", width, f.GetLabel(), text, src)
		}
	}
}

// tooLongForLine reports whether a fact's text and its file:line do not
// fit on one line of a card: the text is then written on its own lines and
// the source under it.
func tooLongForLine(text, src string) bool {
	return strings.Contains(text, "\n") || len(text)+len(src) > 110
}

// related prints the resources, SOPs, incidents and docs of an answer.
func related(w io.Writer, resp *pb.AskResponse) {
	if rs := resp.GetResources(); len(rs) > 0 {
		fmt.Fprintln(w, "\nTerraform")
		for _, r := range rs {
			Resource(w, r)
		}
	}
	if sops := resp.GetSops(); len(sops) > 0 {
		fmt.Fprintln(w, "\nSOPs  (handover sop WORDS prints one)")
		for _, s := range sops {
			fmt.Fprintf(w, "  %s  %s\n", s.GetTitle(), Source(s.GetSource()))
		}
	}
	if incs := resp.GetIncidents(); len(incs) > 0 {
		fmt.Fprintln(w, "\nIncidents")
		for _, inc := range incs {
			fmt.Fprintf(w, "  %s  %s  [%s]  %s\n", Dash(inc.GetDate()), inc.GetTitle(), Dash(inc.GetCategory()), Source(inc.GetSource()))
			// A line of what happened: a status page's report is all
			// summary, with no sections to ask for.
			if sum := strings.Join(strings.Fields(inc.GetSummary()), " "); sum != "" {
				fmt.Fprintf(w, "    %s\n", Cut(sum, 200))
			}
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
			fmt.Fprintf(w, "  %s  %s\n", heading, Source(src))
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
			row := ItemRow(it)
			fmt.Fprintf(t, "  %s\t%s\t%s\t%s\n", it.Kind(), row.Name, row.Src, Cut(strings.Join(strings.Fields(row.Text), " "), 100))
		}
		t.Flush()
	}
}

// Resource writes a Terraform resource: its address, provider and region,
// file:line, why it exists, the hosts it creates and its key attributes.
func Resource(w io.Writer, r *pb.Resource) {
	where := []string{ProviderName(r)}
	if r.GetRegion() != "" {
		where = append(where, r.GetRegion())
	}
	fmt.Fprintf(w, "  %s  (%s)  %s\n", r.GetAddress(), strings.Join(where, " · "), Source(r.GetSource()))
	if why := r.GetWhy().GetText(); why != "" {
		fmt.Fprintf(w, "    why  %s\n", indent(why, "         "))
	}
	if creates := LinkNames(r.GetLinks(), model.RelCreates); len(creates) > 0 {
		fmt.Fprintf(w, "    creates  %s\n", strings.Join(creates, ", "))
	}
	if attrs := keyAttrs(r.GetAttrs()); attrs != "" {
		fmt.Fprintf(w, "    attrs  %s\n", attrs)
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
			parts = append(parts, v.GetName()+"="+Cut(strings.Join(strings.Fields(valueString(v.GetValue())), " "), 60))
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
