package terraform

import (
	"bufio"
	"bytes"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"handover/internal/limits"
	"handover/internal/model"
	"handover/internal/redact"
)

// The terraform block says what a module pins (required_version,
// required_providers) and, in a root module, where the state lives
// (backend, or cloud for HCP Terraform). Both belong to the directory, not
// to any resource, so they are read into its ModuleDir.

var terraformSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "required_version"}},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "backend", LabelNames: []string{"type"}},
		{Type: "cloud"},
		{Type: "required_providers"},
	},
}

// terraformBlock reads one terraform block into the module's Info.
func (l *loader) terraformBlock(f *file, b *hcl.Block) {
	content, _, _ := b.Body.PartialContent(terraformSchema)
	if content == nil {
		return
	}
	info := &l.mod.Info
	if a, ok := content.Attributes["required_version"]; ok {
		info.RequiredVersion = f.stringOrText(a.Expr)
	}
	for _, blk := range content.Blocks {
		switch blk.Type {
		case "backend", "cloud":
			be := &model.Backend{Type: "cloud", Source: f.source(blk.DefRange)}
			if blk.Type == "backend" {
				be.Type = blk.Labels[0]
			}
			be.Config = literalArgs(blk.Body)
			info.Backend = be
		case "required_providers":
			attrs := attributes(blk.Body)
			for _, name := range sortedNames(attrs) {
				info.Pins = append(info.Pins, f.pin(name, attrs[name]))
			}
		}
	}
}

// literalArgs are a block's literal arguments, redacted, with those of its
// nested blocks as block.arg (cloud { workspaces { name } }).
func literalArgs(body hcl.Body) []model.Var {
	attrs := attributes(body)
	var out []model.Var
	for _, name := range sortedNames(attrs) {
		v, ok := literal(attrs[name].Expr)
		if !ok || v == nil {
			continue
		}
		if m, isMap := v.(map[string]any); isMap { // JSON's nested blocks
			for _, k := range slices.Sorted(maps.Keys(m)) {
				out = append(out, model.Var{Name: name + "." + k, Value: redact.Value(k, m[k])})
			}
			continue
		}
		out = append(out, model.Var{Name: name, Value: redact.Value(name, v)})
	}
	if sb, ok := body.(*hclsyntax.Body); ok {
		for _, blk := range sb.Blocks {
			for _, v := range literalArgs(blk.Body) {
				out = append(out, model.Var{Name: blk.Type + "." + v.Name, Value: v.Value})
			}
		}
	}
	return out
}

// pin is one required_providers entry: { source, version } or, in old
// configurations, a bare version string.
func (f *file) pin(name string, a *hcl.Attribute) model.ProviderPin {
	p := model.ProviderPin{Name: name, Source: f.source(a.NameRange)}
	if v, ok := literal(a.Expr); ok {
		switch x := v.(type) {
		case string:
			p.Version = x
		case map[string]any:
			p.From, _ = x["source"].(string)
			p.Version, _ = x["version"].(string)
		}
	}
	return p
}

// purposeOf is what a module directory is for: the first paragraph of its
// README, else the comment that opens its main file (main.tf, else the
// first file), when that is not a banner or a license.
func (l *loader) purposeOf(root string, lim limits.Limits, headers map[string]model.Why) model.Why {
	dir := l.mod.Dir
	for _, name := range []string{"README.md", "readme.md", "README.markdown", "README"} {
		rel := path.Join(dir, name)
		src, _, ok := lim.ReadText(root, rel)
		if !ok {
			continue
		}
		if text, line := firstParagraph(src); text != "" {
			return model.Why{Text: redact.Text(text), Source: model.Source{Path: rel, Line: line}}
		}
	}
	if w, ok := headers[path.Join(dir, "main.tf")]; ok {
		return w
	}
	if len(headers) == 1 { // a module of one file: that file is its main file
		for _, w := range headers {
			return w
		}
	}
	return model.Why{}
}

// firstParagraph is the first run of prose lines of a markdown file: not a
// heading, badge, HTML, table, list, code fence or front matter.
func firstParagraph(src []byte) (string, int) {
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var para []string
	start, line := 0, 0
	fence, front := false, false
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		switch {
		case line == 1 && t == "---":
			front = true
			continue
		case front:
			front = t != "---"
			continue
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			fence = !fence
			continue
		case fence:
			continue
		}
		prose := t != "" && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "[![") && !strings.HasPrefix(t, "![") &&
			!strings.HasPrefix(t, "<") && !strings.HasPrefix(t, "|") && !strings.HasPrefix(t, "- ") &&
			!strings.HasPrefix(t, "* ") && !strings.HasPrefix(t, "===") && !strings.HasPrefix(t, "---")
		if prose {
			if len(para) == 0 {
				start = line
			}
			para = append(para, t)
			continue
		}
		if len(para) > 0 {
			break
		}
	}
	return strings.Join(para, " "), start
}
