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

func (*Host) Kind() Kind       { return KindHost }
func (*Group) Kind() Kind      { return KindGroup }
func (*Resource) Kind() Kind   { return KindResource }
func (*ModuleCall) Kind() Kind { return KindModule }
func (*Variable) Kind() Kind   { return KindVariable }
func (*Output) Kind() Kind     { return KindOutput }
func (*Provider) Kind() Kind   { return KindProvider }
func (*SOP) Kind() Kind        { return KindSOP }
func (*Incident) Kind() Kind   { return KindIncident }
func (*Doc) Kind() Kind        { return KindDoc }

func (h *Host) Declared() Source       { return h.Source }
func (g *Group) Declared() Source      { return g.Source }
func (r *Resource) Declared() Source   { return r.Source }
func (m *ModuleCall) Declared() Source { return m.Source }
func (v *Variable) Declared() Source   { return v.Source }
func (o *Output) Declared() Source     { return o.Source }
func (p *Provider) Declared() Source   { return p.Source }
func (s *SOP) Declared() Source        { return s.Source }
func (i *Incident) Declared() Source   { return i.Source }
func (d *Doc) Declared() Source        { return d.Source }

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
}

// kinds is the registry: a new kind is one type above and one line here;
// each layer's own table (index entries, protobuf conversion, CLI
// rendering) has a test that fails until the kind is added there too.
var kinds = []KindInfo{
	{KindHost, "host", "hosts", func() Item { return new(Host) }, func(s *Snapshot) []Item {
		var out []Item
		for _, inv := range s.Inventories {
			out = appendItems(out, inv.Hosts)
		}
		return out
	}},
	{KindGroup, "group", "groups", func() Item { return new(Group) }, func(s *Snapshot) []Item {
		var out []Item
		for _, inv := range s.Inventories {
			out = appendItems(out, inv.Groups)
		}
		return out
	}},
	{KindResource, "Terraform resource", "Terraform resources", func() Item { return new(Resource) }, func(s *Snapshot) []Item {
		var out []Item
		for _, m := range s.Terraform {
			out = appendItems(out, m.Resources)
		}
		return out
	}},
	{KindModule, "Terraform module call", "Terraform module calls", func() Item { return new(ModuleCall) }, func(s *Snapshot) []Item {
		var out []Item
		for _, m := range s.Terraform {
			out = appendItems(out, m.Modules)
		}
		return out
	}},
	{KindVariable, "Terraform variable", "Terraform variables", func() Item { return new(Variable) }, func(s *Snapshot) []Item {
		var out []Item
		for _, m := range s.Terraform {
			out = appendItems(out, m.Variables)
		}
		return out
	}},
	{KindOutput, "Terraform output", "Terraform outputs", func() Item { return new(Output) }, func(s *Snapshot) []Item {
		var out []Item
		for _, m := range s.Terraform {
			out = appendItems(out, m.Outputs)
		}
		return out
	}},
	{KindProvider, "Terraform provider", "Terraform providers", func() Item { return new(Provider) }, func(s *Snapshot) []Item {
		var out []Item
		for _, m := range s.Terraform {
			out = appendItems(out, m.Providers)
		}
		return out
	}},
	{KindSOP, "SOP", "SOPs", func() Item { return new(SOP) }, func(s *Snapshot) []Item { return appendItems(nil, s.SOPs) }},
	{KindIncident, "incident", "incidents", func() Item { return new(Incident) }, func(s *Snapshot) []Item { return appendItems(nil, s.Incidents) }},
	{KindDoc, "doc", "docs", func() Item { return new(Doc) }, func(s *Snapshot) []Item { return appendItems(nil, s.Docs) }},
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
