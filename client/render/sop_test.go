package render

import (
	"strings"
	"testing"

	pb "handover/proto/handover/v1"
)

// An SOP prints in the order of its file: the steps under their heading,
// and the sections without steps as written (a warning after the steps),
// each section's own text once: a parent's stops at its first child.
func TestSOPPrintsEverySection(t *testing.T) {
	src := func(line int32) *pb.Source { return &pb.Source{Path: "sops/revoke.md", Line: line} }
	s := &pb.Sop{
		Title: "Revoke a leaked key", Source: src(1),
		Procedures: []*pb.Procedure{{Heading: "Steps", Steps: []*pb.Step{
			{Marker: "1.", Text: "Find the key.", Source: src(6)},
			{Marker: "2.", Text: "Delete it.", Source: src(7)},
		}}},
		Sections: []*pb.Section{
			{Heading: "Before you start", Level: 2, Text: "Tell the channel.", Source: src(3)},
			{Heading: "Steps", Level: 2, Text: "1. Find the key.\n2. Delete it.", Source: src(5)},
			{Heading: "Afterwards", Level: 2, Text: "Check the audit log.\n\n### Who to tell\n\nThe owner.", Source: src(9)},
			{Heading: "Who to tell", Level: 3, Text: "The owner.", Source: src(13)},
		},
	}
	var b strings.Builder
	SOP(&b, s)
	out := b.String()
	order := []string{
		"Before you start  sops/revoke.md:3\nTell the channel.",
		"Steps\n1. Find the key.\n2. Delete it.",
		"Afterwards  sops/revoke.md:9\nCheck the audit log.\n",
		"Who to tell  sops/revoke.md:13\nThe owner.",
	}
	at := 0
	for _, want := range order {
		i := strings.Index(out[at:], want)
		if i < 0 {
			t.Fatalf("%q missing or out of order in\n%s", want, out)
		}
		at += i + len(want)
	}
	if strings.Count(out, "Find the key.") != 1 || strings.Count(out, "The owner.") != 1 {
		t.Errorf("a text printed twice:\n%s", out)
	}
}
