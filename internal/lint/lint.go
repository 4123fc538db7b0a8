// Package lint checks a repository against the team's conventions, the
// client's written standard, for code review: inventories nested
// environment -> cloud -> purpose, every host line with a purpose comment,
// its SSH key and its python, no host declared twice with two values, no
// secret outside ansible-vault, Terraform resources that say why they
// exist, SOPs that are numbered, owned and reviewed, and incident reports
// with their analysis and the SOP they produced. It also turns what
// ansible would reject (an undefined child group) and what no parser could
// read into findings, so that one run shows everything.
//
// It works on a model.Snapshot, and re-reads inventory files (through
// inventory.ReadDeclarations) and Terraform files only where a convention
// is about what is written on a line rather than the effective value the
// model keeps. It is not ansible-lint or tflint: playbooks, roles and
// provider arguments are out of its scope.
package lint

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unique"

	"handover/internal/model"
	"handover/internal/redact"
)

// Config re-levels or switches off rules and tunes them.
type Config struct {
	Levels    map[string]model.Level // rule ID -> level (model.LevelOff switches it off); unknown IDs are an error from Validate
	SOPMaxAge time.Duration          // an SOP reviewed longer ago is reported; 0 means 365 days
	// OwnerMaxIdle: a CODEOWNERS owner whose last commit is older is
	// reported; 0 means DefaultOwnerMaxIdle.
	OwnerMaxIdle time.Duration
	Now          time.Time // for review ages; zero means time.Now()
}

// DefaultOwnerMaxIdle is how long an owner may go without a commit.
const DefaultOwnerMaxIdle = 365 * 24 * time.Hour

// DefaultSOPMaxAge is how long an SOP may go without a review.
const DefaultSOPMaxAge = 365 * 24 * time.Hour

// Validate reports unknown rule IDs, unknown levels and a negative age.
func (c Config) Validate() error {
	var errs []error
	ids := make([]string, 0, len(c.Levels))
	for id := range c.Levels {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if ruleLevel(id) == "" {
			errs = append(errs, fmt.Errorf("unknown lint rule %q (handover lint --rules lists them)", id))
			continue
		}
		switch lv := c.Levels[id]; lv {
		case model.LevelError, model.LevelWarning, model.LevelNote, model.LevelOff:
		default:
			errs = append(errs, fmt.Errorf("lint rule %s: unknown level %q: want error, warning, note or off", id, lv))
		}
	}
	if c.SOPMaxAge < 0 {
		errs = append(errs, fmt.Errorf("SOP max age %v is negative", c.SOPMaxAge))
	}
	if c.OwnerMaxIdle < 0 {
		errs = append(errs, fmt.Errorf("owner max idle %v is negative", c.OwnerMaxIdle))
	}
	return errors.Join(errs...)
}

// Check runs every rule that is on over snap. snap.Root, the repository root on disk, is used to
// re-read inventory and Terraform files where the model does not keep what a rule needs (what is
// written on a host line, a literal the terraform package redacted); without it those checks say
// nothing. Findings are sorted by path, line, rule, and carry snap.Repo.
// Check does not validate cfg: rules it does not know are ignored.
func Check(snap *model.Snapshot, cfg Config) []model.Finding {
	return check(snap, cfg, "")
}

// CheckFile returns the findings of Check in the file rel alone, without
// writing the others: an editor's buffer is linted with its inventory or
// module, whose other files' findings it does not show.
func CheckFile(snap *model.Snapshot, cfg Config, rel string) []model.Finding {
	if rel == "" {
		return nil
	}
	return check(snap, cfg, rel)
}

// check is Check; only, when not "", is the one file to report on.
func check(snap *model.Snapshot, cfg Config, only string) []model.Finding {
	if snap == nil {
		return nil
	}
	c := &checker{snap: snap, root: snap.Root, only: only, levels: cfg.Levels, maxAge: cfg.SOPMaxAge, maxIdle: cfg.OwnerMaxIdle, now: cfg.Now}
	if c.maxAge <= 0 {
		c.maxAge = DefaultSOPMaxAge
	}
	if c.maxIdle <= 0 {
		c.maxIdle = DefaultOwnerMaxIdle
	}
	if c.now.IsZero() {
		c.now = time.Now()
	}
	c.problems(snap.Problems)
	for _, inv := range snap.Inventories {
		if inv != nil {
			c.inventory(inv)
			c.cfgSkips(inv)
		}
	}
	for _, m := range snap.Terraform {
		if m != nil {
			c.problems(m.Problems)
			c.terraform(m)
		}
	}
	for _, s := range snap.SOPs {
		if s != nil {
			c.sop(s)
		}
	}
	for _, inc := range snap.Incidents {
		if inc != nil {
			c.incident(inc)
		}
	}
	c.decay()
	return c.findings()
}

// checker collects the findings of one Check.
type checker struct {
	snap    *model.Snapshot
	root    string
	only    string // the file to report on; "" for all
	levels  map[string]model.Level
	maxAge  time.Duration
	maxIdle time.Duration
	now     time.Time
	out     []model.Finding
}

// level is the level rule runs at, LevelOff when it is switched off.
func (c *checker) level(rule string) model.Level {
	if lv, ok := c.levels[rule]; ok {
		return lv
	}
	return ruleLevel(rule)
}

func (c *checker) on(rule string) bool { return c.level(rule) != model.LevelOff }

// reports says whether findings in the file rel are reported.
func (c *checker) reports(rel string) bool { return c.only == "" || rel == c.only }

// report adds a finding of rule at src, unless the rule is off or the
// finding is in a file not reported on.
func (c *checker) report(rule string, src model.Source, fix, format string, args ...any) {
	if c.reporting(rule, src) {
		c.add(rule, src, fix, fmt.Sprintf(format, args...))
	}
}

// reportText is report of a message already written: it is not copied.
func (c *checker) reportText(rule string, src model.Source, fix, msg string) {
	if c.reporting(rule, src) {
		c.add(rule, src, fix, msg)
	}
}

// reporting says whether a finding of rule at src is reported: the rule
// is on and the file reported on.
func (c *checker) reporting(rule string, src model.Source) bool {
	lv := c.level(rule)
	return lv != model.LevelOff && lv != "" && c.reports(src.Path)
}

// add adds a finding whose message is written, where reporting says so.
func (c *checker) add(rule string, src model.Source, fix, msg string) {
	if src.Repo == "" {
		src.Repo = c.snap.Repo
	}
	// A rule that fires on every host line says the same fix each time:
	// one copy serves the 100,000 findings of 100,000 hosts.
	fix = unique.Make(fix).Value()
	c.out = append(c.out, model.Finding{Rule: rule, Level: c.level(rule), Message: msg, Source: src, Fix: fix})
}

// findings returns the findings sorted by path, line, rule and message,
// without duplicates: inventories that share a group_vars directory find
// the same secret twice.
func (c *checker) findings() []model.Finding {
	out := c.out
	slices.SortFunc(out, compareFindings)
	return slices.CompactFunc(out, func(a, b model.Finding) bool { return a == b })
}

func compareFindings(a, b model.Finding) int {
	return cmp.Or(
		strings.Compare(a.Source.Path, b.Source.Path),
		cmp.Compare(a.Source.Line, b.Source.Line),
		strings.Compare(a.Rule, b.Rule),
		strings.Compare(a.Message, b.Message),
	)
}

// problems turns what a parser could not read into findings.
func (c *checker) problems(ps []model.Problem) {
	for _, p := range ps {
		c.problem(p)
	}
}

func (c *checker) problem(p model.Problem) {
	// A parser's message may quote the line it could not read, and lint
	// runs on local files as well as on the index (which redacts them).
	p.Message = redact.Text(p.Message)
	if p.Severity == model.SeverityError {
		c.reportText(ruleParseError, p.Source, "fix what the message names; until then the tools reject the file or skip what is wrong", p.Message)
		return
	}
	c.reportText(ruleParseWarning, p.Source, "look at what the message names: the tools read on, but not the way the file seems to say", p.Message)
}

// HasErrors reports whether any finding is at error level (the CLI exits 1 then).
func HasErrors(fs []model.Finding) bool {
	return slices.ContainsFunc(fs, func(f model.Finding) bool { return f.Level == model.LevelError })
}
