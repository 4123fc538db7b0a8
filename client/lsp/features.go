package lsp

import (
	"bufio"
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"handover/client"
	"handover/internal/model"
	"handover/internal/pbconv"
	pb "handover/proto/handover/v1"
)

const callTimeout = 5 * time.Second

func (s *server) hover(_ *glsp.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	_, resp, err := s.explainAt(p.TextDocument.URI, p.Position)
	if resp == nil || err != nil {
		return nil, err
	}
	md, err := client.ExplainMarkdown(resp)
	if err != nil {
		return nil, err
	}
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: md}}, nil
}

// definition goes from a variable to where its effective value is set,
// from a module call to its directory, and from a host or group name
// anywhere to its inventory line (and a host to the Terraform block that
// creates it).
func (s *server) definition(_ *glsp.Context, p *protocol.DefinitionParams) (any, error) {
	repo, resp, err := s.explainAt(p.TextDocument.URI, p.Position)
	if resp == nil || err != nil {
		return nil, err
	}
	if resp.GetSubject() == pb.ExplainSubject_EXPLAIN_SUBJECT_VARIABLE {
		for _, v := range resp.GetValues() {
			if len(v.GetChain()) > 0 {
				src := v.GetChain()[0].GetSource()
				return []protocol.Location{s.location(repo, src.GetPath(), int(src.GetLine()))}, nil
			}
		}
	}
	if m := resp.GetItem().GetModule(); m != nil && (strings.HasPrefix(m.GetFrom(), "./") || strings.HasPrefix(m.GetFrom(), "../")) {
		dir := path.Join(path.Dir(m.GetSource().GetPath()), m.GetFrom())
		return []protocol.Location{s.location(repo, moduleFile(s.rootOf(repo), dir), 1)}, nil
	}
	word := s.wordAt(p.TextDocument.URI, p.Position)
	if word == "" {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	return s.namedLocations(ctx, repo, word)
}

// explainAt asks handoverd what is declared at pos of the document;
// resp is nil outside every repository.
func (s *server) explainAt(uri string, pos protocol.Position) (repo string, resp *pb.ExplainResponse, err error) {
	repo, rel, ok := s.locate(uri)
	if !ok {
		return "", nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	col := byteCol(s.lineText(uri, pos.Line), pos.Character)
	resp, err = s.c.Explain(ctx, repo, rel, int(pos.Line)+1, col+1, s.content(uri))
	return repo, resp, err
}

// namedLocations finds the hosts called word, with the Terraform blocks
// creating them, else the groups.
func (s *server) namedLocations(ctx context.Context, repo, word string) ([]protocol.Location, error) {
	var out []protocol.Location
	hosts, err := s.c.FindHosts(ctx, word, repo)
	if err == nil {
		for _, h := range hosts {
			out = append(out, s.location(repo, h.GetSource().GetPath(), int(h.GetSource().GetLine())))
		}
		for _, h := range hosts {
			for _, l := range h.GetLinks() {
				if l.GetRel() == pb.LinkRel_LINK_REL_CREATED_BY {
					out = append(out, s.location(repo, l.GetSource().GetPath(), int(l.GetSource().GetLine())))
				}
			}
		}
		return out, nil
	}
	res, err := s.c.Find(ctx, &pb.SearchRequest{Filter: &pb.SearchFilter{Repo: repo, Kind: pb.DocumentKind_DOCUMENT_KIND_GROUP, Name: word}, PageSize: 20})
	if err != nil {
		return nil, err
	}
	for _, h := range res.GetHits() {
		src := h.GetGroup().GetSource()
		out = append(out, s.location(repo, src.GetPath(), int(src.GetLine())))
	}
	return out, nil
}

// moduleFile is the file to open for a module directory: main.tf, else
// its first .tf file, else the directory.
func moduleFile(root, dir string) string {
	if _, err := os.Stat(filepath.Join(root, dir, "main.tf")); err == nil {
		return path.Join(dir, "main.tf")
	}
	if m, _ := filepath.Glob(filepath.Join(root, dir, "*.tf")); len(m) > 0 {
		return path.Join(dir, filepath.Base(m[0]))
	}
	return dir
}

// maxReferences bounds a references answer.
const maxReferences = 1000

// references finds where the name under the cursor is written, as a
// whole word, in the repository's text files.
func (s *server) references(_ *glsp.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
	repo, _, ok := s.locate(p.TextDocument.URI)
	word := s.wordAt(p.TextDocument.URI, p.Position)
	if !ok || word == "" {
		return nil, nil
	}
	re := regexp.MustCompile(`(^|[^A-Za-z0-9_.-])(` + regexp.QuoteMeta(word) + `)($|[^A-Za-z0-9_-]|\.[^A-Za-z0-9_-]|\.$)`)
	root := s.rootOf(repo)
	var out []protocol.Location
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || len(out) >= maxReferences {
			return filepath.SkipDir
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", ".terraform", "node_modules", "vendor":
				return filepath.SkipDir
			}
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > 1<<20 {
			return nil
		}
		out = append(out, grepFile(p, re)...)
		return nil
	})
	return out, nil
}

// grepFile returns the places re matches in a text file.
func grepFile(p string, re *regexp.Regexp) []protocol.Location {
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []protocol.Location
	sc := bufio.NewScanner(f)
	for n := uint32(0); sc.Scan(); n++ {
		line := sc.Text()
		if strings.IndexByte(line, 0) >= 0 {
			return nil // binary
		}
		for _, m := range re.FindAllStringSubmatchIndex(line, -1) {
			start, end := protocol.Position{Line: n, Character: utf16Col(line, m[4])}, protocol.Position{Line: n, Character: utf16Col(line, m[5])}
			out = append(out, protocol.Location{URI: pathURI(p), Range: protocol.Range{Start: start, End: end}})
		}
	}
	return out
}

// symbolKinds are the kinds shown as symbols, and how.
var symbolKinds = map[pb.DocumentKind]protocol.SymbolKind{
	pb.DocumentKind_DOCUMENT_KIND_HOST:     protocol.SymbolKindObject,
	pb.DocumentKind_DOCUMENT_KIND_GROUP:    protocol.SymbolKindNamespace,
	pb.DocumentKind_DOCUMENT_KIND_PLAY:     protocol.SymbolKindFunction,
	pb.DocumentKind_DOCUMENT_KIND_ROLE:     protocol.SymbolKindModule,
	pb.DocumentKind_DOCUMENT_KIND_RESOURCE: protocol.SymbolKindStruct,
	pb.DocumentKind_DOCUMENT_KIND_MODULE:   protocol.SymbolKindPackage,
	pb.DocumentKind_DOCUMENT_KIND_SOP:      protocol.SymbolKindFile,
}

// maxSymbols bounds a symbols answer.
const maxSymbols = 2000

func (s *server) documentSymbols(_ *glsp.Context, p *protocol.DocumentSymbolParams) (any, error) {
	repo, rel, ok := s.locate(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	res, err := s.c.FindAll(ctx, &pb.SearchRequest{Filter: &pb.SearchFilter{Repo: repo, Path: rel}}, maxSymbols)
	if err != nil {
		return nil, err
	}
	return s.symbols(repo, res.GetHits()), nil
}

func (s *server) workspaceSymbols(_ *glsp.Context, p *protocol.WorkspaceSymbolParams) ([]protocol.SymbolInformation, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	repo := s.opts.Repo
	if repo == "" && s.root != "" {
		repo, _, _ = s.locate(pathURI(filepath.Join(s.root, "x")))
	}
	res, err := s.c.Find(ctx, &pb.SearchRequest{Query: p.Query, Filter: &pb.SearchFilter{Repo: repo}, PageSize: 200})
	if err != nil {
		return nil, err
	}
	return s.symbols(repo, res.GetHits()), nil
}

// symbols turns search hits of the symbol kinds into symbols.
func (s *server) symbols(repo string, hits []*pb.SearchHit) []protocol.SymbolInformation {
	out := []protocol.SymbolInformation{}
	for _, h := range hits {
		kind, ok := symbolKinds[h.GetKind()]
		if !ok {
			continue
		}
		it, err := pbconv.ItemFromHit(h)
		if err != nil {
			continue
		}
		src := it.Declared()
		r := repo
		if src.Repo != "" {
			r = src.Repo
		}
		out = append(out, protocol.SymbolInformation{Name: itemName(it), Kind: kind, Location: s.location(r, src.Path, src.Line)})
	}
	return out
}

// itemName is what a symbol of it is called.
func itemName(it model.Item) string {
	switch it := it.(type) {
	case *model.Host:
		return it.Name
	case *model.Group:
		return it.Name
	case *model.Play:
		return it.Name
	case *model.Role:
		return it.Name
	case *model.Resource:
		return it.Address
	case *model.ModuleCall:
		return it.Address
	case *model.SOP:
		return it.Title
	}
	return ""
}

// hostsLine matches a playbook's hosts: line up to the cursor.
var hostsLine = regexp.MustCompile(`^\s*-?\s*hosts:`)

// completion offers host and group names in inventories and on hosts:
// lines.
func (s *server) completion(_ *glsp.Context, p *protocol.CompletionParams) (any, error) {
	repo, rel, ok := s.locate(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	line := s.lineText(p.TextDocument.URI, p.Position.Line)
	before := line[:byteCol(line, p.Position.Character)]
	inventory := strings.Contains(rel, "inventor") || strings.HasSuffix(rel, ".ini") || strings.Contains(rel, "hosts")
	if !inventory && !hostsLine.MatchString(before) {
		return nil, nil
	}
	prefix := before[strings.LastIndexAny(before, " \t[:,&!\"'")+1:]
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	items := []protocol.CompletionItem{}
	for _, k := range []pb.DocumentKind{pb.DocumentKind_DOCUMENT_KIND_GROUP, pb.DocumentKind_DOCUMENT_KIND_HOST} {
		q := ""
		if prefix != "" {
			q = "name:" + escapeQuery(prefix) + "*"
		}
		res, err := s.c.Find(ctx, &pb.SearchRequest{Query: q, Filter: &pb.SearchFilter{Repo: repo, Kind: k}, PageSize: 50})
		if err != nil {
			return nil, err
		}
		kind := protocol.CompletionItemKindModule
		if k == pb.DocumentKind_DOCUMENT_KIND_HOST {
			kind = protocol.CompletionItemKindValue
		}
		seen := map[string]bool{}
		for _, h := range res.GetHits() {
			it, err := pbconv.ItemFromHit(h)
			if err != nil || seen[itemName(it)] {
				continue
			}
			name := itemName(it)
			seen[name] = true
			detail := string(it.Kind()) + " in " + it.Declared().String()
			items = append(items, protocol.CompletionItem{Label: name, Kind: &kind, Detail: &detail})
		}
	}
	return items, nil
}

// escapeQuery escapes the characters a bleve query string gives meaning.
func escapeQuery(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`+-=&|><!(){}[]^"~*?:\/ `, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// lineText is the 0-based line n of the open document, or of the file on
// disk.
func (s *server) lineText(uri string, n uint32) string {
	text, _, open := s.buffer(uri)
	if !open {
		data, err := os.ReadFile(uriPath(uri))
		if err != nil {
			return ""
		}
		text = string(data)
	}
	_, line, _ := lineAt(text, n)
	return line
}

// wordAt is the name under the cursor at pos of the document.
func (s *server) wordAt(uri string, pos protocol.Position) string {
	line := s.lineText(uri, pos.Line)
	return wordAt(line, byteCol(line, pos.Character))
}

// wordAt is the host, group or variable name around byte col of line.
func wordAt(line string, col int) string {
	isName := func(c byte) bool {
		return c == '_' || c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	if col > len(line) {
		col = len(line)
	}
	start, end := col, col
	for start > 0 && isName(line[start-1]) {
		start--
	}
	for end < len(line) && isName(line[end]) {
		end++
	}
	return strings.Trim(line[start:end], ".-")
}
