package summary

import (
	"fmt"
	"slices"
	"strings"
)

// Person is one identity, merged from everything that names people: git
// authors (name and email), CODEOWNERS owners, admin_users in group_vars
// (name and GitHub handle), SOP owners and incident people.
type Person struct {
	Name    string   // the fullest name known: "Marta Kowalska", else "marta", else "@marta-acme"
	Emails  []string // lowercase
	Handles []string // GitHub handles or teams, without the "@"
	Aliases []string // other names the person goes by: "marta", "Marta K."
}

// String is the person for a list: name, then emails and handles.
func (p Person) String() string {
	var ids []string
	ids = append(ids, p.Emails...)
	for _, h := range p.Handles {
		ids = append(ids, "@"+h)
	}
	if len(ids) == 0 {
		return p.Name
	}
	return p.Name + " (" + strings.Join(ids, ", ") + ")"
}

// names are the person's name and aliases, lowercase.
func (p *Person) names() []string {
	out := []string{strings.ToLower(p.Name)}
	for _, a := range p.Aliases {
		out = append(out, strings.ToLower(a))
	}
	return out
}

func firstName(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	return strings.ToLower(f[0])
}

func localPart(email string) string {
	if i := strings.IndexByte(email, '@'); i > 0 {
		return strings.ToLower(email[:i])
	}
	return ""
}

// AnswersTo reports whether the person goes by word: a name or alias, a
// first name, an email or its local part, or a handle, ignoring case and a
// leading "@".
func (p *Person) AnswersTo(word string) bool {
	w := strings.ToLower(strings.TrimSpace(word))
	if w == "" {
		return false
	}
	if strings.Contains(w, "@") && !strings.HasPrefix(w, "@") {
		return slices.Contains(p.Emails, w)
	}
	w = strings.TrimPrefix(w, "@")
	for _, n := range p.names() {
		if n == w || firstName(n) == w {
			return true
		}
	}
	for _, e := range p.Emails {
		if localPart(e) == w {
			return true
		}
	}
	return slices.Contains(p.Handles, w)
}

// isAuthor reports whether a git author is this person.
func (p *Person) isAuthor(name, email string) bool {
	if email != "" && slices.Contains(p.Emails, strings.ToLower(email)) {
		return true
	}
	return slices.Contains(p.names(), strings.ToLower(name))
}

// isOwner reports whether a CODEOWNERS owner (@user, @org/team or an
// email) is this person.
func (p *Person) isOwner(owner string) bool {
	o := strings.ToLower(owner)
	if strings.HasPrefix(o, "@") {
		return slices.Contains(p.Handles, o[1:])
	}
	return slices.Contains(p.Emails, o)
}

// mention is one way something names a person.
type mention struct {
	name, email, handle string
}

// score is how surely m names p: 0 not at all, 4 the same email or
// handle, 3 the same name, 2 a single word that is p's email local part
// or handle (or the other way round), 1 a first name.
func (m mention) score(p *Person) int {
	if m.email != "" && slices.Contains(p.Emails, m.email) || m.handle != "" && slices.Contains(p.Handles, m.handle) {
		return 4
	}
	if m.name == "" {
		return 0
	}
	n := strings.ToLower(m.name)
	names := p.names()
	if slices.Contains(names, n) {
		return 3
	}
	single := !strings.Contains(n, " ")
	if single && (slices.Contains(p.Handles, n) || slices.ContainsFunc(p.Emails, func(e string) bool { return localPart(e) == n })) {
		return 2
	}
	if lp := localPart(m.email); lp != "" && slices.Contains(names, lp) {
		return 2
	}
	for _, pn := range names {
		if single && firstName(pn) == n || !strings.Contains(pn, " ") && firstName(n) == pn {
			return 1
		}
	}
	return 0
}

// best is the person m most surely names, the first of equals; nil when
// it names none.
func best(people []*Person, m mention) *Person {
	var found *Person
	top := 0
	for _, p := range people {
		if s := m.score(p); s > top {
			found, top = p, s
		}
	}
	return found
}

func (p *Person) add(m mention) {
	if m.email != "" && !slices.Contains(p.Emails, m.email) {
		p.Emails = append(p.Emails, m.email)
	}
	if m.handle != "" && !slices.Contains(p.Handles, m.handle) {
		p.Handles = append(p.Handles, m.handle)
	}
	if m.name == "" {
		return
	}
	// A fuller name ("Marta Kowalska" over "marta", a name over "@handle")
	// becomes the name; the other one an alias.
	if strings.HasPrefix(p.Name, "@") || !strings.Contains(p.Name, " ") && strings.Contains(m.name, " ") {
		p.Name, m.name = m.name, p.Name
	}
	if !strings.HasPrefix(m.name, "@") && !slices.Contains(p.names(), strings.ToLower(m.name)) {
		p.Aliases = append(p.Aliases, m.name)
	}
}

// People lists everyone the repository names, merged into identities and
// sorted by name.
func People(in *Input) []Person {
	var ms []mention
	author := func(name, email string) {
		if name != "" || email != "" {
			ms = append(ms, mention{name: strings.TrimSpace(name), email: strings.ToLower(strings.TrimSpace(email))})
		}
	}
	if h := in.History; h != nil {
		author(h.Head.Author, h.Head.Email)
		for _, p := range sortedKeys(h.Files) {
			f := h.Files[p]
			for _, a := range f.Authors {
				author(a.Name, a.Email)
			}
			for _, c := range f.Commits {
				author(c.Author, c.Email)
			}
		}
		for _, p := range sortedKeys(h.Lines) {
			for _, l := range sortedKeys(h.Lines[p]) {
				c := h.Lines[p][l]
				author(c.Author, c.Email)
			}
		}
	}
	ms = append(ms, in.adminUsers()...)
	if in.History != nil {
		for _, r := range in.History.Owners {
			for _, o := range r.Owners {
				ms = append(ms, ownerMention(o))
			}
		}
	}
	for _, s := range in.SOPs {
		for _, o := range s.Owners {
			ms = append(ms, wordMention(o))
		}
	}
	for _, inc := range in.Incidents {
		for _, p := range inc.People {
			ms = append(ms, wordMention(p))
		}
	}

	var people []*Person
	for _, m := range ms {
		if m == (mention{}) {
			continue
		}
		found := best(people, m)
		if found == nil {
			found = &Person{Name: m.name}
			if found.Name == "" && m.handle != "" {
				found.Name = "@" + m.handle
			}
			if found.Name == "" {
				found.Name = m.email
			}
			people = append(people, found)
		}
		found.add(m)
	}
	out := make([]Person, len(people))
	for i, p := range people {
		out[i] = *p
	}
	slices.SortFunc(out, func(a, b Person) int {
		return strings.Compare(strings.ToLower(strings.TrimPrefix(a.Name, "@")), strings.ToLower(strings.TrimPrefix(b.Name, "@")))
	})
	return out
}

// ownerMention reads a CODEOWNERS owner: @user, @org/team or an email.
func ownerMention(o string) mention {
	o = strings.TrimSpace(o)
	if strings.HasPrefix(o, "@") {
		return mention{handle: strings.ToLower(o[1:])}
	}
	return mention{email: strings.ToLower(o)}
}

// wordMention reads how an SOP or incident names someone: a name, an
// email or a @handle.
func wordMention(w string) mention {
	w = strings.TrimSpace(w)
	switch {
	case strings.HasPrefix(w, "@"):
		return mention{handle: strings.ToLower(w[1:])}
	case strings.Contains(w, "@"):
		return mention{email: strings.ToLower(w)}
	}
	return mention{name: w}
}

// adminUsers reads group variables that list people with their GitHub
// handles, such as admin_users: [{name: marta, github: marta-acme}].
func (in *Input) adminUsers() []mention {
	var out []mention
	for _, g := range in.Groups {
		for _, v := range g.Vars {
			list, ok := v.Value.([]any)
			if !ok {
				continue
			}
			for _, item := range list {
				m, ok := item.(map[string]any)
				if !ok {
					continue
				}
				name, _ := m["name"].(string)
				handle := ""
				for _, k := range []string{"github", "github_user", "github_handle", "gh"} {
					if h, ok := m[k].(string); ok && h != "" {
						handle = strings.ToLower(strings.TrimPrefix(h, "@"))
						break
					}
				}
				if name == "" || handle == "" {
					continue
				}
				email, _ := m["email"].(string)
				out = append(out, mention{name: name, handle: handle, email: strings.ToLower(email)})
			}
		}
	}
	return out
}

// UnknownPersonError is returned by Handoff when the name it was given
// matches nobody the repository names.
type UnknownPersonError struct {
	Query string
	Known []Person
}

func (e *UnknownPersonError) Error() string {
	if len(e.Known) == 0 {
		return fmt.Sprintf("nobody called %q: the repository names no people (no git history, CODEOWNERS, SOP owners or incident people)", e.Query)
	}
	names := make([]string, len(e.Known))
	for i, p := range e.Known {
		names[i] = p.String()
	}
	return fmt.Sprintf("nobody called %q; known people: %s", e.Query, strings.Join(names, "; "))
}

// findPerson is the one person who answers to query. A full name, email
// or handle wins over a first name shared by several people.
func findPerson(people []Person, query string) (*Person, error) {
	var matches []*Person
	for i := range people {
		if people[i].AnswersTo(query) {
			matches = append(matches, &people[i])
		}
	}
	switch len(matches) {
	case 0:
		return nil, &UnknownPersonError{Query: query, Known: people}
	case 1:
		return matches[0], nil
	}
	q := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(query), "@"))
	var exact []*Person
	for _, p := range matches {
		if slices.Contains(p.names(), q) || slices.Contains(p.Emails, q) || slices.Contains(p.Handles, q) {
			exact = append(exact, p)
		}
	}
	if len(exact) == 1 {
		return exact[0], nil
	}
	return nil, &AmbiguousPersonError{Query: query, Matches: matches}
}

// AmbiguousPersonError is returned by Handoff when the name it was given
// matches several people and none of them exactly.
type AmbiguousPersonError struct {
	Query   string
	Matches []*Person
}

func (e *AmbiguousPersonError) Error() string {
	names := make([]string, len(e.Matches))
	for i, p := range e.Matches {
		names[i] = p.String()
	}
	return fmt.Sprintf("%q matches %d people: %s; give a full name, an email or a handle", e.Query, len(e.Matches), strings.Join(names, "; "))
}

// personOf is the person a git author or a name is, or nil.
func personOf(people []Person, m mention) *Person {
	ps := make([]*Person, len(people))
	for i := range people {
		ps[i] = &people[i]
	}
	return best(ps, m)
}

// nameOf is the name to show for a git author or a name.
func nameOf(people []Person, m mention) string {
	if p := personOf(people, m); p != nil {
		return p.Name
	}
	return orNone(m.name, m.email)
}
