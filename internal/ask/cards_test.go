package ask

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"handover/internal/index"
	"handover/internal/model"
)

// TestGroupCardHosts: a group's card lists its first hosts by name and
// counts the rest the same way whether they are read by the names its
// document keeps (a group without children) or by sorting every host of
// the group, and a parent's card counts its children's hosts.
func TestGroupCardHosts(t *testing.T) {
	const inv = "inventories/prod/hosts.ini"
	snap := &model.Snapshot{Repo: "acme", Root: "/srv/acme"}
	web := &model.Group{Name: "web", Inventory: inv, Parents: []string{"prod"}, Depth: 2, Source: model.Source{Path: inv, Line: 1}}
	prod := &model.Group{Name: "prod", Inventory: inv, Children: []string{"web"}, Depth: 1, Source: model.Source{Path: inv, Line: 90}}
	i := &model.Inventory{Path: inv, Groups: []*model.Group{prod, web}}
	for n := range 30 {
		// Declared out of name order: web-29 first.
		name := fmt.Sprintf("web-%02d", 29-n)
		web.Hosts = append(web.Hosts, name)
		i.Hosts = append(i.Hosts, &model.Host{Name: name, Inventory: inv, Source: model.Source{Path: inv, Line: 2 + n},
			Groups: []string{"web", "prod"}, DirectGroups: []string{"web"}, Vars: []model.Var{{Name: "ansible_host", Value: fmt.Sprintf("10.0.0.%d", 29-n)}}})
	}
	snap.Inventories = []*model.Inventory{i}
	s, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Replace(ctx, snap, nil); err != nil {
		t.Fatal(err)
	}
	b := &cardBuilder{ctx: ctx, s: s, why: &whyFinder{ctx: ctx, s: s, cache: map[string]*model.Group{}}}
	hostLines := func(g *model.Group) []string {
		var out []string
		for _, f := range b.card(index.Hit{Repo: "acme", Kind: model.KindGroup, Item: g}).Facts {
			if f.Label == "host" || f.Label == "..." || f.Label == "hosts" {
				out = append(out, f.Label+" "+f.Text)
			}
		}
		return out
	}
	var want []string
	for n := range maxFacts {
		want = append(want, fmt.Sprintf("host web-%02d  10.0.0.%d", n, n))
	}
	want = append(want, "... 6 more hosts: handover hosts --group web")
	if got := hostLines(web); !slices.Equal(got, want) {
		t.Errorf("web by its members:\n%q\nwant\n%q", got, want)
	}
	noMembers := *web
	noMembers.Hosts = nil
	if got := hostLines(&noMembers); !slices.Equal(got, want) {
		t.Errorf("web by sorting its hosts:\n%q\nwant\n%q", got, want)
	}
	want[len(want)-1] = "... 6 more hosts: handover hosts --group prod"
	if got := hostLines(prod); !slices.Equal(got, want) {
		t.Errorf("prod, the parent of web:\n%q\nwant\n%q", got, want)
	}
}

// TestFirstNames checks the pick of a group's first members against
// sorting them all: the same first n, each once, and the same count.
func TestFirstNames(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{0, 1, 5, 24, 25, 300} {
		names := make([]string, size)
		for i := range names {
			names[i] = fmt.Sprintf("web-%03d", r.IntN(max(1, size/2+3)))
		}
		all := slices.Compact(slices.Sorted(slices.Values(names)))
		for _, n := range []int{0, 1, 24} {
			got, total := firstNames(names, n)
			if want := all[:min(n, len(all))]; !slices.Equal(got, want) || total != len(all) {
				t.Errorf("%d names, first %d: %v of %d, want %v of %d", size, n, got, total, want, len(all))
			}
		}
	}
}
