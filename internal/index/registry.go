package index

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/search"

	"handover/internal/model"
)

// kindIndex is how the index stores one kind: the registration a new kind
// adds here, beside its model.KindInfo.
type kindIndex struct {
	// entries converts one item, redacted, into the documents stored for
	// it: one for most kinds, one per section for docs.
	entries func(c *snapContext, it model.Item) ([]entry, error)
	// documents, when set, says how many documents entries makes of it,
	// for progress; one otherwise.
	documents func(it model.Item) int
	// finish, when set, completes a decoded item with what is stored
	// beside its blob.
	finish func(it model.Item, dm *search.DocumentMatch)
}

var kindIndexes = map[model.Kind]kindIndex{
	model.KindHost: {
		entries: func(c *snapContext, it model.Item) ([]entry, error) {
			h := it.(*model.Host)
			return one(hostEntry(c.repo, c.inventoryOf(it, h.Inventory), h))
		},
	},
	model.KindGroup: {
		entries: func(c *snapContext, it model.Item) ([]entry, error) {
			g := it.(*model.Group)
			inv := c.inventoryOf(it, g.Inventory)
			groups, purposes := c.groupsOf(inv)
			return one(groupEntry(c.repo, inv, g, groups, purposes[g.Name]))
		},
		// A group's members are kept out of its blob (a group can have
		// thousands); they come back from their own stored field.
		finish: func(it model.Item, dm *search.DocumentMatch) {
			if m, _ := dm.Fields[fieldMembers].(string); m != "" {
				it.(*model.Group).Hosts = strings.Split(m, "\n")
			}
		},
	},
	model.KindResource: {entries: entriesOf(resourceEntry)},
	model.KindModule:   {entries: entriesOf(moduleEntry)},
	model.KindVariable: {entries: entriesOf(variableEntry)},
	model.KindOutput:   {entries: entriesOf(outputEntry)},
	model.KindProvider: {entries: entriesOf(providerEntry)},
	model.KindTerraformDir: {
		entries: func(c *snapContext, it model.Item) ([]entry, error) {
			return moduleDirEntries(c.repo, it.(*model.ModuleDir))
		},
		documents: func(it model.Item) int { return 1 + len(it.(*model.ModuleDir).VarFiles) },
	},
	model.KindSOP:      {entries: entriesOf(sopEntry)},
	model.KindIncident: {entries: entriesOf(incidentEntry)},
	model.KindPlay:     {entries: entriesOf(playEntry)},
	model.KindRole:     {entries: entriesOf(roleEntry)},
	model.KindAlert:    {entries: entriesOf(alertEntry)},

	model.KindInventorySource: {entries: entriesOf(inventorySourceEntry)},
	model.KindDoc: {
		entries: func(c *snapContext, it model.Item) ([]entry, error) {
			return docEntries(c.repo, it.(*model.Doc))
		},
		documents: func(it model.Item) int { return max(1, len(it.(*model.Doc).Sections)) },
	},
}

// documentCount is how many documents it becomes.
func documentCount(it model.Item) int {
	if n := kindIndexes[it.Kind()].documents; n != nil {
		return n(it)
	}
	return 1
}

// entriesOf adapts a kind's one-entry converter to the registry.
func entriesOf[T model.Item](convert func(repo string, it T) (entry, error)) func(*snapContext, model.Item) ([]entry, error) {
	return func(c *snapContext, it model.Item) ([]entry, error) {
		return one(convert(c.repo, it.(T)))
	}
}

func one(e entry, err error) ([]entry, error) {
	if err != nil {
		return nil, err
	}
	return []entry{e}, nil
}

// snapContext is what converting one snapshot's items needs besides the
// items: the inventory each host and group came from, and per inventory
// its groups by name and the groups some host has as a purpose. Each is
// found when first asked for: a live update converts a few items of a
// snapshot of 100,000 hosts.
type snapContext struct {
	snap        *model.Snapshot
	repo        string
	inventories map[string]*model.Inventory // by path

	inventory     map[model.Item]string // of items that do not name theirs
	groups        map[string]map[string]*model.Group
	purposeGroups map[string]map[string]bool
}

func newSnapContext(snap *model.Snapshot) *snapContext {
	c := &snapContext{
		snap:          snap,
		repo:          snap.Repo,
		inventories:   map[string]*model.Inventory{},
		groups:        map[string]map[string]*model.Group{},
		purposeGroups: map[string]map[string]bool{},
	}
	for _, inv := range snap.Inventories {
		if inv != nil {
			c.inventories[inv.Path] = inv
		}
	}
	return c
}

// inventoryOf is the path of the inventory a host or group is part of:
// the one it names (own, its Inventory), as the parser sets it, else the
// one whose list holds it.
func (c *snapContext) inventoryOf(it model.Item, own string) string {
	if _, ok := c.inventories[own]; ok {
		return own
	}
	if c.inventory == nil {
		c.inventory = map[model.Item]string{}
		for _, inv := range c.snap.Inventories {
			if inv == nil {
				continue
			}
			for _, g := range inv.Groups {
				c.inventory[g] = inv.Path
			}
			for _, h := range inv.Hosts {
				c.inventory[h] = inv.Path
			}
		}
	}
	return c.inventory[it]
}

// groupsOf are the groups of the inventory at path by name, and the names
// of those some host has as a purpose.
func (c *snapContext) groupsOf(path string) (map[string]*model.Group, map[string]bool) {
	if groups, ok := c.groups[path]; ok {
		return groups, c.purposeGroups[path]
	}
	groups, purposes := map[string]*model.Group{}, map[string]bool{}
	if inv := c.inventories[path]; inv != nil {
		for _, g := range inv.Groups {
			groups[g.Name] = g
		}
		for _, h := range inv.Hosts {
			for _, p := range h.PurposeGroups {
				purposes[p] = true
			}
		}
	}
	c.groups[path], c.purposeGroups[path] = groups, purposes
	return groups, purposes
}

// decodeItem makes the item of kind a stored document holds.
func decodeItem(kind model.Kind, dm *search.DocumentMatch) (model.Item, error) {
	info, ok := model.LookupKind(kind)
	ki, indexed := kindIndexes[kind]
	if !ok || !indexed {
		return nil, fmt.Errorf("unknown kind %q", kind)
	}
	it := info.New()
	blob, _ := dm.Fields[fieldDoc].(string)
	if err := json.Unmarshal([]byte(blob), it); err != nil {
		return nil, err
	}
	if ki.finish != nil {
		ki.finish(it, dm)
	}
	return it, nil
}
