package ask

import (
	"cmp"
	"context"
	"regexp"
	"slices"
	"strings"

	"handover/internal/index"
	"handover/internal/model"
)

// candidatePool is how many documents the ranked search reads: enough for
// the cards and the related items, few enough to decode in a millisecond.
const candidatePool = 40

// hintOrder is the relaxation order: when no host or group among the
// candidates has every hint, hints are dropped one at a time in this
// order, the most specific (and likeliest misread) first: a host name,
// then a group, a purpose, a cloud, an environment. Explicit filters
// (env:production, --repo, --kind) are never dropped.
var hintOrder = []string{"host", "group", "purpose", "cloud", "env"}

// hints are the plan's hint words as index hints, for ranking.
func (p Plan) hints() []index.Hint {
	var out []index.Hint
	add := func(field, v string) {
		if v != "" {
			out = append(out, index.Hint{Field: field, Value: v})
		}
	}
	add("env", p.Env)
	add("cloud", p.Cloud)
	add("purpose", p.Purpose)
	add("group", p.Group)
	add("name_lower", p.Host)
	return out
}

// rankWords are the plan's words with their synonyms, and each two
// neighbouring words written as one, as names often are ("mail relay"
// finds the group mailrelay).
func (p Plan) rankWords() [][]string {
	out := make([][]string, 0, 2*len(p.Words))
	for i, w := range p.Words {
		out = append(out, Synonyms(w))
		if i > 0 {
			out = append(out, []string{p.Words[i-1] + w})
		}
	}
	return out
}

// hint returns the plan's hint of a field of hintOrder.
func (p Plan) hint(field string) string {
	switch field {
	case "host":
		return p.Host
	case "group":
		return p.Group
	case "purpose":
		return p.Purpose
	case "cloud":
		return p.Cloud
	case "env":
		return p.Env
	}
	return ""
}

// without returns p with the hint of field dropped.
func (p Plan) without(field string) Plan {
	switch field {
	case "host":
		p.Host = ""
	case "group":
		p.Group = ""
	case "purpose":
		p.Purpose = ""
	case "cloud":
		p.Cloud = ""
	case "env":
		p.Env = ""
	}
	return p
}

// narrow keeps the hosts and groups among hits that have every hint of p,
// relaxing p in hintOrder until some are left; other kinds are kept, as
// hints say nothing about them. It returns the hits and the plan whose
// hints held.
func narrow(hits []index.Hit, p Plan) ([]index.Hit, Plan) {
	placed := 0
	for _, h := range hits {
		if h.Kind == model.KindHost || h.Kind == model.KindGroup {
			placed++
		}
	}
	if placed == 0 {
		return hits, p
	}
	for i := 0; ; i++ {
		kept := hits[:0:0]
		n := 0
		for _, h := range hits {
			switch ok := p.holds(h.Item); {
			case h.Kind != model.KindHost && h.Kind != model.KindGroup:
				kept = append(kept, h)
			case ok:
				kept = append(kept, h)
				n++
			}
		}
		if n > 0 || i == len(hintOrder) {
			if n == 0 {
				return hits, p
			}
			return kept, p
		}
		p = p.without(hintOrder[i])
	}
}

// holds says whether a host or group has every hint of p.
func (p Plan) holds(it model.Item) bool {
	var env, cloud string
	var groups, hosts []string
	switch x := it.(type) {
	case *model.Host:
		env, cloud, groups, hosts = x.Env, x.Cloud, slices.Concat(x.Groups, x.PurposeGroups), []string{x.Name}
	case *model.Group:
		env, cloud, groups, hosts = x.Env, x.Cloud, slices.Concat([]string{x.Name}, x.Parents), x.Hosts
	default:
		return true
	}
	lower := func(ss []string, w string) bool {
		return slices.ContainsFunc(ss, func(s string) bool {
			s = strings.ToLower(s)
			return s == w || slices.Contains(strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' }), w)
		})
	}
	return (p.Env == "" || env == p.Env) && (p.Cloud == "" || cloud == p.Cloud) &&
		(p.Group == "" || lower(groups, p.Group)) && (p.Purpose == "" || lower(groups, p.Purpose)) &&
		(p.Host == "" || lower(hosts, p.Host) || slices.ContainsFunc(hosts, func(h string) bool {
			return strings.HasPrefix(strings.ToLower(h), p.Host+".")
		}))
}

var pathDate = regexp.MustCompile(`(19|20)\d\d-\d\d-\d\d`)

// itemDate is the date of an incident, or the date a file name carries
// (content/issues/2021-10-01-ldap-outage.md), or "".
func itemDate(it model.Item) string {
	if inc, ok := it.(*model.Incident); ok && inc.Date != "" {
		return inc.Date
	}
	return pathDate.FindString(it.Declared().Path)
}

// intents are the words that say what kind of answer a question wants
// ("where does X run" wants hosts, "what caused" an incident): a
// candidate of that kind counts intentBoost times.
var intents = []struct {
	words *map[string]bool
	kinds []model.Kind
}{
	{&hostWords, []model.Kind{model.KindHost, model.KindGroup, model.KindRole, model.KindPlay}},
	{&incidentWords, []model.Kind{model.KindIncident}},
	{&procedureWords, []model.Kind{model.KindSOP}},
	{&alertWords, []model.Kind{model.KindAlert}},
	{&roleWords, []model.Kind{model.KindRole}},
	{&sizingWords, []model.Kind{model.KindTerraformDir, model.KindResource, model.KindVariable, model.KindModule}},
}

var (
	hostWords      = setOf(`run runs running host hosts server servers machine machines box boxes node nodes where`)
	incidentWords  = setOf(`caused cause happened knocked incident outage postmortem went`)
	procedureWords = setOf(`procedure runbook sop steps`)
	alertWords     = setOf(`alert alerts alerting fires firing fired paged pages`)
	// roleWords name the kind asked for: "where does the restic role run"
	// asks about the role first, not about every host whose group name
	// has "roles" in it (no_linux_system_roles).
	roleWords = setOf(`role roles`)
	// sizingWords ask what a machine is built as: Terraform's attributes
	// and the variable files that set them per environment.
	sizingWords = setOf(`flavor flavors sku skus image images ami amis instance_type machine_type vm_size`)
)

const intentBoost = 2

// Intent reads the kinds a question asks for from its words.
func intent(question string) []model.Kind {
	var out []model.Kind
	ws := words(question)
	asks := func(set map[string]bool) bool { return slices.ContainsFunc(ws, func(w string) bool { return set[w] }) }
	for _, in := range intents {
		// "Which flavor do the nodes use" asks for a value of the
		// configuration that builds the nodes, not for the nodes.
		if in.words == &hostWords && asks(sizingWords) {
			continue
		}
		if asks(*in.words) {
			out = append(out, in.kinds...)
		}
	}
	return out
}

// rerank weighs what the index cannot: the kinds the question's shape
// asks for count intentBoost times for each word set that asks, and a document dated in the span the
// question names counts double, one dated outside it half. The order is
// by score, then by id, so that answers are stable.
func rerank(hits []index.Hit, p Plan) {
	for i := range hits {
		// Once for each shape that asks for the kind: "where does the
		// restic role run" asks for roles twice (where ... run, role).
		for _, k := range p.intent {
			if k == hits[i].Kind {
				hits[i].Score *= intentBoost
			}
		}
	}
	m := newMatcher(p.Words)
	shape := askedShape(p.Words)
	for i := range hits {
		hits[i].Score *= valueFit(hits[i].Item, m, shape)
		if p.why {
			hits[i].Score *= whyFit(hits[i].Item, m)
		}
	}
	if p.Since != "" {
		for i := range hits {
			d := itemDate(hits[i].Item)
			switch {
			case d == "":
			case d >= p.Since && d <= p.Until:
				hits[i].Score *= 2
			default:
				hits[i].Score *= 0.5
			}
		}
	}
	slices.SortStableFunc(hits, func(a, b index.Hit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
	})
}

// Shapes of values a question asks for: "which IP range" wants a CIDR,
// "what address" an IP.
var (
	cidrShape = regexp.MustCompile(`\b\d{1,3}(\.\d{1,3}){3}/\d{1,2}\b|[0-9a-fA-F:]*::?[0-9a-fA-F]*/\d{1,3}\b`)
	ipShape   = regexp.MustCompile(`\b\d{1,3}(\.\d{1,3}){3}\b`)
	shapeOf   = map[string]*regexp.Regexp{
		"range": cidrShape, "ranges": cidrShape, "cidr": cidrShape, "cidrs": cidrShape, "subnet": cidrShape,
		"subnets": cidrShape, "pool": cidrShape, "prefix": cidrShape, "prefixes": cidrShape,
		"ip": ipShape, "ips": ipShape, "address": ipShape, "addresses": ipShape, "endpoint": ipShape,
	}
)

// askedShape is the shape of value the question's words ask for, the
// narrowest named (a range before an address), or nil.
func askedShape(ws []string) *regexp.Regexp {
	var out *regexp.Regexp
	for _, w := range ws {
		if re := shapeOf[w]; re != nil && (out == nil || re == cidrShape) {
			out = re
		}
	}
	return out
}

// Weights of valueFit: a value named by the question, and one that has
// the shape asked for as well.
const (
	namedValueBoost  = 1.5
	shapedValueBoost = 3
)

// valueFit weighs what a document's values say: a variable or attribute
// whose name has a question word ("load balancers" in
// load_balancer_ip_pool) is likely the answer, the more so when its value
// has the shape asked for (a CIDR for "which IP range").
func valueFit(it model.Item, m matcher, shape *regexp.Regexp) float64 {
	fit := 1.0
	for _, v := range itemVars(it) {
		if !m.any(strings.ReplaceAll(v.Name, "_", " ")) {
			continue
		}
		fit = max(fit, namedValueBoost)
		if shape != nil && shape.MatchString(valueText(v.Value)) {
			return shapedValueBoost
		}
	}
	return fit
}

// whyFit weighs a why-question's match with a document's why: the
// comment that says why a thing is so answers "why" better than a
// document that only names the thing. Each question word the why has
// adds half, up to whyFitMax.
func whyFit(it model.Item, m matcher) float64 {
	var text strings.Builder
	add := func(w model.Why) { text.WriteString(w.Text + "\n") }
	switch x := it.(type) {
	case *model.Resource:
		add(x.Why)
	case *model.ModuleCall:
		add(x.Why)
	case *model.Variable:
		add(x.Why)
		text.WriteString(x.Description)
	case *model.Output:
		add(x.Why)
	case *model.Group:
		text.WriteString(x.Comment)
	case *model.Host:
		text.WriteString(x.Purpose)
	}
	for _, v := range itemVars(it) {
		add(v.Comment())
	}
	if n, w := m.weigh(text.String()); n >= 2 {
		return min(1+0.5*w, whyFitMax)
	}
	return 1
}

const whyFitMax = 3

// itemVars are the named values of a document: variables, attributes,
// inputs, a variable's default.
func itemVars(it model.Item) []model.Var {
	switch x := it.(type) {
	case *model.Host:
		return x.Vars
	case *model.Group:
		return x.Vars
	case *model.Resource:
		return x.Attrs
	case *model.ModuleCall:
		return x.Inputs
	case *model.Provider:
		return x.Attrs
	case *model.Variable:
		return []model.Var{{Name: x.Name, Value: x.Default}}
	}
	return nil
}

// focus puts the hits of repo first, each part in its order.
func focus(hits []index.Hit, repo string) []index.Hit {
	out := make([]index.Hit, 0, len(hits))
	for _, h := range hits {
		if h.Repo == repo {
			out = append(out, h)
		}
	}
	for _, h := range hits {
		if h.Repo != repo {
			out = append(out, h)
		}
	}
	return out
}

// isData says a hit is a section of a YAML data file: search finds an
// address there, but an answer is made of entities and prose.
func isData(h index.Hit) bool {
	d, ok := h.Item.(*model.Doc)
	return ok && d.Data
}

// repoTieBreak is how much the absolute score of a repository's best
// match still counts once several named repositories' scores are scaled
// to their best.
const repoTieBreak = 0.1

// searchRepos runs q in the repositories a question names, merged by
// score, or in every repository (q's own) when it names none or nothing
// matches in them: a name narrows only when something is left.
func searchRepos(ctx context.Context, s Searcher, q index.Query, repos []string) ([]index.Hit, error) {
	var hits []index.Hit
	var tops []float64
	for _, r := range repos {
		rq := q
		rq.Filter.Repo = r
		res, err := s.Search(ctx, rq)
		if err != nil {
			return nil, err
		}
		hits = append(hits, res.Hits...)
		for range res.Hits {
			tops = append(tops, res.Hits[0].Score)
		}
	}
	if len(repos) > 1 {
		// Each repository is an index of its own whose term statistics
		// make its scores: with several named alike, each one's best
		// counts about 1, the better of them a little more, and the
		// question's shape (rerank) decides between them.
		best := slices.Max(append(tops, 0))
		for i := range hits {
			if tops[i] > 0 {
				hits[i].Score = hits[i].Score / tops[i] * (1 + repoTieBreak*tops[i]/best)
			}
		}
	}
	if len(hits) == 0 {
		res, err := s.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		return res.Hits, nil
	}
	slices.SortStableFunc(hits, func(a, b index.Hit) int { return cmp.Compare(b.Score, a.Score) })
	return hits, nil
}

// candidates runs the one ranked search over every kind and returns its
// hits narrowed, reranked and with the best repository's first, and the
// plan whose hints held.
func candidates(ctx context.Context, s Searcher, p Plan) ([]index.Hit, Plan, error) {
	q := index.Query{Words: p.rankWords(), Hints: p.hints(), Filter: p.Filter, PageSize: candidatePool}
	found, err := searchRepos(ctx, s, q, p.Repos)
	if err != nil {
		return nil, p, err
	}
	if n := len(found); n > 0 {
		if found = slices.DeleteFunc(found, isData); len(found) < n {
			// YAML data took places in the pool: read past them.
			q.PageSize = candidatePool + n - len(found)
			if found, err = searchRepos(ctx, s, q, p.Repos); err != nil {
				return nil, p, err
			}
			found = slices.DeleteFunc(found, isData)
		}
	}
	hits, held := narrow(found, p)
	rerank(hits, p)
	if len(hits) > 0 {
		hits = focus(hits, cmp.Or(p.Filter.Repo, hits[0].Repo))
	}
	return hits, held, nil
}
