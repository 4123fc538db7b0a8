package lint

import (
	"fmt"

	"handover/internal/model"
)

// cfgSkips reports an inventory that sits in the directory an ansible.cfg
// names as its default inventory, which ansible skips when it reads that
// directory: the team runs it by hand, and a plain run misses its hosts.
func (c *checker) cfgSkips(inv *model.Inventory) {
	if inv.NotReadBy == nil {
		return
	}
	setting := "inventory"
	for _, cfg := range c.snap.AnsibleConfigs {
		if cfg.Path != inv.NotReadBy.Path {
			continue
		}
		if v := cfg.Setting("inventory"); v != nil {
			setting = fmt.Sprintf("inventory = %v", v.Value)
		}
	}
	c.report(ruleCfgSkips, *inv.NotReadBy,
		fmt.Sprintf("name it in inventory= as well (%s, %s), or rename it without its extension", setting, inv.Path),
		"%s does not read %s (%d hosts): ansible skips it inside the inventory directory (INVENTORY_IGNORE_EXTS), so only -i %s reaches them",
		setting, inv.Path, len(inv.Hosts), inv.Path)
}
