package terraform

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"handover/internal/model"
	"handover/internal/redact"
)

// instanceAttrs are the state attributes worth keeping: what identifies an
// instance and what finds it on the network. The rest of a state object
// (hundreds of provider defaults) would only bury them.
var instanceAttrs = []string{
	"id", "arn", "name", "self_link",
	"hostname", "fqdn", "dns_name", "computer_name",
	"private_ip", "public_ip", "private_dns", "public_dns",
	"private_ip_address", "public_ip_address", "ip_address", "address", "endpoint",
	"instance_type", "machine_type", "size", "instance_class", "engine", "ami",
	"availability_zone", "region", "zone", "location",
	"vpc_id", "subnet_id", "cidr_block", "key_name",
}

// instance turns one state object into a model.Instance: sensitive paths
// masked first, then the useful subset kept and redacted by name and value.
func (in *stateInstance) instance(statePath, module string) model.Instance {
	attrs := in.Attributes
	if attrs == nil && in.AttributesFlat != nil {
		attrs = make(map[string]any, len(in.AttributesFlat))
		for k, v := range in.AttributesFlat {
			attrs[k] = v
		}
	}
	attrs, _ = normalize(attrs).(map[string]any)
	maskSensitivePaths(attrs, in.SensitiveAttributes)
	if len(in.SensitiveValues) > 0 {
		var sv any
		if json.Unmarshal(in.SensitiveValues, &sv) == nil {
			attrs, _ = maskSensitiveValues(attrs, sv).(map[string]any)
		}
	}

	out := model.Instance{Key: instanceKey(in.IndexKey), Source: model.Source{Path: statePath, Line: in.line}}
	out.ID, _ = attrs["id"].(string)
	var vars []model.Var
	seen := map[string]bool{}
	keep := func(name string, v any) {
		switch x := v.(type) {
		case string:
			if x == "" {
				return
			}
		case bool, int64, float64:
		default:
			return
		}
		if !seen[name] {
			seen[name] = true
			vars = append(vars, model.Var{Name: name, Value: redact.Value(name, v)})
		}
	}
	for _, name := range instanceAttrs {
		keep(name, attrs[name])
	}
	for _, tagsAttr := range []string{"tags", "tags_all", "labels"} {
		prefix := strings.TrimSuffix(tagsAttr, "_all") + "."
		if m, ok := attrs[tagsAttr].(map[string]any); ok {
			for k, v := range m {
				keep(prefix+k, v)
			}
		}
	}
	for k, v := range attrs { // attributes_flat spells tags as tags.Name
		if strings.HasPrefix(k, "tags.") && !strings.HasSuffix(k, "%") {
			keep(k, v)
		}
	}
	// Google keeps a VM's addresses in network_interface[0].network_ip and
	// its access_config[0].nat_ip.
	if nic := firstObject(attrs["network_interface"]); nic != nil {
		keep("network_ip", nic["network_ip"])
		if ac := firstObject(nic["access_config"]); ac != nil {
			keep("nat_ip", ac["nat_ip"])
		}
	}
	if module != "" {
		keep("module", module)
	}
	slices.SortFunc(vars, func(a, b model.Var) int { return cmp.Compare(a.Name, b.Name) })
	out.Attrs = vars
	return out
}

func firstObject(v any) map[string]any {
	if l, ok := v.([]any); ok && len(l) > 0 {
		m, _ := l[0].(map[string]any)
		return m
	}
	return nil
}

// instanceKey prints a count index or for_each key as Terraform does.
func instanceKey(k any) string {
	switch x := k.(type) {
	case json.Number:
		return "[" + x.String() + "]"
	case string:
		return "[" + strconv.Quote(x) + "]"
	}
	return ""
}

// normalize turns json.Number into int64 or float64, as model.Var wants.
func normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
		return x.String()
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
	}
	return v
}

// pathStep is one step of a v4 sensitive_attributes path:
// {"type":"get_attr","value":"password"} or
// {"type":"index","value":{"value":0,"type":"number"}}.
type pathStep struct {
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
}

// maskSensitivePaths replaces every value the state marks sensitive with
// redact.Mask. When the paths cannot be read, every top-level attribute
// named anywhere in them is masked instead: better too much than a secret.
func maskSensitivePaths(attrs map[string]any, raw json.RawMessage) {
	if len(raw) == 0 || attrs == nil {
		return
	}
	var paths [][]pathStep
	if err := json.Unmarshal(raw, &paths); err != nil {
		var v any
		_ = json.Unmarshal(raw, &v)
		for _, name := range stringsIn(v) {
			if _, ok := attrs[name]; ok && attrs[name] != nil {
				attrs[name] = redact.Mask
			}
		}
		return
	}
	for _, p := range paths {
		if len(p) > 0 {
			maskAt(attrs, p)
		}
	}
}

// maskAt masks the value at path inside v and returns v. A step that does
// not resolve (a set element is addressed by value) masks the whole value
// it could not step into.
func maskAt(v any, path []pathStep) any {
	if v == nil {
		return nil
	}
	if len(path) == 0 {
		return redact.Mask
	}
	step := path[0]
	switch x := v.(type) {
	case map[string]any:
		k, ok := step.key()
		if !ok {
			return redact.Mask
		}
		if e, ok := x[k]; ok {
			x[k] = maskAt(e, path[1:])
		}
		return x
	case []any:
		i, ok := step.index()
		if !ok || i < 0 || i >= len(x) {
			return redact.Mask
		}
		x[i] = maskAt(x[i], path[1:])
		return x
	}
	return redact.Mask
}

// key is the attribute name or map key a step selects.
func (s pathStep) key() (string, bool) {
	var name string
	if s.Type == "get_attr" {
		err := json.Unmarshal(s.Value, &name)
		return name, err == nil
	}
	var idx struct{ Value any }
	if json.Unmarshal(s.Value, &idx) == nil {
		name, ok := idx.Value.(string)
		return name, ok
	}
	return "", false
}

// index is the list index a step selects.
func (s pathStep) index() (int, bool) {
	var idx struct{ Value any }
	if s.Type != "index" || json.Unmarshal(s.Value, &idx) != nil {
		return 0, false
	}
	f, ok := idx.Value.(float64)
	return int(f), ok && f == float64(int(f))
}

// maskSensitiveValues applies terraform show -json's sensitive_values: an
// object shaped like the attributes with true where a value is sensitive.
func maskSensitiveValues(v, sens any) any {
	if v == nil {
		return nil
	}
	switch s := sens.(type) {
	case bool:
		if s {
			return redact.Mask
		}
	case map[string]any:
		if m, ok := v.(map[string]any); ok {
			for k, sv := range s {
				if e, ok := m[k]; ok {
					m[k] = maskSensitiveValues(e, sv)
				}
			}
		}
	case []any:
		if l, ok := v.([]any); ok {
			for i, sv := range s {
				if i < len(l) {
					l[i] = maskSensitiveValues(l[i], sv)
				}
			}
		}
	}
	return v
}

// stringsIn lists every string inside a decoded JSON value.
func stringsIn(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, stringsIn(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range x {
			out = append(out, stringsIn(e)...)
		}
		return out
	}
	return nil
}
