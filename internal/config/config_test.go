package config

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"handover/internal/limits"
	"handover/internal/model"
)

func TestLoadFile(t *testing.T) {
	cfg, err := Load(filepath.Join("testdata", "full.ini"))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Listen:  "0.0.0.0:9000",
		DataDir: "/var/lib/handover",
		Repos: []Repo{
			{Name: "acme-infra", Path: filepath.FromSlash("../../examples/acme-infra")},
			{Name: "legacy.ops_2019", Path: "/srv/git/legacy-ops"},
		},
		Path: filepath.Join("testdata", "full.ini"),
	}
	if !equal(cfg, want) {
		t.Errorf("got %+v\nwant %+v", cfg, want)
	}
}

func TestLoadDefaults(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if !equal(cfg, Default()) || cfg.Listen != "127.0.0.1:7457" || cfg.DataDir != "./data" {
		t.Errorf("no handover.ini: got %+v, want the defaults", cfg)
	}
	if _, err := Load("handover.ini"); err == nil {
		t.Error("explicit missing file: no error")
	}

	write(t, "handover.ini", "[repo \"a\"]\npath = repos/a\n")
	cfg, err = Load("")
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{Listen: DefaultListen, DataDir: DefaultDataDir, Repos: []Repo{{Name: "a", Path: filepath.FromSlash("repos/a")}}, Path: "handover.ini"}
	if !equal(cfg, want) {
		t.Errorf("default path: got %+v, want %+v", cfg, want)
	}
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name string
		ini  string
		want *Config // nil: an error containing err
		err  string
	}{
		{
			name: "empty",
			ini:  "; nothing yet\n",
			want: &Config{Listen: DefaultListen, DataDir: DefaultDataDir},
		},
		{
			name: "overrides",
			ini:  "[server]\nlisten = :8080\ndata = state\n",
			want: &Config{Listen: ":8080", DataDir: "conf/state"},
		},
		{
			name: "relative paths",
			ini:  "[repo \"a\"]\npath = ./a\n[repo \"b\"]\npath = ../b\n[repo \"c\"]\npath = \"/abs/c\"\n",
			want: &Config{Listen: DefaultListen, DataDir: DefaultDataDir, Repos: []Repo{{Name: "a", Path: "conf/a"}, {Name: "b", Path: "b"}, {Name: "c", Path: "/abs/c"}}},
		},
		{
			name: "comments",
			ini:  "# top\n[repo \"a\"] ; the main one\npath = ./a;b # after a space\n[repo \"b\"]\npath = ./b#1 ; after a space\n",
			want: &Config{Listen: DefaultListen, DataDir: DefaultDataDir, Repos: []Repo{{Name: "a", Path: "conf/a;b"}, {Name: "b", Path: "conf/b#1"}}},
		},
		{name: "bad name", ini: "[server]\n\n[repo \"acme infra\"]\npath = x\n", err: "handover.ini:3: repo name \"acme infra\""},
		{name: "empty name", ini: "[repo \"\"]\npath = x\n", err: "handover.ini:1: empty repo name"},
		{name: "dot name", ini: "[repo \"..\"]\npath = x\n", err: "handover.ini:1: repo name \"..\" is not a name"},
		{name: "duplicate repo", ini: "[repo \"a\"]\npath = x\n\n[repo \"a\"]\npath = y\n", err: "handover.ini:4: repo \"a\" already defined on line 1"},
		{name: "duplicate key", ini: "[repo \"a\"]\npath = x\n; moved\npath = y\n", err: "handover.ini:4: path set twice in [repo \"a\"]"},
		{name: "duplicate listen", ini: "[server]\nlisten = :1\nlisten = :2\n", err: "handover.ini:3: listen set twice in [server]"},
		{name: "no path", ini: "[repo \"a\"]\n", err: "handover.ini:1: repo \"a\" has neither path nor url"},
		{name: "empty path", ini: "[repo \"a\"]\npath =\n", err: "handover.ini:1: repo \"a\" has neither path nor url"},
		{name: "unknown repo key", ini: "[repo \"a\"]\npath = x\ncolour = red\n", err: "handover.ini:3: unknown setting \"colour\""},
		{name: "unknown server key", ini: "[server]\nport = 80\n", err: "handover.ini:2: unknown setting \"port\""},
		{name: "bad listen", ini: "[server]\nlisten = localhost\n", err: "handover.ini:2: listen \"localhost\": want host:port"},
		{name: "bad port", ini: "[server]\nlisten = localhost:http\n", err: "handover.ini:2: listen \"localhost:http\": bad port"},
		{name: "duplicate server", ini: "[server]\n[repo \"a\"]\npath = x\n[server]\n", err: "handover.ini:4: [server] already started on line 1"},
		{name: "unknown section", ini: "[repo.example]\npath = x\n", err: "handover.ini:1: unknown section [repo.example]"},
		{name: "outside section", ini: "listen = :1\n[server]\n", err: "handover.ini:1: listen is not in a [server] or"},
		{name: "DEFAULT section", ini: "[server]\n[DEFAULT]\nlisten = :1\n[repo \"a\"]\npath = x\nbranch = y\n", err: "handover.ini:3: listen is not in a [server] or"},
		{name: "syntax", ini: "[server]\nlisten = :1\njust words\n", err: "handover.ini:3: key-value delimiter not found"},
		{name: "unclosed", ini: "[server]\n[repo \"a\"\n", err: "handover.ini:2: unclosed section"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			path := filepath.Join("conf", "handover.ini")
			write(t, path, tt.ini)
			cfg, err := Load(path)
			if tt.want == nil {
				if err == nil || !strings.Contains(err.Error(), filepath.Join("conf", tt.err)) {
					t.Fatalf("got %v, want an error with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.want.Path = path
			for i := range tt.want.Repos {
				tt.want.Repos[i].Path = filepath.FromSlash(tt.want.Repos[i].Path)
			}
			tt.want.DataDir = filepath.FromSlash(tt.want.DataDir)
			if tt.want.DataDir == filepath.FromSlash(DefaultDataDir) {
				tt.want.DataDir = DefaultDataDir
			}
			if !equal(cfg, tt.want) {
				t.Errorf("got %+v\nwant %+v", cfg, tt.want)
			}
		})
	}
}

func TestParseRepoFlag(t *testing.T) {
	tests := []struct {
		in   string
		want Repo
		err  string
	}{
		{in: "acme=../acme-infra", want: Repo{Name: "acme", Path: filepath.FromSlash("../acme-infra")}},
		{in: "a.b_c-1=/srv/x=y", want: Repo{Name: "a.b_c-1", Path: "/srv/x=y"}},
		{in: "acme", err: "want NAME=PATH"},
		{in: "=/srv/x", err: "empty repo name"},
		{in: "acme=", err: "empty path"},
		{in: "ac me=/x", err: "use only letters"},
		{in: "../x=/x", err: "use only letters"},
	}
	for _, tt := range tests {
		got, err := ParseRepoFlag(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseRepoFlag(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseRepoFlag(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestAddRepo(t *testing.T) {
	cfg := Default()
	if err := cfg.AddRepo(Repo{Name: "a", Path: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.AddRepo(Repo{Name: "a", Path: "y"}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate: got %v", err)
	}
	if err := cfg.AddRepo(Repo{Name: "b c", Path: "y"}); err == nil {
		t.Error("bad name: no error")
	}
	if err := cfg.AddRepo(Repo{Name: "b", Path: ""}); err == nil {
		t.Error("empty path: no error")
	}
	if len(cfg.Repos) != 1 {
		t.Errorf("repos: %v", cfg.Repos)
	}
}

// TestExample keeps examples/handover.ini loadable and pointing at the
// bundled repository.
func TestExample(t *testing.T) {
	path := filepath.Join("..", "..", "examples", "handover.ini")
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Repos) == 0 {
		t.Fatal("no repos")
	}
	for _, r := range cfg.Repos {
		if info, err := os.Stat(r.Path); err != nil || !info.IsDir() {
			t.Errorf("repo %s: %s is not a directory", r.Name, r.Path)
		}
	}
}

func equal(a, b *Config) bool {
	return a.Listen == b.Listen && a.DataDir == b.DataDir && a.Path == b.Path && reflect.DeepEqual(a.Repos, b.Repos)
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRepoKinds(t *testing.T) {
	cfg, err := parse("h.ini", []byte(`[repo "a"]
path = a
sops = ops/procedures, wiki/*-howto.md
incidents = reports
docs = ops/procedures/README.md
ignore = archive, *.bak
`))
	if err != nil {
		t.Fatal(err)
	}
	r := cfg.Repos[0]
	if !slices.Equal(r.Ignore, []string{"archive", "*.bak"}) {
		t.Errorf("Ignore = %q", r.Ignore)
	}
	for _, tt := range []struct {
		path string
		want model.Kind
	}{
		{"ops/procedures/failover.md", model.KindSOP},
		{"ops/procedures/db/restore.md", model.KindSOP},
		{"ops/procedures/README.md", model.KindDoc}, // the later setting wins
		{"wiki/vpn-howto.md", model.KindSOP},
		{"wiki/vpn.md", ""},
		{"reports/2025-01-db.md", model.KindIncident},
		{"ops/other.md", ""},
		{"reports-old/x.md", ""},
	} {
		if got, _ := r.KindFor(tt.path); got != tt.want {
			t.Errorf("KindFor(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
	if _, err := parse("h.ini", []byte("[repo \"a\"]\npath = a\nsops = [x\n")); err == nil || !strings.Contains(err.Error(), "h.ini:3: sops: bad glob") {
		t.Errorf("bad glob: err = %v", err)
	}
}

func TestLintAndStatsSections(t *testing.T) {
	cfg, err := parse(filepath.Join("conf", "h.ini"), []byte(`[lint]
host-purpose = error
group-name = OFF
sop-max-age = 26w
owner-max-idle = 2y

[stats]
team-size = 6
internal-hours = stats/hours.csv
practices = 2025-04-01 incident reports; 2025-06-01 SOPs and code review

[internal-hours]
2025-01 = 40
2025-Q2 = 112.5
2025-07-15 = 3
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Lint.Levels; got["host-purpose"] != model.LevelError || got["group-name"] != model.LevelOff || len(got) != 2 {
		t.Errorf("levels = %v", got)
	}
	if cfg.Lint.LevelLine["group-name"] != 3 || cfg.Lint.SOPMaxAge != 26*7*24*time.Hour || cfg.Lint.OwnerMaxIdle != 2*365*24*time.Hour {
		t.Errorf("lint = %+v", cfg.Lint)
	}
	known := func(id string) bool { return id == "host-purpose" }
	if err := cfg.CheckLintRules(known); err == nil || err.Error() != `conf/h.ini:3: unknown lint rule "group-name" in [lint] (handover lint --rules lists them)` {
		t.Errorf("CheckLintRules: %v", err)
	}
	if err := cfg.CheckLintRules(func(string) bool { return true }); err != nil {
		t.Errorf("CheckLintRules with every rule known: %v", err)
	}
	st := cfg.Stats
	if st.TeamSize != 6 || st.InternalHoursFile != filepath.Join("conf", "stats", "hours.csv") {
		t.Errorf("stats = %+v", st)
	}
	if len(st.Practices) != 2 || st.Practices[1].Label != "SOPs and code review" || st.Practices[1].Date.Format(time.DateOnly) != "2025-06-01" {
		t.Errorf("practices = %+v", st.Practices)
	}
	want := []PeriodHours{{"2025-01", 40}, {"2025-Q2", 112.5}, {"2025-07-15", 3}}
	if !reflect.DeepEqual(st.InternalHours, want) {
		t.Errorf("internal hours = %v, want %v", st.InternalHours, want)
	}

	for _, tt := range []struct{ ini, err string }{
		{"[lint]\nhost-purpose = loud\n", "h.ini:2: host-purpose = \"loud\": want error, warning, note or off"},
		{"[lint]\nsop-max-age = a year\n", "h.ini:2: sop-max-age"},
		{"[lint]\nowner-max-idle = forever\n", "h.ini:2: owner-max-idle"},
		{"[stats]\nteam-size = none\n", "h.ini:2: team-size"},
		{"[stats]\npractices = June SOPs\n", "h.ini:2: practices"},
		{"[stats]\ncolour = red\n", "h.ini:2: unknown setting \"colour\" in [stats]"},
		{"[internal-hours]\nMarch = 4\n", "h.ini:2: [internal-hours] \"March\""},
		{"[internal-hours]\n2025-03 = lots\n", "h.ini:2: [internal-hours] 2025-03"},
		{"[lints]\n", "h.ini:1: unknown section [lints]"},
	} {
		if _, err := parse("h.ini", []byte(tt.ini)); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%q: err = %v, want %q", tt.ini, err, tt.err)
		}
	}
}

func TestRepoURL(t *testing.T) {
	cfg, err := parse(filepath.Join("conf", "h.ini"), []byte(`[server]
data = ../var
[repo "infra"]
url = https://git.example.com/ops/infra.git
branch = main
pull = 15m
[repo "local"]
path = ./local
pull = 1h
`))
	if err != nil {
		t.Fatal(err)
	}
	infra, local := cfg.Repos[0], cfg.Repos[1]
	if infra.URL != "https://git.example.com/ops/infra.git" || infra.Branch != "main" || infra.Pull != 15*time.Minute ||
		infra.Path != filepath.Join("var", "checkouts", "infra") {
		t.Errorf("infra = %+v", infra)
	}
	if local.URL != "" || local.Pull != time.Hour || local.Path != filepath.Join("conf", "local") {
		t.Errorf("local = %+v", local)
	}
	if _, err := parse("h.ini", []byte("[repo \"a\"]\nurl = x\npull = 5s\n")); err == nil || !strings.Contains(err.Error(), "h.ini:3: pull") {
		t.Errorf("pull = 5s: %v", err)
	}
}

func TestLimitsSection(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "handover.ini")
	if err := os.WriteFile(name, []byte("[repo \"a\"]\npath = a\n[limits]\nfile-bytes = 2MiB\ninventory-bytes = 32MiB\nrange-hosts = 1_000\nreindex-time = 90s\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	want := limits.Limits{FileBytes: 2 << 20, InventoryBytes: 32 << 20, RangeHosts: 1000, ReindexTime: 90 * time.Second}
	if cfg.Limits != want || cfg.Repos[0].Limits != want {
		t.Errorf("limits = %+v, repo %+v; want %+v", cfg.Limits, cfg.Repos[0].Limits, want)
	}
	if got := cfg.Repos[0].Limits.OrDefault().LineBytes; got != limits.Default().LineBytes {
		t.Errorf("unset line-bytes = %d, want the default", got)
	}
	for _, bad := range []string{"file-bytes = 0", "file-bytes = lots", "yaml-depth = -1", "reindex-time = 1ms", "max = 3"} {
		if err := os.WriteFile(name, []byte("[limits]\n"+bad+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(name); err == nil || !strings.Contains(err.Error(), ":2:") {
			t.Errorf("%q: error %v, want one at line 2", bad, err)
		}
	}
	// The example documents every setting with its default.
	ex, err := Load("../../examples/handover.ini")
	if err != nil {
		t.Fatal(err)
	}
	if ex.Limits.OrDefault() != limits.Default() || ex.Limits != limits.Default() {
		t.Errorf("examples/handover.ini [limits] = %+v, want the defaults %+v", ex.Limits, limits.Default())
	}
}
