package ask

import (
	"slices"
	"testing"
)

// FuzzParse: any question gives a plan whose filters are words the index
// knows, never a panic.
func FuzzParse(f *testing.F) {
	v := vocab{
		"env":     {"production", "staging"},
		"cloud":   {"aws", "gcp"},
		"purpose": {"ci", "frontend", "db"},
		"group":   {"production", "prod-aws", "db"},
		"name":    {"jenkins-agent-01", "10.20.0.5", "db"},
	}
	for _, q := range []string{
		"where does jenkins run and why", "What runs in PROD on Amazon?", "why is jenkins-agent-01 there",
		"prod-aws redis cache", "", "?!,.", "db db db", "ÄÖÜ straße über", "\xff\xfe",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		p := Parse(q, v)
		for field, got := range map[string]string{"env": p.Env, "cloud": p.Cloud, "purpose": p.Purpose, "group": p.Group, "name": p.Host} {
			if got != "" && !slices.Contains(v[field], got) {
				t.Fatalf("Parse(%q).%s = %q, not a known value", q, field, got)
			}
		}
	})
}
