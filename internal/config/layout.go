package config

import (
	"errors"
	"strings"

	"gopkg.in/ini.v1"
)

// layout numbers what ini.v1 does not: the line of each section header and
// of each setting, so that errors can point at them.
type layout struct {
	lines    []string
	sections []span // each [section] but [DEFAULT], in file order
	defaults []span // before the first section, and each [DEFAULT]
}

// span is a header's 0-based line index and the lines up to the next one;
// the part before the first section has no header (-1).
type span struct{ header, from, to int }

func newLayout(data []byte) *layout {
	l := &layout{lines: strings.Split(string(data), "\n")}
	cur := &span{header: -1, from: 0, to: len(l.lines)}
	inDefault := true
	for i, line := range l.lines {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "[") {
			continue
		}
		cur.to = i
		l.add(*cur, inDefault)
		cur = &span{header: i, from: i + 1, to: len(l.lines)}
		// ini.v1 folds [DEFAULT] into the settings before the first section.
		inDefault = strings.HasPrefix(line, "["+ini.DefaultSection+"]")
	}
	l.add(*cur, inDefault)
	return l
}

func (l *layout) add(s span, isDefault bool) {
	if isDefault {
		l.defaults = append(l.defaults, s)
	} else {
		l.sections = append(l.sections, s)
	}
}

// sectionLine is the 1-based line of the i-th bracketed section.
func (l *layout) sectionLine(i int) int {
	if i < 0 || i >= len(l.sections) {
		return 0
	}
	return l.sections[i].header + 1
}

// keyLine is the 1-based line that sets key in the i-th section; i = -1
// means the DEFAULT section. It is the section's line if not found.
func (l *layout) keyLine(i int, key string) int {
	if lines := l.keyLines(i, key); len(lines) > 0 {
		return lines[0]
	}
	return l.sectionLine(i)
}

// keyLines are all the 1-based lines that set key in the i-th section.
func (l *layout) keyLines(i int, key string) []int {
	spans := l.defaults
	if i >= 0 && i < len(l.sections) {
		spans = l.sections[i : i+1]
	}
	var out []int
	for _, s := range spans {
		for n := s.from; n < s.to; n++ {
			name, _, ok := strings.Cut(l.lines[n], "=")
			if !ok {
				name, _, ok = strings.Cut(l.lines[n], ":")
			}
			if ok && strings.TrimSpace(name) == key {
				out = append(out, n+1)
			}
		}
	}
	return out
}

// errorLine finds the line an ini.v1 parse error is about: ini.v1 quotes
// the offending line but does not number it.
func errorLine(data []byte, err error) int {
	var text string
	var nodelim ini.ErrDelimiterNotFound
	var nokey ini.ErrEmptyKeyName
	switch {
	case errors.As(err, &nodelim):
		text = nodelim.Line
	case errors.As(err, &nokey):
		text = nokey.Line
	default:
		_, text, _ = strings.Cut(err.Error(), ": ")
	}
	if text = strings.TrimSpace(text); text == "" {
		return 0
	}
	for n, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == text {
			return n + 1
		}
	}
	return 0
}
