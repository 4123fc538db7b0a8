// Package limits bounds what handover reads of a repository, which may be
// broken or hostile: how big a file may be, how long a line, how many hosts
// a range or an inventory may give, how far YAML aliases may expand, how
// many problems one file may report and how long a reindex may take. It
// also holds the one way parsers read a file under those bounds (ReadFile:
// inside the repository through any symlink, a regular file, not too big)
// and check its text (CheckText: not binary, lines not too long, valid
// UTF-8). It decides nothing about what a file means.
package limits

import (
	"fmt"
	"time"

	"handover/internal/model"
)

// Limits are the caps; a zero field means its default (see Default).
// handover.ini sets them in [limits].
type Limits struct {
	FileBytes      int64         // largest vars, *.tf, markdown, ansible.cfg or owners file read
	InventoryBytes int64         // largest inventory source file read (a generated one can be big)
	StateBytes     int64         // largest *.tfstate read
	LineBytes      int           // longest line of a text file
	RangeHosts     int           // hosts one host range such as web[01:20] may give
	InventoryHosts int           // hosts one inventory source may have
	YAMLAliasNodes int           // nodes YAML aliases may add to one document when expanded
	YAMLDepth      int           // how deeply one YAML document may nest
	FileProblems   int           // problems reported per file; one more says how many were left out
	ReindexTime    time.Duration // how long reading and indexing one repository may take
}

// Default returns the defaults: generous for any repository a team writes
// by hand, small enough that a hostile one costs seconds and a few hundred
// megabytes at most.
func Default() Limits {
	return Limits{
		FileBytes: 8 << 20,
		// A generated inventory of 100,000 hosts with a comment each is
		// about 16 MB; InventoryHosts bounds what a bigger file can cost.
		InventoryBytes: 64 << 20,
		StateBytes:     32 << 20,
		LineBytes:      1 << 20,
		RangeHosts:     1 << 16,
		InventoryHosts: 200_000,
		YAMLAliasNodes: 500_000,
		YAMLDepth:      200,
		FileProblems:   100,
		ReindexTime:    10 * time.Minute,
	}
}

// OrDefault returns l with every zero field set to its default.
func (l Limits) OrDefault() Limits {
	d := Default()
	l.FileBytes = or(l.FileBytes, d.FileBytes)
	l.InventoryBytes = or(l.InventoryBytes, d.InventoryBytes)
	l.StateBytes = or(l.StateBytes, d.StateBytes)
	l.LineBytes = or(l.LineBytes, d.LineBytes)
	l.RangeHosts = or(l.RangeHosts, d.RangeHosts)
	l.InventoryHosts = or(l.InventoryHosts, d.InventoryHosts)
	l.YAMLAliasNodes = or(l.YAMLAliasNodes, d.YAMLAliasNodes)
	l.YAMLDepth = or(l.YAMLDepth, d.YAMLDepth)
	l.FileProblems = or(l.FileProblems, d.FileProblems)
	l.ReindexTime = or(l.ReindexTime, d.ReindexTime)
	return l
}

func or[T int | int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Size formats a byte count for messages: 8 MiB, 1.5 KiB, 12 bytes.
func Size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.4g MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.4g KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// CapProblems keeps at most max problems per file (by Source.Path, in
// order) and adds, for each file that had more, one problem saying how
// many were left out.
func CapProblems(problems []model.Problem, max int) []model.Problem {
	if max <= 0 || len(problems) <= max {
		return problems
	}
	seen := map[string]int{}
	out := problems[:0:0]
	for _, p := range problems {
		seen[p.Source.Path]++
		if seen[p.Source.Path] <= max {
			out = append(out, p)
		}
	}
	for _, p := range out[:len(out):len(out)] {
		if n := seen[p.Source.Path]; n > max {
			out = append(out, MoreProblems(p.Source.Path, n-max, max))
			seen[p.Source.Path] = max
		}
	}
	return out
}

// MoreProblems is the one problem that stands for n more in a file.
func MoreProblems(path string, n, max int) model.Problem {
	return model.Problem{
		Source:   model.Source{Path: path},
		Severity: model.SeverityWarning,
		Message:  fmt.Sprintf("%d more problems in this file not shown (limits: file-problems = %d)", n, max),
	}
}
