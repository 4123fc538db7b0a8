package model

import (
	"net"
	"strings"
)

// hostnameVars are the variables teams use to name a host whose inventory
// name is an address or a label: 10.0.0.5 hostname=mgr.
var hostnameVars = []string{"ansible_host", "hostname", "host_name", "fqdn", "inventory_hostname_short", "server_name"}

// HostAliases are the other names a host is known by, besides its inventory
// name: ansible_host and hostname-like variables (hostname, fqdn, any
// *_hostname), and the short name of each that is a domain name. Only
// string values that look like a name count; none repeats the inventory name.
func HostAliases(h *Host) []string {
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" || s == h.Name || strings.ContainsAny(s, " \t{}%/") {
			return // empty, the name itself, or a template or sentence
		}
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	for v := range h.AllVars() {
		named := strings.HasSuffix(v.Name, "_hostname") && v.Name != "ansible_hostname"
		for _, n := range hostnameVars {
			named = named || v.Name == n
		}
		s, ok := v.Value.(string)
		if !named || !ok {
			continue
		}
		add(s)
		if i := strings.IndexByte(s, '.'); i > 0 && net.ParseIP(s) == nil {
			add(s[:i])
		}
	}
	return out
}
