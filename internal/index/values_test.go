package index

import (
	"context"
	"slices"
	"strings"
	"testing"

	"handover/internal/model"
)

// TestVocabularyAfterUpdate: once an Update has removed the last document
// with a value, neither Has nor Values knows it, although the removed
// document's terms stay in the index's term dictionaries until its
// segment is merged away; a value an Update adds is known at once. The
// word lists are read before the Update, so a cached list must not
// outlive it.
func TestVocabularyAfterUpdate(t *testing.T) {
	s := openStore(t, t.TempDir())
	snap := genSnapshot("r", 100)
	replace(t, s, snap)
	inv := snap.Inventories[0]
	gone := inv.Hosts[0]
	added := &model.Host{Name: "okapi-01.example.internal", Inventory: inv.Path, Source: model.Source{Path: inv.Path, Line: 1}}

	known := func(name string) (has, listed bool) {
		return s.Has(fieldNameLower, strings.ToLower(name)), slices.Contains(s.Values(fieldName), name)
	}
	if has, listed := known(gone.Name); !has || !listed {
		t.Fatalf("before the update: Has %v, in Values %v for %s; want both", has, listed, gone.Name)
	}
	if has, listed := known(added.Name); has || listed {
		t.Fatalf("before the update: Has %v, in Values %v for %s; want neither", has, listed, added.Name)
	}

	inv.Hosts = append(inv.Hosts[1:], added)
	var items []model.Item
	for _, h := range inv.Hosts {
		items = append(items, h)
	}
	for _, g := range inv.Groups {
		g.Hosts = slices.DeleteFunc(g.Hosts, func(h string) bool { return h == gone.Name })
		items = append(items, g)
	}
	if _, _, err := s.Update(context.Background(), snap, items, []string{inv.Path}); err != nil {
		t.Fatal(err)
	}
	if has, listed := known(gone.Name); has || listed {
		t.Errorf("after its host was removed: Has %v, in Values %v for %s; want neither", has, listed, gone.Name)
	}
	if has, listed := known(added.Name); !has || !listed {
		t.Errorf("after its host was added: Has %v, in Values %v for %s; want both", has, listed, added.Name)
	}
	if !s.Has(fieldNameLower, strings.ToLower(inv.Hosts[0].Name)) {
		t.Errorf("unchanged host %s no longer known", inv.Hosts[0].Name)
	}
	if got := s.Values(fieldRepo); !slices.Equal(got, []string{"r"}) {
		t.Errorf("Values(repo) = %v, want [r]", got)
	}
}
