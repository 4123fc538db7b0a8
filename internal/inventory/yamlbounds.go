package inventory

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"handover/internal/limits"
)

// yamlBounds measures a decoded document as it would be with its aliases
// expanded, without expanding them: a "billion laughs" of a few hundred
// bytes expands to gigabytes, and every reader of the values (ours, the
// index, a JSON encoder) would expand it again.
type yamlBounds struct {
	lim  limits.Limits
	cap  int                   // sizes stop counting here
	memo map[*yaml.Node][2]int // anchored node: expanded size, height
	open map[*yaml.Node]bool   // anchored nodes being measured: a cycle
}

// checkYAMLBounds returns an error when the document's aliases would add
// more than lim.YAMLAliasNodes nodes, when it nests deeper than
// lim.YAMLDepth (aliases included), or when an alias refers to a node that
// contains it.
func checkYAMLBounds(root *yaml.Node, lim limits.Limits) error {
	lim = lim.OrDefault()
	plain, err := plainSize(root, 0, lim.YAMLDepth)
	if err != nil {
		return err
	}
	b := &yamlBounds{lim: lim, cap: plain + lim.YAMLAliasNodes + 1, memo: map[*yaml.Node][2]int{}, open: map[*yaml.Node]bool{}}
	size, _, err := b.measure(root, 0)
	if err != nil {
		return err
	}
	if size-plain > lim.YAMLAliasNodes {
		return fmt.Errorf("YAML aliases expand this document by more than %d nodes (limits: yaml-alias-nodes); not read", lim.YAMLAliasNodes)
	}
	return nil
}

func depthError(n *yaml.Node, max int) error {
	return fmt.Errorf("line %d: YAML nests deeper than %d levels (limits: yaml-depth); not read", n.Line, max)
}

// plainSize counts the nodes as written, each alias as one.
func plainSize(n *yaml.Node, depth, max int) (int, error) {
	if depth > max {
		return 0, depthError(n, max)
	}
	size := 1
	for _, c := range n.Content {
		s, err := plainSize(c, depth+1, max)
		if err != nil {
			return 0, err
		}
		size += s
	}
	return size, nil
}

// measure returns n's expanded size (at most b.cap) and height; depth is
// n's own depth, so recursion stops at lim.YAMLDepth whatever the aliases.
func (b *yamlBounds) measure(n *yaml.Node, depth int) (size, height int, err error) {
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return 1, 1, nil
		}
		alias := n
		n = n.Alias
		if b.open[n] {
			return 0, 0, fmt.Errorf("line %d: alias *%s refers to a node that contains it; not read", alias.Line, alias.Value)
		}
	}
	if depth > b.lim.YAMLDepth {
		return 0, 0, depthError(n, b.lim.YAMLDepth)
	}
	if m, ok := b.memo[n]; ok {
		if depth+m[1] > b.lim.YAMLDepth+1 {
			return 0, 0, depthError(n, b.lim.YAMLDepth)
		}
		return m[0], m[1], nil
	}
	if n.Anchor != "" {
		b.open[n] = true
		defer delete(b.open, n)
	}
	size, height = 1, 1
	for _, c := range n.Content {
		s, h, err := b.measure(c, depth+1)
		if err != nil {
			return 0, 0, err
		}
		size = min(size+s, b.cap)
		height = max(height, h+1)
	}
	if n.Anchor != "" {
		b.memo[n] = [2]int{size, height}
	}
	return size, height, nil
}
