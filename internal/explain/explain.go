// Package explain says what a line of a repository file declares, for an
// editor's hover and go-to-definition: a host line, a group header, an
// inventory variable with its effective value on each host it reaches and
// Ansible's precedence chain behind it, a play or a task, a Terraform block,
// an SOP step or a markdown section; with who last changed the line, who
// owns the file and what lint found there.
//
// It reads the index (the cards, the repository's history and findings)
// and the inventory's declarations on disk, where the model keeps
// effective values but not every place that sets them. An editor's unsaved
// buffer stands in for its file. It is not a parser: package inventory
// reads the declarations, and the index keeps secrets out (values read
// here from the disk are redacted with package redact).
package explain

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"handover/internal/history"
	"handover/internal/index"
	"handover/internal/limits"
	"handover/internal/model"
)

// Index is what Explain reads of the index; *index.Store is one.
type Index interface {
	Repos() []index.RepoInfo
	Search(ctx context.Context, q index.Query) (*index.Result, error)
	Hosts(ctx context.Context, f index.Filter, pageSize int, pageToken string) ([]model.Host, string, int, error)
	Each(ctx context.Context, f index.Filter, fn func(index.Hit) bool) error
}

// Request is a place in a file of an indexed repository.
type Request struct {
	Repo   string
	Path   string // slash-separated, relative to the repository root
	Line   int    // 1-based
	Column int    // 1-based, in bytes; 0 for the line as a whole
	// Content is the file as an editor holds it, when HasContent.
	Content    string
	HasContent bool
}

// Subject is what kind of declaration a line holds.
type Subject string

const (
	SubjectFile      Subject = "file" // nothing in particular: the file as a whole
	SubjectHost      Subject = "host"
	SubjectGroup     Subject = "group"
	SubjectVariable  Subject = "variable" // an inventory variable
	SubjectPlay      Subject = "play"
	SubjectTask      Subject = "task"
	SubjectRole      Subject = "role"
	SubjectTerraform Subject = "terraform" // a block or an attribute inside one
	SubjectStep      Subject = "step"      // an SOP step
	SubjectSection   Subject = "section"   // a markdown section
)

// Answer is what is declared at a place.
type Answer struct {
	Subject Subject
	Name    string       // the host, group, variable, task, step, section or attribute
	Source  model.Source // the declaration: the line, or the line opening its block
	Detail  string       // a task's module, a step's text, an attribute's block
	// Item is the card of what the line declares or belongs to, with its
	// links; nil for a variable, or a host or group not indexed yet.
	Item model.Item

	// Values are a variable's effective values on the first hosts it
	// reaches (MaxValues), AffectedHosts how many it reaches in all.
	Values        []HostValue
	AffectedHosts int

	LastChange *model.LineChange
	WholeFile  bool     // LastChange is the file's last commit, not the line's
	Owners     []string // CODEOWNERS/OWNERS of the file
	Findings   []model.Finding
}

// HostValue is a variable's effective value on one host and where it
// comes from.
type HostValue struct {
	Host      string
	Inventory string
	Value     any  // redacted, as the index keeps it
	Set       bool // the host gets the variable at all
	// Chain is every place setting the variable for the host: the winner
	// first, then what it overrides.
	Chain []Setting
}

// Setting is one place that sets a variable.
type Setting struct {
	Source model.Source
	Value  any // redacted
	Owner  string
	Group  bool
}

// MaxValues is how many hosts' values an answer lists.
const MaxValues = 10

// RequestError is a request refused as written.
type RequestError struct{ Msg string }

func (e *RequestError) Error() string { return e.Msg }

// Explainer answers Explain requests over an index. It caches each
// repository's inventory declarations per index generation, so only the
// first request after a reindex reads them from disk.
type Explainer struct {
	index Index

	mu    sync.Mutex
	repos map[string]*repoCache // by repository name

	redacted redactedTexts // of the last buffer lint's findings
}

// New returns an Explainer over idx.
func New(idx Index) *Explainer {
	return &Explainer{index: idx, repos: map[string]*repoCache{}}
}

// Explain says what is declared at req's place.
func (e *Explainer) Explain(ctx context.Context, req Request) (*Answer, error) {
	info, rel, err := e.resolve(req.Repo, req.Path)
	if err != nil {
		return nil, err
	}
	if req.Line < 1 {
		return nil, &RequestError{Msg: fmt.Sprintf("line %d: lines count from 1", req.Line)}
	}
	rc, err := e.repo(ctx, info)
	if err != nil {
		return nil, err
	}
	invs, vf, kind := rc.inventoriesOf(rel)
	var f *fileText
	switch {
	case req.HasContent:
		f = &fileText{rel: rel, text: req.Content}
	case kind == inventoryFile:
		// As saved when indexed, like the declarations: a large inventory
		// is read and split once, not at every hover.
		f, err = rc.savedFile(rel)
	default:
		f, err = readFile(info.Root, rel, false)
	}
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s in repository %q", index.ErrNotFound, rel, info.Name)
	}
	if _, big := errors.AsType[*limits.TooBigError](err); big || errors.Is(err, limits.ErrOutside) {
		return nil, &RequestError{Msg: fmt.Sprintf("%s: %v", rel, err)}
	}
	if err != nil {
		return nil, err
	}
	a := &Answer{Subject: SubjectFile, Source: model.Source{Repo: info.Name, Path: rel, Line: req.Line}}
	switch kind {
	case inventoryFile:
		err = e.inventoryLine(ctx, rc, invs[0], f, req, a)
	case varsFile:
		err = e.varsFileLine(ctx, rc, invs, vf, f, req, a)
	default:
		err = e.itemLine(ctx, rc, f, req, a)
	}
	if err != nil {
		return nil, err
	}
	a.Source.Repo = info.Name
	addHistory(info, rel, req.Line, a)
	for _, fd := range info.Findings {
		if fd.Source.Path == rel && fd.Source.Line == req.Line {
			a.Findings = append(a.Findings, fd)
		}
	}
	return a, nil
}

// resolve finds the repository and checks that rel stays inside it.
func (e *Explainer) resolve(repo, p string) (index.RepoInfo, string, error) {
	if repo == "" || p == "" {
		return index.RepoInfo{}, "", &RequestError{Msg: "repo and path are required"}
	}
	rel := path.Clean(filepath.ToSlash(p))
	if path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") {
		return index.RepoInfo{}, "", &RequestError{Msg: fmt.Sprintf("path %q: want a path relative to the repository root", p)}
	}
	for _, info := range e.index.Repos() {
		if info.Name == repo {
			return info, rel, nil
		}
	}
	return index.RepoInfo{}, "", fmt.Errorf("%w: repository %q is not indexed", index.ErrNotFound, repo)
}

// fileText is the file asked about, as saved or as the editor holds it.
type fileText struct {
	rel   string
	text  string
	lines []string // text split into lines, when kept
}

// readFile reads a file of the repository as indexing reads it: inside
// the repository (a symlink out is not followed), a regular file, within
// the default size limit of its kind.
func readFile(root, rel string, inventory bool) (*fileText, error) {
	l := limits.Default()
	max, setting := l.FileBytes, "file-bytes"
	if inventory {
		max, setting = l.InventoryBytes, "inventory-bytes"
	}
	data, err := limits.ReadFile(root, rel, max, setting)
	if err != nil {
		return nil, err
	}
	return &fileText{rel: rel, text: string(data)}, nil
}

// line returns the 1-based line n, "" past the end. It scans the text
// rather than splitting it: a request reads one or two lines of a file
// that may have 100,000.
func (f *fileText) line(n int) string {
	if f.lines != nil {
		if n < 1 || n > len(f.lines) {
			return ""
		}
		return strings.TrimSuffix(f.lines[n-1], "\r")
	}
	rest := f.text
	for ; n > 1; n-- {
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			return ""
		}
		rest = rest[i+1:]
	}
	if n < 1 {
		return ""
	}
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimSuffix(rest, "\r")
}

// addHistory adds the line's blame, else the file's last commit, and the
// file's owners.
func addHistory(info index.RepoInfo, rel string, line int, a *Answer) {
	h := info.History
	if h == nil {
		return
	}
	a.Owners = history.OwnersOf(h.Owners, rel)
	for _, n := range []int{line, a.Source.Line} {
		if lc, ok := h.Lines[rel][n]; ok {
			a.LastChange = &lc
			return
		}
	}
	if fh := h.Files[rel]; fh != nil && len(fh.Commits) > 0 {
		a.LastChange = &model.LineChange{Commit: fh.Commits[0]}
		a.WholeFile = true
	}
}
