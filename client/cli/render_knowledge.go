package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"handover/client/render"
	"handover/internal/model"
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
		render.SOP(w, resp.GetSop())
		if len(resp.GetOthers()) > 0 {
			fmt.Fprintln(w, "\nAlso matching:")
			for _, o := range resp.GetOthers() {
				fmt.Fprintf(w, "  %s  (%s)\n", o.GetTitle(), source(o.GetSource()))
			}
		}
		return nil
	}}
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

func providerName(r *pb.Resource) string { return render.ProviderName(r) }

func linkNames(links []*pb.Link, rel model.Rel) []string { return render.LinkNames(links, rel) }
