// Package config reads handover.ini: where the server listens, where it
// keeps its data, which repositories it serves, how lint rules are leveled
// ([lint]), what incident statistics count besides incidents ([stats],
// [internal-hours]; see sections.go) and how much of a repository may be
// read ([limits]; see limits.go). It validates what it
// reads and resolves relative paths; it does not open the repositories.
//
// The format (see examples/handover.ini):
//
//	[server]
//	listen = 127.0.0.1:7457
//	data   = ./data
//
//	[repo "example"]
//	path = ./acme-infra
//	; or a git remote, cloned into DATA/checkouts/NAME and pulled every 15m:
//	; url = https://git.example.com/ops/infra.git
//	; branch = main
//	; pull = 15m
//	; optional: where this repository keeps what handover would not find by
//	; its usual folder names (sops/, runbooks/, incidents/, postmortems/)
//	sops      = ops/procedures, wiki/*-howto.md
//	incidents = reports/outages
//	docs      = ops/procedures/README.md
//	ignore    = archive, *.bak
//
// Relative paths are relative to the directory of the file that holds them.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/ini.v1"

	"handover/internal/limits"
	"handover/internal/model"
)

const (
	// DefaultPath is read by Load("") when it exists.
	DefaultPath    = "handover.ini"
	DefaultListen  = "127.0.0.1:7457"
	DefaultDataDir = "./data"
)

// Config is what handover.ini says.
type Config struct {
	Listen  string // host:port of the gRPC server
	DataDir string // where the index lives
	Repos   []Repo // in file order
	Path    string // the file it came from; "" for the defaults

	Lint   Lint
	Stats  Stats
	Limits limits.Limits // [limits], zero fields for defaults; every Repo carries them too

	Service Service // the rest of [server]: TLS, tokens, limits, metrics (server.go)
}

// Repo is one repository to index.
type Repo struct {
	Name string // unique; letters, digits, '.', '_' and '-'
	Path string // a directory: the work tree, or where a URL is cloned to

	// URL, when set, is a git remote that handoverd clones into Path (by
	// default DATA/checkouts/NAME) and pulls every Pull.
	URL    string
	Branch string        // the remote's default branch when empty
	Pull   time.Duration // 0: never pull; for local paths, reread this often

	// Kinds map paths to the kind of markdown they hold, for folder names
	// handover would not guess. Later entries win over earlier ones.
	Kinds []PathKind
	// Ignore are globs of files and directories never read.
	Ignore []string

	// Limits bound what is read of the repository: [limits], or the
	// defaults (zero fields are the defaults).
	Limits limits.Limits
}

// PathKind says that the markdown files at Pattern are of Kind.
type PathKind struct {
	Pattern string // a slash path or glob relative to the repository root
	Kind    model.Kind
}

// KindFor returns the kind handover.ini gives the markdown file at rel
// (slash path relative to the repository root). A pattern matches the path
// itself, any directory above it, or either by path.Match glob.
func (r Repo) KindFor(rel string) (model.Kind, bool) {
	for i := len(r.Kinds) - 1; i >= 0; i-- {
		if matchPath(r.Kinds[i].Pattern, rel) {
			return r.Kinds[i].Kind, true
		}
	}
	return "", false
}

// matchPath reports whether pattern names rel or a directory above it.
func matchPath(pattern, rel string) bool {
	pattern = strings.Trim(pattern, "/")
	for p := rel; p != "." && p != "/" && p != ""; p = path.Dir(p) {
		if ok, _ := path.Match(pattern, p); ok {
			return true
		}
	}
	return false
}

// kindSettings are the [repo] settings that map paths to kinds.
var kindSettings = map[string]model.Kind{
	"sops": model.KindSOP, "incidents": model.KindIncident, "docs": model.KindDoc,
}

// Default is the configuration without a file: no repositories.
func Default() *Config {
	return &Config{Listen: DefaultListen, DataDir: DefaultDataDir, Lint: Lint{Levels: map[string]model.Level{}, LevelLine: map[string]int{}}}
}

// Load reads a configuration file. Load("") reads DefaultPath and returns
// the defaults when it does not exist; a file named explicitly must exist.
// Errors in the file carry its path and line.
func Load(path string) (*Config, error) {
	optional := path == ""
	if optional {
		path = DefaultPath
	}
	data, err := os.ReadFile(path)
	if optional && errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, err
	}
	return parse(path, data)
}

// ParseRepoFlag reads a repository given on the command line as NAME=PATH.
// PATH is left relative to the working directory.
func ParseRepoFlag(s string) (Repo, error) {
	name, path, ok := strings.Cut(s, "=")
	if !ok {
		return Repo{}, fmt.Errorf("repo %q: want NAME=PATH", s)
	}
	r := Repo{Name: strings.TrimSpace(name), Path: strings.TrimSpace(path)}
	if err := checkName(r.Name); err != nil {
		return Repo{}, fmt.Errorf("repo %q: %w", s, err)
	}
	if r.Path == "" {
		return Repo{}, fmt.Errorf("repo %q: empty path; want NAME=PATH", s)
	}
	r.Path = filepath.Clean(r.Path)
	return r, nil
}

// AddRepo adds a repository, typically from ParseRepoFlag, unless its name
// is invalid or already taken.
func (c *Config) AddRepo(r Repo) error {
	if err := checkName(r.Name); err != nil {
		return err
	}
	if r.Path == "" {
		return fmt.Errorf("repo %q: empty path", r.Name)
	}
	for _, have := range c.Repos {
		if have.Name == r.Name {
			return fmt.Errorf("repo %q is configured twice", r.Name)
		}
	}
	if r.Limits == (limits.Limits{}) {
		r.Limits = c.Limits
	}
	c.Repos = append(c.Repos, r)
	return nil
}

var (
	repoSection = regexp.MustCompile(`^repo\s+"(.*)"$`)
	validName   = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
)

// checkName accepts names that are safe as a directory name, since the
// data directory may hold one per repository.
func checkName(name string) error {
	switch {
	case name == "":
		return errors.New("empty repo name")
	case !validName.MatchString(name):
		return fmt.Errorf("repo name %q: use only letters, digits, '.', '_' and '-'", name)
	case name == "." || name == "..":
		return fmt.Errorf("repo name %q is not a name", name)
	}
	return nil
}

// fileParser turns one file's sections into a Config.
type fileParser struct {
	path string
	dir  string // relative paths in the file are relative to it
	lay  *layout
	cfg  *Config

	serverLine int            // where [server] started, 0 before
	repoLines  map[string]int // where each [repo "NAME"] started
	// pendingCheckouts are repos given by URL only, whose Path is under
	// the data directory, known when the whole file is read.
	pendingCheckouts []int
}

func parse(path string, data []byte) (*Config, error) {
	f, err := ini.LoadSources(ini.LoadOptions{
		AllowNonUniqueSections:   true, // so that a repeated section is an error, not a merge
		AllowShadows:             true, // and a repeated setting too
		SpaceBeforeInlineComment: true, // "a;b" is a value, "a ; b" a comment
		IgnoreContinuation:       true, // a Windows path may end in '\'
	}, data)
	if err != nil {
		return nil, fmt.Errorf("%s:%d: %s", path, errorLine(data, err), strings.TrimSpace(err.Error()))
	}
	p := &fileParser{path: path, dir: filepath.Dir(path), lay: newLayout(data), cfg: Default(), repoLines: map[string]int{}}
	p.cfg.Path = path
	i := -1 // the section's index among the bracketed ones
	for _, sec := range f.Sections() {
		if sec.Name() == ini.DefaultSection {
			if keys := sec.Keys(); len(keys) > 0 {
				return nil, p.errorf(p.lay.keyLine(-1, keys[0].Name()), "%s is not in a [server] or [repo \"NAME\"] section", keys[0].Name())
			}
			continue
		}
		i++
		switch m := repoSection.FindStringSubmatch(sec.Name()); {
		case sec.Name() == "server":
			err = p.server(i, sec)
		case m != nil:
			err = p.repo(i, m[1], sec)
		case sec.Name() == "lint":
			err = p.lint(i, sec)
		case sec.Name() == "stats":
			err = p.stats(i, sec)
		case sec.Name() == "internal-hours":
			err = p.internalHours(i, sec)
		case sec.Name() == "limits":
			err = p.limits(i, sec)
		default:
			err = p.errorf(p.lay.sectionLine(i), `unknown section [%s]; want [server], [repo "NAME"], [lint], [stats], [internal-hours] or [limits]`, sec.Name())
		}
		if err != nil {
			return nil, err
		}
	}
	for _, i := range p.pendingCheckouts {
		r := &p.cfg.Repos[i]
		r.Path = CheckoutPath(p.cfg.DataDir, r.Name)
	}
	for i := range p.cfg.Repos {
		p.cfg.Repos[i].Limits = p.cfg.Limits // [limits] may come after the repositories
	}
	return p.cfg, nil
}

// SetDataDir moves the data directory, and with it the checkouts of
// repositories given by URL alone.
func (c *Config) SetDataDir(dir string) {
	for i, r := range c.Repos {
		if r.URL != "" && r.Path == CheckoutPath(c.DataDir, r.Name) {
			c.Repos[i].Path = CheckoutPath(dir, r.Name)
		}
	}
	c.DataDir = dir
}

// CheckoutPath is where a repository given by URL alone is cloned.
func CheckoutPath(dataDir, name string) string {
	return filepath.Join(dataDir, "checkouts", name)
}

func (p *fileParser) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.path, line, fmt.Sprintf(format, args...))
}

func (p *fileParser) server(i int, sec *ini.Section) error {
	line := p.lay.sectionLine(i)
	if p.serverLine != 0 {
		return p.errorf(line, "[server] already started on line %d", p.serverLine)
	}
	p.serverLine = line
	if err := p.checkShadows(i, sec); err != nil {
		return err
	}
	for _, k := range sec.Keys() {
		v := strings.TrimSpace(k.String())
		switch k.Name() {
		case "listen":
			if err := checkListen(v); err != nil {
				return p.errorf(p.lay.keyLine(i, k.Name()), "%v", err)
			}
			p.cfg.Listen = v
		case "data":
			if v == "" {
				return p.errorf(p.lay.keyLine(i, k.Name()), "data: empty path")
			}
			p.cfg.DataDir = resolve(p.dir, v)
		default:
			ok, err := p.serviceSetting(k.Name(), v)
			if err != nil {
				return p.errorf(p.lay.keyLine(i, k.Name()), "%v", err)
			}
			if !ok {
				return p.errorf(p.lay.keyLine(i, k.Name()), "unknown setting %q in [server]; want listen, data, %s", k.Name(), serviceKeys)
			}
		}
	}
	if err := p.cfg.Service.check(); err != nil {
		return p.errorf(line, "%v", err)
	}
	return nil
}

func (p *fileParser) repo(i int, name string, sec *ini.Section) error {
	line := p.lay.sectionLine(i)
	if err := checkName(name); err != nil {
		return p.errorf(line, "%v", err)
	}
	if first, ok := p.repoLines[name]; ok {
		return p.errorf(line, "repo %q already defined on line %d", name, first)
	}
	p.repoLines[name] = line
	if err := p.checkShadows(i, sec); err != nil {
		return err
	}
	r := Repo{Name: name}
	for _, k := range sec.Keys() {
		kline := p.lay.keyLine(i, k.Name())
		switch kind, isKind := kindSettings[k.Name()]; {
		case k.Name() == "path":
			r.Path = strings.TrimSpace(k.String())
		case k.Name() == "url":
			r.URL = strings.TrimSpace(k.String())
		case k.Name() == "branch":
			r.Branch = strings.TrimSpace(k.String())
		case k.Name() == "pull":
			d, err := time.ParseDuration(strings.TrimSpace(k.String()))
			if err != nil || d < time.Minute {
				return p.errorf(kline, "pull = %q: want a duration of a minute or more, such as 15m or 1h", k.String())
			}
			r.Pull = d
		case isKind || k.Name() == "ignore":
			globs, err := globList(k.String())
			if err != nil {
				return p.errorf(kline, "%s: %v", k.Name(), err)
			}
			if !isKind {
				r.Ignore = append(r.Ignore, globs...)
				continue
			}
			for _, g := range globs {
				r.Kinds = append(r.Kinds, PathKind{Pattern: g, Kind: kind})
			}
		default:
			return p.errorf(kline, "unknown setting %q in [%s]; want path, url, branch, pull, sops, incidents, docs or ignore", k.Name(), sec.Name())
		}
	}
	switch {
	case r.Path == "" && r.URL == "":
		return p.errorf(line, "repo %q has neither path nor url", name)
	case r.Path == "":
		p.pendingCheckouts = append(p.pendingCheckouts, len(p.cfg.Repos))
	default:
		r.Path = resolve(p.dir, r.Path)
	}
	p.cfg.Repos = append(p.cfg.Repos, r)
	return nil
}

// globList splits a comma-separated list of slash globs and checks each.
func globList(s string) ([]string, error) {
	var out []string
	for _, g := range strings.Split(s, ",") {
		g = strings.Trim(strings.TrimSpace(g), "/")
		if g == "" {
			continue
		}
		if _, err := path.Match(g, ""); err != nil {
			return nil, fmt.Errorf("bad glob %q", g)
		}
		out = append(out, g)
	}
	return out, nil
}

// checkShadows rejects a setting given twice in one section, which ini.v1
// would otherwise settle silently in favour of the last.
func (p *fileParser) checkShadows(i int, sec *ini.Section) error {
	for _, k := range sec.Keys() {
		if len(k.ValueWithShadows()) > 1 {
			line := p.lay.sectionLine(i)
			if lines := p.lay.keyLines(i, k.Name()); len(lines) > 1 {
				line = lines[1]
			}
			return p.errorf(line, "%s set twice in [%s]", k.Name(), sec.Name())
		}
	}
	return nil
}

func checkListen(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen %q: want host:port", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("listen %q: bad port", addr)
	}
	return nil
}

// resolve makes a path from the file relative to the file's directory.
func resolve(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}
