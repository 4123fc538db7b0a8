package nearest

import (
	"slices"
	"testing"
)

func TestNames(t *testing.T) {
	vocab := []string{"jenkins01.prod.example.com", "jenkins02.prod.example.com", "web01", "production", "staging"}
	for _, tt := range []struct {
		word string
		want []string
	}{
		{"jenkns01", []string{"jenkins01.prod.example.com", "jenkins02.prod.example.com"}},
		{"prodution", []string{"production"}},
		{"WEB1", []string{"web01"}},
		{"zzzzzzzz", nil},
	} {
		if got := Names(vocab, tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("Names(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}
