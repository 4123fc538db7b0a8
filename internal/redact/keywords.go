package redact

import (
	ahocorasick "github.com/BobuSumisu/aho-corasick"
)

// keywordSet finds which of many lower-case keywords a text holds in one
// pass (Aho-Corasick, as gitleaks does), where testing them one by one
// with strings.Contains scanned a text once per keyword: the triggers,
// the command words and every token rule's keywords, a few hundred.
type keywordSet struct {
	trie *ahocorasick.Trie
	id   map[string]int
}

func newKeywordSet(lists ...[]string) *keywordSet {
	k := &keywordSet{id: map[string]int{}}
	b := ahocorasick.NewTrieBuilder()
	for _, words := range lists {
		for _, w := range words {
			if _, ok := k.id[w]; !ok {
				k.id[w] = len(k.id) // the builder numbers patterns in the order added
				b.AddString(w)
			}
		}
	}
	k.trie = b.Build()
	return k
}

// ids are the numbers of words in the set.
func (k *keywordSet) ids(words []string) []int {
	out := make([]int, len(words))
	for i, w := range words {
		out[i] = k.id[w]
	}
	return out
}

// keywordHits says, by keyword number, which keywords a text holds.
type keywordHits []bool

// find returns the keywords lower, a lower-cased text, holds.
func (k *keywordSet) find(lower string) keywordHits {
	hits := make(keywordHits, len(k.id))
	k.trie.Walk([]byte(lower), func(_, _, pattern int64) bool {
		hits[pattern] = true
		return true
	})
	return hits
}

// any reports whether the text holds one of the keywords numbered ids.
func (h keywordHits) any(ids []int) bool {
	for _, id := range ids {
		if h[id] {
			return true
		}
	}
	return false
}

// keywords holds every keyword Text tests before running an expression.
var keywords = newKeywordSet(triggers, commandWords, tokenKeywords(), verbs)

var (
	triggerIDs = keywords.ids(triggers)
	commandIDs = keywords.ids(commandWords)
	verbIDs    = keywords.ids(verbs)
	vaultIDs   = keywords.ids([]string{"$ansible_vault"})
	pemIDs     = keywords.ids([]string{"-----begin"})
)
