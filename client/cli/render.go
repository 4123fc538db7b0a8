package cli

import (
	"fmt"
	"html"
	"io"
	"strings"
	"text/tabwriter"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

func writeJSON(w io.Writer, m proto.Message) error {
	b, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(m)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

func newTable(w io.Writer) *tabwriter.Writer {
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

// oneLine shortens multi-line text for a table cell.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
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
		if tf := linkNames(h.GetLinks(), "created-by"); len(tf) > 0 {
			fmt.Fprintf(w, "  tf     %s\n", strings.Join(tf, ", "))
		}
	}
	writeRelated(w, resp)
}

func writeHostTable(w io.Writer, hosts []*pb.Host) {
	t := newTable(w)
	fmt.Fprintln(t, "NAME\tENV\tCLOUD\tPURPOSE GROUPS\tSOURCE\tPURPOSE")
	for _, h := range hosts {
		fmt.Fprintf(t, "%s\t%s\t%s\t%s\t%s\t%s\n", h.GetName(), dash(h.GetEnv()), dash(h.GetCloud()),
			dash(strings.Join(h.GetPurposeGroups(), ",")), source(h.GetSource()), oneLine(h.GetPurpose(), 60))
	}
	t.Flush()
}

func writeHostDetail(w io.Writer, h *pb.Host) {
	fmt.Fprintf(w, "%s\n", h.GetName())
	t := newTable(w)
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
		t = newTable(w)
		for _, v := range h.GetVars() {
			fmt.Fprintf(t, "    %s\t%s\n", v.GetName(), valueString(v.GetValue()))
		}
		t.Flush()
	}
}

func writeSearch(w io.Writer, resp *pb.SearchResponse) {
	t := newTable(w)
	fmt.Fprintln(t, "KIND\tNAME\tENV\tCLOUD\tSOURCE\tMATCH")
	// MATCH shows the first highlighted fragment, else what the thing is for.
	for _, hit := range resp.GetHits() {
		var name, env, cloud, src, text string
		switch {
		case hit.GetHost() != nil:
			h := hit.GetHost()
			name, env, cloud, src, text = h.GetName(), h.GetEnv(), h.GetCloud(), source(h.GetSource()), h.GetPurpose()
		case hit.GetGroup() != nil:
			g := hit.GetGroup()
			name, env, cloud, src, text = g.GetName(), g.GetEnv(), g.GetCloud(), source(g.GetSource()), g.GetComment()
		default:
			name, src, text = hitSummary(hit)
		}
		for _, f := range hit.GetFragments() {
			if len(f.GetTexts()) > 0 {
				text = plainFragment(f.GetTexts()[0])
				break
			}
		}
		fmt.Fprintf(t, "%s\t%s\t%s\t%s\t%s\t%s\n", pbconv.KindFromProto(hit.GetKind()), name, dash(env), dash(cloud), src, oneLine(text, 70))
	}
	t.Flush()
	fmt.Fprintf(w, "\n%d matches", resp.GetTotal())
	if resp.GetNextPageToken() != "" {
		fmt.Fprintf(w, " (more: --page %s)", resp.GetNextPageToken())
	}
	fmt.Fprintln(w)
	for _, f := range resp.GetFacets() {
		var parts []string
		for _, v := range f.GetValues() {
			parts = append(parts, fmt.Sprintf("%s (%d)", v.GetValue(), v.GetCount()))
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "%-8s %s\n", f.GetField()+":", strings.Join(parts, ", "))
		}
	}
}

// plainFragment turns a highlighted HTML fragment into terminal text:
// entities decoded, the <mark> around matches dropped.
func plainFragment(s string) string {
	s = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	return html.UnescapeString(s)
}

func writeRepos(w io.Writer, repos []*pb.Repository) {
	t := newTable(w)
	fmt.Fprintln(t, "NAME\tHOSTS\tGROUPS\tINVENTORIES\tRESOURCES\tSOPS\tINCIDENTS\tDOC SECTIONS\tPROBLEMS\tINDEXED\tPATH")
	for _, r := range repos {
		indexed := "not yet"
		if r.GetIndexedAt() != nil {
			indexed = r.GetIndexedAt().AsTime().Local().Format("2006-01-02 15:04:05")
		}
		d := r.GetDocs()
		fmt.Fprintf(t, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", r.GetName(), r.GetHosts(), r.GetGroups(), r.GetInventories(),
			d["resource"], d["sop"], d["incident"], d["doc"], len(r.GetProblems()), indexed, r.GetPath())
	}
	t.Flush()
	for _, r := range repos {
		writeProblems(w, r.GetProblems())
	}
}

func writeProblems(w io.Writer, problems []*pb.Problem) {
	for _, p := range problems {
		sev := "error"
		if p.GetSeverity() == pb.Severity_SEVERITY_WARNING {
			sev = "warning"
		}
		fmt.Fprintf(w, "%s: %s: %s\n", source(p.GetSource()), sev, p.GetMessage())
	}
}
