package cli

import (
	"fmt"
	"io"
	"strings"

	"handover/internal/model"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

// writeRoles prints the roles a host's plays apply, one line of an answer;
// the host card lists them with their plays among its links.
func writeRoles(w io.Writer, h *pb.Host) {
	var roles []string
	for _, l := range h.GetLinks() {
		if pbconv.RelFromProto(l.GetRel()) == model.RelRuns && pbconv.KindFromProto(l.GetKind()) == model.KindRole {
			roles = append(roles, l.GetName())
		}
	}
	if len(roles) > 0 {
		fmt.Fprintf(w, "  roles  %s\n", strings.Join(roles, ", "))
	}
}
