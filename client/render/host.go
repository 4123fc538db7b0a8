package render

import (
	"fmt"
	"io"
	"strings"

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
	row("ssh key", Dash(h.GetSshPrivateKeyFile()))
	row("python", Dash(h.GetPythonInterpreter()))
	t.Flush()
	links(w, h.GetLinks())
	if len(h.GetVars()) > 0 {
		fmt.Fprintln(w, "  vars")
		t = aligned(w)
		for _, v := range h.GetVars() {
			fmt.Fprintf(t, "    %s\t%s\n", v.GetName(), valueString(v.GetValue()))
		}
		t.Flush()
	}
}
