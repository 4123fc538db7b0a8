package ask

import (
	"slices"
	"strings"
)

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

// phrasalVerbs are the two-word verbs ops teams write apart ("take the
// node out of the cluster"): a verb, its particle, and the one word they
// mean, which the synonyms then widen.
var phrasalVerbs = [][3]string{
	{"take", "out", "remove"}, {"take", "down", "stop"}, {"bring", "up", "start"}, {"bring", "down", "stop"},
	{"spin", "up", "create"}, {"tear", "down", "destroy"}, {"roll", "back", "rollback"}, {"swap", "out", "replace"},
	{"scale", "out", "add"}, {"scale", "in", "remove"},
}

// phrasalWindow is how far a particle may follow its verb.
const phrasalWindow = 4

// joinPhrasal replaces each phrasal verb of ws by the word it means and
// drops its particle: take, a, node, out -> remove, a, node.
func joinPhrasal(ws []string) []string {
	out := slices.Clone(ws)
	for i := 0; i < len(out); i++ {
		for _, pv := range phrasalVerbs {
			if out[i] != pv[0] {
				continue
			}
			if j := slices.Index(out[i+1:min(len(out), i+1+phrasalWindow)], pv[1]); j >= 0 {
				out[i] = pv[2]
				out = slices.Delete(out, i+1+j, i+2+j)
				break
			}
		}
	}
	return out
}

// actionWords say what to do; in an SOP query they weigh twice the words
// of what it is done to: "remove a node from the cluster" wants the SOP
// that removes, not every one about nodes and clusters.
var actionWords = setOf(`remove decommission drain delete restart reboot bounce failover promote switchover
	upgrade update restore rotate renew replace rollback add create destroy start stop scale migrate`)
