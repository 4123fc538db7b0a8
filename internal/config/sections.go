package config

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/ini.v1"

	"handover/internal/model"
)

// Lint is the [lint] section: rule levels and tuning.
//
//	[lint]
//	host-purpose = error      ; any rule ID = error | warning | note | off
//	sop-max-age  = 180d       ; SOPs reviewed longer ago are reported
//	owner-max-idle = 12m      ; owners without a commit for longer are reported
type Lint struct {
	Levels       map[string]model.Level
	LevelLine    map[string]int // where each level is set, for errors about unknown rules
	SOPMaxAge    time.Duration  // 0: the rule's default
	OwnerMaxIdle time.Duration  // 0: the rule's default
}

// Stats is the [stats] and [internal-hours] sections.
//
//	[stats]
//	team-size      = 6
//	internal-hours = stats/internal-hours.csv   ; period,hours[,note] rows
//	practices      = 2025-04-01 incident reports; 2025-06-01 SOPs
//
//	[internal-hours]
//	2025-01 = 40
//	2025-Q2 = 110
type Stats struct {
	TeamSize          int
	InternalHoursFile string         // resolved against the file's directory
	InternalHours     []PeriodHours  // from [internal-hours], in file order
	Practices         []PracticeDate // when a practice was adopted, for chart markers
}

// PeriodHours is one [internal-hours] setting.
type PeriodHours struct {
	Period string // 2025-01, 2025-Q1 or a YYYY-MM-DD date
	Hours  float64
}

// PracticeDate is when a practice was adopted.
type PracticeDate struct {
	Date  time.Time
	Label string
}

var (
	levels     = map[string]model.Level{"error": model.LevelError, "warning": model.LevelWarning, "note": model.LevelNote, "off": model.LevelOff}
	periodRE   = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$`)
	durationRE = regexp.MustCompile(`^(\d+)([dwmy])$`)
)

func (p *fileParser) lint(i int, sec *ini.Section) error {
	if err := p.checkShadows(i, sec); err != nil {
		return err
	}
	l := Lint{Levels: map[string]model.Level{}, LevelLine: map[string]int{}}
	for _, k := range sec.Keys() {
		line := p.lay.keyLine(i, k.Name())
		v := strings.ToLower(strings.TrimSpace(k.String()))
		if age, ok := map[string]*time.Duration{"sop-max-age": &l.SOPMaxAge, "owner-max-idle": &l.OwnerMaxIdle}[k.Name()]; ok {
			d, err := parseAge(v)
			if err != nil {
				return p.errorf(line, "%s: %v", k.Name(), err)
			}
			*age = d
			continue
		}
		lv, ok := levels[v]
		if !ok {
			return p.errorf(line, "%s = %q: want error, warning, note or off", k.Name(), v)
		}
		l.Levels[k.Name()] = lv
		l.LevelLine[k.Name()] = line
	}
	p.cfg.Lint = l
	return nil
}

// CheckLintRules reports the first rule in [lint] that known does not
// accept, at its file and line. The rules are lint's; config only knows
// where each was set.
func (c *Config) CheckLintRules(known func(id string) bool) error {
	ids := make([]string, 0, len(c.Lint.Levels))
	for id := range c.Lint.Levels {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(c.Lint.LevelLine[a], c.Lint.LevelLine[b]) })
	for _, id := range ids {
		if !known(id) {
			return fmt.Errorf("%s:%d: unknown lint rule %q in [lint] (handover lint --rules lists them)", c.Path, c.Lint.LevelLine[id], id)
		}
	}
	return nil
}

// parseAge reads 365d, 26w, 12m or 1y.
func parseAge(s string) (time.Duration, error) {
	m := durationRE.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q: want a number of days, weeks, months or years such as 365d, 26w, 12m, 1y", s)
	}
	n, _ := strconv.Atoi(m[1])
	day := 24 * time.Hour
	return time.Duration(n) * map[string]time.Duration{"d": day, "w": 7 * day, "m": 30 * day, "y": 365 * day}[m[2]], nil
}

func (p *fileParser) stats(i int, sec *ini.Section) error {
	if err := p.checkShadows(i, sec); err != nil {
		return err
	}
	for _, k := range sec.Keys() {
		line := p.lay.keyLine(i, k.Name())
		v := strings.TrimSpace(k.String())
		switch k.Name() {
		case "team-size":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return p.errorf(line, "team-size = %q: want a whole number of people, 1 or more", v)
			}
			p.cfg.Stats.TeamSize = n
		case "internal-hours":
			if v == "" {
				return p.errorf(line, "internal-hours: empty path")
			}
			p.cfg.Stats.InternalHoursFile = resolve(p.dir, v)
		case "practices":
			for _, item := range strings.Split(v, ";") {
				item = strings.TrimSpace(item)
				if item == "" {
					continue
				}
				date, label, _ := strings.Cut(item, " ")
				t, err := time.Parse(time.DateOnly, date)
				if err != nil {
					return p.errorf(line, "practices: %q: want \"YYYY-MM-DD what was adopted\", separated by ;", item)
				}
				p.cfg.Stats.Practices = append(p.cfg.Stats.Practices, PracticeDate{Date: t, Label: strings.TrimSpace(label)})
			}
		default:
			return p.errorf(line, "unknown setting %q in [stats]; want team-size, internal-hours or practices", k.Name())
		}
	}
	return nil
}

func (p *fileParser) internalHours(i int, sec *ini.Section) error {
	if err := p.checkShadows(i, sec); err != nil {
		return err
	}
	for _, k := range sec.Keys() {
		line := p.lay.keyLine(i, k.Name())
		if _, err := time.Parse(time.DateOnly, k.Name()); err != nil && !periodRE.MatchString(k.Name()) {
			return p.errorf(line, "[internal-hours] %q: want a month (2025-03), a quarter (2025-Q1) or a date", k.Name())
		}
		h, err := strconv.ParseFloat(strings.TrimSpace(k.String()), 64)
		if err != nil || h < 0 {
			return p.errorf(line, "[internal-hours] %s = %q: want hours, a number", k.Name(), k.String())
		}
		p.cfg.Stats.InternalHours = append(p.cfg.Stats.InternalHours, PeriodHours{Period: k.Name(), Hours: h})
	}
	return nil
}
