package history

import (
	"strings"

	"github.com/go-git/go-git/v5/plumbing/object"

	"handover/internal/limits"
)

// mailmap maps the names and emails people committed with to the ones they
// want to be known by (gitmailmap(5)), so that one person is one author.
type mailmap struct {
	byEmail     map[string]identity // lower-case commit email
	byNameEmail map[string]identity // lower-case commit name + "\x00" + email
}

type identity struct{ name, email string } // "" keeps the commit's

// readMailmap reads .mailmap from the top of the work tree, else from the
// HEAD commit. A missing or unreadable one maps nothing, and so does one
// a symlink places outside the work tree or one beyond the default limits.
func readMailmap(top string, head *object.Commit) *mailmap {
	if b, _, ok := (limits.Limits{}).ReadText(top, ".mailmap"); ok {
		return parseMailmap(string(b))
	}
	f, err := head.File(".mailmap")
	if err != nil {
		return nil
	}
	content, err := f.Contents()
	if err != nil {
		return nil
	}
	return parseMailmap(content)
}

// parseMailmap reads the four forms of gitmailmap(5):
//
//	Proper Name <commit@email>
//	<proper@email> <commit@email>
//	Proper Name <proper@email> <commit@email>
//	Proper Name <proper@email> Commit Name <commit@email>
func parseMailmap(content string) *mailmap {
	m := &mailmap{byEmail: map[string]identity{}, byNameEmail: map[string]identity{}}
	for line := range strings.Lines(content) {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		name1, email1, rest, ok := cutNameEmail(line)
		if !ok {
			continue
		}
		name2, email2, _, ok := cutNameEmail(rest)
		switch {
		case !ok:
			if name1 != "" {
				m.byEmail[strings.ToLower(email1)] = identity{name: name1}
			}
		case name2 != "":
			m.byNameEmail[strings.ToLower(name2)+"\x00"+strings.ToLower(email2)] = identity{name1, email1}
		default:
			m.byEmail[strings.ToLower(email2)] = identity{name1, email1}
		}
	}
	return m
}

// cutNameEmail reads "Name <email>" from the start of s.
func cutNameEmail(s string) (name, email, rest string, ok bool) {
	before, after, ok := strings.Cut(s, "<")
	if !ok {
		return "", "", "", false
	}
	email, rest, ok = strings.Cut(after, ">")
	if !ok {
		return "", "", "", false
	}
	return strings.TrimSpace(before), strings.TrimSpace(email), rest, true
}

// lookup returns the identity name and email map to; a nil mailmap maps
// nothing.
func (m *mailmap) lookup(name, email string) (string, string) {
	if m == nil {
		return name, email
	}
	id, ok := m.byNameEmail[strings.ToLower(name)+"\x00"+strings.ToLower(email)]
	if !ok {
		id, ok = m.byEmail[strings.ToLower(email)]
	}
	if !ok {
		return name, email
	}
	if id.name != "" {
		name = id.name
	}
	if id.email != "" {
		email = id.email
	}
	return name, email
}
