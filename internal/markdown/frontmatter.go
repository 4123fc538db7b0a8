package markdown

import (
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"handover/internal/model"
)

// findFrontMatter returns the line that closes the front matter opened on
// line 1, 0 when there is none. Delimiters are three or more '-' alone on
// their line, the closing run as long as the opening one: the rule package
// frontmatter applies, checked here first because it would otherwise take
// an unclosed front matter as running to the end of the file.
func (f *file) findFrontMatter() int {
	open := delimRun(f.rawLine(1))
	if open == 0 {
		return 0
	}
	for n := 2; n <= f.li.lines(); n++ {
		if delimRun(f.rawLine(n)) == open {
			return n
		}
	}
	f.problem(1, model.SeverityError, "front matter opened here is never closed by a %q line; read as markdown", strings.Repeat("-", open))
	return 0
}

// rawLine is line n without its line break, blanks kept.
func (f *file) rawLine(n int) string {
	return f.li.slice(f.li.start(n), f.li.end(n))
}

// delimRun is the length of a line of three or more '-' and nothing else.
func delimRun(line string) int {
	if len(line) < 3 || strings.Trim(line, "-") != "" {
		return 0
	}
	return len(line)
}

// yamlProblem reports a YAML syntax error at its line in the file. The
// yaml package only puts the line into its message ("yaml: line 3: ..."),
// 1-based for its scanner's errors but 0-based for its parser's, and
// leaves it out for the first line; the YAML's first line is the file's 2.
func (f *file) yamlProblem(err error, closeLine int) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 2
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, after, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n+1, after
				if yamlParserProblems[after] {
					line++
				}
			}
		}
	}
	f.problem(min(max(line, 2), closeLine), model.SeverityError, "front matter: %s", msg)
}

// yamlParserProblems are the messages of the yaml package's parser, as
// opposed to its scanner (parserc.go).
var yamlParserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// readFrontMatter reads the keys it knows from a decoded front matter and
// ignores the rest: front matter often carries keys for a site generator.
func (f *file) readFrontMatter(doc *yaml.Node) {
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return
		}
		doc = doc.Content[0]
	}
	if doc.Kind == 0 || (doc.Kind == yaml.ScalarNode && doc.Tag == "!!null") {
		return // empty front matter
	}
	if doc.Kind != yaml.MappingNode {
		f.problem(doc.Line+1, model.SeverityError, "front matter is not a mapping of keys to values")
		return
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], resolveAlias(doc.Content[i+1])
		name, ok := metaKeys[normKey(k.Value)]
		if !ok || v == nil {
			continue
		}
		val, ok := yamlValue(v)
		if !ok {
			f.problem(v.Line+1, model.SeverityWarning, "front matter %s: expected a value or a list of values", k.Value)
			continue
		}
		f.meta.set(f, name, val, v.Line+1, true)
	}
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 10; i++ {
		n = n.Alias
	}
	return n
}

// yamlValue is a scalar or a list of scalars; a null is an empty value.
func yamlValue(n *yaml.Node) (value, bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return value{}, true
		}
		return value{text: strings.TrimSpace(n.Value)}, true
	case yaml.SequenceNode:
		v := value{isList: true}
		for _, item := range n.Content {
			item = resolveAlias(item)
			if item == nil || item.Kind != yaml.ScalarNode {
				return value{}, false
			}
			if s := strings.TrimSpace(item.Value); s != "" && item.Tag != "!!null" {
				v.list = append(v.list, s)
			}
		}
		return v, true
	}
	return value{}, false
}
