package cli

import (
	"errors"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"

	"handover/internal/model"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// aligned lines up key-value text (a host's details, its vars); tables
// of rows are tables.
func aligned(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}

func source(s *pb.Source) string {
	if s == nil || s.GetPath() == "" {
		return ""
	}
	if s.GetLine() > 0 {
		return fmt.Sprintf("%s:%d", s.GetPath(), s.GetLine())
	}
	return s.GetPath()
}

// place is where a host runs: env · cloud · purpose groups.
func place(h *pb.Host) string {
	var parts []string
	for _, s := range []string{h.GetEnv(), h.GetCloud(), strings.Join(h.GetPurposeGroups(), "+")} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "(no env/cloud/purpose groups)"
	}
	return strings.Join(parts, " · ")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func valueString(v *structpb.Value) string {
	if v == nil {
		return ""
	}
	if s, ok := v.GetKind().(*structpb.Value_StringValue); ok {
		return s.StringValue
	}
	b, err := protojson.Marshal(v)
	if err != nil {
		return v.String()
	}
	return string(b)
}

func indent(text, prefix string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	return strings.Join(lines, "\n"+prefix)
}

func answerView(resp *pb.AskResponse) view {
	return view{value: resp, text: func(w io.Writer) error {
		writeAnswer(w, resp)
		return nil
	}}
}

func writeAnswer(w io.Writer, resp *pb.AskResponse) {
	fmt.Fprintln(w, resp.GetSummary())
	for _, a := range resp.GetHosts() {
		h := a.GetHost()
		fmt.Fprintf(w, "\n%s  (%s)\n", h.GetName(), place(h))
		const pad = "         "
		if a.GetWhy() != "" {
			fmt.Fprintf(w, "  why    %s\n", indent(a.GetWhy(), pad))
			fmt.Fprintf(w, "%s%s\n", pad, source(a.GetWhySource()))
		} else {
			fmt.Fprintf(w, "  why    (no purpose comment above the host or its groups)\n")
		}
		fmt.Fprintf(w, "  where  %s  [%s]\n", source(h.GetSource()), h.GetRepo())
		fmt.Fprintf(w, "  ssh    key %s, python %s\n", dash(h.GetSshPrivateKeyFile()), dash(h.GetPythonInterpreter()))
		if tf := linkNames(h.GetLinks(), model.RelCreatedBy); len(tf) > 0 {
			fmt.Fprintf(w, "  tf     %s\n", strings.Join(tf, ", "))
		}
		writeRoles(w, h)
	}
	writeRelated(w, resp)
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
			writeHostDetail(w, h)
		}
		return nil
	}}
}

func writeHostDetail(w io.Writer, h *pb.Host) {
	fmt.Fprintf(w, "%s\n", h.GetName())
	t := aligned(w)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(t, "  %s\t%s\n", k, v)
		}
	}
	row("repo", h.GetRepo())
	row("source", source(h.GetSource()))
	row("purpose", indent(h.GetPurpose(), "  \t"))
	row("env", dash(h.GetEnv()))
	row("cloud", dash(h.GetCloud()))
	row("purpose groups", dash(strings.Join(h.GetPurposeGroups(), ", ")))
	row("groups", strings.Join(h.GetGroups(), ", "))
	row("ssh key", dash(h.GetSshPrivateKeyFile()))
	row("python", dash(h.GetPythonInterpreter()))
	t.Flush()
	writeLinks(w, h.GetLinks())
	if len(h.GetVars()) > 0 {
		fmt.Fprintln(w, "  vars")
		t = aligned(w)
		for _, v := range h.GetVars() {
			fmt.Fprintf(t, "    %s\t%s\n", v.GetName(), valueString(v.GetValue()))
		}
		t.Flush()
	}
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
		row := hitRows[it.Kind()](it)
		text := row.text
		for _, f := range hit.GetFragments() {
			if len(f.GetTexts()) > 0 {
				text = plainFragment(f.GetTexts()[0])
				break
			}
		}
		t.add(string(it.Kind()), row.name, row.env, row.cloud, strconv.FormatFloat(hit.GetScore(), 'f', 3, 64), hit.GetId(), row.src, text)
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
