package summary

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"handover/internal/model"
)

// envRank orders environments the way people think of them: production
// first, throwaway ones last; unknown names sort by name after those.
var envRank = map[string]int{
	"production": 0, "preprod": 1, "staging": 2, "uat": 3, "qa": 4, "test": 5, "development": 6, "sandbox": 7,
}

func compareEnv(a, b string) int {
	ra, oka := envRank[a]
	rb, okb := envRank[b]
	switch {
	case oka && okb:
		return cmp.Compare(ra, rb)
	case oka && b != "":
		return -1
	case okb && a != "":
		return 1
	}
	return compareCloud(a, b)
}

// compareCloud orders clouds (and other names) by name, an empty one last.
func compareCloud(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return strings.Compare(a, b)
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

// place is an environment and a cloud.
type place struct{ env, cloud string }

func comparePlace(a, b place) int {
	return cmp.Or(compareEnv(a.env, b.env), compareCloud(a.cloud, b.cloud))
}

func (p place) String() string {
	return orNone(p.env, "no environment") + " / " + orNone(p.cloud, "no cloud")
}

// groupSource is where the group that stands for an environment (cloud
// empty) or for a cloud within one is declared: the shallowest such group.
func (in *Input) groupSource(env, cloud string) (model.Source, bool) {
	var best *model.Group
	for i := range in.Groups {
		g := &in.Groups[i]
		if g.Env != env || g.Cloud != cloud || env == "" {
			continue
		}
		if best == nil || g.Depth < best.Depth || g.Depth == best.Depth && bySource(g.Source, best.Source) < 0 {
			best = g
		}
	}
	if best == nil {
		return model.Source{}, false
	}
	return best.Source, true
}

// purposeGroupSource is where a purpose group of an inventory is declared.
func (in *Input) purposeGroupSource(inventory, name string) model.Source {
	for _, g := range in.Groups {
		if g.Name == name && g.Inventory == inventory {
			return g.Source
		}
	}
	return model.Source{}
}

// hostsByPlace are the hosts of each place, in source order.
func (in *Input) hostsByPlace() (map[place][]*model.Host, []place) {
	m := map[place][]*model.Host{}
	for i := range in.Hosts {
		h := &in.Hosts[i]
		p := place{h.Env, h.Cloud}
		m[p] = append(m[p], h)
	}
	places := make([]place, 0, len(m))
	for p, hs := range m {
		slices.SortStableFunc(hs, func(a, b *model.Host) int { return bySource(a.Source, b.Source) })
		places = append(places, p)
	}
	slices.SortFunc(places, comparePlace)
	return m, places
}

func (in *Input) environments() Section {
	s := Section{ID: SectionEnvironments, Title: "Environments and clouds"}
	if len(in.Hosts) == 0 {
		s.Intro = "No Ansible inventory was found, so handover knows no hosts."
		return s
	}
	invs := map[string]int{}
	for _, h := range in.Hosts {
		invs[h.Inventory]++
	}
	var parts []string
	for _, inv := range sortedKeys(invs) {
		parts = append(parts, fmt.Sprintf("%s (%d)", inv, invs[inv]))
	}
	s.Intro = fmt.Sprintf("%s in %s: %s. Environments and clouds come from the inventory's environment -> cloud -> purpose groups.",
		plural(len(in.Hosts), "host"), plural(len(invs), "inventory"), strings.Join(parts, ", "))

	byPlace, places := in.hostsByPlace()
	var envs []string
	counts := map[string]int{}
	for _, p := range places {
		if counts[p.env] == 0 {
			envs = append(envs, p.env)
		}
		counts[p.env] += len(byPlace[p])
	}
	for _, env := range envs {
		l := Line{Text: fmt.Sprintf("%s: %s", orNone(env, "no environment"), plural(counts[env], "host"))}
		if src, ok := in.groupSource(env, ""); ok {
			l.Source = src
		}
		for _, p := range places {
			if p.env != env {
				continue
			}
			c := Line{Text: fmt.Sprintf("%s: %s", orNone(p.cloud, "no cloud"), plural(len(byPlace[p]), "host"))}
			if src, ok := in.groupSource(env, p.cloud); ok && p.cloud != "" {
				c.Source = src
			} else {
				c.Source = byPlace[p][0].Source
			}
			if p.cloud == "" {
				c.Level = LevelWarning
				c.Text += ": their groups do not say which cloud they run in"
			}
			l.Lines = append(l.Lines, c)
		}
		if env == "" {
			l.Level = LevelWarning
			l.Text += ": their groups do not say which environment they belong to"
			l.Source = l.Lines[0].Source
		}
		s.Lines = append(s.Lines, l)
	}
	return s
}

// placement is the table environment x cloud x purpose with host counts.
func (in *Input) placement() Section {
	s := Section{ID: SectionPlacement, Title: "What runs where",
		Intro: "Hosts by environment, cloud and purpose group; a host in two purpose groups counts in both."}
	if len(in.Hosts) == 0 {
		s.Lines = dynamicLines(in.Dynamic)
		return s
	}
	type key struct {
		place
		purpose string
	}
	counts := map[key]int{}
	sources := map[key]model.Source{}
	for _, h := range in.Hosts {
		purposes := h.PurposeGroups
		if len(purposes) == 0 {
			purposes = []string{""}
		}
		for _, pg := range purposes {
			k := key{place{h.Env, h.Cloud}, pg}
			counts[k]++
			if _, ok := sources[k]; !ok {
				sources[k] = h.Source // the first host, when no group declares the purpose
				if pg != "" {
					sources[k] = in.purposeGroupSource(h.Inventory, pg)
				}
			}
		}
	}
	keys := make([]key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(comparePlace(a.place, b.place), compareCloud(a.purpose, b.purpose))
	})
	t := &Table{Columns: []string{"Environment", "Cloud", "Purpose", "Hosts"}}
	for _, k := range keys {
		t.Rows = append(t.Rows, []Cell{
			{Text: orNone(k.env, "-")},
			{Text: orNone(k.cloud, "-")},
			{Text: orNone(k.purpose, "(no purpose group)"), Source: sources[k]},
			{Text: fmt.Sprint(counts[k])},
		})
		if k.purpose == "" {
			s.Lines = append(s.Lines, Line{
				Text:   fmt.Sprintf("%d %s hosts are in no purpose group: the convention is environment -> cloud -> purpose", counts[k], k.place),
				Source: sources[k],
				Level:  LevelWarning,
			})
		}
	}
	s.Table = t
	s.Lines = append(s.Lines, dynamicLines(in.Dynamic)...)
	return s
}

// dynamicLines says where the hosts of dynamic sources come from: they
// are known only when ansible runs the plugin or script.
func dynamicLines(sources []model.InventorySource) []Line {
	var out []Line
	for _, d := range sources {
		out = append(out, Line{Text: "More hosts come from " + model.DescribeInventorySource(&d) + " when ansible runs it", Source: d.Source})
	}
	return out
}

// Variables a host line should name, by the house convention.
const (
	varKeyFile  = "ansible_ssh_private_key_file"
	varKeyFile2 = "ansible_private_key_file" // the newer spelling of the same setting
	varPython   = "ansible_python_interpreter"
)

// hostVar is the host's value of the first of names it has, its
// ansible.cfg default included.
func hostVar(h *model.Host, names ...string) string {
	for _, n := range names {
		if v, ok := h.Effective(n); ok && v.Value != nil {
			return fmt.Sprint(v.Value)
		}
	}
	return ""
}

// hosts lists every host with its purpose, key file and python, by place.
func (in *Input) hosts() Section {
	s := Section{ID: SectionHosts, Title: "Every host",
		Intro: "Each host with its purpose group, the comment above its line, the SSH key file and the Python it is reached with. Missing ones are flagged: ansible then falls back to your own SSH key or guesses the interpreter."}
	byPlace, places := in.hostsByPlace()
	missing := 0
	for _, p := range places {
		top := Line{Text: p.String() + ": " + plural(len(byPlace[p]), "host")}
		if src, ok := in.groupSource(p.env, p.cloud); ok && p.cloud != "" {
			top.Source = src
		}
		for _, h := range byPlace[p] {
			l := hostLine(h)
			if l.Level != "" {
				missing++
			}
			// Hosts declared on one line (web[01:04]) and alike share it.
			if n := len(top.Lines); n > 0 {
				prev := &top.Lines[n-1]
				if prev.Source == l.Source && strings.HasSuffix(prev.Text, strings.TrimPrefix(l.Text, h.Name)) {
					i := len(prev.Text) - len(l.Text) + len(h.Name)
					prev.Text = prev.Text[:i] + ", " + h.Name + prev.Text[i:]
					continue
				}
			}
			top.Lines = append(top.Lines, l)
		}
		s.Lines = append(s.Lines, top)
	}
	if missing > 0 {
		s.Intro += fmt.Sprintf(" %s miss something.", plural(missing, "host"))
	}
	return s
}

func hostLine(h *model.Host) Line {
	var b strings.Builder
	b.WriteString(h.Name)
	if len(h.PurposeGroups) > 0 {
		fmt.Fprintf(&b, " [%s]", strings.Join(h.PurposeGroups, ", "))
	}
	missing := false
	purpose := cut(oneLine(h.Purpose), 160)
	if purpose == "" {
		purpose, missing = "no purpose comment", true
	}
	key, py := hostVar(h, varKeyFile, varKeyFile2), hostVar(h, varPython)
	if key == "" {
		key, missing = "not set", true
	}
	if py == "" {
		py, missing = "not set", true
	}
	fmt.Fprintf(&b, ": %s; key %s, python %s", purpose, key, py)
	l := Line{Text: b.String(), Source: h.Source}
	if missing {
		l.Level = LevelWarning
	}
	return l
}
