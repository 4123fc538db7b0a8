package inventory

import (
	"fmt"
	"slices"
	"testing"

	"handover/internal/model"
)

// A cloud plugin's configuration and an inventory script are dynamic
// sources: what they read and how they group is kept, nothing is run.
func TestDynamicSources(t *testing.T) {
	inv := loadFiles(t, "inventory", map[string]string{
		"inventory/10-hosts": "[web]\nweb01\n",
		"inventory/prod.aws_ec2.yml": `---
# Production: the EC2 instances tagged env=prod
plugin: amazon.aws.aws_ec2
regions:
  - eu-west-1
  - eu-central-1
iam_role_arn: arn:aws:iam::123456789012:role/inventory
filters:
  tag:env: prod
  instance-state-name: running
keyed_groups:
  - key: tags.Role
    prefix: role
hostnames:
  - tag:Name
  - name: private-ip-address
    prefix: ip
compose:
  ansible_host: private_ip_address
groups:
  bastion: "'bastion' in tags.Role"
`,
		"inventory/cmdb.py": "#!/usr/bin/env python3\n# Hosts from the CMDB, by rack\nimport json\n",
	})
	if len(inv.Dynamic) != 2 {
		t.Fatalf("dynamic sources: %+v", inv.Dynamic)
	}
	var got []string
	for _, s := range inv.Dynamic {
		got = append(got, fmt.Sprintf("%s %s %s %q accounts=%v regions=%v filters=%v keyed=%q hostnames=%q compose=%v groups=%v",
			s.Source, s.Inventory, s.Plugin, s.Comment, s.Accounts, s.Regions, varsOf(s.Filters), s.KeyedGroups, s.Hostnames, varsOf(s.Compose), varsOf(s.Groups)))
	}
	want := []string{
		`inventory/cmdb.py:1 inventory script "Hosts from the CMDB, by rack" accounts=[] regions=[] filters=map[] keyed=[] hostnames=[] compose=map[] groups=map[]`,
		`inventory/prod.aws_ec2.yml:3 inventory amazon.aws.aws_ec2 "Production: the EC2 instances tagged env=prod" accounts=[arn:aws:iam::123456789012:role/inventory] regions=[eu-west-1 eu-central-1] filters=map[instance-state-name:running tag:env:prod] keyed=["prefix role, key tags.Role"] hostnames=["tag:Name" "ip + private-ip-address"] compose=map[ansible_host:private_ip_address] groups=map[bastion:'bastion' in tags.Role]`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(hostNamesOf(inv)) != 1 {
		t.Errorf("hosts %v, want web01 alone", hostNamesOf(inv))
	}
}

// A plugin configuration with an extension the auto plugin passes over
// ("zzz-inventory.config") is what ansible warns it cannot parse: one
// warning that says why, not an INI error for each of its lines; the
// directory's other files are read.
func TestPluginConfigNotReadByExtension(t *testing.T) {
	inv := loadFiles(t, "inventory", map[string]string{
		"inventory/hosts": "[web]\nweb01\n",
		"inventory/zzz-inventory.config": "# Groups by facts; enabled on the control host only.\n" +
			"plugin: constructed\nstrict: False\ngroups:\n  el9: ansible_distribution_major_version == '9'\n",
	})
	if got := hostNamesOf(inv); !slices.Equal(got, []string{"web01"}) {
		t.Errorf("hosts %v, want web01", got)
	}
	if len(inv.Problems) != 1 {
		t.Fatalf("problems %v, want one", inv.Problems)
	}
	wantProblem(t, inv, model.SeverityWarning, "inventory/zzz-inventory.config", 2,
		`a "plugin: constructed" configuration that ansible does not read here`)
}
