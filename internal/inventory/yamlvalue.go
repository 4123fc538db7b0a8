package inventory

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Ansible reads YAML with PyYAML, which resolves plain scalars by YAML 1.1
// rules: yes/no/on/off are booleans, 010 is octal, 1:30 is 90, but 1e3 and
// 0o17 are strings. gopkg.in/yaml.v3 resolves by YAML 1.2, so we take its
// nodes and resolve scalars ourselves.

// yamlPair is one key/value of a mapping after merge keys are applied.
type yamlPair struct {
	key   *yaml.Node
	value *yaml.Node
}

// mappingPairs returns a mapping's pairs as PyYAML's flatten_mapping leaves
// them: pairs merged in with "<<" first, then the mapping's own. Later pairs
// win for the same key, but callers keep the first pair's position.
func mappingPairs(n *yaml.Node) ([]yamlPair, error) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("expected a mapping node, but found %s", nodeKindName(n))
	}
	var merged, own []yamlPair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !isMergeKey(k) {
			own = append(own, yamlPair{k, v})
			continue
		}
		v = deref(v)
		switch v.Kind {
		case yaml.MappingNode:
			sub, err := mappingPairs(v)
			if err != nil {
				return nil, err
			}
			merged = append(merged, sub...)
		case yaml.SequenceNode:
			var subs [][]yamlPair
			for _, item := range v.Content {
				item = deref(item)
				if item.Kind != yaml.MappingNode {
					return nil, fmt.Errorf("line %d: expected a mapping for merging, but found %s", item.Line, nodeKindName(item))
				}
				sub, err := mappingPairs(item)
				if err != nil {
					return nil, err
				}
				subs = append(subs, sub)
			}
			for i := len(subs) - 1; i >= 0; i-- {
				merged = append(merged, subs[i]...)
			}
		default:
			return nil, fmt.Errorf("line %d: expected a mapping or list of mappings for merging, but found %s", v.Line, nodeKindName(v))
		}
	}
	return append(merged, own...), nil
}

func isMergeKey(k *yaml.Node) bool {
	k = deref(k)
	if k.Kind != yaml.ScalarNode || k.Value != "<<" {
		return false
	}
	if k.Style&yaml.TaggedStyle != 0 {
		return k.Tag == "!!merge" || k.Tag == "tag:yaml.org,2002:merge"
	}
	return isPlain(k)
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isPlain(n *yaml.Node) bool {
	return n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
}

func nodeKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "sequence"
	}
	return "scalar"
}

// yamlValue converts a node to the Go value of what ansible reads.
func yamlValue(n *yaml.Node) (any, error) {
	return yamlValueDepth(n, 0)
}

func yamlValueDepth(n *yaml.Node, depth int) (any, error) {
	if depth > 1000 {
		return nil, fmt.Errorf("line %d: nesting too deep", n.Line)
	}
	n = deref(n)
	switch n.Kind {
	case yaml.ScalarNode:
		return yamlScalar(n), nil
	case yaml.SequenceNode:
		items := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValueDepth(c, depth+1)
			if err != nil {
				return nil, err
			}
			items = append(items, v)
		}
		return items, nil
	case yaml.MappingNode:
		pairs, err := mappingPairs(n)
		if err != nil {
			return nil, err
		}
		m := make(map[string]any, len(pairs))
		var keys pyKeys
		for _, p := range pairs {
			k, err := yamlValueDepth(p.key, depth+1)
			if err != nil {
				return nil, err
			}
			key, ok := keys.name(k)
			if !ok {
				return nil, fmt.Errorf("line %d: unsupported mapping key", p.key.Line)
			}
			v, err := yamlValueDepth(p.value, depth+1)
			if err != nil {
				return nil, err
			}
			m[key] = v
		}
		return m, nil
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return yamlValueDepth(n.Content[0], depth+1)
	}
	return nil, nil
}

// yamlScalar resolves a scalar node. Tagged !vault and !unsafe values keep
// their text (a vaulted value starts with $ANSIBLE_VAULT).
func yamlScalar(n *yaml.Node) any {
	if n.Style&yaml.TaggedStyle != 0 {
		switch n.Tag {
		case "!!str", "!vault", "!vault-encrypted", "!unsafe", "!":
			return n.Value
		case "!!int":
			if v, ok := yamlInt(n.Value); ok {
				return v
			}
			return n.Value
		case "!!float":
			if v, ok := yamlFloat(n.Value); ok {
				return v
			}
			return n.Value
		case "!!bool":
			if v, ok := yamlBool(n.Value); ok {
				return v
			}
			return n.Value
		case "!!null":
			return nil
		case "!!timestamp":
			if v, ok := yamlTimestamp(n.Value); ok {
				return v
			}
		}
		return n.Value
	}
	if !isPlain(n) {
		return n.Value
	}
	return resolvePlain(n.Value)
}

// resolvePlain applies PyYAML's implicit resolvers, in their order, to a
// plain scalar.
func resolvePlain(s string) any {
	if s == "" {
		return nil
	}
	switch s[0] {
	case 'y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O':
		if v, ok := yamlBool(s); ok {
			return v
		}
		if s == "null" || s == "Null" || s == "NULL" {
			return nil
		}
		return s
	case '~':
		if s == "~" {
			return nil
		}
		return s
	case '-', '+', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if isYAMLFloat(s) {
			if v, ok := yamlFloat(s); ok {
				return v
			}
		}
		if isYAMLInt(s) {
			if v, ok := yamlInt(s); ok {
				return v
			}
			return s // beyond int64: kept as text
		}
		if s[0] >= '0' && s[0] <= '9' {
			if v, ok := yamlTimestamp(s); ok {
				return v
			}
		}
	}
	return s
}

func yamlBool(s string) (bool, bool) {
	switch s {
	case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
		return true, true
	case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
		return false, true
	}
	return false, false
}

// yamlSign splits an optional sign off s.
func yamlSign(s string) (neg bool, rest string) {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		return s[0] == '-', s[1:]
	}
	return false, s
}

func runOf(s string, ok func(byte) bool) int {
	i := 0
	for i < len(s) && ok(s[i]) {
		i++
	}
	return i
}

func isDigitOrUnderscore(c byte) bool { return c >= '0' && c <= '9' || c == '_' }

// sexagesimalTail matches (?::[0-5]?[0-9])+ at the start of s and returns
// its length, or 0.
func sexagesimalTail(s string) int {
	i := 0
	for i < len(s) && s[i] == ':' {
		j := i + 1
		switch {
		case j+1 < len(s) && s[j] >= '0' && s[j] <= '5' && s[j+1] >= '0' && s[j+1] <= '9':
			j += 2
		case j < len(s) && s[j] >= '0' && s[j] <= '9':
			j++
		default:
			return i
		}
		i = j
	}
	return i
}

// isYAMLInt matches PyYAML's int pattern.
func isYAMLInt(s string) bool {
	_, r := yamlSign(s)
	switch {
	case strings.HasPrefix(r, "0b"):
		b := r[2:]
		return b != "" && runOf(b, func(c byte) bool { return c == '0' || c == '1' || c == '_' }) == len(b)
	case strings.HasPrefix(r, "0x"):
		x := r[2:]
		return x != "" && runOf(x, func(c byte) bool { return isHexDigit(c) || c == '_' }) == len(x)
	case r == "0":
		return true
	case strings.HasPrefix(r, "0"):
		o := r[1:]
		return runOf(o, func(c byte) bool { return c >= '0' && c <= '7' || c == '_' }) == len(o)
	case r != "" && r[0] >= '1' && r[0] <= '9':
		n := runOf(r, isDigitOrUnderscore)
		if n == len(r) {
			return true
		}
		t := sexagesimalTail(r[n:])
		return t > 0 && n+t == len(r)
	}
	return false
}

// isYAMLFloat matches PyYAML's float pattern.
func isYAMLFloat(s string) bool {
	switch s {
	case ".nan", ".NaN", ".NAN":
		return true
	}
	_, r := yamlSign(s)
	switch r {
	case ".inf", ".Inf", ".INF":
		return true
	}
	if r == "" {
		return false
	}
	exponent := func(t string) bool {
		if t == "" {
			return true
		}
		if len(t) < 3 || t[0] != 'e' && t[0] != 'E' || t[1] != '-' && t[1] != '+' {
			return false
		}
		return runOf(t[2:], func(c byte) bool { return c >= '0' && c <= '9' }) == len(t)-2
	}
	if r[0] == '.' {
		// \.[0-9][0-9_]*(?:[eE][-+][0-9]+)? and only without a sign.
		if s[0] != '.' || len(r) < 2 || r[1] < '0' || r[1] > '9' {
			return false
		}
		n := 1 + runOf(r[1:], isDigitOrUnderscore)
		return exponent(r[n:])
	}
	if r[0] < '0' || r[0] > '9' {
		return false
	}
	n := runOf(r, isDigitOrUnderscore)
	if n < len(r) && r[n] == '.' {
		m := n + 1 + runOf(r[n+1:], isDigitOrUnderscore)
		return exponent(r[m:])
	}
	// [0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
	t := sexagesimalTail(r[n:])
	if t == 0 || n+t >= len(r) || r[n+t] != '.' {
		return false
	}
	rest := r[n+t+1:]
	return runOf(rest, isDigitOrUnderscore) == len(rest)
}

// yamlInt is PyYAML's construct_yaml_int.
func yamlInt(s string) (int64, bool) {
	v := strings.ReplaceAll(s, "_", "")
	neg, v := yamlSign(v)
	var n int64
	var err error
	switch {
	case v == "0":
		n = 0
	case strings.HasPrefix(v, "0b"):
		n, err = strconv.ParseInt(v[2:], 2, 64)
	case strings.HasPrefix(v, "0x"):
		n, err = strconv.ParseInt(v[2:], 16, 64)
	case strings.HasPrefix(v, "0"):
		n, err = strconv.ParseInt(v, 8, 64)
	case strings.IndexByte(v, ':') >= 0:
		for _, part := range strings.Split(v, ":") {
			d, perr := strconv.ParseInt(part, 10, 64)
			if perr != nil {
				return 0, false
			}
			n = n*60 + d
		}
	default:
		n, err = strconv.ParseInt(v, 10, 64)
	}
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// yamlFloat is PyYAML's construct_yaml_float.
func yamlFloat(s string) (float64, bool) {
	v := strings.ToLower(strings.ReplaceAll(s, "_", ""))
	neg, v := yamlSign(v)
	sign := 1.0
	if neg {
		sign = -1
	}
	switch {
	case v == ".inf":
		return sign * math.Inf(1), true
	case v == ".nan":
		return math.NaN(), true
	case strings.IndexByte(v, ':') >= 0:
		f := 0.0
		for _, part := range strings.Split(v, ":") {
			d, err := strconv.ParseFloat(part, 64)
			if err != nil {
				return 0, false
			}
			f = f*60 + d
		}
		return sign * f, true
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil && !math.IsInf(f, 0) {
		return 0, false
	}
	return sign * f, true
}
