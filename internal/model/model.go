// Package model holds the nouns handover knows about: hosts and groups,
// Terraform resources, SOPs, incident reports, docs, the links between them
// and the places in a repository they were read from. It is shared by the
// parsers, the index and the server, and depends on none of them.
//
// Every kind of document implements Item and is registered once in
// kinds.go (KindInfo: its names, an empty value to decode into, the
// snapshot's items of it); each layer keeps its own table keyed by Kind.
package model

import (
	"fmt"
	"iter"
)

// Kind says what a document in the index describes.
type Kind string

const (
	KindHost     Kind = "host"
	KindGroup    Kind = "group"
	KindResource Kind = "resource" // a Terraform resource or data source
	KindModule   Kind = "module"   // a Terraform module call
	KindVariable Kind = "variable" // a Terraform input variable
	KindOutput   Kind = "output"   // a Terraform output
	KindProvider Kind = "provider" // a Terraform provider configuration
	// KindTerraformDir is a Terraform module directory as a whole.
	KindTerraformDir Kind = "tfmodule"
	KindSOP          Kind = "sop"
	KindIncident     Kind = "incident"
	KindDoc          Kind = "doc"   // a section of any other markdown file
	KindPlay         Kind = "play"  // one play of an Ansible playbook
	KindRole         Kind = "role"  // an Ansible role
	KindAlert        Kind = "alert" // a Prometheus alerting rule
	// KindInventorySource is a dynamic inventory source: a cloud or CMDB
	// plugin's configuration, or an inventory script.
	KindInventorySource Kind = "inventory_source"
)

// Source is a place in a repository: a path relative to the repository root
// and a 1-based line (0 when the whole file is meant).
type Source struct {
	Repo string `json:"repo,omitempty"`
	Path string `json:"path"`
	Line int    `json:"line,omitempty"`
}

func (s Source) String() string {
	if s.Line > 0 {
		return fmt.Sprintf("%s:%d", s.Path, s.Line)
	}
	return s.Path
}

// Var is one variable with its value as Ansible would see it: string, bool,
// int64, float64, nil, []any or map[string]any.
type Var struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
	// Why is the comment written above the variable or after its value on
	// its line: why it is set so (`disk_size_gb = 8` under "E1 (4G) only
	// allows 7800 transactions per hour"). Nil when there is none: a
	// hundred thousand hosts carry their variables, few of which have one.
	Why *Why `json:"why,omitempty"`
	// Source is where the value was set (an inventory line, a group_vars
	// or host_vars file's key, ansible.cfg), when known: what answers
	// "where does this value come from". A pointer, so that the many vars
	// set on one line share it and a hundred thousand hosts stay small.
	Source *Source `json:"source,omitempty"`
}

// Comment is the variable's why, or none.
func (v *Var) Comment() Why {
	if v.Why == nil {
		return Why{}
	}
	return *v.Why
}

// StringVar returns the string value of the variable called name in vars,
// or "" when there is none or it is not a string.
func StringVar(vars []Var, name string) string {
	for _, v := range vars {
		if v.Name == name {
			s, _ := v.Value.(string)
			return s
		}
	}
	return ""
}

// Host is one host of one inventory. The same name in two inventories is two
// hosts: Inventory keeps them apart.
type Host struct {
	Name      string `json:"name"`
	Inventory string `json:"inventory"` // inventory path relative to the repository root
	Source    Source `json:"source"`    // the line that first declares the host

	// Purpose is the comment block directly above the host line (or range),
	// without the comment markers; PurposeSource is its first line.
	Purpose       string `json:"purpose,omitempty"`
	PurposeSource Source `json:"purpose_source,omitzero"`

	DirectGroups []string `json:"direct_groups,omitempty"` // groups that list the host
	Groups       []string `json:"groups,omitempty"`        // DirectGroups and all their ancestors, without "all"

	Env           string   `json:"env,omitempty"`            // production, staging, development, ...
	Cloud         string   `json:"cloud,omitempty"`          // aws, gcp, azure, ...
	PurposeGroups []string `json:"purpose_groups,omitempty"` // the leaf groups below env/cloud, e.g. prod-ci

	// Vars and InheritedVars are the effective variables with Ansible's
	// precedence applied, each sorted by name: InheritedVars are what the
	// host's groups give it, Vars its own (its lines, host_vars, compose),
	// which win over InheritedVars by name. An inventory of a hundred
	// thousand hosts has a few hundred sets of groups: hosts with the same
	// groups share one InheritedVars (read-only) instead of each holding a
	// merged copy. Read them through AllVars, EffectiveVars or Effective;
	// a host read back from the index has them merged into Vars. Once
	// indexed, a variable set on the host's own line has no Source: the
	// host's Source is where it was set.
	Vars          []Var `json:"vars,omitempty"`
	InheritedVars []Var `json:"inherited_vars,omitempty"`
	// ConfigDefaults are the ansible.cfg [defaults] that reach the host
	// because no variable of its overrides them, each named by the
	// variable that would (remote_user is ansible_user), with its line.
	ConfigDefaults []Var `json:"config_defaults,omitempty"`
	// NotReadBy is the ansible.cfg setting whose default inventory does
	// not read this host's inventory: the team runs it with -i by hand.
	NotReadBy *Source `json:"not_read_by,omitempty"`

	Links []Link `json:"links,omitempty"`
}

// Effective returns the variable that decides name for the host: its own
// variable, else the ansible.cfg default that stands for it.
func (h *Host) Effective(name string) (Var, bool) {
	for _, list := range [][]Var{h.Vars, h.InheritedVars, h.ConfigDefaults} {
		for _, v := range list {
			if v.Name == name {
				return v, true
			}
		}
	}
	return Var{}, false
}

// AllVars yields the host's effective variables sorted by name: Vars
// merged with the InheritedVars they do not override.
func (h *Host) AllVars() iter.Seq[Var] {
	return func(yield func(Var) bool) {
		own, inherited := h.Vars, h.InheritedVars
		for len(own) > 0 || len(inherited) > 0 {
			var v Var
			switch {
			case len(inherited) == 0 || len(own) > 0 && own[0].Name <= inherited[0].Name:
				if len(inherited) > 0 && own[0].Name == inherited[0].Name {
					inherited = inherited[1:]
				}
				v, own = own[0], own[1:]
			default:
				v, inherited = inherited[0], inherited[1:]
			}
			if !yield(v) {
				return
			}
		}
	}
}

// EffectiveVars returns AllVars as a slice, which is one of the host's
// own slices (not to be changed) when the other is empty.
func (h *Host) EffectiveVars() []Var {
	switch {
	case len(h.InheritedVars) == 0:
		return h.Vars
	case len(h.Vars) == 0:
		return h.InheritedVars
	}
	out := make([]Var, 0, len(h.Vars)+len(h.InheritedVars))
	for v := range h.AllVars() {
		out = append(out, v)
	}
	return out
}

// Group is one group of one inventory.
type Group struct {
	Name      string `json:"name"`
	Inventory string `json:"inventory"`
	Source    Source `json:"source"` // the section header (or YAML key) that declares it

	// Comment is the comment block directly above the group header.
	Comment string `json:"comment,omitempty"`

	Parents  []string `json:"parents,omitempty"`
	Children []string `json:"children,omitempty"`
	Hosts    []string `json:"hosts,omitempty"` // direct members
	Depth    int      `json:"depth"`           // longest path from "all"
	Priority int      `json:"priority"`        // ansible_group_priority

	Env   string `json:"env,omitempty"`
	Cloud string `json:"cloud,omitempty"`

	Vars []Var `json:"vars,omitempty"` // the group's own variables (inline and group_vars)

	Links []Link `json:"links,omitempty"`
}

// Inventory is everything read from one inventory source.
type Inventory struct {
	Path string `json:"path"`
	// Config is the ansible.cfg that applies when ansible reads it.
	Config string `json:"config,omitempty"`
	// NotReadBy is the ansible.cfg inventory= line that names the
	// directory holding this inventory, which ansible then skips (a *.ini
	// file in it): the team runs it with -i by hand.
	NotReadBy *Source  `json:"not_read_by,omitempty"`
	Hosts     []*Host  `json:"hosts"`
	Groups    []*Group `json:"groups"`
	// Dynamic are the inventory plugins' configurations and scripts in
	// the source: where hosts come from when ansible runs.
	Dynamic []*InventorySource `json:"dynamic,omitempty"`
	// Problems are what could not be read, or what ansible would reject;
	// the rest of the inventory is still usable.
	Problems []Problem `json:"problems,omitempty"`
}

// Severity ranks a Problem.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Problem is an error or warning tied to a place in a file.
type Problem struct {
	Source   Source   `json:"source"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

func (p Problem) Error() string { return p.Source.String() + ": " + p.Message }

// Snapshot is everything read from one repository at one time: what the
// index stores for it and what a reindex replaces as a whole.
type Snapshot struct {
	Repo        string       `json:"repo"` // the repository's name in handover.ini
	Root        string       `json:"root"` // where it was read from
	Inventories []*Inventory `json:"inventories"`
	// Problems are per-file errors outside any inventory (unreadable files,
	// a broken ansible.cfg); inventory problems stay with their inventory.
	Problems []Problem `json:"problems,omitempty"`
	Files    int       `json:"files"` // files looked at while walking the repository

	// AnsibleConfigs are the repository's ansible.cfg files, by path.
	AnsibleConfigs []*AnsibleConfig `json:"ansible_configs,omitempty"`

	Terraform []*TerraformModule `json:"terraform,omitempty"`
	SOPs      []*SOP             `json:"sops,omitempty"`
	Incidents []*Incident        `json:"incidents,omitempty"`
	Docs      []*Doc             `json:"docs,omitempty"`

	// Plays and Roles are the Ansible playbooks' plays and the roles.
	Plays []*Play `json:"plays,omitempty"`
	Roles []*Role `json:"roles,omitempty"`

	// Alerts are the Prometheus alerting rules.
	Alerts []*Alert `json:"alerts,omitempty"`

	// Findings are what the convention lint found, when it ran.
	Findings []Finding `json:"findings,omitempty"`

	// History is what git says, when the repository is a git work tree.
	History *History `json:"history,omitempty"`
}

// AllProblems returns the snapshot's problems with its inventories' and
// Terraform modules', in that order.
func (s *Snapshot) AllProblems() []Problem {
	out := append([]Problem(nil), s.Problems...)
	for _, inv := range s.Inventories {
		if inv != nil {
			out = append(out, inv.Problems...)
		}
	}
	for _, m := range s.Terraform {
		if m != nil {
			out = append(out, m.Problems...)
		}
	}
	return out
}
