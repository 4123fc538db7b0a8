package render

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	pb "handover/proto/handover/v1"
)

// Host writes a host's card: where it is declared, what it is for, where
// it runs, what links to it and its effective variables (secrets arrive
// redacted from the server).
func Host(w io.Writer, h *pb.Host) {
	fmt.Fprintf(w, "%s\n", h.GetName())
	t := aligned(w)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(t, "  %s\t%s\n", k, v)
		}
	}
	row("repo", h.GetRepo())
	row("source", Source(h.GetSource()))
	row("purpose", indent(h.GetPurpose(), "  \t"))
	row("env", Dash(h.GetEnv()))
	row("cloud", Dash(h.GetCloud()))
	row("purpose groups", Dash(strings.Join(h.GetPurposeGroups(), ", ")))
	row("groups", strings.Join(h.GetGroups(), ", "))
	row("user", withDefault(h, "ansible_user", ""))
	row("ssh key", withDefault(h, "ansible_ssh_private_key_file", h.GetSshPrivateKeyFile()))
	row("python", withDefault(h, "ansible_python_interpreter", h.GetPythonInterpreter()))
	if nr := h.GetNotReadBy(); nr != nil {
		row("not read", fmt.Sprintf("by ansible.cfg's default inventory (%s): run with -i %s", Source(nr), h.GetInventory()))
	}
	t.Flush()
	links(w, h.GetLinks())
	varRows(w, "ansible.cfg defaults (no variable of the host overrides them)", h.GetConfigDefaults(), nil)
	varRows(w, "vars", h.GetVars(), h.GetSource())
}

// varRows writes a titled list of variables, each with where it was set:
// its source, else the host's line. Values and sources are aligned in
// columns; a value too long for a line (a group's whole list of firewall
// rules) is written as the ask cards write one, with its source on the
// next line, so that it does not push every other row's source off the
// screen.
func varRows(w io.Writer, title string, vars []*pb.Variable, hostLine *pb.Source) {
	if len(vars) == 0 {
		return
	}
	fmt.Fprintln(w, "  "+title)
	type row struct{ name, value, src string }
	rows := make([]row, 0, len(vars))
	nameW, valueW := 0, 0
	long := func(r row) bool { return tooLongForLine(r.value, r.src) }
	for _, v := range vars {
		src := v.GetSource()
		if src == nil {
			src = hostLine
		}
		r := row{v.GetName(), valueString(v.GetValue()), from(src)}
		rows = append(rows, r)
		nameW = max(nameW, min(utf8.RuneCountInString(r.name), 32))
		if !long(r) {
			valueW = max(valueW, utf8.RuneCountInString(r.value))
		}
	}
	pad := strings.Repeat(" ", 4+nameW+2)
	for _, r := range rows {
		if long(r) {
			fmt.Fprintf(w, "    %-*s  %s\n%s%s\n", nameW, r.name, indent(r.value, pad), pad, r.src)
		} else {
			fmt.Fprintf(w, "    %-*s  %-*s  %s\n", nameW, r.name, valueW, r.value, r.src)
		}
	}
}

// withDefault is value (the host's own setting) when it is set, else the
// ansible.cfg default named name with its line, else "-"; value "" with
// no default and no dash wanted gives "".
func withDefault(h *pb.Host, name, value string) string {
	for _, v := range h.GetConfigDefaults() {
		if v.GetName() == name {
			return strings.TrimSpace(valueString(v.GetValue()) + " (" + from(v.GetSource()) + ")")
		}
	}
	if value == "" && name == "ansible_user" {
		return valueOf(h.GetVars(), "ansible_user", "ansible_ssh_user")
	}
	return Dash(value)
}

// valueOf is the first of names among vars, "" when none is.
func valueOf(vars []*pb.Variable, names ...string) string {
	for _, n := range names {
		for _, v := range vars {
			if v.GetName() == n {
				return valueString(v.GetValue())
			}
		}
	}
	return ""
}
