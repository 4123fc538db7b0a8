// Package ask answers plain questions such as "where does jenkins run and
// why": words that name a known environment, cloud, purpose, group or host
// become filters, the rest is full text, and every answer says what the host
// is, where it runs and why it exists. It reads the index and knows nothing
// of gRPC.
package ask

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"handover/internal/model"
)

// Plan is how a question is read.
type Plan struct {
	Env, Cloud, Purpose, Group, Host string
	// Text is what is left once stopwords and filter words are taken out.
	Text string
}

// Vocabulary lists the values the index knows for a keyword field
// (env, cloud, purpose, group, name).
type Vocabulary interface {
	Values(field string) []string
}

// stopwords carry the shape of a question, not its subject.
var stopwords = setOf(`a about all an and any anything are at be box boxes by can deployed deploy
	do does did find for from get give has have host hosted hosts how i in instance instances into
	is it its list live lives located machine machines me my of on or our run running runs server
	servers serve serves show tell that the their them there these this those to up us use used
	uses vm vms we what whats where which who why with`)

// Parse reads question against the names the index knows.
func Parse(question string, vocab Vocabulary) Plan {
	known := map[string]map[string]bool{}
	for _, f := range []string{"env", "cloud", "purpose", "group", "name"} {
		known[f] = map[string]bool{}
		for _, v := range vocab.Values(f) {
			known[f][strings.ToLower(v)] = true
		}
	}

	var p Plan
	var text []string
	for _, w := range words(question) {
		canon := cmp.Or(model.EnvWord(w), model.CloudWord(w), w)
		switch {
		case p.Env == "" && known["env"][canon]:
			p.Env = canon
		case p.Cloud == "" && known["cloud"][canon]:
			p.Cloud = canon
		case p.Host == "" && known["name"][w] && !known["group"][w]:
			p.Host = w
		case p.Purpose == "" && known["purpose"][w]:
			p.Purpose = w
		case p.Group == "" && known["group"][w]:
			p.Group = w
		case stopwords[w]:
		default:
			text = append(text, w)
		}
	}
	p.Text = strings.Join(text, " ")
	return p
}

// words splits a question into lower-case words, keeping the characters
// that host and group names use (web-01, db.example.com, 10.0.0.5).
func words(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.')
	})
	out := f[:0]
	for _, w := range f {
		w = strings.Trim(w, "-_.")
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

// Filters lists the plan's filters as field=value, for showing how a
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
