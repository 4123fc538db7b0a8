// Package ask answers plain questions such as "where does jenkins run and
// why" and finds the SOP for an emergency. A question is read into words
// (each with its synonyms), hints (words that name a known environment,
// cloud, group or host) and explicit filters (env:production); one ranked
// search over every kind finds the candidates, the hints narrow them only
// when something is left, and the best candidate decides the answer's
// card. It reads the index and knows nothing of gRPC.
package ask

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"handover/internal/index"
	"handover/internal/model"
)

// Plan is how a question is read.
type Plan struct {
	// Env, Cloud, Purpose, Group and Host are the words that name a known
	// value: hints that rank, and narrow only when something is left.
	Env, Cloud, Purpose, Group, Host string
	// Text is what is left once stopwords and hint words are taken out.
	Text string
	// Words are the words searched, hint words of groups and hosts
	// included (the comment above [backups] may say "backups" too).
	Words []string
	// Filter holds the explicit filters: field:value terms of the
	// question, and --repo and --kind. They always hold.
	Filter index.Filter
	// Since and Until bound the dates a question names ("in July 2021"),
	// YYYY-MM-DD, empty when it names none.
	Since, Until string
	// Repos are the repositories the question names by a word of their
	// name ("the homelab cluster", "the Jenkins VPN"): the candidates come
	// from them when any match there.
	Repos []string
	// intent are the kinds the question's shape asks for.
	intent []model.Kind
	// why says the question asks for a reason.
	why bool
}

// Vocabulary says whether the index knows a value of a keyword field
// (env, cloud, purpose, group, name_lower); *index.Store has it.
type Vocabulary interface {
	Has(field, value string) bool
}

// repoLister lists the values of a keyword field; *index.Store has it,
// and Parse reads the repositories' names through it.
type repoLister interface {
	Values(field string) []string
}

// stopwords carry the shape of a question, not its subject.
var stopwords = setOf(`a about all an and any anything are at be box boxes by can deployed deploy
	do does did find for from get give has have host hosted hosts how i in into
	is it its list live lives located machine machines me my of on or our run running runs server
	servers serve serves show tell that the their them there these this those to up us use used
	uses we what whats where which who why with was were will not when only few so than
	then out set get gets got keep keeps kept currently act acts`)

// whyWords ask for a reason.
var whyWords = setOf(`why cause caused reason reasons`)

// explicitFields are the field:value terms a question may carry; they
// become hard filters.
var explicitFields = map[string]func(f *index.Filter, v string){
	"env":     func(f *index.Filter, v string) { f.Env = cmp.Or(model.EnvWord(v), v) },
	"cloud":   func(f *index.Filter, v string) { f.Cloud = cmp.Or(model.CloudWord(v), v) },
	"purpose": func(f *index.Filter, v string) { f.Purpose = v },
	"group":   func(f *index.Filter, v string) { f.Group = v },
	"host":    func(f *index.Filter, v string) { f.Name = v },
	"repo":    func(f *index.Filter, v string) { f.Repo = v },
	"kind":    func(f *index.Filter, v string) { f.Kind = v },
}

// Parse reads question against the names the index knows.
func Parse(question string, vocab Vocabulary) Plan {
	var p Plan
	var text []string
	rest := make([]string, 0, 8)
	for _, f := range strings.Fields(question) {
		field, value, ok := strings.Cut(f, ":")
		set := explicitFields[strings.ToLower(field)]
		if ok && set != nil && value != "" {
			set(&p.Filter, strings.Trim(value, `"'?,`))
			continue
		}
		rest = append(rest, f)
	}
	p.Since, p.Until = questionDates(words(strings.Join(rest, " ")))
	p.intent = intent(question)
	p.why = slices.ContainsFunc(words(question), func(w string) bool { return whyWords[w] })
	ws := words(strings.Join(rest, " "))
	var repoWords map[string]bool
	if l, ok := vocab.(repoLister); ok && p.Filter.Repo == "" {
		p.Repos, repoWords = namedRepos(ws, l.Values("repo"))
	}
	for _, w := range ws {
		canon := cmp.Or(model.EnvWord(w), model.CloudWord(w), w)
		switch {
		case p.Env == "" && vocab.Has("env", canon):
			p.Env = canon
		case p.Cloud == "" && vocab.Has("cloud", canon):
			p.Cloud = canon
		case stopwords[w] || repoWords[w]:
		case p.Host == "" && vocab.Has("name_lower", w) && !vocab.Has("group", w):
			p.Host = w
			p.Words = append(p.Words, w)
		case p.Purpose == "" && vocab.Has("purpose", w):
			p.Purpose = w
			p.Words = append(p.Words, w)
		case p.Group == "" && vocab.Has("group", w):
			p.Group = w
			p.Words = append(p.Words, w)
		default:
			text = append(text, w)
			p.Words = append(p.Words, w)
		}
	}
	p.Text = strings.Join(text, " ")
	return p
}

// repoFiller are words of repository names that say what a repository
// holds, not whose it is: "the infra network" names no repository.
var repoFiller = setOf(`infra infrastructure ops devops net network networks status runbooks runbook
	incidents incident reports report postmortems docs doc config configs configuration terraform
	ansible deploy deployment deployments k8s kubernetes cluster clusters site sites main prod
	production staging dev test tests platform services service tools scripts`)

// namedRepos are the repositories whose names have the most of the
// question's words (each name split at - _ . into words, filler words
// left out), and those words; none when no name has any.
func namedRepos(ws []string, repos []string) ([]string, map[string]bool) {
	asked := setOf(strings.Join(ws, " "))
	best := 0
	var out []string
	used := map[string]bool{}
	for _, r := range repos {
		n := 0
		var hit []string
		for _, part := range strings.FieldsFunc(strings.ToLower(r), func(c rune) bool { return c == '-' || c == '_' || c == '.' }) {
			if asked[part] && !repoFiller[part] && !stopwords[part] && !slices.Contains(hit, part) {
				n++
				hit = append(hit, part)
			}
		}
		switch {
		case n == 0 || n < best:
			continue
		case n > best:
			best, out, used = n, nil, map[string]bool{}
		}
		out = append(out, r)
		for _, h := range hit {
			used[h] = true
		}
	}
	return out, used
}

// words splits a question into lower-case words, keeping the characters
// that host and group names use (web-01, db.example.com, 10.0.0.5,
// 10.0.0.0/16, 00:23:24:e7:04:60).
func words(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./:+", r))
	})
	out := f[:0]
	for _, w := range f {
		w = strings.TrimRight(strings.Trim(w, "-_./:+"), "'")
		w = strings.TrimSuffix(w, "'s")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Filters lists the plan's hints as field=value, for showing how a
// question was read.
func (p Plan) Filters() []string {
	var out []string
	for _, kv := range [][2]string{{"env", p.Env}, {"cloud", p.Cloud}, {"purpose", p.Purpose}, {"group", p.Group}, {"host", p.Host}} {
		if kv[1] != "" {
			out = append(out, kv[0]+"="+kv[1])
		}
	}
	return slices.Clip(out)
}
