package markdown

import (
	"fmt"
	"strings"
	"testing"

	"handover/internal/model"
)

// designDoc is a 2 KB document that is none of our kinds: sections, a
// bullet list, a code block, no date and no steps.
func designDoc() []byte {
	var b strings.Builder
	b.WriteString("# Storage design\n\nWhy we keep three replicas.\n\n")
	for i := 0; b.Len() < 2<<10; i++ {
		fmt.Fprintf(&b, "## Part %d\n\nSome prose about part %d.\n\n- a point\n- another\n\n```\nexample %d\n```\n\n", i, i, i)
	}
	return []byte(b.String())
}

// BenchmarkClassifyByShape is the cost of the shape rules alone on a file
// that is none of our kinds (the parse is done once, outside the loop).
func BenchmarkClassifyByShape(b *testing.B) {
	f := read("docs/design.md", designDoc())
	for b.Loop() {
		if f.kind(model.KindDoc) != model.KindDoc {
			b.Fatal("design doc read as a runbook or incident")
		}
	}
}

// BenchmarkDocHeavyRepo reads and classifies 5,000 small markdown files,
// runbooks, postmortems and docs in turn, on one goroutine.
func BenchmarkDocHeavyRepo(b *testing.B) {
	kinds := [][]byte{
		[]byte("# KubePodCrashLooping\n\n## Meaning\n\nRestarts.\n\n## Mitigation\n\n1. Check logs\n   ```\n   kubectl logs x\n   ```\n2. Fix\n"),
		[]byte("# 2022-01-27, pod limit reached\n\n## Summary\n\nFull.\n\n## Timeline\n\n- 10:00 alert\n"),
		designDoc(),
	}
	for b.Loop() {
		for i := range 5000 {
			p := fmt.Sprintf("docs/guides/f%d.md", i)
			Parse(p, kinds[i%3], KindForPath(p))
		}
	}
}
