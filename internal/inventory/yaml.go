package inventory

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"handover/internal/limits"
	"handover/internal/model"
)

// yamlParser is ansible's YAML inventory plugin (plugins/inventory/yaml.py):
// top-level keys are groups, each with optional hosts, vars and children.
type yamlParser struct {
	d    *inventoryData
	path string
}

// errNotYAMLInventory says the file is not a YAML inventory at all (not a
// mapping, or empty), so ansible would go on to try the INI plugin.
var errNotYAMLInventory = errors.New("not a YAML inventory")

// decodeYAMLDocument decodes the single document of data, refusing one
// whose aliases or nesting go beyond lim (see checkYAMLBounds).
func decodeYAMLDocument(data []byte, lim limits.Limits) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, nil
		}
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, errors.New("expected a single document in the stream")
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		if err := checkYAMLBounds(doc.Content[0], lim); err != nil {
			return nil, err
		}
		return doc.Content[0], nil
	}
	return nil, nil
}

// parseYAMLInventory reads one YAML inventory file into d. It returns
// errNotYAMLInventory (wrapped) when ansible's YAML plugin would decline
// the file, leaving d untouched.
func parseYAMLInventory(d *inventoryData, path string, data []byte) error {
	root, err := decodeYAMLDocument(data, d.lim)
	if err != nil {
		return fmt.Errorf("%w: %v", errNotYAMLInventory, err)
	}
	if root == nil {
		return fmt.Errorf("%w: Parsed empty YAML file", errNotYAMLInventory)
	}
	root = deref(root)
	if root.Kind == yaml.ScalarNode && yamlScalar(root) == nil {
		return fmt.Errorf("%w: Parsed empty YAML file", errNotYAMLInventory)
	}
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("%w: YAML inventory has invalid structure, it should be a dictionary, got: %s", errNotYAMLInventory, pyTypeName(root))
	}
	pairs, err := mappingPairs(root)
	if err != nil {
		return fmt.Errorf("%w: %v", errNotYAMLInventory, err)
	}
	if len(pairs) == 0 {
		return fmt.Errorf("%w: Parsed empty YAML file", errNotYAMLInventory)
	}
	for _, p := range lastWins(pairs) {
		if k, _ := yamlValue(p.key); k == "plugin" {
			if v, _ := yamlValue(p.value); truthy(v) {
				return fmt.Errorf("%w: Plugin configuration YAML file, not YAML inventory", errPluginConfig)
			}
		}
	}
	y := &yamlParser{d: d, path: path}
	for _, p := range lastWins(pairs) {
		y.parseGroup(p.key, p.value)
	}
	return nil
}

var errPluginConfig = errors.New("inventory plugin configuration")

// lastWins drops earlier pairs of a repeated key but keeps the first
// position, like assigning into a Python dict.
func lastWins(pairs []yamlPair) []yamlPair {
	if len(pairs) < 2 {
		return pairs
	}
	index := make(map[string]int, len(pairs))
	out := make([]yamlPair, 0, len(pairs))
	for _, p := range pairs {
		k := deref(p.key)
		key := fmt.Sprintf("%d:%d", k.Line, k.Column) // collections: never equal
		if k.Kind == yaml.ScalarNode {
			v, _ := yamlValue(k)
			key = pyKeyIdentity(v)
		}
		if i, ok := index[key]; ok {
			out[i].value = p.value
			continue
		}
		index[key] = len(out)
		out = append(out, p)
	}
	return out
}

func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case int64:
		return v != 0
	case float64:
		return v != 0
	case []any:
		return len(v) > 0
	case map[string]any:
		return len(v) > 0
	}
	return true
}

func (y *yamlParser) src(n *yaml.Node) model.Source {
	return model.Source{Path: y.path, Line: n.Line}
}

func (y *yamlParser) warn(n *yaml.Node, format string, args ...any) {
	y.d.problem(y.src(n), model.SeverityWarning, format, args...)
}

func (y *yamlParser) fail(n *yaml.Node, format string, args ...any) {
	y.d.problem(y.src(n), model.SeverityError, format, args...)
}

// isNull reports whether a node is what PyYAML reads as None.
func isNull(n *yaml.Node) bool {
	n = deref(n)
	return n.Kind == yaml.ScalarNode && yamlScalar(n) == nil
}

// parseGroup is _parse_group. It returns the group's id, or -1.
func (y *yamlParser) parseGroup(keyNode, data *yaml.Node) int32 {
	key, _ := yamlValue(keyNode)
	name, isString := key.(string)
	data = deref(data)
	if data.Kind != yaml.MappingNode && !isNull(data) {
		y.warn(keyNode, "Skipping '%s' as this is not a valid group definition", formatValue(key))
		return -1
	}
	switch {
	case !truthy(key):
		y.fail(keyNode, "Unable to add group %s: Invalid empty/false group name provided: %s", formatValue(key), formatValue(key))
		return -1
	case !isString:
		y.fail(keyNode, "Unable to add group %s: Invalid group name supplied, expected a string but got %s for %s", formatValue(key), pyTypeOf(key), formatValue(key))
		return -1
	}
	id := y.d.addGroup(name, y.src(keyNode))
	comment := headComment(keyNode)
	y.d.declareGroup(id, y.src(keyNode), comment.text, true)
	if isNull(data) {
		return id
	}
	pairs, err := mappingPairs(data)
	if err != nil {
		y.fail(data, "%s", err)
		return id
	}
	pairs = lastWins(pairs)
	// The sections must be mappings; a string stands for a one-key mapping.
	for _, p := range pairs {
		section, _ := yamlValue(p.key)
		switch section {
		case "vars", "children", "hosts":
		default:
			continue
		}
		v := deref(p.value)
		if v.Kind == yaml.MappingNode || isNull(v) {
			continue
		}
		if _, ok := yamlScalar(v).(string); ok && v.Kind == yaml.ScalarNode {
			continue
		}
		y.fail(p.key, "Invalid \"%s\" entry for \"%s\" group, requires a dictionary, found \"%s\" instead.", section, name, pyTypeName(v))
		return id
	}
	for _, p := range pairs {
		section, _ := yamlValue(p.key)
		v := deref(p.value)
		single := v.Kind == yaml.ScalarNode && !isNull(v)
		if s, ok := yamlScalar(v).(string); single && ok && (section == "vars" || section == "children" || section == "hosts") {
			// {value: None}
			y.parseSectionEntry(id, section.(string), v, s)
			continue
		}
		if v.Kind != yaml.MappingNode && !isNull(v) {
			y.warn(p.key, "Skipping key (%s) in group (%s) as it is not a mapping, it is a %s", formatValue(section), name, pyTypeName(v))
			continue
		}
		if isNull(v) {
			continue
		}
		switch section {
		case "vars", "children", "hosts":
		default:
			y.warn(p.key, "Skipping unexpected key (%s) in group (%s), only \"vars\", \"children\" and \"hosts\" are valid", formatValue(section), name)
			continue
		}
		entries, err := mappingPairs(v)
		if err != nil {
			y.fail(v, "%s", err)
			continue
		}
		for _, e := range lastWins(entries) {
			y.parseEntry(id, section.(string), e.key, e.value)
		}
	}
	return id
}

// parseSectionEntry handles a section written as a single string, which
// ansible turns into {string: None}.
func (y *yamlParser) parseSectionEntry(id int32, section string, node *yaml.Node, s string) {
	keyNode := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle, Line: node.Line, Column: node.Column}
	y.parseEntry(id, section, keyNode, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: node.Line})
}

func (y *yamlParser) parseEntry(id int32, section string, key, value *yaml.Node) {
	switch section {
	case "vars":
		k, _ := yamlValue(key)
		name, ok := jsonKey(k)
		if !ok {
			y.fail(key, "unsupported variable name")
			return
		}
		v, err := yamlValue(value)
		if err != nil {
			y.fail(value, "%s", err)
			return
		}
		y.d.setGroupVariable(id, name, v, y.src(key))
	case "children":
		child := y.parseGroup(key, value)
		if child < 0 {
			// ansible then adds the name as a child anyway, which fails
			// unless a host of that name exists.
			if k, ok := yamlValueString(key); ok {
				if hid, isHost := y.d.hostIndex[k]; isHost {
					y.d.addHostToGroup(id, hid)
				} else if _, isGroup := y.d.groupIndex[k]; !isGroup {
					y.fail(key, "%s is not a known host nor group", k)
				}
			}
			return
		}
		y.d.addChild(id, child, y.src(key))
	case "hosts":
		y.parseHost(id, key, value)
	}
}

func yamlValueString(n *yaml.Node) (string, bool) {
	v, _ := yamlValue(n)
	s, ok := v.(string)
	return s, ok
}

// parseHost is _parse_host plus _populate_host_vars.
func (y *yamlParser) parseHost(group int32, key, value *yaml.Node) {
	k, _ := yamlValue(key)
	pattern, ok := k.(string)
	if !ok {
		y.fail(key, "Host pattern %s must be a string. Enclose integers/floats in quotation marks.", formatValue(k))
		return
	}
	names, port, err := expandHostPattern(nil, pattern, y.d.lim.RangeHosts)
	if err != nil {
		y.fail(key, "%s", err)
		return
	}
	var vars []yamlPair
	value = deref(value)
	if value.Kind == yaml.MappingNode {
		pairs, err := mappingPairs(value)
		if err != nil {
			y.fail(value, "%s", err)
			return
		}
		vars = lastWins(pairs)
	} else if v, _ := yamlValue(value); truthy(v) {
		// `vars or {}`: a false-ish value is no vars, anything else is wrong.
		y.fail(value, "Invalid data from file, expected dictionary and got:\n\n%s", formatValue(v))
		return
	}
	type kv struct {
		name  string
		value any
		src   model.Source
	}
	values := make([]kv, 0, len(vars))
	for _, p := range vars {
		kk, _ := yamlValue(p.key)
		name, ok := jsonKey(kk)
		if !ok {
			y.fail(p.key, "unsupported variable name")
			continue
		}
		v, err := yamlValue(p.value)
		if err != nil {
			y.fail(p.value, "%s", err)
			continue
		}
		values = append(values, kv{name, v, y.src(p.key)})
	}
	purpose := headComment(key)
	src := y.src(key)
	for _, name := range names {
		if name == "" {
			y.fail(key, "Invalid empty host name provided: %s", name)
			continue
		}
		hid := y.d.addHost(name, group, port, src)
		if hid < 0 {
			return
		}
		h := y.d.hosts[hid]
		if purpose.text != "" {
			h.setPurpose(purpose.text, model.Source{Path: y.path, Line: purpose.line})
		}
		for _, v := range values {
			y.d.setVariable(name, v.name, v.value, v.src)
		}
	}
}

// headComment is the comment block directly above a key, as yaml.v3 keeps
// it in HeadComment, filtered like INI comments.
type keyComment struct {
	text string
	line int
}

func headComment(key *yaml.Node) keyComment {
	if key.HeadComment == "" {
		return keyComment{}
	}
	lines := strings.Split(key.HeadComment, "\n")
	// Only the last run of comment lines is directly above the key.
	start := len(lines)
	for start > 0 && strings.TrimSpace(lines[start-1]) != "" {
		start--
	}
	lines = lines[start:]
	var b commentBlock
	for i, l := range lines {
		b.add(strings.TrimSpace(l), key.Line-len(lines)+i)
	}
	text, line := b.take()
	return keyComment{text: text, line: line}
}

// pyTypeName names a node's value as Python's type() prints it in ansible's
// messages.
func pyTypeName(n *yaml.Node) string {
	n = deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		return "<class 'ansible.parsing.yaml.objects.AnsibleMapping'>"
	case yaml.SequenceNode:
		return "<class 'ansible.parsing.yaml.objects.AnsibleSequence'>"
	}
	v := yamlScalar(n)
	if _, ok := v.(string); ok {
		return "<class 'ansible.parsing.yaml.objects.AnsibleUnicode'>"
	}
	return pyTypeOf(v)
}

func pyTypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "<class 'NoneType'>"
	case bool:
		return "<class 'bool'>"
	case int64:
		return "<class 'int'>"
	case float64:
		return "<class 'float'>"
	case string:
		return "<class 'str'>"
	case []any:
		return "<class 'list'>"
	}
	return "<class 'dict'>"
}
