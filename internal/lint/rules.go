package lint

import (
	"slices"
	"strings"

	"handover/internal/model"
)

// Rule describes one check.
type Rule struct {
	ID      string      // stable, kebab-case: host-purpose
	Level   model.Level // default level
	Summary string      // one line, for `handover lint --rules` and SARIF shortDescription
	Help    string      // why the convention exists and how to fix, for SARIF fullDescription/help
}

// Rule IDs. They are stable: handover.ini and SARIF consumers name them.
const (
	ruleAlertRunbook     = "alert-runbook"
	ruleAllListsGroups   = "all-lists-groups"
	ruleCfgSkips         = "cfg-skips-inventory"
	ruleGroupName        = "group-name"
	ruleHierarchy        = "hierarchy"
	ruleHostConflict     = "host-conflict"
	ruleHostGroupClash   = "host-group-clash"
	ruleHostPurpose      = "host-purpose"
	ruleHostPython       = "host-python"
	ruleHostSSHKey       = "host-ssh-key"
	ruleIncidentSections = "incident-sections"
	ruleIncidentSOP      = "incident-sop"
	ruleOwnerIdle        = "owner-idle"
	ruleParseError       = "parse-error"
	ruleParseWarning     = "parse-warning"
	rulePlaintextSecret  = "plaintext-secret"
	ruleRunbookUnused    = "runbook-unused"
	ruleSOPOwner         = "sop-owner"
	ruleSOPReview        = "sop-review"
	ruleSOPSteps         = "sop-steps"
	ruleStaleHost        = "stale-host"
	ruleStaleResource    = "stale-resource"
	ruleTerraformWhy     = "tf-why"
	ruleUndefinedChild   = "undefined-child"
)

var rules = []Rule{
	{ruleAlertRunbook, model.LevelWarning,
		"alert without a runbook",
		"Whoever is paged by an alert needs to know what to do next. Give the rule a runbook_url " +
			"annotation that points at its SOP in the repository (the file's URL or path; handover " +
			"matches its last path segments), or title the SOP with the alert's name."},
	{ruleAllListsGroups, model.LevelError,
		"[all] (or all: hosts:) lists a group name, which ansible reads as a host",
		"Names under [all] are hosts. Writing the environment groups there (production, development) " +
			"creates hosts of those names and does not put the groups under all; every group is under all " +
			"anyway. Delete the lines, or move them to [all:children] if you meant the groups."},
	{ruleCfgSkips, model.LevelWarning,
		"ansible.cfg's default inventory directory skips an inventory file inside it",
		"With inventory = DIR in ansible.cfg, ansible reads DIR but skips the files it ignores there " +
			"(INVENTORY_IGNORE_EXTS: *.ini, *.cfg, *.md, *.txt, ...; hidden files), so a plain " +
			"`ansible-playbook site.yml` never sees their hosts and only `-i FILE` does. handover reads " +
			"the file as an inventory of its own and marks its hosts. Name it in inventory= as well " +
			"(inventory = DIR, DIR/production.ini), or rename it without the extension."},
	{ruleGroupName, model.LevelNote,
		"group name has characters ansible warns about",
		"Ansible wants group names that are valid Python identifiers (letters, digits, underscore, not " +
			"starting with a digit) and prints \"Invalid characters were found in group names but not " +
			"replaced\" otherwise; some plugins and Jinja lookups such as groups.prod-aws break on them. " +
			"Dashes are the team's own convention, so this is a note: rename to underscores (prod_aws) " +
			"when you touch the inventory anyway."},
	{ruleHierarchy, model.LevelWarning,
		"inventory does not follow environment -> cloud -> purpose",
		"The team standard nests groups as environment -> cloud -> purpose: [production:children] lists " +
			"prod-aws, [prod-aws:children] lists prod-ci, and hosts sit only in purpose groups such as " +
			"[prod-ci]. A newcomer then reads from the inventory alone where every host runs and what for. " +
			"Move hosts out of environment and cloud groups into a purpose group, and list each purpose " +
			"group under its cloud group and each cloud group under its environment group. A host belongs " +
			"to one environment."},
	{ruleHostConflict, model.LevelError,
		"host declared twice with different values for the same variable",
		"A host has one set of host variables, whatever group line sets them: when two lines give the " +
			"same variable different values, ansible silently uses the last one read for every group, so " +
			"the other line is a lie (a production host connecting with the development key). Keep one " +
			"value per host; if the two entries are really two machines, give them two names."},
	{ruleHostGroupClash, model.LevelWarning,
		"a name is both a host and a group",
		"Ansible warns \"Found both group and host with same name\" and patterns such as `-l NAME` then " +
			"match both, so a play meant for one host can run on a whole group. Rename one of them."},
	{ruleHostPurpose, model.LevelWarning,
		"host without a comment saying what it is for",
		"The team standard: every host line has a brief comment on the line above it saying what the " +
			"host is for (\"# Jenkins agent that builds the shop\"). It is the first thing a newcomer " +
			"needs and the one thing ansible cannot tell them. handover indexes it as the host's purpose."},
	{ruleHostPython, model.LevelWarning,
		"host line without ansible_python_interpreter",
		"The team standard: the python interpreter is written on each host line, not inherited from a " +
			"group or left to discovery, so the inventory says which python every host runs and a " +
			"discovery warning or a wrong interpreter never surprises anyone. Add " +
			"ansible_python_interpreter=/usr/bin/python3 (or the host's real one) to the host line."},
	{ruleHostSSHKey, model.LevelWarning,
		"host line without ansible_ssh_private_key_file",
		"The team standard: the path to the SSH key is written on each host line, not inherited from a " +
			"group or an ssh config on someone's laptop, so anyone can see which key reaches which host. " +
			"Add ansible_ssh_private_key_file=private_keys/NAME to the host line."},
	{ruleIncidentSections, model.LevelWarning,
		"incident report without root cause, involvement, reaction and fix",
		"Every mistake is a case, not a blame: the analysis names the root cause, how the person was " +
			"involved, how they reacted and what technical means fixed it, and only then becomes an SOP. " +
			"Add the missing sections as headings: ## Root cause, ## Involvement, ## Reaction, ## Fix."},
	{ruleIncidentSOP, model.LevelWarning,
		"incident report not linked to the SOP it produced",
		"Once the analysis is done the case is turned into an SOP, so the next person in the same " +
			"emergency has a procedure. Name it in the report's metadata (sop: runbooks/x.md, or its " +
			"title); handover links the two both ways. If the SOP is named but not found, fix the path or title."},
	{ruleOwnerIdle, model.LevelWarning,
		"CODEOWNERS or OWNERS owner without a commit for a long time",
		"An owner who has not committed to the repository for a year (owner-max-idle in handover.ini) " +
			"has probably moved on, and reviews requested from them go nowhere. Name who keeps the paths " +
			"today. Owners are matched to git authors by email, and a @handle by an author's email's local " +
			"part, name or GitHub noreply address; teams and owners no author matches are not judged."},
	{ruleParseError, model.LevelError,
		"file that ansible, Terraform or handover cannot read",
		"The file, or part of it, could not be read: ansible or terraform would reject it too, so " +
			"nothing in it can be trusted until it is fixed. The message says what and where."},
	{ruleParseWarning, model.LevelWarning,
		"something in a file that ansible or handover only warns about",
		"A file was read, but something in it is ignored or surprising (a file ansible skips, a group " +
			"ansible warns about). The message says what and where."},
	{rulePlaintextSecret, model.LevelError,
		"secret in plain text in the repository",
		"A password, token or key in a plain-text variable is readable by everyone who can clone the " +
			"repository, forever (git history keeps it). Encrypt it with ansible-vault " +
			"(`ansible-vault encrypt_string`), or keep it in a vault-encrypted vars file and refer to it " +
			"as \"{{ vault_NAME }}\"; in Terraform, drop the default and pass it through a secret store or " +
			"TF_VAR_, marking the variable sensitive. Then rotate the secret: it has been committed."},
	{ruleRunbookUnused, model.LevelNote,
		"runbook that no alert names",
		"In a repository with alert rules, a runbook (an SOP titled or named like an alert, tagged " +
			"runbook, or kept below an alerts/ directory) that no alert's runbook_url or name points to is " +
			"either for an alert that was removed or renamed, or never found by the person paged. Point the " +
			"alert's runbook_url at it, or retire it."},
	{ruleSOPOwner, model.LevelWarning,
		"SOP without an owner",
		"An SOP nobody owns goes stale. Name who keeps it true in its metadata (owner: alice)."},
	{ruleSOPReview, model.LevelWarning,
		"SOP not reviewed recently",
		"An SOP is used in an emergency, when there is no time to find out that a step no longer " +
			"applies. Review it at least once a year (sop-max-age in handover.ini) and record the date " +
			"in its metadata (reviewed: 2025-01-31)."},
	{ruleSOPSteps, model.LevelWarning,
		"SOP without numbered steps",
		"An SOP is followed under stress and discussed by step number (\"done up to 7\"). Write it as a " +
			"numbered list: 1. 2. 3., with sub-steps nested below."},
	{ruleStaleHost, model.LevelWarning,
		"document names a host or group that no inventory has",
		"An SOP, incident report or doc that names a host (or a group, in a --limit or a code span) " +
			"no inventory declares any more sends the reader to a machine that is gone. Only names in " +
			"the repository's own naming are judged: a host name's letters and number of digits (pg03 " +
			"beside pg01), or a group's prefix. Update the text, or note that the host was retired."},
	{ruleStaleResource, model.LevelWarning,
		"document names a Terraform resource or module call that no module declares",
		"An SOP, incident report or doc that names a resource address (aws_instance.web_old, " +
			"module.db.aws_db_instance.main) that no Terraform module declares any more sends the reader " +
			"to something that was removed or renamed: `terraform state show` or `-target` with it fails. " +
			"Only resource types the repository's Terraform declares are judged; the message names the " +
			"declared resource of that type whose name is nearest, with its file and line. A module call " +
			"(module.pg03) is judged when it is a -target or named like the repository's calls (pg01, " +
			"pg02). Update the text, or note that the resource was removed."},
	{ruleTerraformWhy, model.LevelWarning,
		"Terraform resource without a why-comment or Purpose tag",
		"Terraform says what exists, not why. A comment above each resource (or a Purpose tag or label) " +
			"tells the next person what it is for and whether it can go."},
	{ruleUndefinedChild, model.LevelError,
		"[x:children] lists a group that is never defined",
		"Ansible rejects the whole inventory file when a child group is never defined (\"Section " +
			"[production:children] includes undefined group: prod-gcp\"), so no play can use any host in " +
			"it. It reports only the first; every one is listed here. Define the group, even empty " +
			"([prod-gcp] on its own), or remove the line."},
}

// Rules returns every rule, sorted by ID.
func Rules() []Rule {
	out := slices.Clone(rules)
	slices.SortFunc(out, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Rules returns every rule with the level c gives it, sorted by ID.
func (c Config) Rules() []Rule {
	out := Rules()
	for i, r := range out {
		if lv, ok := c.Levels[r.ID]; ok {
			out[i].Level = lv
		}
	}
	return out
}

// ruleLevel is the default level of a rule ID, or "" when there is no such rule.
// KnownRule reports whether id names a rule.
func KnownRule(id string) bool { return ruleLevel(id) != "" }

func ruleLevel(id string) model.Level {
	for _, r := range rules {
		if r.ID == id {
			return r.Level
		}
	}
	return ""
}
