package history

import (
	"context"
	"slices"
	"strings"
	"testing"

	"handover/internal/limits"
	"handover/internal/model"
	"handover/internal/repo"
)

// ownerFiles lists the owners files in root as ingest does: by the
// repository's one walk.
func ownerFiles(t *testing.T, root string) []string {
	t.Helper()
	res, err := repo.Scan(context.Background(), root, repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Owners
}

func TestReadOwners(t *testing.T) {
	rules, problems := ReadOwners("testdata/owners", ownerFiles(t, "testdata/owners"), limits.Limits{})
	tests := []struct {
		path string
		want []string
	}{
		{"README.txt", []string{"@marta-acme"}},
		{"terraform/production/aws/db.tf", []string{"@oleh-ops", "@marta-acme"}},
		{"terraform/production/aws/ci.tf", []string{"@oleh-ops"}},
		{"docs/getting-started.txt", []string{"docs@example.com"}},
		{"docs/build-app/troubleshooting.txt", []string{"@marta-acme"}}, // docs/* is not recursive
		{"docs/readme.md", []string{"@writers"}},
		{"apps/web/main.go", []string{"@octocat"}},
		{"src/apps/main.go", []string{"@octocat"}},
		{"deep/nested/logs/a.log", []string{"@logger"}},
		{"build/logs/a.log", []string{"@doctocat"}},
		{"sops/jenkins-outage.md", []string{"@marta-acme"}},
		{"unowned/x.txt", nil},
		{"path with space", []string{"@acme/spacey-team"}},
		{"bogus/x", []string{"@marta-acme"}},
		{"k8s/deploy.yaml", []string{"alice", "bob"}},
		{"k8s/base/deploy.yaml", []string{"alice", "bob"}},
		{"services/api/main.go", []string{"api-lead@acme-shop.com", "@jonas-dev"}},
		{"services/api/main.tf", []string{"@oleh-ops"}},
		{"services/api/infra/main.tf", []string{"api-lead@acme-shop.com", "@jonas-dev"}}, // per-file is this directory only
		{"services/web/index.js", []string{"@marta-acme"}},
	}
	for _, tt := range tests {
		if got := OwnersOf(rules, tt.path); !slices.Equal(got, tt.want) {
			t.Errorf("OwnersOf(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}

	var sources []string
	for _, r := range rules {
		sources = append(sources, r.Source.String())
	}
	wantSources := []string{
		".github/CODEOWNERS:2", ".github/CODEOWNERS:3", ".github/CODEOWNERS:4", ".github/CODEOWNERS:5",
		".github/CODEOWNERS:6", ".github/CODEOWNERS:7", ".github/CODEOWNERS:8", ".github/CODEOWNERS:9",
		".github/CODEOWNERS:10", ".github/CODEOWNERS:11", ".github/CODEOWNERS:12", ".github/CODEOWNERS:13",
		"k8s/OWNERS:1", "services/api/OWNERS:1", "services/api/OWNERS:5",
	}
	if !slices.Equal(sources, wantSources) {
		t.Errorf("rule sources:\n%s\nwant:\n%s", strings.Join(sources, " "), strings.Join(wantSources, " "))
	}

	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	wantProblems := []string{
		`.github/CODEOWNERS:13: "bogus" is not an @user, @org/team or email; ignored`,
		`CODEOWNERS: ignored: .github/CODEOWNERS takes precedence`,
		`services/api/OWNERS:6: "include //other/OWNERS" is not supported; ignored`,
	}
	if !slices.Equal(got, wantProblems) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantProblems, "\n"))
	}
}

func TestReadOwnersNone(t *testing.T) {
	dir := t.TempDir()
	rules, problems := ReadOwners(dir, ownerFiles(t, dir), limits.Limits{})
	if rules != nil || problems != nil {
		t.Errorf("ReadOwners(empty dir) = %v, %v; want nothing", rules, problems)
	}
}

func TestMatchPattern(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"*", "a/b/c.txt", true},
		{"*.js", "a/b/c.js", true},
		{"*.js", "a/b/c.ts", false},
		{"/*.js", "c.js", true},
		{"/*.js", "a/c.js", false},
		{"docs/*", "docs/a.md", true},
		{"docs/*", "docs/x/a.md", false},
		{"docs/*", "x/docs/a.md", false}, // a slash in the middle anchors
		{"/docs/", "docs/x/a.md", true},
		{"/docs/", "x/docs/a.md", false},
		{"/docs/", "docs", false}, // a file named docs is not the directory
		{"docs/", "x/docs/a.md", true},
		{"docs", "x/docs", true},
		{"docs", "x/docs/a.md", true},
		{"foo/**", "foo/a/b", true},
		{"foo/**", "foo", false},
		{"a/**/b", "a/b", true},
		{"a/**/b", "a/x/y/b", true},
		{"a/**/b", "a/x/y/c", false},
		{"**/logs", "logs/x.log", true},
		{"**/logs", "deep/er/logs/x.log", true},
		{"/terraform/production/aws/ci.tf", "terraform/production/aws/ci.tf", true},
		{"/terraform/production/aws/ci.tf", "terraform/production/aws/ci.tf.bak", false},
		{"?at.txt", "sub/cat.txt", true},
		{"[ab].txt", "b.txt", true},
		{"/", "anything/at/all", true},
		{"[", "[", false}, // a malformed pattern matches nothing
	}
	for _, tt := range tests {
		if got := matchPattern(tt.pattern, tt.path); got != tt.want {
			t.Errorf("matchPattern(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestOwnersOfLastMatchWins(t *testing.T) {
	rules := []model.OwnerRule{
		{Pattern: "*", Owners: []string{"@all"}},
		{Pattern: "/infra/", Owners: []string{"@infra"}},
		{Pattern: "*", Owners: []string{"@override"}},
	}
	if got := OwnersOf(rules, "infra/x.tf"); !slices.Equal(got, []string{"@override"}) {
		t.Errorf("OwnersOf = %q, want the last matching rule", got)
	}
	if got := OwnersOf(nil, "x"); got != nil {
		t.Errorf("OwnersOf(no rules) = %q", got)
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://github.com/acme/infra.git", "https://github.com/acme/infra.git"},
		{"https://marta:s3cret@github.com/acme/infra.git", "https://github.com/acme/infra.git"},
		{"https://x-access-token:ghs_abc123@github.com/acme/infra.git", "https://github.com/acme/infra.git"},
		{"https://ghp_abc123@github.com/acme/infra.git", "https://github.com/acme/infra.git"},
		{"https://gitlab.example.com/acme/infra.git?private_token=abc", "https://gitlab.example.com/acme/infra.git"},
		{"ssh://git@github.com/acme/infra.git", "ssh://git@github.com/acme/infra.git"},
		{"ssh://git:pw@github.com:2222/acme/infra.git", "ssh://git@github.com:2222/acme/infra.git"},
		{"git@github.com:acme/infra.git", "git@github.com:acme/infra.git"},
		{"/srv/git/infra", "/srv/git/infra"},
		{"file:///srv/git/infra", "file:///srv/git/infra"},
		{"https://user:p%zz@host/x?token=1", "https://host/x"}, // unparsable escape
		{"", ""},
	}
	for _, tt := range tests {
		if got := RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
