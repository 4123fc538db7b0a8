package inventory

import (
	"handover/internal/limits"

	"strings"

	"go.yaml.in/yaml/v3"
)

// The repository walker finds inventories by shape, since they have no
// fixed names. These checks look at the start of a file only and allocate
// little; they are deliberately stricter than ansible, which would accept
// almost any text as an INI inventory.

const sniffLimit = 256 << 10

// inventoryPlugins are the inventory plugins whose configuration files the
// walker takes for inventories (dynamic sources, or constructed): other
// tools' YAML has plugin: keys too.
var inventoryPlugins = map[string]bool{
	"constructed": true, "generator": true, "aws_ec2": true, "aws_rds": true, "gcp_compute": true, "azure_rm": true,
	"nb_inventory": true, "openstack": true, "vmware_vm_inventory": true, "vmware_host_inventory": true,
	"proxmox": true, "hcloud": true, "linode": true, "digitalocean": true, "kubevirt": true, "foreman": true,
	"docker_containers": true, "k8s": true, "scaleway": true, "vultr": true, "oci": true, "nutanix_vm_inventory": true,
	"gitlab_runners": true, "cloudscale": true, "hetzner": true, "virtualbox": true, "libvirt": true,
}

// LooksLikeYAMLInventory reports whether data has the shape of an Ansible YAML inventory
// (top-level mapping whose values are mappings with only hosts/vars/children keys, e.g. `all:`),
// or is the configuration of a known inventory plugin (plugin: amazon.aws.aws_ec2).
// Used by the repository walker to find YAML inventories by shape; must be cheap.
func LooksLikeYAMLInventory(data []byte) bool {
	text := string(data[:min(len(data), sniffLimit)])
	lines := newLineScanner(text)
	topKeys, sectionKeys, otherKeys := 0, 0, 0
	sawAll := false
	childIndent := -1 // indentation of the keys under the current top-level key
	for {
		line, ok := lines.next()
		if !ok {
			break
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || trimmed[0] == '#' || trimmed == "---" || trimmed[0] == '%' {
			continue
		}
		if trimmed == "..." {
			break
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if strings.HasPrefix(line[indent:], "\t") {
			return looksLikeYAMLInventorySlow(data)
		}
		if indent == 0 {
			switch trimmed[0] {
			case '{', '"', '\'', '?', '&', '!', '[':
				return looksLikeYAMLInventorySlow(data)
			case '-':
				return false // a list: a playbook or a task file
			}
			key, value, ok := yamlKeyLine(trimmed)
			if ok && key == "plugin" {
				return inventoryPlugins[pluginShortName(strings.Trim(value, `"'`))]
			}
			if !ok {
				return false
			}
			switch {
			case value == "" || value == "~" || value == "null":
			case value[0] == '{' || value[0] == '&' || value[0] == '!':
				return looksLikeYAMLInventorySlow(data)
			default:
				return false // a scalar: configuration, not groups
			}
			topKeys++
			sawAll = sawAll || key == "all" || key == "ungrouped"
			childIndent = -1
			continue
		}
		if topKeys == 0 {
			return false
		}
		if childIndent < 0 {
			childIndent = indent
		}
		if indent != childIndent {
			continue // deeper: hosts, vars and children of the group
		}
		key, _, ok := yamlKeyLine(trimmed)
		if !ok {
			return false
		}
		switch key {
		case "hosts", "vars", "children":
			sectionKeys++
		default:
			otherKeys++
		}
	}
	return topKeys > 0 && shapeOK(sectionKeys, otherKeys, sawAll)
}

// shapeOK decides on the keys found under the top-level groups. A stray key
// (ansible skips it with a warning) is tolerated among enough real ones, so
// that a messy inventory is still found; configuration files have none.
func shapeOK(sections, others int, sawAll bool) bool {
	if sections == 0 {
		return others == 0 && sawAll
	}
	return others*2 <= sections
}

// yamlKeyLine splits "key: value" (the value without a trailing comment).
func yamlKeyLine(line string) (key, value string, ok bool) {
	i := strings.Index(line, ":")
	for i >= 0 && i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' {
		j := strings.Index(line[i+1:], ":")
		if j < 0 {
			return "", "", false
		}
		i += j + 1
	}
	if i <= 0 {
		return "", "", false
	}
	key = strings.Trim(strings.TrimSpace(line[:i]), `"'`)
	value = strings.TrimSpace(line[i+1:])
	if strings.HasPrefix(value, "#") {
		value = ""
	} else if j := strings.Index(value, " #"); j >= 0 {
		value = strings.TrimSpace(value[:j])
	}
	return key, value, key != ""
}

// looksLikeYAMLInventorySlow decodes the document for the shapes the line
// check does not follow: flow mappings, JSON, anchors, tabs.
func looksLikeYAMLInventorySlow(data []byte) bool {
	if len(data) > 4*sniffLimit {
		return false
	}
	root, err := decodeYAMLDocument(data, limits.Default())
	if err != nil || root == nil {
		return false
	}
	root = deref(root)
	if root.Kind != yaml.MappingNode {
		return false
	}
	pairs, err := mappingPairs(root)
	if err != nil || len(pairs) == 0 {
		return false
	}
	sections, others, sawAll := 0, 0, false
	for _, p := range pairs {
		key, _ := yamlValue(p.key)
		name, isString := key.(string)
		if !isString || name == "plugin" {
			return false
		}
		sawAll = sawAll || name == "all" || name == "ungrouped"
		v := deref(p.value)
		if isNull(v) {
			continue
		}
		if v.Kind != yaml.MappingNode {
			return false
		}
		sub, err := mappingPairs(v)
		if err != nil {
			return false
		}
		for _, s := range sub {
			switch k, _ := yamlValue(s.key); k {
			case "hosts", "vars", "children":
				sections++
			default:
				others++
			}
		}
	}
	return shapeOK(sections, others, sawAll)
}

// LooksLikeINIInventory: same for INI (section headers like [web], [x:children], host lines), used for files named `hosts`/`inventory`/*.ini that might be something else (e.g. a tox.ini, a php.ini, setup.cfg must be rejected).
func LooksLikeINIInventory(data []byte) bool {
	text := string(data[:min(len(data), sniffLimit)])
	state := "hosts"
	good, bad := 0, 0
	var tokens []string
	for n, line := range iniLines(*newLineScanner(text)) {
		if n > 4000 {
			break
		}
		if line[0] == '[' {
			if _, st, ok := matchSection(line); ok {
				switch st {
				case "", "hosts":
					state = "hosts"
				case "children", "vars":
					state = st
					good++
				default:
					return false // [testenv:py3], [bdist_wheel:...]: not ansible
				}
				continue
			}
		}
		switch state {
		case "hosts":
			var err error
			tokens, err = shlexSplit(tokens[:0], line)
			if err == nil && len(tokens) > 0 && isHostDefinition(tokens) {
				good++
			} else {
				bad++
			}
		case "vars":
			if k, _, ok := strings.Cut(line, "="); ok && isVarName(strings.TrimSpace(k)) {
				good++
			} else {
				bad++
			}
		case "children":
			if _, ok := matchGroupName(line); ok {
				good++
			} else {
				bad++
			}
		}
	}
	return good > 0 && bad*10 <= good
}

// isHostDefinition reports whether tokens read as "host [key=value ...]".
func isHostDefinition(tokens []string) bool {
	if strings.IndexByte(tokens[0], '=') >= 0 {
		return false
	}
	if _, _, ok := parseAddress(tokens[0]); !ok {
		return false
	}
	for _, t := range tokens[1:] {
		k, _, ok := strings.Cut(t, "=")
		if !ok || !isVarName(k) {
			return false
		}
	}
	return true
}

// isVarName reports whether s is a valid Ansible variable name.
func isVarName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || isASCIILetter(c) || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
