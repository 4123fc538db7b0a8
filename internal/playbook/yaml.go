package playbook

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"handover/internal/limits"
	"handover/internal/model"
)

// maxFileBytes is the largest playbook or role file read: bigger ones are
// generated, not written by the team.
const maxFileBytes = 4 << 20

// readYAML parses the YAML file root/rel into its document's root node;
// an empty file is a nil node without error.
func readYAML(root, rel string) (*yaml.Node, error) {
	data, err := limits.ReadFile(root, rel, maxFileBytes, "")
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(string(data), "$ANSIBLE_VAULT;") {
		return nil, nil // encrypted whole: nothing to read without the key
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	return deref(doc.Content[0]), nil
}

// errLine reads the line a yaml error names, 0 when it names none.
var errLine = regexp.MustCompile(`line (\d+)`)

func problem(rel string, err error) model.Problem {
	line := 0
	if m := errLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if pe, ok := err.(*os.PathError); ok {
		msg = "cannot read: " + pe.Err.Error()
	}
	return model.Problem{Source: model.Source{Path: rel, Line: line}, Severity: model.SeverityWarning, Message: msg}
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// pairs are a mapping's keys and values, aliases resolved.
func pairs(n *yaml.Node) [][2]*yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([][2]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, [2]*yaml.Node{n.Content[i], deref(n.Content[i+1])})
	}
	return out
}

// get is a mapping's value under key, nil when absent.
func get(n *yaml.Node, key string) *yaml.Node {
	for _, kv := range pairs(n) {
		if kv[0].Value == key {
			return kv[1]
		}
	}
	return nil
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// items are a sequence's elements, aliases resolved.
func items(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = deref(c)
	}
	return out
}

// stringList reads a list of strings, or one string of comma-separated
// ones (tags: a,b), as ansible does.
func stringList(n *yaml.Node) []string {
	var out []string
	add := func(s string) {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	switch {
	case n == nil:
	case n.Kind == yaml.ScalarNode:
		add(n.Value)
	default:
		for _, c := range items(n) {
			add(scalar(c))
		}
	}
	return out
}

// boolValue reads a YAML or ansible boolean (yes, true, on, 1).
func boolValue(n *yaml.Node) bool {
	switch strings.ToLower(scalar(n)) {
	case "yes", "true", "on", "1", "y", "t":
		return true
	}
	return false
}

// vars reads a mapping into variables in file order, values as the model
// keeps them (int64 for integers).
func vars(n *yaml.Node) []model.Var {
	var out []model.Var
	for _, kv := range pairs(n) {
		out = append(out, model.Var{Name: kv[0].Value, Value: value(kv[1])})
	}
	return out
}

func value(n *yaml.Node) any {
	var v any
	if err := n.Decode(&v); err != nil {
		return n.Value
	}
	return normalize(v)
}

func normalize(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case uint64:
		return float64(x)
	case time.Time:
		return x.Format(time.RFC3339)
	case []any:
		for i := range x {
			x[i] = normalize(x[i])
		}
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = normalize(e)
		}
		return out
	}
	return v
}
