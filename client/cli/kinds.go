package cli

import (
	"cmp"

	"handover/internal/model"
)

// hitRow is what the search table shows of one document: its name, where
// it runs when it says, where it is declared and what it is for.
type hitRow struct{ name, env, cloud, src, text string }

// hitRows is the CLI's registration of each kind: how a search hit of it
// reads as a row. A kind missing here fails TestEveryKindRendered.
var hitRows = map[model.Kind]func(model.Item) hitRow{
	model.KindHost: func(it model.Item) hitRow {
		h := it.(*model.Host)
		return hitRow{h.Name, h.Env, h.Cloud, h.Source.String(), h.Purpose}
	},
	model.KindGroup: func(it model.Item) hitRow {
		g := it.(*model.Group)
		return hitRow{g.Name, g.Env, g.Cloud, g.Source.String(), g.Comment}
	},
	model.KindResource: func(it model.Item) hitRow {
		r := it.(*model.Resource)
		return hitRow{name: r.Address, src: r.Source.String(), text: r.Why.Text}
	},
	model.KindModule: func(it model.Item) hitRow {
		m := it.(*model.ModuleCall)
		return hitRow{name: m.Address, src: m.Source.String(), text: m.Why.Text}
	},
	model.KindVariable: func(it model.Item) hitRow {
		v := it.(*model.Variable)
		return hitRow{name: "var." + v.Name, src: v.Source.String(), text: v.Description}
	},
	model.KindOutput: func(it model.Item) hitRow {
		o := it.(*model.Output)
		return hitRow{name: "output." + o.Name, src: o.Source.String(), text: o.Description}
	},
	model.KindProvider: func(it model.Item) hitRow {
		p := it.(*model.Provider)
		name := "provider." + p.Name
		if p.Alias != "" {
			name += "." + p.Alias
		}
		return hitRow{name: name, src: p.Source.String(), text: p.Region}
	},
	model.KindSOP: func(it model.Item) hitRow {
		s := it.(*model.SOP)
		return hitRow{name: s.Title, src: s.Source.String(), text: s.Summary}
	},
	model.KindIncident: func(it model.Item) hitRow {
		inc := it.(*model.Incident)
		return hitRow{name: inc.Title, src: inc.Source.String(), text: inc.Summary}
	},
	model.KindPlay: func(it model.Item) hitRow {
		p := it.(*model.Play)
		return hitRow{name: p.Name, src: p.Source.String(), text: "hosts: " + p.Hosts}
	},
	model.KindRole: func(it model.Item) hitRow {
		r := it.(*model.Role)
		return hitRow{name: r.Name, src: r.Source.String(), text: cmp.Or(r.Description, r.Readme)}
	},
	// A doc hit is one section of its doc.
	model.KindDoc: func(it model.Item) hitRow {
		d := it.(*model.Doc)
		row := hitRow{name: d.Title, src: d.Source.String()}
		if len(d.Sections) > 0 {
			sec := d.Sections[0]
			if sec.Heading != row.name {
				row.name += " › " + sec.Heading
			}
			row.src, row.text = sec.Source.String(), sec.Text
		}
		return row
	},
}
