package ask

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"handover/internal/index"
	"handover/internal/model"
)

// Card is the answer built around one entity: what a newcomer asked about
// it, each fact citing the file and line it was read from.
type Card struct {
	Kind     model.Kind
	Title    string
	Subtitle string // where it runs, its type, its date
	Repo     string
	Source   model.Source
	Facts    []Fact
	Item     model.Item
}

// Fact is one line of a card.
type Fact struct {
	Label  string
	Text   string
	Source model.Source
}

// keyAttrs are the attributes people ask about first, in this order: size
// and type, image, engine, identifiers, place, addresses, ports, scale.
var keyAttrs = []string{
	"instance_type", "machine_type", "instance_class", "vm_size", "size", "sku_name", "sku", "flavor",
	"flavor_name", "flavor_id", "node_type", "tier", "storage_account_type", "disk_size_gb", "storage_mb", "storage_gb", "allocated_storage",
	"image", "image_id", "ami", "engine", "engine_version", "version", "identifier", "name", "multi_az",
	"region", "location", "zone", "zones", "availability_zone", "cidr_block", "cidr_blocks", "address_space",
	"address_prefixes", "ip_cidr_range", "private_ip", "network_ip", "from_port", "to_port", "port", "ports",
	"protocol", "destination_port_range", "destination_port_ranges", "source_address_prefix", "direction", "access",
	"min_count", "max_count", "node_count", "desired_capacity", "min_size", "max_size",
}

// maxFacts bounds the variable, attribute and member lines of one card.
const maxFacts = 24

// cardBuilder makes cards; it looks up what a card needs besides its item
// (a group's members, a host's group comment).
type cardBuilder struct {
	ctx   context.Context
	s     Searcher
	why   *whyFinder
	match matcher
}

func (b *cardBuilder) card(h index.Hit) Card {
	it := h.Item
	c := Card{Kind: it.Kind(), Repo: h.Repo, Source: withRepo(it.Declared(), h.Repo), Item: it}
	src := c.Source
	add := func(label, text string, s model.Source) {
		if strings.TrimSpace(text) == "" {
			return
		}
		if s.Path == "" {
			s = src
		}
		c.Facts = append(c.Facts, Fact{Label: label, Text: strings.TrimSpace(text), Source: withRepo(s, h.Repo)})
	}
	switch x := it.(type) {
	case *model.Host:
		b.hostFacts(&c, x, add)
	case *model.Group:
		b.groupFacts(&c, x, add)
	case *model.Resource:
		c.Title = x.Address
		c.Subtitle = strings.Join(nonEmpty(x.Type, x.Provider, x.Region, x.Zone), " · ")
		add("why", x.Why.Text, x.Why.Source)
		add("count", x.Count, src)
		add("for_each", x.ForEach, src)
		b.varFacts(x.Attrs, add, src, keyAttrs)
		b.settingFacts(x.Inputs, add, false)
		for _, in := range slices.Concat(x.Instances, x.Expanded) {
			add("instance", strings.TrimSpace(in.Key+" "+in.ID), in.Source)
		}
		linkFacts(x.Links, add)
	case *model.ModuleCall:
		c.Title = x.Address
		c.Subtitle = "module in " + x.Module
		add("why", x.Why.Text, x.Why.Source)
		add("source", x.From, src)
		add("version", x.Version, src)
		add("count", x.Count, src)
		add("for_each", x.ForEach, src)
		b.varFacts(x.Inputs, add, src, keyAttrs)
		linkFacts(x.Links, add)
	case *model.Variable:
		c.Title = "var." + x.Name
		c.Subtitle = "variable in " + x.Module
		add("type", x.Type, src)
		def := valueText(x.Default)
		if x.Sensitive || def == "" && x.Default != nil {
			def = "[redacted]"
		}
		if x.Default == nil && !x.Sensitive {
			def = "(none: it must be set)"
		}
		add("default", def, src)
		add("about", x.Description, src)
		add("why", x.Why.Text, x.Why.Source)
		b.settingFacts(x.Settings, add, true)
	case *model.ModuleDir:
		b.moduleDirFacts(&c, x, add)
	case *model.Output:
		c.Title = "output." + x.Name
		c.Subtitle = "output of " + x.Module
		add("value", x.Value, src)
		add("about", x.Description, src)
		add("why", x.Why.Text, x.Why.Source)
	case *model.Provider:
		c.Title = "provider." + x.Name
		add("region", x.Region, src)
		b.varFacts(x.Attrs, add, src, keyAttrs)
	case *model.SOP:
		c.Title = x.Title
		c.Subtitle = "SOP · handover sop prints it in full"
		add("summary", b.match.excerpt(x.Summary, 300), src)
		n := 0
		var walk func(steps []model.Step)
		walk = func(steps []model.Step) {
			for _, st := range steps {
				if n < 4 && b.match.any(st.Text) {
					add("step", st.Marker+" "+st.Text, st.Source)
					n++
				}
				walk(st.Steps)
			}
		}
		for _, p := range x.Steps {
			walk(p.Steps)
		}
		if n == 0 {
			b.sectionFacts(x.Sections, add, true)
		}
		linkFacts(x.Links, add)
	case *model.Alert:
		c.Title = x.Name
		c.Subtitle = strings.Join(nonEmpty("alert", x.Severity, x.Group), " · ")
		add("summary", x.Summary, src)
		add("about", b.match.excerpt(x.Description, 300), src)
		add("expr", x.Expr, src)
		add("for", x.For, src)
		if _, ok := x.Runbook(); !ok && x.RunbookURL != "" {
			add("runbook", x.RunbookURL, src)
		}
		linkFacts(x.Links, add)
	case *model.Incident:
		c.Title = x.Title
		c.Subtitle = strings.Join(nonEmpty(x.Date, x.Category, x.Severity), " · ")
		if len(x.Sections) == 0 {
			add("summary", x.Summary, src)
			add("root cause", x.RootCause, src)
			add("fix", x.Fix, src)
		}
		b.sectionFacts(x.Sections, add, true)
	case *model.Role:
		b.roleFacts(&c, x, add)
	case *model.Play:
		b.playFacts(&c, x, add)
	case *model.InventorySource:
		inventorySourceFacts(&c, x, add)
	case *model.Doc:
		c.Title = x.Title
		for _, s := range x.Sections {
			if s.Heading != x.Title {
				c.Title += " › " + s.Heading
			}
			c.Source = withRepo(s.Source, h.Repo)
			add("text", b.match.excerpt(s.Text, 900), s.Source)
		}
	}
	switch it.(type) {
	case *model.SOP, *model.Incident, *model.Alert:
		b.staleFacts(&c, add)
	}
	if c.Title == "" {
		c.Title = it.Declared().Path
	}
	return c
}

func withRepo(s model.Source, repo string) model.Source {
	if s.Path != "" {
		s.Repo = repo
	}
	return s
}

// sectionFacts adds the sections that say what happened and why (summary,
// cause, fix, impact) and those that match the question; all of them
// when all is set and there are few.
func (b *cardBuilder) sectionFacts(secs []model.Section, add func(string, string, model.Source), all bool) {
	n := 0
	for _, s := range secs {
		h := strings.ToLower(s.Heading)
		telling := strings.Contains(h, "summary") || strings.Contains(h, "cause") || strings.Contains(h, "fix") ||
			strings.Contains(h, "resolution") || strings.Contains(h, "impact") || strings.Contains(h, "what happened")
		if n >= 6 || !(telling || b.match.any(s.Heading+"\n"+s.Text) || all && len(secs) <= 2) {
			continue
		}
		label := strings.ToLower(s.Heading)
		if len(label) > 24 {
			label = label[:24]
		}
		add(label, b.match.excerpt(s.Text, 700), s.Source)
		n++
	}
}

// varFacts adds variables or attributes, the first names first, then
// those the question names, then the rest, up to maxFacts.
func (b *cardBuilder) varFacts(vars []model.Var, add func(string, string, model.Source), src model.Source, first []string) {
	rank := func(v model.Var) int {
		if i := slices.Index(first, v.Name); i >= 0 {
			return i
		}
		if b.match.any(strings.ReplaceAll(v.Name, "_", " ") + " " + valueText(v.Value) + " " + v.Comment().Text) {
			return len(first)
		}
		return len(first) + 1
	}
	sorted := slices.Clone(vars)
	slices.SortStableFunc(sorted, func(a, c model.Var) int { return rank(a) - rank(c) })
	for i, v := range sorted {
		if i == maxFacts {
			add("...", fmt.Sprintf("%d more", len(sorted)-i), src)
			break
		}
		text, s := valueText(v.Value), varSource(v, src)
		if w := v.Comment(); w.Text != "" {
			text += "\n# " + strings.ReplaceAll(w.Text, "\n", "\n# ")
			s = w.Source
		}
		add(v.Name, text, s)
	}
}

// varSource is where a variable's value was set, else fallback.
func varSource(v model.Var, fallback model.Source) model.Source {
	if v.Source != nil && v.Source.Path != "" {
		return *v.Source
	}
	return fallback
}

func linkFacts(links []model.Link, add func(string, string, model.Source)) {
	for _, l := range links {
		switch l.Rel {
		case model.RelCreates, model.RelCreatedBy, model.RelRunbook:
			add(string(l.Rel), l.Name, l.Source)
		case model.RelRunbookFor:
			add("alert", l.Name, l.Source)
		}
	}
}

// hostFacts: why, where, address and ssh, groups, what creates it, the
// roles that run on it, and the variables the question names.
func (b *cardBuilder) hostFacts(c *Card, h *model.Host, add func(string, string, model.Source)) {
	c.Title = h.Name
	c.Subtitle = place(h)
	why, whySrc := b.why.of(h)
	if why == "" {
		why = "(no purpose comment above the host or its groups)"
	}
	add("why", why, whySrc)
	add("where", "["+c.Repo+"]", h.Source)
	add("addr", model.StringVar(h.Vars, "ansible_host"), h.Source)
	for _, name := range []string{"hostname", "inventory_hostname", "fqdn"} {
		add(name, model.StringVar(h.Vars, name), h.Source)
	}
	add("ssh", sshText(h), h.Source)
	if h.NotReadBy != nil {
		add("not read", "by ansible.cfg's default inventory ("+h.NotReadBy.String()+"): run with -i "+h.Inventory, *h.NotReadBy)
	}
	add("in", strings.Join(h.Groups, ", "), h.Source)
	for _, l := range h.Links {
		if l.Rel == model.RelCreatedBy {
			add("tf", l.Name, l.Source)
		}
	}
	hostRoles(h.Links, add)
	for _, v := range h.Vars {
		if strings.HasPrefix(v.Name, "ansible_") {
			continue
		}
		if b.match.any(strings.ReplaceAll(v.Name, "_", " ") + " " + valueText(v.Value)) {
			add(v.Name, valueText(v.Value), varSource(v, h.Source))
		}
	}
}

// groupFacts: its comment, its hosts with their addresses (members of its
// children too), its children and its variables.
func (b *cardBuilder) groupFacts(c *Card, g *model.Group, add func(string, string, model.Source)) {
	c.Title = g.Name
	c.Subtitle = strings.Join(nonEmpty("group", g.Env, g.Cloud), " · ")
	add("why", g.Comment, g.Source)
	hits, total, err := b.groupHosts(c.Repo, g)
	if err == nil {
		for _, hit := range hits {
			if h, ok := hit.Item.(*model.Host); ok {
				text := h.Name
				if a := model.StringVar(h.Vars, "ansible_host"); a != "" {
					text += "  " + a
				}
				for _, name := range []string{"hostname", "ansible_port", "ansible_user"} {
					if v := varText(h.Vars, name); v != "" {
						text += "  " + name + "=" + v
					}
				}
				add("host", text, h.Source)
			}
		}
		if n := total - len(hits); n > 0 {
			add("...", fmt.Sprintf("%d more hosts: handover hosts --group %s", n, g.Name), c.Source)
		}
		if total == 0 {
			add("hosts", "none", c.Source)
		}
	}
	add("children", strings.Join(g.Children, ", "), c.Source)
	add("parents", strings.Join(g.Parents, ", "), c.Source)
	b.groupPlays(c, g, add)
	b.dynamicFacts(c.Repo, g.Inventory, add)
	b.varFacts(g.Vars, add, c.Source, nil)
}

// groupHosts are the first maxFacts hosts of g by name, those of its
// children included, and how many it has. A group without children has
// its direct members, which its document keeps: the first few are read by
// name instead of sorting every host of a group of thousands by name (a
// doc value read per host).
func (b *cardBuilder) groupHosts(repo string, g *model.Group) ([]index.Hit, int, error) {
	f := index.Filter{Repo: repo, Kind: string(model.KindHost), Inventory: g.Inventory, Group: g.Name}
	if len(g.Children) == 0 && len(g.Hosts) > 0 {
		var total int
		f.Names, total = firstNames(g.Hosts, maxFacts)
		// Sorted here by the names the hosts were asked by, not in the
		// index, which would read each one's name from its doc values.
		res, err := b.s.Search(b.ctx, index.Query{PageSize: maxFacts, Filter: f})
		// Each name one host of the group, or the long way.
		if err == nil && len(res.Hits) == len(f.Names) {
			slices.SortFunc(res.Hits, func(a, b index.Hit) int { return strings.Compare(hostName(a), hostName(b)) })
			return res.Hits, total, nil
		}
		f.Names = nil
	}
	res, err := b.s.Search(b.ctx, index.Query{PageSize: maxFacts, Sort: "name", Filter: f})
	if err != nil {
		return nil, 0, err
	}
	return res.Hits, int(res.Total), nil
}

// hostName is the name of a host hit.
func hostName(h index.Hit) string {
	if x, ok := h.Item.(*model.Host); ok {
		return x.Name
	}
	return h.ID
}

// firstNames returns the first n of names in order, each once, and how
// many different names there are: a group of thousands of hosts has its
// first two dozen picked out, not all sorted.
func firstNames(names []string, n int) ([]string, int) {
	seen := make(map[string]struct{}, len(names))
	first := make([]string, 0, n+1)
	for _, name := range names {
		if _, ok := seen[name]; ok {
			continue
		}
		seen[name] = struct{}{}
		if len(first) == n && (n == 0 || name >= first[n-1]) {
			continue
		}
		i, _ := slices.BinarySearch(first, name)
		first = slices.Insert(first, i, name)
		first = first[:min(n, len(first))]
	}
	return first, len(seen)
}

// groupPlays adds the plays whose hosts pattern names the group, each
// with the roles it applies: what gets installed on the group's hosts.
func (b *cardBuilder) groupPlays(c *Card, g *model.Group, add func(string, string, model.Source)) {
	res, err := b.s.Search(b.ctx, index.Query{Words: [][]string{{g.Name}}, PageSize: maxRunners,
		Filter: index.Filter{Repo: c.Repo, Kind: string(model.KindPlay)}})
	if err != nil {
		return
	}
	for _, hit := range res.Hits {
		p, ok := hit.Item.(*model.Play)
		if !ok || !slices.Contains(patternGroups(p.Hosts), g.Name) {
			continue
		}
		roles := make([]string, len(p.Roles))
		for i, r := range p.Roles {
			roles[i] = r.Name
		}
		text := p.Name
		if len(roles) > 0 {
			text += ": " + strings.Join(roles, ", ")
		}
		add("play", text, p.Source)
	}
}

// patternGroups are the names of a hosts pattern (web:&prod:!db),
// without its operators.
func patternGroups(pattern string) []string {
	return strings.FieldsFunc(pattern, func(r rune) bool { return strings.ContainsRune(":,&! \t", r) })
}

// sshText says how ansible reaches a host: user, port, key and python,
// each from the host's variables or, citing its line, the ansible.cfg
// default that stands in for them.
func sshText(h *model.Host) string {
	var ssh []string
	for _, part := range []struct {
		label string
		names []string
		dash  bool // "-" when not set
	}{
		{"user", []string{"ansible_user", "ansible_ssh_user"}, false},
		{"port", []string{"ansible_port", "ansible_ssh_port"}, false},
		{"key", []string{"ansible_ssh_private_key_file", "ansible_private_key_file"}, true},
		{"python", []string{"ansible_python_interpreter"}, true},
	} {
		text := ""
		for _, n := range part.names {
			if v, ok := h.Effective(n); ok {
				text = valueText(v.Value)
				if slices.ContainsFunc(h.ConfigDefaults, func(d model.Var) bool { return d.Name == n }) && v.Source != nil {
					text += " (from " + v.Source.String() + ")"
				}
				break
			}
		}
		if text == "" && part.dash {
			text = "-"
		}
		if text != "" {
			ssh = append(ssh, part.label+" "+text)
		}
	}
	return strings.Join(ssh, ", ")
}

func place(h *model.Host) string {
	parts := nonEmpty(h.Env, h.Cloud, strings.Join(h.PurposeGroups, "+"))
	if len(parts) == 0 {
		return "(no env/cloud/purpose groups)"
	}
	return strings.Join(parts, " · ")
}

func varText(vars []model.Var, name string) string {
	for _, v := range vars {
		if v.Name == name {
			return valueText(v.Value)
		}
	}
	return ""
}

// valueText shows a variable's value as written: strings bare, the rest
// as JSON.
func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	j, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(j)
}
