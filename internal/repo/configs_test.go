package repo

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"handover/internal/model"
)

// foundOnly drops File.Config and NotReadBy, for tests about what is found.
func foundOnly(files []File) []File {
	out := slices.Clone(files)
	for i := range out {
		out[i].Config, out[i].NotReadBy = "", model.Source{}
	}
	return out
}

// Each source is read under the ansible.cfg that names it, else the
// nearest one above it; the [defaults] settings keep their lines.
func TestScanConfigs(t *testing.T) {
	res, err := Scan(context.Background(), filepath.Join("testdata", "cfgdir"), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range res.Configs {
		for _, d := range c.Defaults {
			got = append(got, fmt.Sprintf("%s %s=%v", d.Source, d.Name, d.Value))
		}
	}
	want := []string{
		"ansible.cfg:3 inventory=inventory/",
		"ansible.cfg:4 remote_user=deploy",
		"tools/ansible.cfg:3 inventory=../inventory/hosts",
	}
	if !slices.Equal(got, want) {
		t.Errorf("defaults:\n got %q\nwant %q", got, want)
	}
	// inventory/gcp.ini is in the directory ansible.cfg names, and
	// ansible skips *.ini there: a source of its own, flagged.
	var sources []string
	for _, s := range res.Sources {
		sources = append(sources, fmt.Sprintf("%s config=%s not-read-by=%s", s.Path, s.Config, s.NotReadBy))
	}
	want = []string{
		"inventory config=ansible.cfg not-read-by=",
		"inventory/gcp.ini config=ansible.cfg not-read-by=ansible.cfg:3",
		"sandbox/hosts.ini config=ansible.cfg not-read-by=",
	}
	if !slices.Equal(sources, want) {
		t.Errorf("sources:\n got %q\nwant %q", sources, want)
	}
}

func TestNearestConfig(t *testing.T) {
	configs := configsAt("ansible.cfg", "ops/ansible.cfg", "ops/deep/x/ansible.cfg")
	for rel, want := range map[string]string{
		"hosts":                "ansible.cfg",
		"ops/hosts":            "ops/ansible.cfg",
		"ops/deep/hosts":       "ops/ansible.cfg",
		"ops/deep/x/inv/hosts": "ops/deep/x/ansible.cfg",
		"opsx/hosts":           "ansible.cfg",
	} {
		if got := nearestConfig(configs, rel); got != want {
			t.Errorf("nearestConfig(%s) = %q, want %q", rel, got, want)
		}
	}
	if got := nearestConfig(configsAt("ops/ansible.cfg"), "hosts"); got != "" {
		t.Errorf("a cfg below the source applied: %q", got)
	}
}

func configsAt(paths ...string) []*model.AnsibleConfig {
	out := make([]*model.AnsibleConfig, len(paths))
	for i, p := range paths {
		out[i] = &model.AnsibleConfig{Path: p}
	}
	return out
}
