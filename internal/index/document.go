package index

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"

	"handover/internal/model"
	"handover/internal/redact"
)

// entry is one document in the generic shape every kind is indexed in.
type entry struct {
	Kind      model.Kind
	Repo      string
	Inventory string // the inventory, Terraform module directory or markdown file it belongs to
	Name      string
	IDName    string // Name made unique within Inventory when Name may repeat (doc sections)
	ShortName string
	Aliases   []string // a host's other names (model.HostAliases), found by name lookups in any case
	Source    model.Source

	Env      string
	Cloud    string
	Purposes []string
	Groups   []string
	Hosts    []string

	Provider string
	Region   string
	Type     string
	People   []string
	Category string
	Severity string
	Tags     []string
	Date     int64 // Unix seconds, 0 for none

	NameText    string
	PurposeText string
	GroupsText  string
	VarsText    string
	BodyText    string

	Blob    []byte // JSON of the redacted model value
	Members string // a group's direct members, one per line, not in Blob
}

// shortName is what Ansible calls inventory_hostname_short: the name up to
// the first dot, so `jenkins01` finds jenkins01.prod.example.com. An IP
// address has none.
func shortName(name string) string {
	i := strings.IndexByte(name, '.')
	if i <= 0 || net.ParseIP(name) != nil || strings.HasPrefix(name, "[") {
		return ""
	}
	return name[:i]
}

// docID keeps the same name in two inventories (or repositories) apart.
func docID(repo string, kind model.Kind, inventory, name string) string {
	return repo + "\x00" + string(kind) + "\x00" + inventory + "\x00" + name
}

// splitID undoes docID.
func splitID(id string) (repo string, kind model.Kind, inventory, name string, ok bool) {
	p := strings.SplitN(id, "\x00", 4)
	if len(p) != 4 {
		return "", "", "", "", false
	}
	return p[0], model.Kind(p[1]), p[2], p[3], true
}

func (e *entry) id() string { return docID(e.Repo, e.Kind, e.Inventory, cmp.Or(e.IDName, e.Name)) }

// redactVars returns a copy of vars with every secret masked by
// redact.Value (by name, by shape, and inside free text).
func redactVars(vars []model.Var) []model.Var { return redactAttrs("", vars) }

// redactAttrs is redactVars for the attributes of a resource of type
// resourceType: a secret store's payload is masked too.
func redactAttrs(resourceType string, vars []model.Var) []model.Var {
	if len(vars) == 0 {
		return nil
	}
	out := make([]model.Var, len(vars))
	for i, v := range vars {
		out[i] = model.Var{Name: v.Name, Value: redactAttr(resourceType, v.Name, v.Value), Source: v.Source}
		if v.Why != nil {
			out[i].Why = &model.Why{Text: redactText(v.Why.Text), Source: v.Why.Source}
		}
	}
	return out
}

// maxIndexedValue is the most of one variable's value that is indexed
// for search (the document stores up to maxStored of it): a search finds
// a value by its first words, and a long value that hundreds of hosts
// inherit from a group is otherwise analysed, with term vectors, once per
// host (a 64 KiB value over 300 hosts took 1.5 GB to index).
const maxIndexedValue = 4 << 10

// varsText renders redacted variables as "name=value" lines, each value
// at most maxIndexedValue bytes.
func varsText(vars []model.Var) string {
	var b, value strings.Builder
	for _, v := range vars {
		b.WriteString(v.Name)
		b.WriteByte('=')
		value.Reset()
		writeValue(&value, v.Value)
		b.WriteString(cutAt(value.String(), maxIndexedValue))
		if w := v.Comment(); w.Text != "" {
			b.WriteString(" # ")
			b.WriteString(w.Text)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func writeValue(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
	case string:
		b.WriteString(x)
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case int:
		b.WriteString(strconv.Itoa(x))
	case float64:
		b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	default:
		j, err := json.Marshal(x)
		if err != nil {
			fmt.Fprint(b, x)
			return
		}
		b.Write(j)
	}
}

// purposeTerms returns each name and, when different and not empty, the
// name without its env and cloud words: prod-ci is a "ci" group in
// production.
func purposeTerms(names []string, env, cloud string) []string {
	out := make([]string, 0, 2*len(names))
	for _, n := range names {
		out = appendUnique(out, n)
		if s := stripEnvCloud(n, env, cloud); s != "" {
			out = appendUnique(out, s)
		}
	}
	return out
}

func stripEnvCloud(name, env, cloud string) string {
	parts := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	kept := parts[:0:0]
	for _, p := range parts {
		l := strings.ToLower(p)
		if model.EnvWord(l) != "" || model.CloudWord(l) != "" || (env != "" && l == strings.ToLower(env)) || (cloud != "" && l == strings.ToLower(cloud)) {
			continue
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, "-")
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// hostEntry converts a host of the inventory at invPath; nothing of h
// reaches the index unredacted.
func hostEntry(repo, invPath string, h *model.Host) (entry, error) {
	r := *h
	if r.Inventory == "" {
		r.Inventory = invPath // the id needs it to keep inventories apart
	}
	r.Purpose = redactText(h.Purpose)
	// Stored merged: a host read back from the index has all its variables in Vars.
	r.Vars, r.InheritedVars = redactVars(h.EffectiveVars()), nil
	r.ConfigDefaults = redactVars(h.ConfigDefaults)
	// Most variables are set on the host's own line: their source is left
	// out, here and in every answer, as model.Host.Vars documents.
	for i, v := range r.Vars {
		if v.Source != nil && v.Source.Path == h.Source.Path && v.Source.Line == h.Source.Line {
			r.Vars[i].Source = nil
		}
	}
	r.Links = redactLinks(h.Links, repo)
	r.Source.Repo = repo
	if r.PurposeSource != (model.Source{}) {
		r.PurposeSource.Repo = repo
	}
	blob, err := marshalStored(&r)
	if err != nil {
		return entry{}, fmt.Errorf("host %s: %w", h.Name, err)
	}
	groupsText := strings.Join(r.Groups, " ")
	if r.Env != "" || r.Cloud != "" {
		groupsText += " " + r.Env + " " + r.Cloud
	}
	return entry{
		Kind:        model.KindHost,
		Repo:        repo,
		Inventory:   r.Inventory,
		Name:        r.Name,
		ShortName:   shortName(r.Name),
		Aliases:     model.HostAliases(&r),
		Source:      r.Source,
		Env:         r.Env,
		Cloud:       r.Cloud,
		Purposes:    purposeTerms(r.PurposeGroups, r.Env, r.Cloud),
		Groups:      r.Groups,
		Hosts:       []string{r.Name},
		NameText:    r.Name,
		PurposeText: r.Purpose,
		GroupsText:  groupsText,
		VarsText:    varsText(r.Vars),
		Blob:        blob,
	}, nil
}

// groupEntry converts a group. Its groups are its own name and every group
// above it, found through parents in groups (by name, of one inventory);
// isPurpose says some host has it among its purpose groups.
func groupEntry(repo, invPath string, g *model.Group, groups map[string]*model.Group, isPurpose bool) (entry, error) {
	r := *g
	if r.Inventory == "" {
		r.Inventory = invPath
	}
	r.Comment = redactText(g.Comment)
	r.Vars = redactVars(g.Vars)
	r.Links = redactLinks(g.Links, repo)
	r.Source.Repo = repo
	r.Hosts = nil // stored as Members
	blob, err := marshalStored(&r)
	if err != nil {
		return entry{}, fmt.Errorf("group %s: %w", g.Name, err)
	}
	var purposes []string
	if isPurpose {
		purposes = purposeTerms([]string{r.Name}, r.Env, r.Cloud)
	}
	related := append(append([]string(nil), r.Parents...), r.Children...)
	if r.Env != "" || r.Cloud != "" {
		related = append(related, r.Env, r.Cloud)
	}
	return entry{
		Kind:        model.KindGroup,
		Repo:        repo,
		Inventory:   r.Inventory,
		Name:        r.Name,
		Source:      r.Source,
		Env:         r.Env,
		Cloud:       r.Cloud,
		Purposes:    purposes,
		Groups:      ancestors(r.Name, groups),
		Hosts:       g.Hosts,
		NameText:    r.Name,
		PurposeText: r.Comment,
		GroupsText:  strings.Join(related, " "),
		VarsText:    varsText(r.Vars),
		Blob:        blob,
		Members:     strings.Join(g.Hosts, "\n"),
	}, nil
}

func ancestors(name string, groups map[string]*model.Group) []string {
	seen := map[string]bool{name: true}
	out := []string{name}
	for i := 0; i < len(out); i++ {
		g := groups[out[i]]
		if g == nil {
			continue
		}
		for _, p := range g.Parents {
			if !seen[p] && p != "all" {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	sort.Strings(out[1:])
	return out
}

// maxStored is the most of one string a document stores (and indexes):
// one 7 MB line must not make every answer that lists its document too big
// to send, nor its index slow to read. What is cut ends in truncated.
const (
	maxStored = 64 << 10
	truncated = "…[truncated]"
)

// The index redacts every string through these, which read at most a
// little more than maxStored of it: a 7 MB value that 300 hosts inherit is
// otherwise searched for secrets 300 times over (minutes), for a document
// that keeps 64 KiB of it.

func redactText(s string) string { return redact.Text(bound(s)) }

func redactValue(name string, v any) any { return redact.Value(name, boundValue(v)) }

func redactAttr(resourceType, name string, v any) any {
	return redact.ResourceAttr(resourceType, name, boundValue(v))
}

// boundMargin is what bound keeps beyond maxStored, so that a secret the
// cut of capStored goes through was redacted with what follows it.
const boundMargin = 4 << 10

// bound cuts s a little past maxStored, before it is redacted: at the
// last white space there, so that no secret is cut in two and shown in
// part (a URL's password is a secret only with the @ after it, and a mask
// before it may bring it within maxStored), and marks the cut.
func bound(s string) string {
	if len(s) <= maxStored+boundMargin {
		return s
	}
	cut := strings.LastIndexAny(s[:maxStored+boundMargin], " \t\n")
	return s[:max(cut, 0)] + truncated
}

// boundValue applies bound to every string of a variable's value.
func boundValue(v any) any { return mapStrings(v, bound) }

// mapStrings is a copy of v, a variable's value or decoded JSON, with f
// applied to every string and key.
func mapStrings(v any, f func(string) string) any {
	switch x := v.(type) {
	case string:
		return f(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = mapStrings(e, f)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[f(k)] = mapStrings(e, f)
		}
		return out
	}
	return v
}

// capStored cuts s to maxStored bytes, at a character boundary, and marks
// the cut.
func capStored(s string) string { return cutAt(s, maxStored) }

// cutAt cuts s to n bytes, at a character boundary, and marks the cut.
func cutAt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + truncated
}

// marshalStored is the JSON of a redacted model value as the document
// stores it: every string in it (a value, a key, a comment, a step) at
// most maxStored bytes. Only a blob that big can hold such a string, so
// the others are returned as json.Marshal made them.
func marshalStored(v any) ([]byte, error) {
	blob, err := json.Marshal(v)
	if err != nil || len(blob) <= maxStored {
		return blob, err
	}
	dec := json.NewDecoder(bytes.NewReader(blob))
	dec.UseNumber() // numbers stay as written
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return nil, err
	}
	return json.Marshal(mapStrings(generic, capStored))
}

// documentBuilder turns entries into bleve documents directly, the way the
// mapping would but without walking a value by reflection.
type documentBuilder struct {
	text  analysis.Analyzer // English, as the mapping names it
	specs map[string]fieldSpec
}

func newDocumentBuilder(text analysis.Analyzer) *documentBuilder {
	b := &documentBuilder{text: text, specs: map[string]fieldSpec{}}
	for _, f := range fieldSpecs {
		b.specs[f.name] = f
	}
	return b
}

func (b *documentBuilder) document(e *entry) *document.Document {
	d := document.NewDocument(e.id())
	d.Fields = make([]document.Field, 0, 16+len(e.Groups)+len(e.Purposes))
	kw := func(name, v string) {
		if v != "" {
			d.AddField(document.NewTextFieldCustom(name, nil, []byte(capStored(v)), b.specs[name].options(), nil))
		}
	}
	text := func(name, v string) {
		if v != "" {
			d.AddField(document.NewTextFieldCustom(name, nil, []byte(capStored(v)), b.specs[name].options(), b.text))
		}
	}
	kw(fieldRepo, e.Repo)
	kw(fieldKind, string(e.Kind))
	kw(fieldInventory, e.Inventory)
	kw(fieldPath, e.Source.Path)
	kw(fieldName, e.Name)
	kw(fieldShortName, e.ShortName)
	kw(fieldNameLower, strings.ToLower(e.Name))
	if e.ShortName != "" {
		kw(fieldNameLower, strings.ToLower(e.ShortName))
	}
	for _, a := range e.Aliases {
		kw(fieldNameLower, strings.ToLower(a))
	}
	kw(fieldEnv, e.Env)
	kw(fieldCloud, e.Cloud)
	for _, p := range e.Purposes {
		kw(fieldPurpose, p)
	}
	for _, g := range e.Groups {
		kw(fieldGroup, g)
	}
	for _, h := range e.Hosts {
		kw(fieldHost, h)
	}
	kw(fieldProvider, e.Provider)
	kw(fieldRegion, e.Region)
	kw(fieldResourceType, e.Type)
	for _, p := range e.People {
		kw(fieldPerson, p)
	}
	kw(fieldCategory, e.Category)
	kw(fieldSeverity, e.Severity)
	for _, t := range e.Tags {
		kw(fieldTag, t)
	}
	if e.Source.Line > 0 {
		d.AddField(document.NewNumericFieldWithIndexingOptions(fieldLine, nil, float64(e.Source.Line), b.specs[fieldLine].options()))
	}
	if e.Date != 0 {
		d.AddField(document.NewNumericFieldWithIndexingOptions(fieldDate, nil, float64(e.Date), b.specs[fieldDate].options()))
	}
	text(fieldNameText, nameWords(e.NameText))
	text(fieldPurposeText, e.PurposeText)
	text(fieldGroupsText, e.GroupsText)
	text(fieldVarsText, e.VarsText)
	text(fieldBodyText, e.BodyText)
	d.AddField(document.NewTextFieldCustom(fieldDoc, nil, e.Blob, bindex.StoreField, nil))
	if e.Members != "" {
		d.AddField(document.NewTextFieldCustom(fieldMembers, nil, []byte(e.Members), bindex.StoreField, nil))
	}
	d.AddField(document.NewCompositeFieldWithIndexingOptions(fieldAll, false, textFields, nil, bindex.IndexField|bindex.IncludeTermVectors))
	d.SetIndexed()
	return d
}
