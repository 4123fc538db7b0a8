package ask

import "strings"

// synonymGroups are the words ops teams use for one thing. Both ask and
// sop expand a question word into its group, so "database down" finds the
// PostgreSQL outage runbook. One table, kept here: a word belongs to one
// group at most.
var synonymGroups = [][]string{
	{"db", "database", "databases", "postgres", "postgresql", "pg", "mysql", "mariadb"},
	{"down", "outage", "unreachable", "unavailable", "offline", "dead"},
	{"cert", "certs", "certificate", "certificates", "tls", "ssl", "letsencrypt"},
	{"elastic", "elasticsearch", "es", "opensearch"},
	{"k8s", "kubernetes", "kube"},
	{"remove", "decommission", "drain", "delete"},
	{"restart", "reboot", "bounce"},
	{"disk", "volume", "storage"},
	{"region", "regions", "location", "locations"},
	{"size", "big", "sku", "flavor", "flavour", "vm_size", "instance_type", "machine_type", "instance_class"},
	{"range", "cidr", "cidrs", "address_space", "address_prefixes", "cidr_block", "cidr_blocks", "ip_cidr_range"},
	{"vm", "vms", "virtual_machine", "instance", "instances"},
	{"nic", "nics", "network_interface"},
	{"ip", "address", "addresses", "ansible_host"},
	{"port", "ports"},
	{"user", "username", "ansible_user"},
	{"failover", "promote", "switchover"},
	{"breach", "compromise", "compromised", "intrusion", "hacked"},
	{"pxe", "netboot"},
	{"vnet", "vpc", "network"},
	{"mail", "smtp", "email", "postfix"},
	{"backup", "backups", "snapshot", "snapshots"},
	{"upgrade", "update"},
}

var synonymIndex = func() map[string][]string {
	m := map[string][]string{}
	for _, g := range synonymGroups {
		for _, w := range g {
			m[w] = g
		}
	}
	return m
}()

// Synonyms returns w followed by the other words of its group, or just w.
func Synonyms(w string) []string {
	w = strings.ToLower(w)
	g := synonymIndex[w]
	out := make([]string, 0, 1+len(g))
	out = append(out, w)
	for _, s := range g {
		if s != w {
			out = append(out, s)
		}
	}
	return out
}
