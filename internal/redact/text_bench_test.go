package redact

import "testing"

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
