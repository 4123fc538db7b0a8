// Package alertrule reads Prometheus alerting rules: rule files
// (groups: - name: rules: - alert:) and Kubernetes PrometheusRule
// manifests (spec.groups), also among the documents of a multi-document
// YAML file. Recording rules are left out. It decides by content, cheaply
// (LooksLikeRules), and parses only the files that pass; it knows nothing
// of runbooks (package link joins an alert to its SOP) or of the index.
package alertrule

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"handover/internal/limits"
	"handover/internal/model"
)

// LooksLikeRules reports whether the head of a YAML file is shaped like
// alerting rules: an "alert:" key, and a top-level groups: or a
// PrometheusRule manifest. Byte searches settle almost every file before
// any line is looked at, so files of no kind of ours are skipped fast.
func LooksLikeRules(head []byte) bool {
	if !bytes.Contains(head, []byte("alert:")) || !bytes.Contains(head, []byte("rules:")) {
		return false
	}
	for line := range bytes.Lines(head) {
		line = bytes.TrimRight(line, " \t\r\n")
		if bytes.Equal(line, []byte("groups:")) || bytes.Equal(line, []byte("kind: PrometheusRule")) ||
			bytes.Equal(line, []byte("kind: ConfigMap")) && bytes.Contains(head, []byte("groups:")) {
			return true
		}
	}
	return false
}

// Read reads the alerting rules of the file rel below root. A document
// that is not a rule file or a PrometheusRule is skipped; one that cannot
// be parsed is a problem with its line, and the file's other documents
// are still read.
func Read(root, rel string, lim limits.Limits) ([]*model.Alert, []model.Problem) {
	src, problems, ok := lim.ReadText(root, rel)
	if !ok {
		return nil, problems
	}
	alerts, more := Parse(rel, src)
	return alerts, append(problems, more...)
}

// Parse reads the alerting rules of src, the text of the file rel.
func Parse(rel string, src []byte) ([]*model.Alert, []model.Problem) {
	var alerts []*model.Alert
	var problems []model.Problem
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, yamlProblem(rel, err))
			break // the decoder cannot go on past a broken document
		}
		if len(doc.Content) == 0 {
			continue
		}
		if more, bad := configMapRules(rel, doc.Content[0]); more != nil || bad != nil {
			alerts = append(alerts, more...)
			problems = append(problems, bad...)
			continue
		}
		groups := ruleGroups(doc.Content[0])
		if groups == nil {
			continue
		}
		for _, g := range groups.Content {
			more, bad := readGroup(rel, g)
			alerts = append(alerts, more...)
			problems = append(problems, bad...)
		}
	}
	return alerts, problems
}

// configMapRules reads the rule files a Kubernetes ConfigMap carries in
// its data (alerts.yml: |), each alert at its line in the manifest.
func configMapRules(rel string, doc *yaml.Node) ([]*model.Alert, []model.Problem) {
	if k := value(doc, "kind"); k == nil || k.Value != "ConfigMap" {
		return nil, nil
	}
	data := value(doc, "data")
	if data == nil || data.Kind != yaml.MappingNode {
		return nil, nil
	}
	var alerts []*model.Alert
	var problems []model.Problem
	for i := 1; i < len(data.Content); i += 2 {
		v := data.Content[i]
		if v.Kind != yaml.ScalarNode || !LooksLikeRules([]byte(v.Value)) {
			continue
		}
		// A block scalar's text starts on the line after its | or >.
		shift := v.Line - 1
		if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			shift = v.Line
		}
		more, bad := Parse(rel, []byte(v.Value))
		for _, a := range more {
			a.Source.Line += shift
		}
		for j := range bad {
			if bad[j].Source.Line > 0 {
				bad[j].Source.Line += shift
			}
		}
		alerts = append(alerts, more...)
		problems = append(problems, bad...)
	}
	return alerts, problems
}

// ruleGroups is the groups sequence of a rule file or of a
// PrometheusRule's spec; nil for any other document.
func ruleGroups(doc *yaml.Node) *yaml.Node {
	if doc.Kind != yaml.MappingNode {
		return nil
	}
	if k := value(doc, "kind"); k != nil && k.Value == "PrometheusRule" {
		if spec := value(doc, "spec"); spec != nil && spec.Kind == yaml.MappingNode {
			doc = spec
		}
	}
	g := value(doc, "groups")
	if g == nil || g.Kind != yaml.SequenceNode {
		return nil
	}
	return g
}

func readGroup(rel string, g *yaml.Node) ([]*model.Alert, []model.Problem) {
	if g.Kind != yaml.MappingNode {
		return nil, []model.Problem{problemAt(rel, g.Line, "a rule group is not a mapping")}
	}
	name := scalar(value(g, "name"))
	rules := value(g, "rules")
	if rules == nil || rules.Kind != yaml.SequenceNode {
		return nil, nil
	}
	var alerts []*model.Alert
	var problems []model.Problem
	for _, r := range rules.Content {
		if r.Kind != yaml.MappingNode {
			problems = append(problems, problemAt(rel, r.Line, "a rule is not a mapping"))
			continue
		}
		key, _ := entry(r, "alert")
		if key == nil {
			continue // a recording rule
		}
		a := &model.Alert{
			Name:   scalar(value(r, "alert")),
			Group:  name,
			Source: model.Source{Path: rel, Line: key.Line},
			Expr:   strings.TrimSpace(scalar(value(r, "expr"))),
			For:    scalar(value(r, "for")),
		}
		if a.Name == "" {
			problems = append(problems, problemAt(rel, key.Line, "an alert rule without a name"))
			continue
		}
		if labels := value(r, "labels"); labels != nil {
			a.Severity = scalar(value(labels, "severity"))
		}
		if ann := value(r, "annotations"); ann != nil {
			a.Summary = strings.TrimSpace(cmp.Or(scalar(value(ann, "summary")), scalar(value(ann, "message"))))
			a.Description = strings.TrimSpace(scalar(value(ann, "description")))
			a.RunbookURL = strings.TrimSpace(cmp.Or(scalar(value(ann, "runbook_url")), scalar(value(ann, "runbook"))))
		}
		alerts = append(alerts, a)
	}
	return alerts, problems
}

// entry is the key and value nodes of a mapping's entry; nils when m is
// not a mapping or has no such key.
func entry(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func value(m *yaml.Node, key string) *yaml.Node {
	_, v := entry(m, key)
	return v
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

func problemAt(rel string, line int, msg string) model.Problem {
	return model.Problem{Source: model.Source{Path: rel, Line: line}, Severity: model.SeverityWarning, Message: msg}
}

// yamlProblem places a yaml.v3 error at its line ("yaml: line 7: ...").
func yamlProblem(rel string, err error) model.Problem {
	line := 0
	msg := err.Error()
	if _, scanErr := fmt.Sscanf(msg, "yaml: line %d:", &line); scanErr == nil {
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = strings.TrimPrefix(msg[i+2:], fmt.Sprintf("line %d: ", line))
		}
	}
	return problemAt(rel, line, "alert rules not read: "+strings.TrimPrefix(msg, "yaml: "))
}
