package index

import (
	"strings"

	"handover/internal/model"
)

// inventorySourceEntry indexes a dynamic inventory source: found by its
// plugin, path, regions and accounts, the groups it makes and what its
// filters and compose say; in its inventory, so that a group's card can
// list the sources its hosts may come from.
func inventorySourceEntry(repo string, s *model.InventorySource) (entry, error) {
	c := *s
	c.Source.Repo = repo
	c.Comment = redactText(s.Comment)
	c.Filters = redactVars(s.Filters)
	c.Groups = redactVars(s.Groups)
	c.Compose = redactVars(s.Compose)
	c.Links = redactLinks(s.Links, repo)
	plugin := c.Plugin[strings.LastIndexByte(c.Plugin, '.')+1:]
	var groups []string
	for _, g := range c.Groups {
		groups = append(groups, g.Name)
	}
	return marshalEntry(entry{
		Kind:        model.KindInventorySource,
		Repo:        repo,
		Inventory:   s.Inventory,
		Name:        s.Path,
		Source:      c.Source,
		Provider:    plugin,
		Region:      strings.Join(c.Regions, " "),
		NameText:    c.Plugin + " " + plugin + " " + strings.NewReplacer("/", " ", "_", " ", ".", " ").Replace(s.Path),
		PurposeText: c.Comment,
		GroupsText:  strings.Join(append(groups, c.KeyedGroups...), " "),
		VarsText:    varsText(c.Filters) + varsText(c.Compose) + strings.Join(c.Hostnames, " "),
		BodyText:    strings.Join(append(append([]string{}, c.Accounts...), c.Regions...), " "),
	}, &c)
}
