package lint

import (
	"fmt"
	"strconv"
	"strings"

	"handover/internal/inventory"
	"handover/internal/model"
	"handover/internal/redact"
)

// A secret is safe in the repository when ansible-vault encrypts it: a
// vaulted file, a !vault value, or a reference such as
// "{{ vault_db_password }}" to a variable kept in a vaulted file. Any
// templated value counts as a reference: the variable it names is checked
// where it is set, and lookups (env, hashi_vault) are not plain text.
// Messages never quote the value.

// isPlainText reports whether a string value is written in clear.
func isPlainText(s string) bool {
	t := strings.TrimSpace(s)
	return t != "" && !strings.HasPrefix(t, "$ANSIBLE_VAULT") && !strings.Contains(t, "{{")
}

// plainSecrets calls found with the path of every plain-text secret in a
// variable's value, walking lists and mappings: "db_password",
// "users[0].password". A secret is what package redact masks, so lint
// flags exactly what the index hides: pin_password: 1234 is a secret,
// token_ttl: 3600 and password_min_length: 12 are settings.
func plainSecrets(name string, v any, found func(path string)) {
	plainLeaves(name, v, redact.Value(name, v), found)
}

// plainLeaves walks v beside masked, its redacted copy (or Mask when the
// whole of it is masked), and reports each leaf redact changed.
func plainLeaves(at string, v, masked any, found func(path string)) {
	switch x := v.(type) {
	case string:
		if isPlainText(x) && masked != any(x) {
			found(at)
		}
	case int, int64, uint64, float64:
		if masked != v {
			found(at)
		}
	case []any:
		m, _ := masked.([]any)
		for i, e := range x {
			var me any = redact.Mask
			if m != nil {
				me = m[i]
			}
			plainLeaves(at+"["+strconv.Itoa(i)+"]", e, me, found)
		}
	case map[string]any:
		m, _ := masked.(map[string]any)
		for k, e := range x {
			var me any = redact.Mask
			if m != nil {
				me = m[k]
			}
			plainLeaves(at+"."+k, e, me, found)
		}
	}
}

// vaultFix says how to encrypt the variable at varPath (name, or a path
// into it such as users[0].password), in the syntax of the file.
func vaultFix(name, varPath string, yaml bool) string {
	const rotate = "; then rotate it, since git history keeps the old value"
	if varPath != name {
		return fmt.Sprintf("encrypt the value with ansible-vault encrypt_string, or move %s to a vault-encrypted vars file (ansible-vault encrypt)%s", name, rotate)
	}
	if !yaml {
		// An INI inventory cannot hold a !vault value.
		return fmt.Sprintf("keep it as vault_%s in a vars file encrypted with ansible-vault (group_vars/GROUP/vault.yml) and write %s=\"{{ vault_%s }}\" here%s",
			name, name, name, rotate)
	}
	return fmt.Sprintf("encrypt it with ansible-vault (ansible-vault encrypt_string --name %s), or keep it as vault_%s in a vault-encrypted vars file and write %s: \"{{ vault_%s }}\" here%s",
		name, name, name, name, rotate)
}

func (c *checker) inventorySecrets(v *inventoryView) {
	if v.decl == nil || !c.on(rulePlaintextSecret) {
		return
	}
	seen := map[string]bool{} // a range line declares its variables once per host
	check := func(d inventory.VarDeclaration, where string, yaml bool) {
		plainSecrets(d.Name, d.Value, func(p string) {
			key := d.Source.String() + " " + p
			if seen[key] {
				return
			}
			seen[key] = true
			owner := "host " + d.Owner
			if d.Group {
				owner = "group " + d.Owner
			}
			c.report(rulePlaintextSecret, d.Source, vaultFix(d.Name, p, yaml),
				"%s is a secret in plain text (%s, for %s)", p, where, owner)
		})
	}
	yaml := isYAMLPath(v.inv.Path)
	for _, h := range v.decl.Hosts {
		for _, d := range h.Vars {
			check(d, "on the host line", yaml)
		}
	}
	for _, d := range v.decl.GroupVars {
		check(d, "in the group's vars", yaml)
	}
	for _, d := range v.decl.VarsFiles {
		where := "in group_vars"
		if !d.Group {
			where = "in host_vars"
		}
		check(d, where, true) // vars files are YAML, whatever their name
	}
}

// tfSecret reports a literal in a Terraform block that looks secret: a
// variable's default, or else an attribute.
func (c *checker) tfSecret(src model.Source, what, variable string) {
	fix := "set it from a sensitive variable without a default (var.NAME, given through TF_VAR_NAME or your CI's secret store) or read it from a secret manager; then rotate it, since git history keeps the old value"
	if variable != "" {
		fix = fmt.Sprintf("delete the default and pass the value through TF_VAR_%s or your CI's secret store, with sensitive = true; then rotate it, since git history keeps the old value", variable)
	}
	c.report(rulePlaintextSecret, src, fix, "%s is a secret in plain text", what)
}
