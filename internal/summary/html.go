package summary

import (
	"html/template"
	"io"

	"handover/internal/model"
)

// WriteHTML renders d as one self-contained page: inline CSS, no scripts,
// no external assets, every value escaped by html/template. Sections carry
// their IDs as anchors, so #owners links to the owners section.
func WriteHTML(w io.Writer, d *Document) error {
	v := htmlDoc{Title: d.Title, Subtitle: d.Subtitle}
	if !d.Generated.IsZero() {
		v.Generated = d.Generated.UTC().Format("2006-01-02 15:04 MST")
	}
	for _, s := range d.Sections {
		hs := htmlSection{ID: s.ID, Title: s.Title, Intro: s.Intro, Lines: htmlLines(s.Lines, model.Source{})}
		if s.Table != nil && len(s.Table.Rows) > 0 {
			hs.Columns = s.Table.Columns
			for _, r := range s.Table.Rows {
				cells := make([]htmlCell, len(s.Table.Columns))
				for i := range cells {
					if i < len(r) {
						cells[i] = htmlCell{Text: r[i].Text, Cite: cite(r[i].Source)}
					}
				}
				hs.Rows = append(hs.Rows, cells)
			}
		}
		v.Sections = append(v.Sections, hs)
	}
	return page.Execute(w, v)
}

type htmlDoc struct {
	Title, Subtitle, Generated string
	Sections                   []htmlSection
}

type htmlSection struct {
	ID, Title, Intro string
	Columns          []string
	Rows             [][]htmlCell
	Lines            []htmlLine
}

type htmlCell struct{ Text, Cite string }

type htmlLine struct {
	Text, Cite string
	Warning    bool
	Lines      []htmlLine
}

func cite(s model.Source) string {
	if s.Path == "" {
		return ""
	}
	return s.String()
}

// htmlLines converts lines; a line citing the same place as its parent
// does not repeat the citation.
func htmlLines(lines []Line, parent model.Source) []htmlLine {
	out := make([]htmlLine, len(lines))
	for i, l := range lines {
		out[i] = htmlLine{Text: oneLine(l.Text), Warning: l.Level == LevelWarning, Lines: htmlLines(l.Lines, l.Source)}
		if l.Source != parent {
			out[i].Cite = cite(l.Source)
		}
	}
	return out
}

var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --line: #d1d9e0; --code: #f6f8fa; --warn: #9a6700; --warnbg: #fff8c5; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #3d444d; --code: #151b23; --warn: #d29922; --warnbg: #2e2a1f; } }
body { font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: .25rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; margin-top: 2rem; }
.subtitle, .intro, .generated { color: var(--muted); }
.generated { font-size: .85rem; }
nav ol { columns: 2; padding-left: 1.2rem; }
ul { padding-left: 1.3rem; }
li { margin: .15rem 0; }
code.src { font: .8rem ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code); color: var(--muted); padding: .05rem .3rem; border-radius: 4px; white-space: nowrap; }
.warning > .text { color: var(--warn); background: var(--warnbg); font-weight: 600; padding: 0 .2rem; border-radius: 3px; }
table { border-collapse: collapse; margin: .75rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--code); }
@media print { nav { display: none; } body { margin: 0; } }
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
{{with .Subtitle}}<p class="subtitle">{{.}}</p>{{end}}
{{with .Generated}}<p class="generated">Generated {{.}} by handover.</p>{{end}}
</header>
<nav><ol>{{range .Sections}}<li><a href="#{{.ID}}">{{.Title}}</a></li>{{end}}</ol></nav>
<main>
{{- range .Sections}}
<section id="{{.ID}}">
<h2>{{.Title}}</h2>
{{with .Intro}}<p class="intro">{{.}}</p>{{end}}
{{- if .Rows}}
<table>
<thead><tr>{{range .Columns}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td>{{.Text}}{{with .Cite}} <code class="src">{{.}}</code>{{end}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- end}}
{{- with .Lines}}
{{template "lines" .}}
{{- end}}
</section>
{{- end}}
</main>
</body>
</html>
{{define "lines"}}<ul>
{{- range .}}
<li{{if .Warning}} class="warning"{{end}}><span class="text">{{if .Warning}}Warning: {{end}}{{.Text}}</span>{{with .Cite}} <code class="src">{{.}}</code>{{end}}
{{- with .Lines}}{{template "lines" .}}{{end}}</li>
{{- end}}
</ul>{{end}}
`))
