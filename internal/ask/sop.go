package ask

import (
	"cmp"
	"context"
	"fmt"
	"handover/internal/nearest"
	"slices"
	"strings"

	"handover/internal/index"
	"handover/internal/model"
)

// maxOtherSOPs is how many runner-up SOPs FindSOP names.
const maxOtherSOPs = 4

// clearMargin is how much the best SOP must outscore the runner-up to be
// printed without the words of its title deciding it.
const clearMargin = 1.5

// docWeight ranks a how-to doc section below an SOP that scores the same:
// an SOP is written to be followed.
const docWeight = 0.8

// SOPAnswer is what an emergency's few words find.
type SOPAnswer struct {
	// Best is the best match, set when it is clear or was picked; a doc
	// section comes as an SOP of that one section.
	Best *model.SOP
	// Clear says the best match is clear: only one matches, its title or
	// file name has every word asked, or it scores clearMargin times the
	// runner-up.
	Clear bool
	// Others are the other SOPs that matched, best first.
	Others []*model.SOP
	// Candidates are every match, best first, for the caller to pick from.
	Candidates []SOPCandidate
}

// SOPCandidate is one possible answer of an unclear match.
type SOPCandidate struct {
	Title     string
	Source    model.Source
	FirstLine string
	IsSOP     bool
	sop       *model.SOP
	score     float64
}

// sopWords are the query's words that say something, each with its
// synonyms.
func sopWords(query string, skip map[string]bool) ([]string, [][]string) {
	var ws []string
	var ranked [][]string
	for _, w := range joinPhrasal(words(query)) {
		if !stopwords[w] && !skip[w] {
			ws = append(ws, w)
			ranked = append(ranked, Synonyms(w))
			if actionWords[w] {
				ranked = append(ranked, Synonyms(w))
			}
		}
	}
	if len(ws) == 0 { // "how do I ..." with nothing else: keep the words
		for _, w := range words(query) {
			ws = append(ws, w)
			ranked = append(ranked, Synonyms(w))
		}
	}
	return ws, ranked
}

// FindSOP finds the SOP (or how-to doc section) that best matches a few
// words: the emergency path. Each word counts with its synonyms, a title
// match most; words that match nothing are tried again with one edit
// allowed each, since they may be misspelt under stress ("breech",
// "failovr"). No match is index.ErrNotFound.
//
// An alert's name finds the SOP that is its runbook first: `handover sop
// KubePodCrashLooping` prints what the alert's runbook_url points to.
func FindSOP(ctx context.Context, s Searcher, query, repo string) (*SOPAnswer, error) {
	var named map[string]bool
	if l, ok := s.(repoLister); ok && repo == "" {
		// A query naming one repository ("the homelab cluster") looks there.
		if repos, used := namedRepos(words(query), l.Values("repo")); len(repos) == 1 {
			repo, named = repos[0], used
		}
	}
	sop, elsewhere, err := alertRunbook(ctx, s, query, repo)
	if err != nil {
		return nil, err
	}
	if sop != nil {
		c, _ := sopCandidate(index.Hit{Item: sop, Repo: sop.Source.Repo})
		return &SOPAnswer{Best: sop, Clear: true, Candidates: []SOPCandidate{c}}, nil
	}
	ws, ranked := sopWords(query, named)
	var cands []SOPCandidate
	for _, kind := range []model.Kind{model.KindSOP, model.KindDoc} {
		var err error
		if cands, err = appendCandidates(ctx, s, cands, index.Query{Words: ranked, Filter: index.Filter{Repo: repo, Kind: string(kind)}}); err != nil {
			return nil, err
		}
	}
	if len(cands) == 0 {
		var err error
		if cands, err = appendCandidates(ctx, s, cands, index.Query{Text: strings.Join(ws, " "), Fuzzy: true, BoostTitle: true,
			Filter: index.Filter{Repo: repo, Kind: string(model.KindSOP)}}); err != nil {
			return nil, err
		}
	}
	if len(cands) == 0 && elsewhere != "" {
		return nil, fmt.Errorf("%w: no SOP matches %q; the alert's runbook_url is %s, outside the repository", index.ErrNotFound, query, elsewhere)
	}
	if len(cands) == 0 {
		return nil, fmt.Errorf("%w: no SOP matches %q", index.ErrNotFound, query)
	}
	slices.SortStableFunc(cands, func(a, b SOPCandidate) int { return cmp.Compare(b.score, a.score) })
	// One candidate a file, its best: the sections of one how-to are not
	// rivals of each other, and listing five of them hides the others.
	seen := map[model.Source]bool{}
	cands = slices.DeleteFunc(cands, func(c SOPCandidate) bool {
		file := model.Source{Repo: c.Source.Repo, Path: c.Source.Path}
		dup := seen[file]
		seen[file] = true
		return dup
	})
	if len(cands) > 1+maxOtherSOPs {
		cands = cands[:1+maxOtherSOPs]
	}
	ans := &SOPAnswer{Candidates: cands, Clear: clearMatch(cands, ws)}
	if ans.Clear {
		ans.Best = cands[0].sop
	}
	for _, c := range cands[1:] {
		if c.IsSOP {
			ans.Others = append(ans.Others, c.sop)
		}
	}
	return ans, nil
}

// appendCandidates runs q for a page of candidates and appends them.
func appendCandidates(ctx context.Context, s Searcher, cands []SOPCandidate, q index.Query) ([]SOPCandidate, error) {
	q.PageSize = 1 + maxOtherSOPs
	res, err := s.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		if c, ok := sopCandidate(h); ok {
			cands = append(cands, c)
		}
	}
	return cands, nil
}

// clearMatch decides whether the best candidate may be printed in full:
// it is the only one, it scores clearMargin times the runner-up, or its
// title (or file name) has every word, with its synonyms or one letter
// off, and the runner-up's does not.
func clearMatch(cands []SOPCandidate, ws []string) bool {
	if len(cands) == 1 {
		return true
	}
	best, next := cands[0], cands[1]
	if best.score >= clearMargin*next.score {
		return true
	}
	if titleHasAll(best, ws) && !titleHasAll(next, ws) {
		return true
	}
	// The action decides the procedure: the best title has the query's
	// action words, the runner-up's does not, and it has as many words.
	var actions []string
	for _, w := range ws {
		if actionWords[w] {
			actions = append(actions, w)
		}
	}
	return len(actions) > 0 && titleHasAll(best, actions) && !titleHasAll(next, actions) &&
		titleCount(best, ws) >= titleCount(next, ws)
}

func titleHasAll(c SOPCandidate, ws []string) bool {
	return titleCount(c, ws) == len(ws)
}

// titleCount is how many of ws the candidate's title or file name has,
// each with its synonyms or one letter off.
func titleCount(c SOPCandidate, ws []string) int {
	title := words(c.Title + " " + strings.NewReplacer("/", " ", "-", " ", "_", " ", ".", " ").Replace(c.Source.Path))
	n := 0
	for _, w := range ws {
		if slices.ContainsFunc(Synonyms(w), func(syn string) bool {
			return slices.ContainsFunc(title, func(t string) bool {
				return strings.HasPrefix(t, stem(syn)) || len(syn) >= 5 && nearest.Distance(syn, t, 1) <= 1
			})
		}) {
			n++
		}
	}
	return n
}

func sopCandidate(h index.Hit) (SOPCandidate, bool) {
	switch it := h.Item.(type) {
	case *model.SOP:
		first := firstLine(it.Summary)
		if first == "" && len(it.Steps) > 0 && len(it.Steps[0].Steps) > 0 {
			first = firstLine(it.Steps[0].Steps[0].Text)
		}
		if first == "" && len(it.Sections) > 0 {
			first = firstLine(it.Sections[0].Text)
		}
		return SOPCandidate{Title: it.Title, Source: withRepo(it.Source, h.Repo), FirstLine: first, IsSOP: true, sop: it, score: h.Score}, true
	case *model.Doc:
		if len(it.Sections) == 0 || it.Data {
			return SOPCandidate{}, false
		}
		sec := it.Sections[0]
		title := it.Title
		if sec.Heading != title {
			title += " › " + sec.Heading
		}
		sop := &model.SOP{Title: title, Source: sec.Source, Sections: []model.Section{sec}, Links: it.Links}
		sop.Source.Repo = h.Repo
		return SOPCandidate{Title: title, Source: sop.Source, FirstLine: firstLine(sec.Text), sop: sop, score: h.Score * docWeight}, true
	}
	return SOPCandidate{}, false
}

// firstLine is the first line of text that is not blank.
func firstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return cutWords(l, 160)
		}
	}
	return ""
}

// PickSOP returns the SOP, or the doc section as an SOP, declared at
// place: a candidate an earlier FindSOP listed. None is index.ErrNotFound.
func PickSOP(ctx context.Context, s Searcher, repo string, at model.Source) (*model.SOP, error) {
	for _, kind := range []model.Kind{model.KindSOP, model.KindDoc} {
		res, err := s.Search(ctx, index.Query{Filter: index.Filter{Repo: cmp.Or(at.Repo, repo), Kind: string(kind), Path: at.Path}, PageSize: 200})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			if c, ok := sopCandidate(h); ok && (at.Line == 0 || c.Source.Line == at.Line) {
				return c.sop, nil
			}
		}
	}
	return nil, fmt.Errorf("%w: no SOP at %s", index.ErrNotFound, at)
}

// alertRunbook is the runbook SOP of the alert named query (a single
// word, in any case), or nil when no alert of that name has one; then
// elsewhere is the alert's runbook_url when it has one, a page outside
// the repository to name if no SOP matches either.
func alertRunbook(ctx context.Context, s Searcher, query, repo string) (sop *model.SOP, elsewhere string, err error) {
	name := strings.TrimSpace(query)
	if name == "" || strings.ContainsAny(name, " \t") {
		return nil, "", nil
	}
	res, err := s.Search(ctx, index.Query{Filter: index.Filter{Repo: repo, Kind: string(model.KindAlert), Name: name}, PageSize: 20})
	if err != nil {
		return nil, "", err
	}
	for _, h := range res.Hits {
		a, ok := h.Item.(*model.Alert)
		if !ok {
			continue
		}
		if rb, ok := a.Runbook(); ok {
			if sop, err := PickSOP(ctx, s, h.Repo, withRepo(rb.Source, h.Repo)); err == nil {
				return sop, "", nil
			}
		}
		elsewhere = cmp.Or(elsewhere, a.RunbookURL)
	}
	return nil, elsewhere, nil
}
