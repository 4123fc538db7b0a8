package markdown

import (
	"fmt"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

func TestScratch(t *testing.T) {
	src := []byte("---\ntitle: x\n---\n# T\n\n  1. a\n     b\n  2. c\n\n     para2\n     - x\n       - y\n\nSetext\n===\n\n#\n\n> 1. q\n- [ ] task\n* foo\n")
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering { return ast.WalkContinue, nil }
		fmt.Printf("%T pos=%d", n, n.Pos())
		if n.Pos() >= 0 { fmt.Printf(" %q", string(src[n.Pos():min(len(src), n.Pos()+6)])) }
		if n.Type() == ast.TypeBlock {
			for i := 0; i < n.Lines().Len(); i++ { s := n.Lines().At(i); fmt.Printf(" [%d,%d %q]", s.Start, s.Stop, s.Value(src)) }
		}
		fmt.Println()
		return ast.WalkContinue, nil
	})
}
