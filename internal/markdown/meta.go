package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"

	"handover/internal/model"
)

// meta is what a file says about itself, in its front matter or in
// "**Owner:** alice" lines under its title. Values are normalised as they
// are read; front matter wins over the body.
type meta struct {
	title        string
	titleLine    int
	kind         model.Kind
	owners       []string
	tags         []string
	reviewed     string // YYYY-MM-DD
	reviewedLine int
	date         string // YYYY-MM-DD
	people       []string
	hours        float64
	category     string
	severity     string
	sop          string
}

// value is one metadata value: a scalar as written, or a YAML list.
type value struct {
	text   string
	isList bool
	list   []string
}

// The fields metadata can set.
const (
	keyTitle    = "title"
	keyKind     = "kind"
	keyType     = "type" // like kind, but often a site generator's: unknown values pass silently
	keyOwners   = "owners"
	keyTags     = "tags"
	keyReviewed = "reviewed"
	keyDate     = "date"
	keyPeople   = "people"
	keyHours    = "hours"
	keyCategory = "category"
	keySeverity = "severity"
	keySOP      = "sop"
)

// metaKeys maps the names people write (after normKey) to fields.
var metaKeys = map[string]string{
	"title": keyTitle,
	"kind":  keyKind, "type": keyType,
	"owner": keyOwners, "owners": keyOwners, "maintainer": keyOwners, "maintainers": keyOwners,
	"tags": keyTags, "tag": keyTags, "labels": keyTags,
	"reviewed": keyReviewed, "last_reviewed": keyReviewed, "last_review": keyReviewed,
	"review_date": keyReviewed, "reviewed_on": keyReviewed, "last_reviewed_on": keyReviewed,
	"date": keyDate, "incident_date": keyDate,
	"people": keyPeople, "involved": keyPeople, "person": keyPeople, "people_involved": keyPeople,
	"participants": keyPeople,
	"hours":        keyHours, "hours_to_resolve": keyHours, "time_to_resolve": keyHours,
	"time_to_resolution": keyHours, "resolution_time": keyHours, "ttr": keyHours,
	"category": keyCategory,
	"severity": keySeverity, "sev": keySeverity,
	"sop": keySOP,
}

// normKey lowercases a key and joins its words with '_':
// "Last reviewed", "last-reviewed" and "last_reviewed" are one key.
func normKey(k string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(k), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '\t'
	}), "_")
}

// set stores one value, reporting at line what cannot be understood.
// fromFront says the value comes from the front matter: only it may set
// the title and the kind.
func (m *meta) set(f *file, key string, v value, line int, fromFront bool) {
	text := v.text
	if v.isList {
		text = strings.Join(v.list, ", ")
	}
	if text == "" {
		return
	}
	switch key {
	case keyTitle:
		if fromFront {
			m.title, m.titleLine = text, line
		}
	case keyKind, keyType:
		if !fromFront {
			return
		}
		if k := normKind(text); k != "" {
			m.kind = k
		} else if key == keyKind {
			f.problem(line, model.SeverityWarning, "unknown kind %q: want sop, incident or doc", text)
		}
	case keyOwners:
		m.owners = names(listOf(v, ",;"), false)
	case keyTags:
		m.tags = listOf(v, ",")
	case keyPeople:
		m.people = names(listOf(v, ",;"), true)
	case keyReviewed, keyDate:
		d, ok := normDate(text)
		if !ok {
			what := "date"
			if key == keyReviewed {
				what = "review date"
			}
			f.problem(line, model.SeverityWarning, "cannot read %s %q: want YYYY-MM-DD", what, text)
			return
		}
		if key == keyReviewed {
			m.reviewed, m.reviewedLine = d, line
		} else {
			m.date = d
		}
	case keyHours:
		h, ok := parseHours(text)
		if !ok {
			f.problem(line, model.SeverityWarning, "cannot read hours %q: want a number of hours or a duration like 3h, 90m", text)
			return
		}
		m.hours = h
	case keyCategory:
		c, ok := normCategory(text)
		if !ok {
			f.problem(line, model.SeverityWarning, "unknown category %q: want knowledge-transfer, experience or emergency", text)
		}
		m.category = c
	case keySeverity:
		m.severity = text
	case keySOP:
		m.sop = linkTarget(text)
	}
}

// fill takes from o what m does not have yet.
func (m *meta) fill(o meta) {
	fillString := func(dst *string, src string) {
		if *dst == "" {
			*dst = src
		}
	}
	fillList := func(dst *[]string, src []string) {
		if len(*dst) == 0 {
			*dst = src
		}
	}
	fillList(&m.owners, o.owners)
	fillList(&m.tags, o.tags)
	fillList(&m.people, o.people)
	if m.reviewed == "" {
		m.reviewed, m.reviewedLine = o.reviewed, o.reviewedLine
	}
	fillString(&m.date, o.date)
	fillString(&m.category, o.category)
	fillString(&m.severity, o.severity)
	fillString(&m.sop, o.sop)
	if m.hours == 0 {
		m.hours = o.hours
	}
}

// readBodyMeta reads metadata written in the body between the title and
// the first section: the leading lines of paragraphs and the leading items
// of bullet lists that are "**Key:** value", "**Key**: value" or "Key:
// value". Only keys metaKeys knows count, so "Note: ..." stays text.
func (f *file) readBodyMeta() {
	f.metaLists = map[ast.Node]bool{}
	f.metaItems = map[ast.Node]int{}
	f.textFrom = map[ast.Node]int{}
	var body meta
	for _, b := range f.introBlocks() {
		switch b := b.(type) {
		case *ast.Paragraph:
			lines := b.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				key, val, ok := metaLine(string(seg.Value(f.src)))
				if !ok {
					break
				}
				body.set(f, key, value{text: val}, f.li.line(seg.Start), false)
				f.textFrom[b] = seg.Stop
				if i+1 < lines.Len() {
					f.textFrom[b] = lines.At(i + 1).Start
				}
			}
		case *ast.List:
			f.readMetaList(b, &body)
		}
	}
	f.meta.fill(body)
}

// readMetaList reads the leading items of a bullet list that are each one
// metadata line; the list is all metadata when every item is.
func (f *file) readMetaList(l *ast.List, body *meta) {
	if l.IsOrdered() {
		return
	}
	n, total := 0, 0
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		total++
		leading := n == total-1
		c := item.FirstChild()
		if c == nil || c.NextSibling() != nil || c.Lines().Len() != 1 {
			continue
		}
		if _, ok := c.(*ast.Heading); ok {
			continue
		}
		seg := c.Lines().At(0)
		line := seg.Value(f.src)
		// Past the leading items only a bold key is metadata: incident
		// templates put "- **Time to resolve**: 2h 30m" after "- **Key
		// events**" and its list; "Date: soon" in prose stays text.
		if !leading && !bytes.HasPrefix(line, []byte("**")) && !bytes.HasPrefix(line, []byte("__")) {
			continue
		}
		key, val, ok := metaLine(string(line))
		if !ok {
			continue
		}
		body.set(f, key, value{text: val}, f.li.line(seg.Start), false)
		if leading {
			n++
		}
	}
	if n > 0 {
		f.metaItems[l] = n
		f.metaLists[l] = n == total
	}
}

// metaLine splits one "**Key:** value", "**Key**: value", "*Key:* value"
// or "Key: value" line, the key mapped to its field.
func metaLine(line string) (key, val string, ok bool) {
	s := strings.TrimSpace(line)
	var k string
	for _, mark := range []string{"**", "__", "*", "_"} {
		rest, found := strings.CutPrefix(s, mark)
		if !found {
			continue
		}
		inner, after, found := strings.Cut(rest, mark)
		if !found {
			return "", "", false
		}
		if strings.HasSuffix(inner, ":") {
			k, val = strings.TrimSuffix(inner, ":"), after
		} else if a, found := strings.CutPrefix(strings.TrimLeft(after, " "), ":"); found {
			k, val = inner, a
		} else {
			return "", "", false
		}
		break
	}
	if k == "" {
		var found bool
		if k, val, found = strings.Cut(s, ":"); !found {
			return "", "", false
		}
	}
	key, ok = metaKeys[normKey(k)]
	if !ok || key == keyTitle || key == keyKind || key == keyType {
		return "", "", false
	}
	return key, unwrap(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(val), "\\"))), true
}

// unwrap drops emphasis or code marks around a whole value: "`SEV2`".
func unwrap(s string) string {
	for len(s) >= 2 {
		c := s[0]
		if (c != '`' && c != '*' && c != '_') || s[len(s)-1] != c {
			break
		}
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}
