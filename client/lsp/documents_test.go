package lsp

import (
	"encoding/json"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"

	pb "handover/proto/handover/v1"
)

// The diagnostics handover encodes itself read back as the protocol's own
// type: each spans its finding's whole line, in UTF-16 units, and says the
// fix after the message.
func TestDiagnosticsDecodeAsProtocol(t *testing.T) {
	text := "[web]\n# 🚀 the shop\nweb01 ansible_host=10.0.0.1\r\n"
	findings := []*pb.Finding{
		{Rule: "host-python", Level: pb.LintLevel_LINT_LEVEL_WARNING, Message: "no python", Fix: "add it", Source: &pb.Source{Line: 3}},
		{Rule: "hierarchy", Level: pb.LintLevel_LINT_LEVEL_ERROR, Message: "not nested", Source: &pb.Source{Line: 2}},
		{Rule: "parse-error", Level: pb.LintLevel_LINT_LEVEL_NOTE, Message: "whole file"},
	}
	data, err := json.Marshal(diagnostics(findings, text))
	if err != nil {
		t.Fatal(err)
	}
	// glsp's IntegerOrString does not decode (a value receiver): the code
	// is read beside the protocol's type.
	var got []struct {
		protocol.Diagnostic
		Code string `json:"code"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line, end uint32
		sev       protocol.DiagnosticSeverity
		code, msg string
	}{
		{2, 27, protocol.DiagnosticSeverityWarning, "host-python", "no python\nadd it"},
		{1, 13, protocol.DiagnosticSeverityError, "hierarchy", "not nested"},
		{0, 5, protocol.DiagnosticSeverityInformation, "parse-error", "whole file"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d diagnostics, want %d: %s", len(got), len(want), data)
	}
	for i, w := range want {
		g := got[i]
		r := protocol.Range{Start: protocol.Position{Line: w.line}, End: protocol.Position{Line: w.line, Character: w.end}}
		if g.Range != r || g.Severity == nil || *g.Severity != w.sev || g.Code != w.code ||
			g.Source == nil || *g.Source != "handover" || g.Message != w.msg {
			t.Errorf("diagnostic %d = %s, want line %d to %d, %v %s %q", i, data, w.line, w.end, w.sev, w.code, w.msg)
		}
	}
	if data, _ := json.Marshal(diagnostics(nil, text)); string(data) != "[]" {
		t.Errorf("no findings: %s, want [] (null would not clear the editor's list)", data)
	}
}
