package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/ini.v1"

	"handover/internal/limits"
)

// The [limits] section bounds what handover reads of a repository, which
// may be broken or hostile; see package limits for what each cap guards.
//
//	[limits]
//	file-bytes       = 8MiB      ; any vars, *.tf, markdown, ansible.cfg or owners file
//	inventory-bytes  = 64MiB     ; an inventory source file (100,000 hosts are about 16 MB)
//	state-bytes      = 32MiB     ; a *.tfstate
//	line-bytes       = 1MiB      ; one line of a text file
//	range-hosts      = 65536     ; hosts one range such as web[01:20] may give
//	inventory-hosts  = 200000    ; hosts one inventory may have
//	yaml-alias-nodes = 500000    ; nodes YAML aliases may add to one document
//	yaml-depth       = 200       ; nesting of one YAML document
//	file-problems    = 100       ; problems reported per file, then one summary
//	reindex-time     = 10m       ; reading and indexing one repository
//
// Every repository gets these limits, including those given on the
// command line (AddRepo).

// limitSettings are the [limits] settings, each with what it sets.
var limitSettings = map[string]func(l *limits.Limits, v string) error{
	"file-bytes":       func(l *limits.Limits, v string) (err error) { l.FileBytes, err = parseBytes(v); return },
	"inventory-bytes":  func(l *limits.Limits, v string) (err error) { l.InventoryBytes, err = parseBytes(v); return },
	"state-bytes":      func(l *limits.Limits, v string) (err error) { l.StateBytes, err = parseBytes(v); return },
	"line-bytes":       func(l *limits.Limits, v string) error { n, err := parseBytes(v); l.LineBytes = int(n); return err },
	"range-hosts":      func(l *limits.Limits, v string) (err error) { l.RangeHosts, err = parseCount(v); return },
	"inventory-hosts":  func(l *limits.Limits, v string) (err error) { l.InventoryHosts, err = parseCount(v); return },
	"yaml-alias-nodes": func(l *limits.Limits, v string) (err error) { l.YAMLAliasNodes, err = parseCount(v); return },
	"yaml-depth":       func(l *limits.Limits, v string) (err error) { l.YAMLDepth, err = parseCount(v); return },
	"file-problems":    func(l *limits.Limits, v string) (err error) { l.FileProblems, err = parseCount(v); return },
	"reindex-time": func(l *limits.Limits, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return fmt.Errorf("%q: want a duration of a second or more, such as 90s or 10m", v)
		}
		l.ReindexTime = d
		return nil
	},
}

func (p *fileParser) limits(i int, sec *ini.Section) error {
	if err := p.checkShadows(i, sec); err != nil {
		return err
	}
	var l limits.Limits // what is not set stays zero: the default
	for _, k := range sec.Keys() {
		set, ok := limitSettings[k.Name()]
		if !ok {
			return p.errorf(p.lay.keyLine(i, k.Name()), "unknown setting %q in [limits]; want file-bytes, inventory-bytes, state-bytes, line-bytes, range-hosts, inventory-hosts, yaml-alias-nodes, yaml-depth, file-problems or reindex-time", k.Name())
		}
		if err := set(&l, strings.TrimSpace(k.String())); err != nil {
			return p.errorf(p.lay.keyLine(i, k.Name()), "%s: %v", k.Name(), err)
		}
	}
	p.cfg.Limits = l
	return nil
}

// byteUnits are the suffixes parseBytes accepts, longest first.
var byteUnits = []struct {
	suffix string
	n      int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}

// parseBytes reads 8MiB, 512 KiB, 1GB or a plain number of bytes.
func parseBytes(s string) (int64, error) {
	num, unit := s, int64(1)
	for _, u := range byteUnits {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			num, unit = strings.TrimSpace(rest), u.n
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/unit {
		return 0, fmt.Errorf("%q: want a size such as 8MiB, 512KiB or 1048576", s)
	}
	return n * unit, nil
}

// parseCount reads a positive whole number; _ may group digits (200_000).
func parseCount(s string) (int, error) {
	n, err := strconv.Atoi(strings.ReplaceAll(s, "_", ""))
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q: want a whole number above 0", s)
	}
	return n, nil
}
