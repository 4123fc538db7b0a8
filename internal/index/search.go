package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"handover/internal/model"
)

const (
	defaultPageSize = 20
	maxPageSize     = 200
	facetSize       = 50
	// maxHostsByName bounds Host: one name in more inventories than this
	// is not a lookup any more.
	maxHostsByName = 1000
)

// Filter narrows a query to documents whose keyword fields equal every
// non-empty value. Repo picks the repository's index; an unknown one is
// ErrNotFound.
type Filter struct {
	Repo      string
	Kind      string
	Env       string
	Cloud     string
	Purpose   string
	Group     string
	Inventory string
	// Path is the file that declares the document.
	Path string
	// Name is an exact document name (host, group, resource address, SOP
	// or incident title), or a host's short name.
	Name string
	// Names matches any of these names as Name does.
	Names []string

	Provider string
	Region   string
	Type     string // a resource type
	Person   string // an incident's people or an SOP's owners
	Category string
	// Since and Until bound the date (YYYY-MM-DD, both included) of
	// incidents and SOP reviews; documents without a date never match.
	Since, Until string
}

// Query is one search.
type Query struct {
	// Text is a bleve query string (`+env:production database -staging`);
	// text that does not parse is matched as words. Empty matches all.
	Text   string
	Filter Filter
	// Facets names keyword fields to count values of: repo, kind,
	// inventory, path, name, env, cloud, purpose, group.
	Facets    []string
	Highlight bool
	PageSize  int    // 20 when 0, at most 200
	PageToken string // NextPageToken of the previous page of the same query
	// Fuzzy matches Text as words allowing one edit per word, instead of
	// as a query string.
	Fuzzy bool
	// BoostTitle ranks documents whose name matches Text first: the SOP
	// titled "Security breach" before one that mentions a breach.
	BoostTitle bool
	// Sort orders the hits by a field instead of by score: "date",
	// "-date" (newest first), "name" or "-name".
	Sort string
	// Words, when set, replace Text: a question's words, each with its
	// synonyms, ranked across every kind (see rankedQuery).
	Words [][]string
	// Hints add to the score of documents that have these keyword values
	// (a question word naming an environment, a group or a host); unlike
	// Filter they exclude nothing.
	Hints []Hint
}

// Hint is a keyword field's value that raises a document's score.
type Hint struct {
	Field string // env, cloud, purpose, group, host, name_lower
	Value string
}

// Boosts of the ranked query: a word in a document's name says more than
// the same word in its body, and a hint's field value more than either
// (the document is in the group the question names).
const (
	nameBoost    = 3
	hintBoost    = 2
	synonymBoost = 0.3
)

// rankedQuery scores a document by the question words it has, in any text
// field, more in its name; each word matches when one of its synonyms
// does, and a word that analyses into several tokens (pay-db-1) needs all
// of them. The disjunction's coordination favours documents with more of
// the words. Hints are should-clauses too: they rank, never exclude.
//
// A hint ranks what the words find and finds nothing by itself: "postgres
// hosts in production on aws" scores the documents that say postgres,
// those of production on aws first, not the tens of thousands of hosts of
// production or of aws that do not. When a hint is not one of the words
// (a purpose, group or host hint is, an environment or cloud is not), it
// is a passive clause of the disjunction (see coordQuery): the scores of
// the documents the words find are those of the disjunction of words and
// hints.
func rankedQuery(words [][]string, hints []Hint) query.Query {
	q := &coordQuery{clauses: wordClauses(words)}
	found, apart := len(q.clauses) > 0, false
	for _, h := range hints {
		apart = apart || !slices.ContainsFunc(words, func(alts []string) bool { return slices.Contains(alts, h.Value) })
	}
	for _, h := range hints {
		q.add(hintTerm(h), found && apart)
	}
	if len(q.clauses) == 0 {
		return nil
	}
	return q
}

func hintTerm(h Hint) query.Query {
	t := query.NewTermQuery(h.Value)
	t.SetField(h.Field)
	t.SetBoost(hintBoost)
	return t
}

// wordClauses are the should-clauses of the question words.
func wordClauses(words [][]string) []query.Query {
	out := make([]query.Query, 0, len(words))
	for _, alts := range words {
		if alt := synonymClauses(alts); len(alt) > 0 {
			out = append(out, &coordQuery{clauses: alt})
		}
	}
	return out
}

// synonymClauses are the clauses of one question word: each of its
// synonyms in any text field and, more, in the name.
func synonymClauses(alts []string) []query.Query {
	var alt []query.Query
	for i, w := range alts {
		// A synonym counts less than the word asked: several synonyms
		// in one document add up, the word itself should win.
		b := 1.0
		if i > 0 {
			b = synonymBoost
		}
		all := query.NewMatchQuery(w)
		all.SetOperator(query.MatchQueryOperatorAnd)
		all.SetBoost(b)
		name := query.NewMatchQuery(w)
		name.SetField(fieldNameText)
		name.SetOperator(query.MatchQueryOperatorAnd)
		name.SetBoost(nameBoost * b)
		alt = append(alt, all, name)
	}
	return alt
}

func (q Query) wordsKey() string {
	var b strings.Builder
	for _, alts := range q.Words {
		b.WriteString(strings.Join(alts, "|"))
		b.WriteByte(0)
	}
	for _, h := range q.Hints {
		b.WriteString(h.Field + "=" + h.Value)
		b.WriteByte(0)
	}
	return b.String()
}

// Hit is one matching document.
type Hit struct {
	ID    string
	Repo  string
	Kind  model.Kind
	Score float64
	// Item is the document's value: a *model.Host for a host, and so on
	// (model.Kinds lists them); a doc hit holds one section of its doc.
	Item model.Item
	// Fragments are highlighted excerpts by field (name, purpose, groups,
	// vars), matches wrapped in <mark></mark>.
	Fragments map[string][]string
}

// FacetCount is how many matching documents have one value.
type FacetCount struct {
	Term  string
	Count int
}

// Result is one page of a search.
type Result struct {
	Total         uint64 // matching documents, on all pages
	Hits          []Hit
	Facets        map[string][]FacetCount
	NextPageToken string // empty on the last page
	Took          time.Duration
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidArgument, fmt.Sprintf(format, args...))
}

func clampPageSize(n int) (int, error) {
	switch {
	case n == 0:
		return defaultPageSize, nil
	case n < 0:
		return 0, invalidf("page size %d", n)
	case n > maxPageSize:
		return maxPageSize, nil
	}
	return n, nil
}

func (f Filter) validate() error {
	for _, d := range []string{f.Since, f.Until} {
		if d != "" && dateSeconds(d) == 0 {
			return invalidf("date %q: want YYYY-MM-DD", d)
		}
	}
	if _, ok := model.LookupKind(model.Kind(f.Kind)); ok || f.Kind == "" {
		return nil
	}
	return invalidf("unknown kind %q", f.Kind)
}

// terms returns a term query per filter value; Repo is not among them,
// the repository's index is chosen instead.
func (f Filter) terms() []query.Query {
	var qs []query.Query
	add := func(field, v string) {
		if v != "" {
			t := query.NewTermQuery(v)
			t.SetField(field)
			qs = append(qs, t)
		}
	}
	add(fieldKind, f.Kind)
	add(fieldEnv, f.Env)
	add(fieldCloud, f.Cloud)
	add(fieldPurpose, f.Purpose)
	add(fieldGroup, f.Group)
	add(fieldInventory, f.Inventory)
	add(fieldPath, f.Path)
	add(fieldProvider, f.Provider)
	add(fieldRegion, f.Region)
	add(fieldResourceType, f.Type)
	add(fieldPerson, f.Person)
	add(fieldCategory, f.Category)
	if f.Name != "" {
		qs = append(qs, nameQuery(f.Name))
	}
	if len(f.Names) > 0 {
		names := make([]query.Query, len(f.Names))
		for i, n := range f.Names {
			names[i] = nameQuery(n)
		}
		qs = append(qs, query.NewDisjunctionQuery(names))
	}
	if f.Since != "" || f.Until != "" {
		var lo, hi *float64
		if f.Since != "" {
			v := float64(dateSeconds(f.Since))
			lo = &v
		}
		if f.Until != "" {
			v := float64(dateSeconds(f.Until))
			hi = &v
		}
		incl := true
		r := query.NewNumericRangeInclusiveQuery(lo, hi, &incl, &incl)
		r.SetField(fieldDate)
		qs = append(qs, r)
	}
	return qs
}

// nameQuery matches a document by its full name or a host by its short
// name, in any case: WEB02 finds web02 (Host prefers the exact spelling).
// name_lower holds both in lower case, so one term does: a lookup of a
// group's two dozen members is two dozen terms, not three times as many.
func nameQuery(name string) query.Query {
	lower := query.NewTermQuery(strings.ToLower(name))
	lower.SetField(fieldNameLower)
	return lower
}

func (f Filter) key() string {
	return strings.Join([]string{f.Repo, f.Kind, f.Env, f.Cloud, f.Purpose, f.Group, f.Inventory, f.Path, f.Name,
		f.Provider, f.Region, f.Type, f.Person, f.Category, f.Since, f.Until, strings.Join(f.Names, "\x01")}, "\x00")
}

// textQuery is nil for empty text. Text that does not parse as a query
// string is matched as words; so is text whose query bleve cannot run (a
// bad regexp, found only when searching): words is the query to retry
// with then, nil when q is already words.
func textQuery(text string, fuzzy bool) (q, words query.Query) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, nil
	}
	match := query.NewMatchQuery(text)
	if fuzzy {
		match.SetFuzziness(1)
		return match, nil
	}
	q, err := query.NewQueryStringQuery(text).Parse()
	if err == nil {
		if v, ok := q.(query.ValidatableQuery); ok {
			err = v.Validate()
		}
	}
	if err != nil {
		return match, nil
	}
	return q, match
}

// filtered combines a scoring text query (may be nil) with the filters;
// scored is false when nothing is left to rank by. The filters join the
// text in a conjunction, which skips from match to match, rather than in
// a boolean filter, which would score every text match first; with a zero
// boost they leave scores alone.
func filtered(text query.Query, filters []query.Query) (q query.Query, scored bool) {
	switch {
	case text != nil && len(filters) == 0:
		return text, true
	case text != nil:
		for _, f := range filters {
			if b, ok := f.(query.BoostableQuery); ok {
				b.SetBoost(0)
			}
		}
		return query.NewConjunctionQuery(append([]query.Query{text}, filters...)), true
	case len(filters) > 0:
		return conjunction(filters), false
	}
	return query.NewMatchAllQuery(), false
}

func conjunction(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewConjunctionQuery(qs)
}

// Search runs q across the repositories it names (all by default).
func (s *Store) Search(ctx context.Context, q Query) (*Result, error) {
	start := time.Now()
	size, err := clampPageSize(q.PageSize)
	if err != nil {
		return nil, err
	}
	if err := q.Filter.validate(); err != nil {
		return nil, err
	}
	for _, f := range q.Facets {
		if !facetFields[f] {
			return nil, invalidf("no facet on field %q", f)
		}
	}
	if err := s.queryLimits.Check(q.Text, q.Words); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	text, words := textQuery(q.Text, q.Fuzzy)
	if len(q.Words) > 0 || len(q.Hints) > 0 {
		for _, h := range q.Hints {
			if !keywordFields[h.Field] {
				return nil, invalidf("no hint on field %q", h.Field)
			}
		}
		text, words = rankedQuery(q.Words, q.Hints), nil
	}
	if text != nil && q.BoostTitle && len(q.Words) == 0 {
		title := query.NewMatchQuery(q.Text)
		title.SetField(fieldNameText)
		title.SetBoost(3)
		text = query.NewDisjunctionQuery([]query.Query{text, title})
	}
	bq, scored := filtered(text, q.Filter.terms())
	order := []string{"_id"}
	switch strings.TrimPrefix(q.Sort, "-") {
	case "":
		if scored {
			order = []string{"-_score", "_id"}
		}
	case fieldDate, fieldName:
		order = []string{q.Sort, "_id"}
	default:
		return nil, invalidf("cannot sort by %q; want date, -date, name or -name", q.Sort)
	}
	fp := fingerprint("search", q.Text, q.wordsKey(), strconv.FormatBool(q.Fuzzy), strconv.FormatBool(q.BoostTitle), q.Sort, q.Filter.key())
	after, err := decodePageToken(q.PageToken, fp, len(order))
	if err != nil {
		return nil, err
	}

	req := bleve.NewSearchRequestOptions(bq, size+1, 0, false)
	req.SortBy(order)
	if after != nil {
		req.SetSearchAfter(after)
	}
	if !scored || q.Sort != "" {
		req.Score = "none"
	}
	req.Fields = []string{fieldDoc, fieldMembers}
	for _, f := range q.Facets {
		req.AddFacet(f, bleve.NewFacetRequest(f, facetSize))
	}

	gens, err := s.acquire(q.Filter.Repo)
	if err != nil {
		return nil, err
	}
	defer releaseAll(gens)
	collect := run
	if q.Sort == "" && after == nil && len(q.Facets) == 0 && (scored || q.Filter.Name == "") {
		// By score then id, or by id alone when nothing is scored (every
		// score is 0): a first page of either is runRanked's, but for a
		// lookup by name (see unscoredRanked).
		collect = runRanked
	}
	sr, err := collect(ctx, gens, req)
	if err != nil && words != nil && ctx.Err() == nil {
		req.Query, _ = filtered(words, q.Filter.terms())
		sr, err = collect(ctx, gens, req)
	}
	if err != nil {
		return nil, err
	}

	res := &Result{Total: sr.Total, Hits: make([]Hit, 0, min(size, len(sr.Hits)))}
	var hits []*search.DocumentMatch
	hits, res.NextPageToken = cutPage(sr.Hits, size, order, fp)
	if q.Highlight {
		if err := highlight(ctx, gens, req.Query, hits); err != nil {
			return nil, err
		}
	}
	for _, dm := range hits {
		h, err := decodeHit(dm)
		if err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, h)
	}
	if len(q.Facets) > 0 {
		res.Facets = make(map[string][]FacetCount, len(q.Facets))
		for _, f := range q.Facets {
			res.Facets[f] = facetCounts(sr.Facets[f])
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

// highlight sets the fragments of hits, the page of a search for q. It
// runs after the page is cut, on its documents alone: bleve highlights
// every hit it returns, and the search asks for one more than a page,
// which cutPage may shorten to a few documents of 64 KiB fields that take
// tens of milliseconds each to highlight.
func highlight(ctx context.Context, gens []*generation, q query.Query, hits []*search.DocumentMatch) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{q, query.NewDocIDQuery(ids)}), len(hits), 0, false)
	req.Highlight = bleve.NewHighlight()
	req.Highlight.Fields = textFields
	sr, err := run(ctx, gens, req)
	if err != nil {
		return err
	}
	fragments := make(map[string]search.FieldFragmentMap, len(sr.Hits))
	for _, dm := range sr.Hits {
		fragments[dm.ID] = dm.Fragments
	}
	for _, h := range hits {
		h.Fragments = fragments[h.ID]
	}
	return nil
}

// maxPageBytes is the most of stored documents one page carries. Every
// string of a document is at most maxStored, but a document has many, and
// a host inherits its groups' variables: a page of 200 such hosts would be
// an answer of megabytes, more than a client takes in one message (gRPC's
// 4 MiB by default). A page that would pass it ends early, with a token
// for the next.
const maxPageBytes = 1 << 20

// cutPage returns the hits of the page, at most size and maxPageBytes of
// them but at least one, and the token of the next page ("" when these are
// the last). hits holds one more than size when there are more.
func cutPage(hits []*search.DocumentMatch, size int, order []string, fp uint64) ([]*search.DocumentMatch, string) {
	n, bytes := 0, 0
	for n < len(hits) && n < size {
		for _, v := range hits[n].Fields {
			if s, ok := v.(string); ok {
				bytes += len(s)
			}
		}
		if n > 0 && bytes > maxPageBytes {
			break
		}
		n++
	}
	if n == len(hits) {
		return hits, ""
	}
	return hits[:n], encodePageToken(sortValues(hits[n-1], order), fp)
}

// run searches one index directly, or several through an alias that
// merges hits, totals and facets.
func run(ctx context.Context, gens []*generation, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	var sr *bleve.SearchResult
	var err error
	switch len(gens) {
	case 0:
		return &bleve.SearchResult{}, nil
	case 1:
		sr, err = gens[0].index.SearchInContext(ctx, req)
	default:
		idx := make([]bleve.Index, len(gens))
		for i, g := range gens {
			idx[i] = g.index
		}
		sr, err = bleve.NewIndexAlias(idx...).SearchInContext(ctx, req)
	}
	if err != nil {
		return nil, err
	}
	if sr.Status != nil && sr.Status.Failed > 0 {
		errs := make([]error, 0, len(sr.Status.Errors))
		for name, e := range sr.Status.Errors {
			errs = append(errs, fmt.Errorf("%s: %w", name, e))
		}
		return nil, errors.Join(errs...)
	}
	return sr, nil
}

// sortValues are a hit's values for SearchAfter, in order's order. The
// score is formatted so that it parses back to the same float64.
func sortValues(dm *search.DocumentMatch, order []string) []string {
	out := make([]string, len(order))
	for i, o := range order {
		switch strings.TrimPrefix(o, "-") {
		case "_id":
			out[i] = dm.ID
		case "_score":
			out[i] = strconv.FormatFloat(dm.Score, 'g', -1, 64)
		default:
			out[i] = dm.Sort[i]
		}
	}
	return out
}

func decodeHit(dm *search.DocumentMatch) (Hit, error) {
	repo, kind, _, _, ok := splitID(dm.ID)
	if !ok {
		return Hit{}, fmt.Errorf("document %q: malformed id", dm.ID)
	}
	h := Hit{ID: dm.ID, Repo: repo, Kind: kind, Score: dm.Score}
	it, err := decodeItem(kind, dm)
	if err != nil {
		return Hit{}, fmt.Errorf("document %q: %w", dm.ID, err)
	}
	h.Item = it
	if len(dm.Fragments) > 0 {
		h.Fragments = make(map[string][]string, len(dm.Fragments))
		for f, frags := range dm.Fragments {
			h.Fragments[strings.TrimSuffix(f, "_text")] = frags
		}
	}
	return h, nil
}

func facetCounts(fr *search.FacetResult) []FacetCount {
	if fr == nil || fr.Terms == nil {
		return nil
	}
	terms := fr.Terms.Terms()
	out := make([]FacetCount, len(terms))
	for i, t := range terms {
		out[i] = FacetCount{Term: t.Term, Count: t.Count}
	}
	return out
}

// Hosts lists the hosts matching f a page at a time, by repository,
// inventory and name (the document id's order: sorting on a field would
// read its doc values for every match). It returns the page, the token of
// the next page ("" on the last) and the total.
func (s *Store) Hosts(ctx context.Context, f Filter, pageSize int, pageToken string) ([]model.Host, string, int, error) {
	if f.Kind != "" && f.Kind != string(model.KindHost) {
		return nil, "", 0, invalidf("Hosts lists hosts, not %q", f.Kind)
	}
	f.Kind = string(model.KindHost)
	size, err := clampPageSize(pageSize)
	if err != nil {
		return nil, "", 0, err
	}
	order := []string{"_id"}
	fp := fingerprint("hosts", f.key())
	after, err := decodePageToken(pageToken, fp, len(order))
	if err != nil {
		return nil, "", 0, err
	}
	req := bleve.NewSearchRequestOptions(conjunction(f.terms()), size+1, 0, false)
	req.SortBy(order)
	if after != nil {
		req.SetSearchAfter(after)
	}
	req.Score = "none"
	req.Fields = []string{fieldDoc}
	gens, err := s.acquire(f.Repo)
	if err != nil {
		return nil, "", 0, err
	}
	defer releaseAll(gens)
	collect := run
	if after == nil && f.Name == "" {
		collect = runRanked // by id: every score is 0; see unscoredRanked
	}
	sr, err := collect(ctx, gens, req)
	if err != nil {
		return nil, "", 0, err
	}
	hits, next := cutPage(sr.Hits, size, order, fp)
	hosts, err := decodeHosts(hits)
	return hosts, next, int(sr.Total), err
}

// Host returns every host called name (one per inventory), in repo or in
// all repositories when repo is empty. No such host is ErrNotFound.
func (s *Store) Host(ctx context.Context, repo, name string) ([]model.Host, error) {
	if name == "" {
		return nil, invalidf("empty host name")
	}
	kind := query.NewTermQuery(string(model.KindHost))
	kind.SetField(fieldKind)
	byName := nameQuery(name)
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{kind, byName}), maxHostsByName, 0, false)
	req.SortBy([]string{"_id"})
	req.Score = "none"
	req.Fields = []string{fieldDoc}
	gens, err := s.acquire(repo)
	if err != nil {
		return nil, err
	}
	defer releaseAll(gens)
	sr, err := run(ctx, gens, req)
	if err != nil {
		return nil, err
	}
	if len(sr.Hits) == 0 {
		return nil, fmt.Errorf("%w: host %q", ErrNotFound, name)
	}
	hosts, err := decodeHosts(sr.Hits)
	if err != nil {
		return nil, err
	}
	// A full name wins over short names: web01 the host beats
	// web01.example.com when both exist.
	exact := hosts[:0:0]
	for _, h := range hosts {
		if h.Name == name {
			exact = append(exact, h)
		}
	}
	if len(exact) > 0 {
		return exact, nil
	}
	return hosts, nil
}

func decodeHosts(hits search.DocumentMatchCollection) ([]model.Host, error) {
	out := make([]model.Host, 0, len(hits))
	for _, dm := range hits {
		h, err := decodeHit(dm)
		if err != nil {
			return nil, err
		}
		if host, ok := h.Item.(*model.Host); ok {
			out = append(out, *host)
		}
	}
	return out, nil
}
