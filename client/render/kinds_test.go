package render

import (
	"testing"

	"handover/internal/model"
)

// Every registered kind reads as a row: a new kind fails here until the
// text renderings know how to show it.
func TestEveryKindRendered(t *testing.T) {
	for _, info := range model.Kinds() {
		row, ok := rows[info.Kind]
		if !ok {
			t.Errorf("kind %s has no row in rows", info.Kind)
			continue
		}
		row(info.New()) // an empty item reads, without a panic
	}
}
