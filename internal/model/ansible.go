package model

import (
	"fmt"
	"strings"
)

// Play is one entry of a playbook: a play (hosts:, roles:, tasks:) or an
// import_playbook. Its Name is what ansible-playbook prints: the name
// given, else the hosts pattern.
type Play struct {
	Name     string `json:"name"`
	Playbook string `json:"playbook"` // the playbook file, relative to the repository root
	Index    int    `json:"index"`    // 1-based position among the playbook's entries
	Source   Source `json:"source"`   // the entry's first line

	// Hosts is the hosts: pattern as written (a list joined with ",").
	Hosts string `json:"hosts,omitempty"`
	// ImportPlaybook is the file an import_playbook entry names, as written.
	ImportPlaybook string `json:"import_playbook,omitempty"`

	Roles  []RoleUse `json:"roles,omitempty"` // roles:, import_role and include_role, in order
	Tasks  []Task    `json:"tasks,omitempty"` // pre_tasks, tasks, post_tasks and handlers, blocks flattened
	Tags   []string  `json:"tags,omitempty"`
	Become bool      `json:"become,omitempty"`
	Vars   []Var     `json:"vars,omitempty"` // the play's vars:, as written

	Links []Link `json:"links,omitempty"`
}

// Task is one task of a play or role, as ansible-playbook --list-tasks
// names it: its name, else its action.
type Task struct {
	Name string `json:"name"`
	// Action is the module or keyword: ansible.builtin.apt, import_role, ...
	Action string `json:"action,omitempty"`
	// Section is where it sits: tasks, pre_tasks, handlers, and below a
	// block its part, e.g. tasks/block, tasks/rescue.
	Section string   `json:"section"`
	Role    string   `json:"role,omitempty"` // the role an import_role or include_role runs
	File    string   `json:"file,omitempty"` // the file an import_tasks or include_tasks reads
	Tags    []string `json:"tags,omitempty"`
	Source  Source   `json:"source"`
}

// RoleUse is a play's or role's use of a role: in roles:, by import_role
// or include_role, or as a dependency in meta/main.yml.
type RoleUse struct {
	Name   string   `json:"name"`
	How    string   `json:"how"` // roles, import_role, include_role, dependency
	Tags   []string `json:"tags,omitempty"`
	Source Source   `json:"source"`
	// Dir is the role's directory as ansible finds it (roles/ beside the
	// playbook, ansible.cfg's roles_path); empty when not in the repository.
	Dir string `json:"dir,omitempty"`
	// ByName says Dir was not on ansible's search path from the playbook
	// but is the one role of that name in a roles/ directory of the
	// repository: the team's roles_path is set outside it (an ansible.cfg
	// on the control host, ANSIBLE_ROLES_PATH).
	ByName bool `json:"by_name,omitempty"`
}

// Role is one Ansible role: a directory with tasks/, meta/, defaults/, ...
type Role struct {
	Name   string `json:"name"`
	Dir    string `json:"dir"`    // relative to the repository root
	Source Source `json:"source"` // tasks/main.yml, else the first of its main files

	// Readme is the first paragraph of its README; ReadmeSource its line.
	Readme       string `json:"readme,omitempty"`
	ReadmeSource Source `json:"readme_source,omitzero"`
	// Description is meta/main.yml's galaxy_info.description.
	Description  string    `json:"description,omitempty"`
	Dependencies []RoleUse `json:"dependencies,omitempty"`

	Defaults  []Var    `json:"defaults,omitempty"` // defaults/main.yml
	Vars      []Var    `json:"vars,omitempty"`     // vars/main.yml
	Tasks     []Task   `json:"tasks,omitempty"`    // tasks/main.yml, static imports inlined
	Handlers  []Task   `json:"handlers,omitempty"`
	Templates []string `json:"templates,omitempty"` // files below templates/, relative to it

	Links []Link `json:"links,omitempty"`
}

// AnsibleConfig is one ansible.cfg that ansible would read: the [defaults]
// settings that say how hosts are reached, where ansible looks, and how
// group_vars/ and host_vars/ are read.
type AnsibleConfig struct {
	Path string `json:"path"` // relative to the repository root
	// Defaults are inventory, remote_user, private_key_file,
	// interpreter_python, roles_path, vars_plugins_enabled and
	// run_vars_plugins as written (inline comments and line breaks
	// dropped), each with its line, and then the host_group_vars plugin's
	// [vars_host_group_vars] stage, named vars_host_group_vars.stage.
	Defaults []Var `json:"defaults,omitempty"`
}

// Setting returns the value of a [defaults] setting, nil when not set.
func (c *AnsibleConfig) Setting(name string) *Var {
	for i := range c.Defaults {
		if c.Defaults[i].Name == name {
			return &c.Defaults[i]
		}
	}
	return nil
}

// InventorySource is a dynamic inventory source: an inventory plugin's
// configuration whose hosts come from an API when ansible runs (aws_ec2,
// gcp_compute, azure_rm, netbox's nb_inventory, ...), or an inventory
// script. handover never runs it; it says where the hosts come from and
// how they are grouped.
type InventorySource struct {
	Path      string `json:"path"`      // the file, relative to the repository root
	Inventory string `json:"inventory"` // the inventory source it is part of (itself, or its directory)
	Source    Source `json:"source"`    // the plugin: line, or the script's first line
	Comment   string `json:"comment,omitempty"`

	// Plugin is the plugin's name as written (amazon.aws.aws_ec2), or
	// "script" for an inventory script.
	Plugin string `json:"plugin"`
	// Accounts are the accounts, projects, subscriptions or API endpoints
	// it reads; Regions the regions or zones.
	Accounts []string `json:"accounts,omitempty"`
	Regions  []string `json:"regions,omitempty"`
	// Filters, KeyedGroups, Groups, Hostnames and Compose are the
	// plugin's options of those names, as written; values redacted.
	Filters     []Var    `json:"filters,omitempty"`
	KeyedGroups []string `json:"keyed_groups,omitempty"` // "prefix role, key tags.Role"
	Groups      []Var    `json:"groups,omitempty"`       // group name = condition
	Hostnames   []string `json:"hostnames,omitempty"`
	Compose     []Var    `json:"compose,omitempty"`

	Links []Link `json:"links,omitempty"`
}

// DescribeInventorySource says in one line where a dynamic source's hosts
// come from: "amazon.aws.aws_ec2 (inventories/prod/aws_ec2.yml) in
// eu-west-1, filters tag:env=prod, keyed groups prefix role, key tags.Role".
func DescribeInventorySource(s *InventorySource) string {
	text := s.Plugin + " (" + s.Path + ")"
	if s.Plugin == "script" {
		text = "the inventory script " + s.Path
	}
	if len(s.Accounts) > 0 {
		text += " of " + strings.Join(s.Accounts, ", ")
	}
	if len(s.Regions) > 0 {
		text += " in " + strings.Join(s.Regions, ", ")
	}
	var filters []string
	for _, f := range s.Filters {
		filters = append(filters, fmt.Sprintf("%s=%v", f.Name, f.Value))
	}
	if len(filters) > 0 {
		text += ", filters " + strings.Join(filters, " ")
	}
	if len(s.KeyedGroups) > 0 {
		text += ", keyed groups " + strings.Join(s.KeyedGroups, "; ")
	}
	if s.Comment != "" {
		text += ": " + s.Comment
	}
	return text
}
