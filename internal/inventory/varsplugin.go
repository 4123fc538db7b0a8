package inventory

import (
	"fmt"
	"strings"

	"handover/internal/model"
)

// group_vars/ and host_vars/ are read by ansible's host_group_vars vars
// plugin, and ansible.cfg decides whether and when it runs
// (ansible/vars/plugins.py, get_vars_from_path). What ansible-inventory
// --list shows:
//
//   - vars_plugins_enabled without host_group_vars: neither directory is
//     read.
//   - [vars_host_group_vars] stage = task: the plugin runs only for a play's
//     tasks; ansible-inventory (stage "all") shows none of their variables.
//   - stage = inventory: the plugin runs once the inventory is parsed and its
//     variables are merged into each group's and host's own, so a group's
//     file ranks with the inventory's group variables (a deeper group's
//     inline variable beats group_vars/all) instead of above all of them.
//   - stage = all, or no stage (run_vars_plugins = demand or start): the
//     default precedence (precedence.go). run_vars_plugins = start also
//     merges them at parse time, but the plugin layers apply the same
//     values again above, so what a host gets is the same.

// varsStage is how the host_group_vars plugin's variables reach hosts.
type varsStage int

const (
	varsAsPlugin    varsStage = iota // ansible's default precedence
	varsAsInventory                  // merged into the inventory's own variables
	varsNotRead                      // not read at all
)

// hostGroupVarsStage reads cfg's settings for host_group_vars. why is the
// setting that makes the stage other than the default, and problem a
// setting ansible would refuse.
func hostGroupVarsStage(cfg *model.AnsibleConfig) (stage varsStage, why *model.Var, problem *model.Problem) {
	if cfg == nil {
		return varsAsPlugin, nil, nil
	}
	if v := cfg.Setting("vars_plugins_enabled"); v != nil && !enablesHostGroupVars(fmt.Sprint(v.Value)) {
		return varsNotRead, v, nil
	}
	v := cfg.Setting("vars_host_group_vars.stage")
	if v == nil {
		return varsAsPlugin, nil, nil
	}
	switch s := strings.TrimSpace(fmt.Sprint(v.Value)); s {
	case "all":
		return varsAsPlugin, nil, nil
	case "inventory":
		return varsAsInventory, v, nil
	case "task":
		return varsNotRead, v, nil
	default:
		p := &model.Problem{Severity: model.SeverityError,
			Message: fmt.Sprintf("[vars_host_group_vars] stage = %s: ansible accepts all, task or inventory", s)}
		if v.Source != nil {
			p.Source = *v.Source
		}
		return varsAsPlugin, nil, p
	}
}

// enablesHostGroupVars reports whether a vars_plugins_enabled list names
// host_group_vars, as ansible's matches_name does: a bare name is also
// looked up as ansible.builtin.NAME, and ansible.legacy.NAME as NAME.
func enablesHostGroupVars(list string) bool {
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		name = strings.TrimPrefix(name, "ansible.legacy.")
		name = strings.TrimPrefix(name, "ansible.builtin.")
		if name == "host_group_vars" {
			return true
		}
	}
	return false
}

// notReadProblem says why the group_vars/ or host_vars/ directory rel is not
// read.
func notReadProblem(rel string, why *model.Var) model.Problem {
	where := ""
	if why.Source != nil {
		where = " (" + why.Source.String() + ")"
	}
	setting := why.Name
	if setting == "vars_host_group_vars.stage" {
		setting = "[vars_host_group_vars] stage"
	}
	reason := "ansible-inventory shows none of its variables; a play's tasks get them"
	if why.Name == "vars_plugins_enabled" {
		reason = "the host_group_vars plugin that reads it is not enabled"
	}
	return model.Problem{Source: model.Source{Path: rel}, Severity: model.SeverityWarning,
		Message: fmt.Sprintf("%s is not read: ansible.cfg sets %s = %v%s, so %s", rel, setting, why.Value, where, reason)}
}
