package inventory

import (
	"os"
	"strings"
	"testing"
)

func TestLooksLikeYAMLInventory(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       bool
	}{
		{"all with children", "all:\n  children:\n    web:\n      hosts:\n        w1:\n", true},
		{"several groups", "---\n# groups\nweb:\n  hosts:\n    w1:\n  vars:\n    a: 1\ndb:\n  hosts:\n    d1: {x: 1}\n", true},
		{"bare all", "all:\n", true},
		{"flow style", "all: {hosts: {w1: null}}\n", true},
		{"json", `{"all": {"children": {"web": {"hosts": {"w1": {}}}}}}`, true},
		{"anchors", "web: &w\n  hosts:\n    w1:\nprod:\n  children:\n    web:\n", true},
		{"playbook", "- hosts: all\n  tasks:\n    - ping:\n", false},
		{"inventory plugin config", "plugin: amazon.aws.aws_ec2\nregions:\n  - eu-west-1\n", true},
		{"constructed", "# groups by tag\nplugin: 'constructed'\nstrict: false\n", true},
		{"another tool's plugin", "plugin: mkdocs-material\ntheme: dark\n", false},
		{"group_vars file", "ntp_server: ntp.example.com\nusers:\n  - alice\n", false},
		{"docker compose", "version: '3'\nservices:\n  web:\n    image: nginx\n", false},
		{"kubernetes", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n", false},
		{"helm values", "replicaCount: 1\nimage:\n  repository: nginx\n", false},
		{"github workflow", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n", false},
		{"nested config", "database:\n  host: db1\n  port: 5432\n", false},
		{"ini", "[web]\nw1\n", false},
		{"empty", "", false},
	} {
		if got := LooksLikeYAMLInventory([]byte(c.text)); got != c.want {
			t.Errorf("%s: LooksLikeYAMLInventory = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestLooksLikeINIInventory(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       bool
	}{
		{"groups and hosts", "[web]\nweb1 ansible_host=10.0.0.1\nweb2\n\n[db]\ndb1\n", true},
		{"children and vars", "[prod:children]\nweb\n[prod:vars]\nenv = production\n", true},
		{"ungrouped only", "# hosts\n10.0.0.5\n10.0.0.6:2222 ansible_user=root\n", true},
		{"ranges and ipv6", "[web]\nweb[01:20].example.com\n[::1]:22\n", true},
		{"tox.ini", "[tox]\nenvlist = py37, py38\n\n[testenv]\ndeps = pytest\ncommands = pytest {posargs}\n", false},
		{"php.ini", "[PHP]\n; comment\nengine = On\nshort_open_tag = Off\nextension=mysqli\n", false},
		{"setup.cfg", "[metadata]\nname = handover\nversion = 1.0\n\n[options]\npackages = find:\n", false},
		{"setup.cfg with sections", "[bdist_wheel:universal]\nfoo = 1\n", false},
		{"ansible.cfg", "[defaults]\ninventory=hosts\nhost_key_checking = False\n", false},
		{"systemd unit", "[Unit]\nDescription=Web\n\n[Service]\nExecStart=/usr/bin/web\n", false},
		{"etc hosts", "127.0.0.1 localhost\n::1 localhost ip6-localhost\n10.0.0.5 web1\n", false},
		{"gitconfig", "[core]\n\trepositoryformatversion = 0\n\tbare = false\n", false},
		{"yaml", "all:\n  hosts:\n    w1:\n", false},
		{"empty", "", false},
	} {
		if got := LooksLikeINIInventory([]byte(c.text)); got != c.want {
			t.Errorf("%s: LooksLikeINIInventory = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestLooksLikeOnTestdata(t *testing.T) {
	for _, c := range oracleCases {
		if c.rejects {
			continue
		}
		data, err := os.ReadFile("testdata/oracle/" + c.source)
		if err != nil {
			continue // an inventory directory
		}
		isYAML := strings.HasSuffix(c.source, ".yml") || strings.HasSuffix(c.source, ".yaml")
		if got := LooksLikeYAMLInventory(data); got != isYAML {
			t.Errorf("%s: LooksLikeYAMLInventory = %v", c.source, got)
		}
		if got := LooksLikeINIInventory(data); got == isYAML {
			t.Errorf("%s: LooksLikeINIInventory = %v", c.source, got)
		}
	}
}
