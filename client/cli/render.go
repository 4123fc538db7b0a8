package cli

import (
	"errors"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"

	"handover/client/render"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// source and dash are the citations and blanks of the text renderings,
// so that tables read as answers do.
func source(s *pb.Source) string { return render.Source(s) }

func dash(s string) string { return render.Dash(s) }

func answerView(resp *pb.AskResponse) view {
	if len(resp.GetCards())+len(resp.GetHosts())+len(resp.GetResources())+len(resp.GetSops())+
		len(resp.GetIncidents())+len(resp.GetDocs())+len(resp.GetRelated()) == 0 {
		return view{value: resp, nothing: errors.New(strings.TrimSuffix(resp.GetSummary(), "."))}
	}
	return view{value: resp, text: func(w io.Writer) error {
		render.Answer(w, resp)
		return nil
	}}
}

func hostTable(hosts []*pb.Host) *table {
	t := newTable(column{name: "NAME"}, column{name: "ENV"}, column{name: "CLOUD"}, column{name: "PURPOSE_GROUPS"},
		column{name: "GROUPS", wide: true}, column{name: "SSH_KEY", wide: true}, column{name: "PYTHON", wide: true},
		column{name: "REPO", wide: true}, column{name: "SOURCE"}, column{name: "PURPOSE", text: true})
	for _, h := range hosts {
		t.add(h.GetName(), h.GetEnv(), h.GetCloud(), strings.Join(h.GetPurposeGroups(), ","),
			strings.Join(h.GetGroups(), ","), h.GetSshPrivateKeyFile(), h.GetPythonInterpreter(),
			h.GetRepo(), source(h.GetSource()), h.GetPurpose())
	}
	return t
}

func hostView(hosts []*pb.Host) view {
	return view{value: &pb.FindHostsResponse{Hosts: hosts}, text: func(w io.Writer) error {
		for i, h := range hosts {
			if i > 0 {
				fmt.Fprintln(w)
			}
			render.Host(w, h)
		}
		return nil
	}}
}

// searchView is the hits, and under them the count and the facets. MATCH
// shows the first highlighted fragment, else what the thing is for.
func searchView(resp *pb.SearchResponse) (view, error) {
	if len(resp.GetHits()) == 0 {
		return view{value: resp, nothing: errors.New("no matches")}, nil
	}
	t := newTable(column{name: "KIND"}, column{name: "NAME", text: true}, column{name: "ENV"}, column{name: "CLOUD"},
		column{name: "SCORE", wide: true}, column{name: "ID", wide: true}, column{name: "SOURCE"}, column{name: "MATCH", text: true})
	for _, hit := range resp.GetHits() {
		it, err := pbconv.ItemFromHit(hit)
		if err != nil {
			return view{}, err
		}
		row := render.ItemRow(it)
		text := row.Text
		for _, f := range hit.GetFragments() {
			if len(f.GetTexts()) > 0 {
				text = plainFragment(f.GetTexts()[0])
				break
			}
		}
		t.add(string(it.Kind()), row.Name, row.Env, row.Cloud, strconv.FormatFloat(hit.GetScore(), 'f', 3, 64), hit.GetId(), row.Src, text)
	}
	return view{value: resp, table: t, text: func(w io.Writer) error {
		shown, total := len(resp.GetHits()), int64(resp.GetTotal())
		if int64(shown) < total {
			writeShown(w, shown, total, "matches")
		} else {
			fmt.Fprintf(w, "\n%d matches\n", total)
		}
		for _, f := range resp.GetFacets() {
			var parts []string
			for _, v := range f.GetValues() {
				parts = append(parts, fmt.Sprintf("%s (%d)", v.GetValue(), v.GetCount()))
			}
			if len(parts) > 0 {
				fmt.Fprintf(w, "%-8s %s\n", f.GetField()+":", strings.Join(parts, ", "))
			}
		}
		return nil
	}}, nil
}

// plainFragment turns a highlighted HTML fragment into terminal text:
// entities decoded, the <mark> around matches dropped.
func plainFragment(s string) string {
	s = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	return html.UnescapeString(s)
}

func reposView(repos []*pb.Repository) view {
	t := newTable(column{name: "NAME"}, column{name: "HOSTS"}, column{name: "GROUPS"}, column{name: "INVENTORIES"},
		column{name: "RESOURCES"}, column{name: "SOPS"}, column{name: "INCIDENTS"}, column{name: "DOC_SECTIONS"},
		column{name: "PROBLEMS"}, column{name: "INDEXED"}, column{name: "PATH"})
	for _, r := range repos {
		indexed := ""
		if r.GetIndexedAt() != nil {
			indexed = r.GetIndexedAt().AsTime().Local().Format("2006-01-02T15:04:05")
		}
		d := r.GetDocs()
		t.add(r.GetName(), count(r.GetHosts()), count(r.GetGroups()), count(r.GetInventories()),
			count(d["resource"]), count(d["sop"]), count(d["incident"]), count(d["doc"]), count(len(r.GetProblems())), indexed, r.GetPath())
	}
	return view{value: &pb.ListRepositoriesResponse{Repos: repos}, table: t, text: func(w io.Writer) error {
		for _, r := range repos {
			writeProblems(w, r.GetProblems())
		}
		return nil
	}}
}

func count[N int | int32 | int64](n N) string { return strconv.FormatInt(int64(n), 10) }

func writeProblems(w io.Writer, problems []*pb.Problem) {
	for _, p := range problems {
		sev := "error"
		if p.GetSeverity() == pb.Severity_SEVERITY_WARNING {
			sev = "warning"
		}
		fmt.Fprintf(w, "%s: %s: %s\n", source(p.GetSource()), sev, p.GetMessage())
	}
}
