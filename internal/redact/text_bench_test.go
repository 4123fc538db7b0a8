package redact

import (
	"testing"
	"unsafe"
)

// BenchmarkTextLintMessage: the text of a lint finding that names a key
// setting but holds no secret, redacted once per finding.
func BenchmarkTextLintMessage(b *testing.B) {
	msg := "host app1-01.prod has no ansible_ssh_private_key_file on its line: the standard wants the key path explicit on every host line"
	for b.Loop() {
		if Text(msg) != msg {
			b.Fatal("changed")
		}
	}
}

// TestTextKeepsUnchangedText: a text with a trigger word but no secret is
// returned as it is, not copied, so that holding it redacted costs nothing
// more.
func TestTextKeepsUnchangedText(t *testing.T) {
	msg := "host app1-01.prod has no ansible_ssh_private_key_file on its line: the standard wants the key path explicit on every host line"
	for _, msg := range []string{msg, msg + " (ghp_ names a token kind)"} {
		if got := Text(msg); unsafe.StringData(got) != unsafe.StringData(msg) {
			t.Errorf("Text(%q) returned a copy", msg)
		}
	}
}
