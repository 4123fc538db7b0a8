// Package render writes handover's answers as plain text: an answer to a
// question, a host card, an SOP as written. The CLI prints them and the MCP
// server hands them to coding agents, so both read the same, and every
// fact is followed by the file:line it comes from. Tables and the -o
// formats are the CLI's own (package cli); this package is only the text.
package render

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

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

// Source is a citation: path:line, or the path alone when it has no line.
func Source(s *pb.Source) string {
	if s == nil || s.GetPath() == "" {
		return ""
	}
	if s.GetLine() > 0 {
		return fmt.Sprintf("%s:%d", s.GetPath(), s.GetLine())
	}
	return s.GetPath()
}

// Dash is s, or "-" when it is empty.
func Dash(s string) string {
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

// Cut shortens s to n characters, the last one …
func Cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func indent(text, prefix string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			lines[i] = prefix + lines[i]
		} else {
			lines[i] = "" // a blank line stays blank, without trailing spaces
		}
	}
	return strings.Join(lines, "\n")
}

// ProviderName is a resource's provider, with its alias when it has one.
func ProviderName(r *pb.Resource) string {
	if r.GetProviderAlias() != "" {
		return r.GetProvider() + "." + r.GetProviderAlias()
	}
	return r.GetProvider()
}

// LinkNames are the names of the links of one relation.
func LinkNames(links []*pb.Link, rel model.Rel) []string {
	var out []string
	for _, l := range links {
		if pbconv.RelFromProto(l.GetRel()) == rel {
			out = append(out, l.GetName())
		}
	}
	return out
}

// links prints what a document links to, grouped by relation.
func links(w io.Writer, links []*pb.Link) {
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
		fmt.Fprintf(t, "    %s %s\t%s\t%s%s\n", pbconv.RelFromProto(l.GetRel()), pbconv.KindFromProto(l.GetKind()), l.GetName(), Source(l.GetSource()), via)
	}
	t.Flush()
}

// from says where a value was set, "from group_vars/web.yml:3", or ""
// when that is not known.
func from(s *pb.Source) string {
	if src := Source(s); src != "" {
		return "from " + src
	}
	return ""
}
