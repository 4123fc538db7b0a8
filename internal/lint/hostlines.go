package lint

import (
	"fmt"
	"slices"
	"strings"

	"handover/internal/inventory"
	"handover/internal/model"
)

// The client's standard for a host line: "It has to have an explicitly
// specified path to keys, python version and a brief comment about host
// purpose." Explicit means on the host line itself (in YAML, in the
// host's own mapping), not inherited from a group: the line alone tells a
// newcomer what the host is and how it is reached. An ansible.cfg default
// that no variable overrides is as explicit: it is the one place ansible
// takes the value from for every host.

// hostLineVar is a variable the standard wants on every host line.
type hostLineVar struct {
	rule    string
	what    string   // what the value says, for messages
	names   []string // any of them will do; the first is the one to write
	example string   // value suggested when the host inherits none
	applies func(connection string) bool
}

var hostLineVars = []hostLineVar{
	{ruleHostSSHKey, "the key path", []string{"ansible_ssh_private_key_file", "ansible_private_key_file"}, "private_keys/<key>", usesSSHKey},
	{ruleHostPython, "the python interpreter", []string{"ansible_python_interpreter"}, "/usr/bin/python3", usesPython},
}

// usesSSHKey reports whether a connection plugin logs in with an SSH
// key: not local, docker, winrm and the like.
func usesSSHKey(connection string) bool {
	switch pluginName(connection) {
	case "", "ssh", "smart", "paramiko", "paramiko_ssh", "network_cli", "netconf", "libssh":
		return true
	}
	return false
}

// usesPython reports whether ansible runs python on the host: not on
// Windows and network devices.
func usesPython(connection string) bool {
	switch pluginName(connection) {
	case "winrm", "psrp", "network_cli", "netconf", "httpapi", "libssh":
		return false
	}
	return true
}

// pluginName is the short name of a connection plugin:
// ansible.builtin.ssh is ssh.
func pluginName(connection string) string {
	return connection[strings.LastIndexByte(connection, '.')+1:]
}

// lineGap collects the hosts of one line that miss one thing, so that
// web[01:20] is one finding, not twenty.
type lineGap struct {
	rule      string
	src       model.Source
	hosts     []string
	inherited any    // a value the first host gets elsewhere, if any
	from      string // where: "a group", or its host_vars file
	yaml      bool
}

func (c *checker) hostLines(v *inventoryView) {
	type gapKey struct {
		rule string
		src  model.Source
	}
	// A large inventory has thousands of gaps: they are kept by value.
	var gaps []lineGap
	byKey := map[gapKey]int{}
	add := func(rule string, src model.Source, host string, inherited any, from string) {
		if i, ok := byKey[gapKey{rule, src}]; ok {
			gaps[i].hosts = append(gaps[i].hosts, host)
			return
		}
		byKey[gapKey{rule, src}] = len(gaps)
		gaps = append(gaps, lineGap{rule: rule, src: src, hosts: []string{host}, inherited: inherited, from: from, yaml: isYAMLPath(src.Path)})
	}
	// host_vars files set a host's variables too, but not on its line.
	hostVarsFiles := map[string]string{} // "host name" -> file
	if v.decl != nil {
		for _, d := range v.decl.VarsFiles {
			if !d.Group {
				hostVarsFiles[d.Owner+" "+d.Name] = d.Source.Path
			}
		}
	}
	for _, h := range v.inv.Hosts {
		if v.notHosts[h.Name] {
			continue
		}
		if h.Purpose == "" {
			add(ruleHostPurpose, h.Source, h.Name, nil, "")
		}
		lines := v.lines[h.Name]
		if len(lines) == 0 {
			continue // not re-read: what is on the line is unknown
		}
		conn, _ := effective(h, "ansible_connection")
		connection, _ := conn.(string)
		for _, want := range hostLineVars {
			if !want.applies(connection) || writesAny(lines, want.names) || fromConfig(h, want.names) {
				continue
			}
			var inherited any
			from := "a group"
			for _, n := range want.names {
				if val, ok := effective(h, n); ok {
					inherited = val
					if f, ok := hostVarsFiles[h.Name+" "+n]; ok {
						from = f
					}
					break
				}
			}
			add(want.rule, lines[0].Source, h.Name, inherited, from)
		}
	}
	for i := range gaps {
		c.reportGap(&gaps[i])
	}
}

// fromConfig reports whether the host takes the value from its ansible.cfg
// ([defaults] private_key_file, interpreter_python): one line there says
// it for every host, as explicitly as the host line would.
func fromConfig(h *model.Host, names []string) bool {
	return slices.ContainsFunc(h.ConfigDefaults, func(v model.Var) bool { return slices.Contains(names, v.Name) })
}

// writesAny reports whether any line of a host sets one of names.
func writesAny(lines []inventory.HostDeclaration, names []string) bool {
	for _, d := range lines {
		for _, vr := range d.Vars {
			if slices.Contains(names, vr.Name) {
				return true
			}
		}
	}
	return false
}

// reportGap reports one line's hosts missing one thing. Its messages are
// joined rather than formatted: a large inventory can have thousands.
func (c *checker) reportGap(g *lineGap) {
	if !c.reporting(g.rule, g.src) {
		return
	}
	who, has, it, onLine := "host "+g.hosts[0], "has", "it", "on its line"
	if len(g.hosts) > 1 {
		who, has, it, onLine = "hosts "+listNames(g.hosts, 4), "have", "them", "on their line"
	}
	lineWord := "host line"
	if g.yaml {
		onLine, lineWord = "in its own mapping", "host's own mapping"
		if len(g.hosts) > 1 {
			onLine = "in their own mapping"
		}
	}
	if g.rule == ruleHostPurpose {
		c.add(ruleHostPurpose, g.src,
			"write one line on what the host does and why it exists (e.g. \"# Jenkins agent that builds the shop\") directly above its line; handover shows it as the host's purpose",
			who+" "+has+" no purpose comment: add \"# what this host is for\" on the line above "+it)
		return
	}
	i := slices.IndexFunc(hostLineVars, func(w hostLineVar) bool { return w.rule == g.rule })
	want := hostLineVars[i]
	value := want.example
	msg := who + " " + has + " no " + want.names[0] + " " + onLine + ": the standard wants " + want.what + " explicit on every host line"
	if g.inherited != nil {
		value = fmt.Sprint(g.inherited)
		msg += fmt.Sprintf(", not set elsewhere (%s %s from %s)", gets(len(g.hosts)), formatValue(g.inherited), g.from)
	}
	sep := "="
	if g.yaml {
		sep = ": "
	}
	c.add(g.rule, g.src, "add "+want.names[0]+sep+value+" to the "+lineWord, msg)
}

func gets(n int) string {
	if n > 1 {
		return "they get"
	}
	return "it gets"
}

// listNames lists up to max names and says how many more there are.
func listNames(names []string, max int) string {
	if len(names) <= max {
		return joinAnd(names)
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:max], ", "), len(names)-max)
}
