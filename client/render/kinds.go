package render

import (
	"cmp"
	"slices"
	"strings"

	"handover/internal/model"
	"handover/internal/pbconv"
)

// Row is what a one-line listing (a search hit) shows of one document:
// its name, where it runs when it says, where it is declared and what it
// is for.
type Row struct{ Name, Env, Cloud, Src, Text string }

// ItemRow is the row of an item.
func ItemRow(it model.Item) Row {
	if row, ok := rows[it.Kind()]; ok {
		return row(it)
	}
	return Row{Name: string(it.Kind()), Src: it.Declared().String()}
}

// rows is the registration of each kind: how a search hit of it reads as
// a row. A kind missing here fails TestEveryKindRendered.
var rows = map[model.Kind]func(model.Item) Row{
	model.KindHost: func(it model.Item) Row {
		h := it.(*model.Host)
		return Row{h.Name, h.Env, h.Cloud, h.Source.String(), h.Purpose}
	},
	model.KindGroup: func(it model.Item) Row {
		g := it.(*model.Group)
		return Row{g.Name, g.Env, g.Cloud, g.Source.String(), g.Comment}
	},
	model.KindResource: func(it model.Item) Row {
		r := it.(*model.Resource)
		return Row{Name: r.Address, Src: r.Source.String(), Text: r.Why.Text}
	},
	model.KindModule: func(it model.Item) Row {
		m := it.(*model.ModuleCall)
		return Row{Name: m.Address, Src: m.Source.String(), Text: m.Why.Text}
	},
	model.KindVariable: func(it model.Item) Row {
		v := it.(*model.Variable)
		text := v.Description
		if v.Default != nil {
			// The default is what "which region" asks; a sensitive one was never kept.
			text = strings.TrimSpace("default " + valueString(pbconv.ValueToProto(v.Default)) + "  " + text)
		}
		return Row{Name: "var." + v.Name, Src: v.Source.String(), Text: text}
	},
	model.KindOutput: func(it model.Item) Row {
		o := it.(*model.Output)
		return Row{Name: "output." + o.Name, Src: o.Source.String(), Text: o.Description}
	},
	model.KindProvider: func(it model.Item) Row {
		p := it.(*model.Provider)
		name := "provider." + p.Name
		if p.Alias != "" {
			name += "." + p.Alias
		}
		return Row{Name: name, Src: p.Source.String(), Text: p.Region}
	},
	// A variable file's hit is the file; the directory's is the module.
	model.KindTerraformDir: func(it model.Item) Row {
		d := it.(*model.ModuleDir)
		if d.Part != "" {
			return Row{Name: d.Part, Src: d.Part, Text: "variable values for " + d.Dir}
		}
		return Row{Name: d.Dir, Src: d.Source.String(), Text: cmp.Or(d.Purpose.Text, d.RootWhy)}
	},
	model.KindSOP: func(it model.Item) Row {
		s := it.(*model.SOP)
		return Row{Name: s.Title, Src: s.Source.String(), Text: s.Summary}
	},
	model.KindIncident: func(it model.Item) Row {
		inc := it.(*model.Incident)
		return Row{Name: inc.Title, Src: inc.Source.String(), Text: inc.Summary}
	},
	model.KindPlay: func(it model.Item) Row {
		p := it.(*model.Play)
		return Row{Name: p.Name, Src: p.Source.String(), Text: "hosts: " + p.Hosts}
	},
	model.KindRole: func(it model.Item) Row {
		r := it.(*model.Role)
		return Row{Name: r.Name, Src: r.Source.String(), Text: cmp.Or(r.Description, r.Readme)}
	},
	model.KindAlert: func(it model.Item) Row {
		a := it.(*model.Alert)
		text := cmp.Or(a.Summary, a.Description)
		if rb, ok := a.Runbook(); ok {
			text += " (runbook: " + rb.Name + ")"
		}
		return Row{Name: a.Name, Src: a.Source.String(), Text: strings.TrimSpace(text)}
	},
	model.KindInventorySource: func(it model.Item) Row {
		s := it.(*model.InventorySource)
		return Row{Name: s.Path, Src: s.Source.String(), Text: strings.Join(slices.DeleteFunc([]string{s.Plugin, strings.Join(s.Regions, ", "), cmp.Or(s.Comment, strings.Join(s.KeyedGroups, "; "))}, func(x string) bool { return x == "" }), " · ")}
	},
	// A doc hit is one section of its doc.
	model.KindDoc: func(it model.Item) Row {
		d := it.(*model.Doc)
		row := Row{Name: d.Title, Src: d.Source.String()}
		if len(d.Sections) > 0 {
			sec := d.Sections[0]
			if sec.Heading != row.Name {
				row.Name += " › " + sec.Heading
			}
			row.Src, row.Text = sec.Source.String(), sec.Text
		}
		return row
	},
}
