package inventory

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"handover/internal/model"
)

// Dynamic inventory sources (cloud and CMDB plugins, inventory scripts)
// get their hosts from an API when ansible runs. handover runs none of
// them; it reads what the configuration says about where the hosts come
// from and how they are grouped, as a model.InventorySource.

// accountKeys and regionKeys are the options of the common plugins that
// say which accounts and which regions they read.
var (
	accountKeys = []string{"projects", "iam_role_arn", "aws_profile", "profile", "boto_profile", "subscription_id",
		"include_vm_resource_groups", "api_endpoint", "url", "server", "hostname", "endpoint", "tenant", "organization"}
	regionKeys = []string{"regions", "zones", "region", "zone", "locations", "location"}
	filterKeys = []string{"filters", "include_filters", "exclude_filters", "query_filters", "device_query_filters",
		"vm_query_filters", "exclude_host_filters", "include_host_filters", "conditional_groups"}
)

// addScript records an inventory script as a dynamic source.
func (d *inventoryData) addScript(rel string, data []byte) {
	d.dynamic = append(d.dynamic, &model.InventorySource{Path: rel, Source: model.Source{Path: rel, Line: 1},
		Plugin: "script", Comment: scriptComment(data)})
}

// scriptComment is the first run of comment lines after a #! line.
func scriptComment(data []byte) string {
	var lines []string
	for i, l := range strings.Split(string(data[:min(len(data), 4096)]), "\n") {
		t := strings.TrimSpace(l)
		if i == 0 && strings.HasPrefix(t, "#!") || t == "" && len(lines) == 0 || strings.HasPrefix(t, "# -*-") {
			continue
		}
		if !strings.HasPrefix(t, "#") {
			break
		}
		lines = append(lines, strings.TrimSpace(strings.TrimLeft(t, "#")))
	}
	return strings.TrimSpace(strings.Join(lines, " "))
}

// readPluginConfig reads a plugin configuration file: its plugin and the
// options that say where hosts come from. It returns nil when the file is
// not a mapping with a plugin: key.
func readPluginConfig(rel string, root *yaml.Node) *model.InventorySource {
	root = deref(root)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil
	}
	pairs, err := mappingPairs(root)
	if err != nil {
		return nil
	}
	s := &model.InventorySource{Path: rel}
	for _, p := range lastWins(pairs) {
		key, _ := yamlValueString(p.key)
		v, _ := yamlValue(p.value)
		switch {
		case key == "plugin":
			s.Plugin, _ = v.(string)
			s.Source = model.Source{Path: rel, Line: p.key.Line}
			if c := headComment(p.key); c.text != "" {
				s.Comment = c.text
			}
		case slices.Contains(accountKeys, key):
			s.Accounts = append(s.Accounts, flatStrings(v)...)
		case slices.Contains(regionKeys, key):
			s.Regions = append(s.Regions, flatStrings(v)...)
		case slices.Contains(filterKeys, key):
			s.Filters = append(s.Filters, namedValues(key, v)...)
		case key == "keyed_groups" || key == "group_by":
			s.KeyedGroups = append(s.KeyedGroups, keyedGroups(v)...)
		case key == "groups":
			s.Groups = append(s.Groups, namedValues("", v)...)
		case key == "compose":
			s.Compose = append(s.Compose, namedValues("", v)...)
		case key == "hostnames":
			s.Hostnames = append(s.Hostnames, hostnamePreferences(v)...)
		}
	}
	if s.Plugin == "" {
		return nil
	}
	return s
}

// flatStrings flattens a scalar or a list into strings.
func flatStrings(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, flatStrings(e)...)
		}
		return out
	case string:
		return []string{x}
	}
	return []string{formatScalar(v)}
}

// namedValues turns a mapping into name=value pairs, and a list (of
// strings or mappings) into pairs named after key.
func namedValues(key string, v any) []model.Var {
	switch x := v.(type) {
	case map[string]any:
		names := make([]string, 0, len(x))
		for k := range x {
			names = append(names, k)
		}
		slices.Sort(names)
		out := make([]model.Var, 0, len(names))
		for _, k := range names {
			out = append(out, model.Var{Name: k, Value: x[k]})
		}
		return out
	case []any:
		var out []model.Var
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				out = append(out, namedValues(key, m)...)
			} else if key != "" {
				out = append(out, model.Var{Name: key, Value: e})
			}
		}
		return out
	case nil:
		return nil
	}
	if key == "" {
		return nil
	}
	return []model.Var{{Name: key, Value: v}}
}

// keyedGroups describes each keyed_groups entry (or netbox group_by name)
// as "prefix P, key K".
func keyedGroups(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			if s, ok := e.(string); ok {
				out = append(out, "by "+s)
			}
			continue
		}
		var parts []string
		for _, k := range []string{"prefix", "key", "separator", "parent_group", "default_value"} {
			if x, ok := m[k]; ok {
				parts = append(parts, k+" "+formatScalar(x))
			}
		}
		out = append(out, strings.Join(parts, ", "))
	}
	return out
}

// hostnamePreferences lists hostnames: strings, or mappings with name.
func hostnamePreferences(v any) []string {
	var out []string
	for _, e := range listOf(v) {
		if m, ok := e.(map[string]any); ok {
			s := formatScalar(m["name"])
			if p, ok := m["prefix"]; ok {
				s = formatScalar(p) + " + " + s
			}
			out = append(out, s)
			continue
		}
		out = append(out, formatScalar(e))
	}
	return out
}

func listOf(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	if v == nil {
		return nil
	}
	return []any{v}
}

func formatScalar(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// pluginShortName is a plugin's name without its collection:
// amazon.aws.aws_ec2 is aws_ec2.
func pluginShortName(plugin string) string {
	return plugin[strings.LastIndexByte(plugin, '.')+1:]
}

// loadPluginConfig reads an inventory plugin's configuration: constructed
// is evaluated over the hosts read so far, as ansible runs it in its turn;
// any other plugin is a dynamic source. It reports whether hosts came of it.
func (d *inventoryData) loadPluginConfig(rel string, data []byte) bool {
	src := model.Source{Path: rel}
	root, err := decodeYAMLDocument(data, d.lim)
	if err != nil {
		d.problem(src, model.SeverityError, "%v", err)
		return false
	}
	s := readPluginConfig(rel, root)
	if s == nil {
		d.problem(src, model.SeverityWarning, "inventory plugin configuration without a plugin name: not read")
		return false
	}
	if isConstructed(s.Plugin) {
		d.runConstructed(rel, root)
		return true
	}
	d.dynamic = append(d.dynamic, s)
	d.problem(s.Source, model.SeverityWarning, "inventory plugin %s (dynamic inventory): not run, its hosts are not known", s.Plugin)
	return false
}
