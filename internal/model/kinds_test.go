package model

import (
	"reflect"
	"testing"
)

// Every kind is registered once, and its New makes a value of that kind.
func TestKindsRegistry(t *testing.T) {
	all := []Kind{KindHost, KindGroup, KindResource, KindModule, KindVariable, KindOutput, KindProvider, KindTerraformDir, KindSOP, KindIncident, KindDoc, KindPlay, KindRole, KindAlert, KindInventorySource}
	seen := map[Kind]bool{}
	for _, info := range Kinds() {
		if seen[info.Kind] {
			t.Errorf("%s registered twice", info.Kind)
		}
		seen[info.Kind] = true
		if got := info.New().Kind(); got != info.Kind {
			t.Errorf("%s: New makes a %s", info.Kind, got)
		}
		if info.Label == "" || info.Plural == "" {
			t.Errorf("%s: no label", info.Kind)
		}
	}
	for _, k := range all {
		if !seen[k] {
			t.Errorf("%s is not registered", k)
		}
		if _, ok := LookupKind(k); !ok {
			t.Errorf("LookupKind(%s) fails", k)
		}
	}
	if len(seen) != len(all) {
		t.Errorf("%d kinds registered, want %d", len(seen), len(all))
	}
}

func TestSnapshotItems(t *testing.T) {
	snap := &Snapshot{
		Inventories: []*Inventory{{Hosts: []*Host{{Name: "a", Source: Source{Path: "hosts", Line: 2}}}, Groups: []*Group{{Name: "g"}}}},
		Terraform: []*TerraformModule{{Resources: []*Resource{{Address: "aws_instance.a"}}, Outputs: []*Output{{Name: "ip"}},
			Info: ModuleDir{Dir: ".", Source: Source{Path: "main.tf"}}}, {Info: ModuleDir{Dir: "envs"}}},
		SOPs: []*SOP{{Title: "s"}},
		Docs: []*Doc{{Title: "d"}},
	}
	var got []Kind
	for _, it := range SnapshotItems(snap) {
		got = append(got, it.Kind())
	}
	want := []Kind{KindHost, KindGroup, KindResource, KindOutput, KindTerraformDir, KindSOP, KindDoc}
	if len(got) != len(want) {
		t.Fatalf("kinds %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("kinds %v, want %v", got, want)
		}
	}
	if src := SnapshotItems(snap)[0].Declared(); src.String() != "hosts:2" {
		t.Errorf("host declared at %s", src)
	}
}

// Every kind whose type has Links gives them to LinksOf, so that link.Build
// clears and sorts them and a live update rewrites an item whose links
// changed (an alert whose runbook moved). Module calls and docs have the
// field, but no link is made to them yet.
func TestLinksOfEveryLinkedKind(t *testing.T) {
	for _, info := range Kinds() {
		it := info.New()
		_, has := reflect.TypeOf(it).Elem().FieldByName("Links")
		if has && info.Kind != KindModule && info.Kind != KindDoc && LinksOf(it) == nil {
			t.Errorf("%s has Links, LinksOf gives none", info.Kind)
		}
	}
}
