package inventory

import "handover/internal/model"

// An ansible.cfg's [defaults] remote_user, private_key_file and
// interpreter_python are the connection's defaults: ansible uses them for
// a host unless one of the host's variables sets the option (the
// connection plugins' vars: ansible_user, ansible_ssh_private_key_file,
// ...). They are not variables, so ansible-inventory does not show them;
// handover keeps them beside the host's Vars, named by the variable that
// would override them.

// configDefault ties a [defaults] setting to the variables that override it.
type configDefault struct {
	setting string
	vars    []string // the first names the default on the host
}

var configDefaults = []configDefault{
	{"remote_user", []string{"ansible_user", "ansible_ssh_user"}},
	{"private_key_file", []string{"ansible_ssh_private_key_file", "ansible_private_key_file"}},
	{"interpreter_python", []string{"ansible_python_interpreter"}},
}

// ApplyConfig records cfg as the inventory's ansible.cfg and gives each
// host the connection defaults its variables do not override. Hosts that
// override the same settings share one slice.
func ApplyConfig(inv *model.Inventory, cfg *model.AnsibleConfig) {
	if cfg == nil {
		return
	}
	inv.Config = cfg.Path
	settings := make([]*model.Var, len(configDefaults))
	any := false
	for i, d := range configDefaults {
		settings[i] = cfg.Setting(d.setting)
		any = any || settings[i] != nil
	}
	if !any {
		return
	}
	shared := map[uint8][]model.Var{}
	for _, h := range inv.Hosts {
		var missing uint8
		for i, d := range configDefaults {
			if settings[i] != nil && !setsAny(h, d.vars) {
				missing |= 1 << i
			}
		}
		if missing == 0 {
			continue
		}
		defaults, ok := shared[missing]
		if !ok {
			for i, d := range configDefaults {
				if missing&(1<<i) != 0 {
					defaults = append(defaults, model.Var{Name: d.vars[0], Value: settings[i].Value, Source: settings[i].Source})
				}
			}
			shared[missing] = defaults
		}
		h.ConfigDefaults = defaults
	}
}

// setsAny reports whether the host's variables set any of names.
func setsAny(h *model.Host, names []string) bool {
	vars := layeredVars{h.Vars, h.InheritedVars}
	for _, n := range names {
		if _, ok := vars.lookup(n); ok {
			return true
		}
	}
	return false
}

// MarkNotReadBy records that the ansible.cfg inventory= line at cfgLine
// names a directory that holds inv but skips it, on inv and its hosts.
func MarkNotReadBy(inv *model.Inventory, cfgLine model.Source) {
	inv.NotReadBy = &cfgLine
	for _, h := range inv.Hosts {
		h.NotReadBy = inv.NotReadBy
	}
}
