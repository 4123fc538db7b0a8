package redact

import (
	"slices"
	"strings"
)

// payloadAttrs are the attributes in which a resource that stores a secret
// holds the secret itself: azurerm_key_vault_secret's value,
// aws_secretsmanager_secret_version's secret_string,
// google_secret_manager_secret_version's secret_data, kubernetes_secret's
// data, vault_generic_secret's data_json, github_actions_secret's
// plaintext_value. Their names say nothing secret, their resource does.
var payloadAttrs = []string{
	"value", "data", "data_json", "string_data", "binary_data", "content",
	"secret_string", "secret_binary", "secret_data", "plaintext", "plaintext_value",
	"encrypted_value", "value_wo", "secret_string_wo", "secret_data_wo",
}

// ResourceAttr returns the value of attribute name of a Terraform resource
// of type resourceType fit to show: Value(name, v), or Mask when the
// resource stores a secret (its type names one: *_secret, *_secret_version,
// *_password, *_credential) and name is where it holds it.
func ResourceAttr(resourceType, name string, v any) any {
	if _, ok := v.(bool); !ok && v != nil && storesSecret(resourceType) && slices.Contains(payloadAttrs, strings.ToLower(name)) {
		return Mask
	}
	return Value(name, v)
}

// storesSecret reports whether a resource type stores secret material.
func storesSecret(resourceType string) bool {
	return wordKind(normalName(resourceType)) != "" || slices.Contains(secretLastWords, lastWord(resourceType))
}
