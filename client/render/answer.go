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
// host, then the related resources, SOPs, incidents and docs.
func Answer(w io.Writer, resp *pb.AskResponse) {
	fmt.Fprintln(w, resp.GetSummary())
	for _, a := range resp.GetHosts() {
		h := a.GetHost()
		fmt.Fprintf(w, "\n%s  (%s)\n", h.GetName(), place(h))
		const pad = "         "
		if a.GetWhy() != "" {
			fmt.Fprintf(w, "  why    %s\n", indent(a.GetWhy(), pad))
			fmt.Fprintf(w, "%s%s\n", pad, Source(a.GetWhySource()))
		} else {
			fmt.Fprintf(w, "  why    (no purpose comment above the host or its groups)\n")
		}
		fmt.Fprintf(w, "  where  %s  [%s]\n", Source(h.GetSource()), h.GetRepo())
		fmt.Fprintf(w, "  ssh    key %s, python %s\n", Dash(h.GetSshPrivateKeyFile()), Dash(h.GetPythonInterpreter()))
		if tf := LinkNames(h.GetLinks(), model.RelCreatedBy); len(tf) > 0 {
			fmt.Fprintf(w, "  tf     %s\n", strings.Join(tf, ", "))
		}
		roles(w, h)
	}
	related(w, resp)
}

// roles prints the roles a host's plays apply, one line of an answer;
// the host card lists them with their plays among its links.
func roles(w io.Writer, h *pb.Host) {
	var roles []string
	for _, l := range h.GetLinks() {
		if pbconv.RelFromProto(l.GetRel()) == model.RelRuns && pbconv.KindFromProto(l.GetKind()) == model.KindRole {
			roles = append(roles, l.GetName())
		}
	}
	if len(roles) > 0 {
		fmt.Fprintf(w, "  roles  %s\n", strings.Join(roles, ", "))
	}
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
}

// Resource writes a Terraform resource: its address, provider and region,
// file:line, why it exists and the hosts it creates.
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
}
