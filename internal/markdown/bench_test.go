package markdown

import (
	"fmt"
	"strings"
	"testing"

	"handover/internal/model"
)

// bigRunbook is a runbook of about a megabyte: many sections, each with a
// numbered list with nested bullets and a code block.
func bigRunbook() []byte {
	var b strings.Builder
	b.WriteString("---\ntitle: Big\nowner: ops\n---\n# Big\n\nIntro.\n\n")
	for i := 0; b.Len() < 1<<20; i++ {
		fmt.Fprintf(&b, "## Step group %d\n\n", i)
		for j := 1; j <= 10; j++ {
			fmt.Fprintf(&b, "%d. Do thing %d of group %d\n   on two lines\n   - detail\n     ```\n     cmd %d\n     ```\n", j, j, i, j)
		}
		b.WriteString("\n### Notes\n\nSome *text* here.\n\n")
	}
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	src := bigRunbook()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Parse("runbooks/big.md", src, model.KindSOP)
	}
}
