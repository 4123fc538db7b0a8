package lsp

import (
	"context"
	"time"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	pb "handover/proto/handover/v1"
)

// document is an open file as the editor holds it.
type document struct {
	text  string
	dirty bool // changed since it was opened or saved
}

func (s *server) didOpen(_ *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	s.mu.Lock()
	s.docs[p.TextDocument.URI] = &document{text: p.TextDocument.Text}
	s.mu.Unlock()
	s.scheduleDiagnostics(p.TextDocument.URI, 0)
	return nil
}

func (s *server) didChange(_ *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		d = &document{}
		s.docs[p.TextDocument.URI] = d
	}
	for _, ch := range p.ContentChanges {
		// Full sync is what the server asks for; a client sending ranges
		// anyway is applied range by range.
		switch ch := ch.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			d.text = ch.Text
		case protocol.TextDocumentContentChangeEvent:
			d.text = applyChange(d.text, ch)
		}
	}
	d.dirty = true
	s.mu.Unlock()
	s.scheduleDiagnostics(p.TextDocument.URI, s.opts.Debounce)
	return nil
}

func (s *server) didSave(_ *glsp.Context, p *protocol.DidSaveTextDocumentParams) error {
	s.mu.Lock()
	if d := s.docs[p.TextDocument.URI]; d != nil {
		d.dirty = false
	}
	s.mu.Unlock()
	return nil
}

func (s *server) didClose(_ *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	s.mu.Lock()
	delete(s.docs, p.TextDocument.URI)
	if t := s.pending[p.TextDocument.URI]; t != nil {
		t.Stop()
		delete(s.pending, p.TextDocument.URI)
	}
	s.mu.Unlock()
	s.publish(p.TextDocument.URI, []diagnostic{})
	return nil
}

// buffer returns the open document's text, and whether it differs from
// the file on disk (then requests carry it).
func (s *server) buffer(uri string) (text string, dirty, open bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[uri]
	if d == nil {
		return "", false, false
	}
	return d.text, d.dirty, true
}

// content is the unsaved text to send with a request, nil when the file
// on disk is what the editor shows.
func (s *server) content(uri string) *string {
	text, dirty, _ := s.buffer(uri)
	if !dirty {
		return nil
	}
	return &text
}

// scheduleDiagnostics lints the document after delay, once typing pauses:
// a change within the delay starts it again.
func (s *server) scheduleDiagnostics(uri string, delay time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.pending[uri]; t != nil {
		t.Stop()
	}
	s.pending[uri] = time.AfterFunc(delay, func() { s.diagnose(uri) })
}

// diagnose publishes the lint findings of the document as it is now.
func (s *server) diagnose(uri string) {
	repo, rel, ok := s.locate(uri)
	text, _, open := s.buffer(uri)
	if !ok || !open {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	findings, err := s.c.LintFile(ctx, repo, rel, &text)
	if err != nil {
		s.log.Warn("lint", "path", rel, "err", err)
		return
	}
	if now, _, open := s.buffer(uri); !open || now != text {
		return // a newer change has its own run coming
	}
	s.publish(uri, diagnostics(findings, text))
}

// diagnostic is protocol.Diagnostic with the fields handover sets, as
// plain values: the library's pointers and IntegerOrString code (a
// json.Marshaler, re-encoded and compacted once per diagnostic) made
// encoding thousands of them cost more than linting them.
type diagnostic struct {
	Range    protocol.Range              `json:"range"`
	Severity protocol.DiagnosticSeverity `json:"severity"`
	Code     string                      `json:"code"`
	Source   string                      `json:"source"`
	Message  string                      `json:"message"`
}

// diagnostics turns the findings in text into diagnostics spanning their
// lines.
func diagnostics(findings []*pb.Finding, text string) []diagnostic {
	lines := newLineIndex(text)
	diags := make([]diagnostic, 0, len(findings))
	for _, f := range findings {
		line := max(f.GetSource().GetLine()-1, 0)
		msg := f.GetMessage()
		if f.GetFix() != "" {
			msg += "\n" + f.GetFix()
		}
		diags = append(diags, diagnostic{
			Range:    protocol.Range{Start: protocol.Position{Line: uint32(line)}, End: protocol.Position{Line: uint32(line), Character: lines.length(int(line))}},
			Severity: severity(f.GetLevel()), Code: f.GetRule(), Source: "handover", Message: msg,
		})
	}
	return diags
}

func (s *server) publish(uri string, diags []diagnostic) {
	s.mu.Lock()
	out := s.out
	s.mu.Unlock()
	if out == nil {
		return
	}
	params := struct {
		URI         string       `json:"uri"`
		Diagnostics []diagnostic `json:"diagnostics"`
	}{uri, diags}
	if err := out.notify(protocol.ServerTextDocumentPublishDiagnostics, params); err != nil {
		s.log.Warn("publish diagnostics", "err", err)
	}
}

func severity(l pb.LintLevel) protocol.DiagnosticSeverity {
	switch l {
	case pb.LintLevel_LINT_LEVEL_ERROR:
		return protocol.DiagnosticSeverityError
	case pb.LintLevel_LINT_LEVEL_WARNING:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}

// applyChange applies one ranged change.
func applyChange(text string, ch protocol.TextDocumentContentChangeEvent) string {
	if ch.Range == nil {
		return ch.Text
	}
	start, end := offset(text, ch.Range.Start), offset(text, ch.Range.End)
	if start > end {
		return text
	}
	return text[:start] + ch.Text + text[end:]
}
