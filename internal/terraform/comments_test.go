package terraform

import (
	"testing"
)

func TestWhy(t *testing.T) {
	tests := []struct {
		name string
		src  string // the block starts on the last line
		why  string
		line int
	}{
		{"hash", "# Builds.\n# Two lines.\nresource \"a\" \"b\" {}\n", "Builds.\nTwo lines.", 1},
		{"slashes", "// Builds.\nresource \"a\" \"b\" {}\n", "Builds.", 1},
		{"one blank line", "# Builds.\n\nresource \"a\" \"b\" {}\n", "Builds.", 1},
		{"two blank lines", "# File header.\n\n\nresource \"a\" \"b\" {}\n", "", 0},
		{"code between", "# About x.\nlocals { x = 1 }\nresource \"a\" \"b\" {}\n", "", 0},
		{"after a block", "locals {\n  x = 1\n}\n# Builds.\nresource \"a\" \"b\" {}\n", "Builds.", 4},
		{"trailing comment is code", "locals { x = 1 } # about x\nresource \"a\" \"b\" {}\n", "", 0},
		{"block comment", "/* Builds.\n * Fast.\n */\nresource \"a\" \"b\" {}\n", "Builds.\nFast.", 1},
		{"one-line block comment", "/* Builds. */\nresource \"a\" \"b\" {}\n", "Builds.", 1},
		{"mixed markers", "# One.\n// Two.\n/* Three. */\nresource \"a\" \"b\" {}\n", "One.\nTwo.\nThree.", 1},
		{"banner", "#####\n# VPC\n#####\n\nmodule \"vpc\" {}\n", "VPC", 1},
		{"blank inside the block ends it", "# Old.\n\n# New.\nresource \"a\" \"b\" {}\n", "New.", 3},
		{"empty comment lines trimmed", "#\n# Builds.\n#\nresource \"a\" \"b\" {}\n", "Builds.", 1},
		{"commented-out code is still a comment", "# resource \"x\" \"y\" {\n# }\nresource \"a\" \"b\" {}\n", "resource \"x\" \"y\" {\n}", 1},
		{"heredoc is not a comment", "locals {\n  x = <<EOT\n# not a comment\nEOT\n}\nresource \"a\" \"b\" {}\n", "", 0},
		{"indented marker text", "#   indented\nresource \"a\" \"b\" {}\n", "  indented", 1},
		{"secret in a comment", "# admin password=hunter2\nresource \"a\" \"b\" {}\n", "admin password=[redacted:password]", 1},
		{"first line", "resource \"a\" \"b\" {}\n", "", 0},
		{"crlf", "# Builds.\r\n\r\nresource \"a\" \"b\" {}\r\n", "Builds.", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := scanComments("x.tf", []byte(tt.src))
			line := len(c.kinds) - 2 // the last line holds the block
			got := c.above(line)
			if got.Text != tt.why || got.Source.Line != tt.line {
				t.Errorf("why = %q at %d, want %q at %d", got.Text, got.Source.Line, tt.why, tt.line)
			}
			if got.Text != "" && got.Source.Path != "x.tf" {
				t.Errorf("why path = %q", got.Source.Path)
			}
		})
	}
}
