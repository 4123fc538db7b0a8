package model

import "strings"

// envWords map the words teams use for an environment, in group names,
// directory names and questions, to one canonical name.
var envWords = map[string]string{
	"prod": "production", "production": "production", "prd": "production", "live": "production",
	"stage": "staging", "staging": "staging", "stg": "staging",
	"preprod": "preprod", "pre-prod": "preprod",
	"dev": "development", "develop": "development", "development": "development",
	"test": "test", "testing": "test",
	"qa":      "qa",
	"uat":     "uat",
	"sandbox": "sandbox",
}

// cloudWords do the same for clouds and hosting, including the names of
// their Terraform providers.
var cloudWords = map[string]string{
	"aws": "aws", "amazon": "aws", "ec2": "aws",
	"gcp": "gcp", "gce": "gcp", "google": "gcp",
	"azure": "azure", "az": "azure", "azurerm": "azure",
	"digitalocean": "digitalocean",
	"hetzner":      "hetzner", "hcloud": "hetzner",
	"ovh":       "ovh",
	"openstack": "openstack",
	"vsphere":   "vsphere", "vmware": "vsphere",
	"onprem": "onprem", "baremetal": "onprem",
}

// EnvWord returns the canonical environment a word names (prod ->
// production), or "".
func EnvWord(w string) string { return envWords[strings.ToLower(w)] }

// CloudWord returns the canonical cloud a word names (google -> gcp), or "".
func CloudWord(w string) string { return cloudWords[strings.ToLower(w)] }

// PathPlace reads an environment and a cloud from the names of a path:
// terraform/production/aws is production on aws. Each is the first part
// that names one, or "".
func PathPlace(p string) (env, cloud string) {
	for _, part := range strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '-' || r == '_' || r == '.' }) {
		if env == "" {
			env = EnvWord(part)
		}
		if cloud == "" {
			cloud = CloudWord(part)
		}
	}
	return env, cloud
}
