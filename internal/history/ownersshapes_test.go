package history

import (
	"slices"
	"testing"

	"handover/internal/limits"
)

// OWNERS files come in three shapes: CODEOWNERS lines (repository-wide at
// the root, relative to their directory elsewhere), Kubernetes YAML, and a
// plain list of names. Each is read without "not an owner" complaints.
func TestReadOwnersShapes(t *testing.T) {
	rules, problems := ReadOwners("testdata/owners-shapes", ownerFiles(t, "testdata/owners-shapes"), limits.Limits{})
	if len(problems) != 0 {
		t.Errorf("problems: %v", problems)
	}
	tests := []struct {
		path string
		want []string
	}{
		{"README.md", []string{"@platform"}},
		{"terraform/main.tf", []string{"@infra-team", "ops@example.com"}},
		{"infra/prod/hosts", []string{"@sre"}},
		{"infra/site/play.yml", []string{"@ansible-folk"}},
		{"infra/notes.txt", []string{"@platform"}},
		{"apps/web/main.go", []string{"alice", "bob"}},
		{"docs/runbooks/db.md", []string{"marta", "oleh@example.com"}},
	}
	for _, tt := range tests {
		if got := OwnersOf(rules, tt.path); !slices.Equal(got, tt.want) {
			t.Errorf("OwnersOf(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
