package model

// Item is one document of a kind: what a parser produces, the index stores
// and a search returns. Every kind's type implements it, so code that
// handles any kind takes an Item and switches on its type in one place.
type Item interface {
	// Kind names the item's kind.
	Kind() Kind
	// Declared is the place that declares the item: a host line, a block
	// header, a markdown file's title.
	Declared() Source
}

func (*Host) Kind() Kind            { return KindHost }
func (*Group) Kind() Kind           { return KindGroup }
func (*Resource) Kind() Kind        { return KindResource }
func (*ModuleCall) Kind() Kind      { return KindModule }
func (*Variable) Kind() Kind        { return KindVariable }
func (*Output) Kind() Kind          { return KindOutput }
func (*Provider) Kind() Kind        { return KindProvider }
func (*ModuleDir) Kind() Kind       { return KindTerraformDir }
func (*SOP) Kind() Kind             { return KindSOP }
func (*Incident) Kind() Kind        { return KindIncident }
func (*Doc) Kind() Kind             { return KindDoc }
func (*Play) Kind() Kind            { return KindPlay }
func (*Role) Kind() Kind            { return KindRole }
func (*Alert) Kind() Kind           { return KindAlert }
func (*InventorySource) Kind() Kind { return KindInventorySource }

func (h *Host) Declared() Source            { return h.Source }
func (g *Group) Declared() Source           { return g.Source }
func (r *Resource) Declared() Source        { return r.Source }
func (m *ModuleCall) Declared() Source      { return m.Source }
func (v *Variable) Declared() Source        { return v.Source }
func (o *Output) Declared() Source          { return o.Source }
func (p *Provider) Declared() Source        { return p.Source }
func (d *ModuleDir) Declared() Source       { return d.Source }
func (s *SOP) Declared() Source             { return s.Source }
func (i *Incident) Declared() Source        { return i.Source }
func (d *Doc) Declared() Source             { return d.Source }
func (p *Play) Declared() Source            { return p.Source }
func (r *Role) Declared() Source            { return r.Source }
func (a *Alert) Declared() Source           { return a.Source }
func (s *InventorySource) Declared() Source { return s.Source }

// KindInfo is what every layer needs to know of a kind, whatever it does
// with it: its names and how to make an empty value to decode into.
type KindInfo struct {
	Kind Kind
	// Label and Plural name the kind in sentences and headings.
	Label, Plural string
	// New returns an empty value of the kind's type.
	New func() Item
	// Items lists the snapshot's items of the kind, in the order read.
	Items func(*Snapshot) []Item
	// Blamed says who last changed the line declaring each item is worth
	// keeping (a host line, a Terraform block header); for other kinds
	// the file's history is enough.
	Blamed bool
}

// kinds is the registry: a new kind is one type above and one line here;
// each layer's own table (index entries, protobuf conversion, CLI
// rendering) has a test that fails until the kind is added there too.
var kinds = []KindInfo{
	{Kind: KindHost, Label: "host", Plural: "hosts", Blamed: true,
		New: func() Item { return new(Host) },
		Items: func(s *Snapshot) []Item {
			return inventoryItems(s, func(inv *Inventory) []*Host { return inv.Hosts })
		}},
	{Kind: KindGroup, Label: "group", Plural: "groups", Blamed: true,
		New: func() Item { return new(Group) },
		Items: func(s *Snapshot) []Item {
			return inventoryItems(s, func(inv *Inventory) []*Group { return inv.Groups })
		}},
	{Kind: KindResource, Label: "Terraform resource", Plural: "Terraform resources", Blamed: true,
		New: func() Item { return new(Resource) },
		Items: func(s *Snapshot) []Item {
			return terraformItems(s, func(m *TerraformModule) []*Resource { return m.Resources })
		}},
	{Kind: KindModule, Label: "Terraform module call", Plural: "Terraform module calls", Blamed: true,
		New: func() Item { return new(ModuleCall) },
		Items: func(s *Snapshot) []Item {
			return terraformItems(s, func(m *TerraformModule) []*ModuleCall { return m.Modules })
		}},
	{Kind: KindVariable, Label: "Terraform variable", Plural: "Terraform variables",
		New: func() Item { return new(Variable) },
		Items: func(s *Snapshot) []Item {
			return terraformItems(s, func(m *TerraformModule) []*Variable { return m.Variables })
		}},
	{Kind: KindOutput, Label: "Terraform output", Plural: "Terraform outputs",
		New: func() Item { return new(Output) },
		Items: func(s *Snapshot) []Item {
			return terraformItems(s, func(m *TerraformModule) []*Output { return m.Outputs })
		}},
	{Kind: KindProvider, Label: "Terraform provider", Plural: "Terraform providers",
		New: func() Item { return new(Provider) },
		Items: func(s *Snapshot) []Item {
			return terraformItems(s, func(m *TerraformModule) []*Provider { return m.Providers })
		}},
	{Kind: KindTerraformDir, Label: "Terraform module", Plural: "Terraform modules",
		New: func() Item { return new(ModuleDir) },
		Items: func(s *Snapshot) []Item {
			var out []Item
			for _, m := range s.Terraform {
				if m != nil && m.Info.Source.Path != "" { // a directory that holds anything
					out = append(out, &m.Info)
				}
			}
			return out
		}},
	{Kind: KindSOP, Label: "SOP", Plural: "SOPs",
		New:   func() Item { return new(SOP) },
		Items: func(s *Snapshot) []Item { return appendItems(nil, s.SOPs) }},
	{Kind: KindIncident, Label: "incident", Plural: "incidents",
		New:   func() Item { return new(Incident) },
		Items: func(s *Snapshot) []Item { return appendItems(nil, s.Incidents) }},
	{Kind: KindDoc, Label: "doc", Plural: "docs",
		New:   func() Item { return new(Doc) },
		Items: func(s *Snapshot) []Item { return appendItems(nil, s.Docs) }},
	{Kind: KindPlay, Label: "play", Plural: "plays",
		New:   func() Item { return new(Play) },
		Items: func(s *Snapshot) []Item { return appendItems(nil, s.Plays) }},
	{Kind: KindRole, Label: "role", Plural: "roles",
		New:   func() Item { return new(Role) },
		Items: func(s *Snapshot) []Item { return appendItems(nil, s.Roles) }},
	{Kind: KindAlert, Label: "alert", Plural: "alerts",
		New:   func() Item { return new(Alert) },
		Items: func(s *Snapshot) []Item { return appendItems(nil, s.Alerts) }},
	{Kind: KindInventorySource, Label: "dynamic inventory source", Plural: "dynamic inventory sources",
		New: func() Item { return new(InventorySource) },
		Items: func(s *Snapshot) []Item {
			return inventoryItems(s, func(inv *Inventory) []*InventorySource { return inv.Dynamic })
		}},
}

// inventoryItems and terraformItems list one kind of every inventory or
// module of s, skipping the nil ones a failed read leaves.
func inventoryItems[T Item](s *Snapshot, of func(*Inventory) []T) []Item {
	var out []Item
	for _, inv := range s.Inventories {
		if inv != nil {
			out = appendItems(out, of(inv))
		}
	}
	return out
}

func terraformItems[T Item](s *Snapshot, of func(*TerraformModule) []T) []Item {
	var out []Item
	for _, m := range s.Terraform {
		if m != nil {
			out = appendItems(out, of(m))
		}
	}
	return out
}

func appendItems[T Item](out []Item, items []T) []Item {
	for _, it := range items {
		out = append(out, it)
	}
	return out
}

// Kinds returns every registered kind, in the order lists show them.
func Kinds() []KindInfo { return append([]KindInfo(nil), kinds...) }

// LookupKind returns the registration of k.
func LookupKind(k Kind) (KindInfo, bool) {
	for _, info := range kinds {
		if info.Kind == k {
			return info, true
		}
	}
	return KindInfo{}, false
}

// SnapshotItems lists every item of the snapshot, kind by kind in
// registry order.
func SnapshotItems(s *Snapshot) []Item {
	var out []Item
	for _, info := range kinds {
		out = append(out, info.Items(s)...)
	}
	return out
}
