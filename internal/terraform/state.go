package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"handover/internal/limits"
	"handover/internal/model"
)

// ApplyState reads a terraform.tfstate / *.tfstate JSON file (slash path
// relative to root) and attaches its resource instances to the matching
// resources of mods. The module in the state file's directory is the root
// module (for a workspace state under terraform.tfstate.d/NAME/, the
// directory above terraform.tfstate.d); instances under module.NAME attach to
// the resources of the module that module.NAME's local source ("./x",
// "../x") points to, when it is in mods. Registry and remote modules are not
// followed.
//
// Returns per-file problems (unreadable file, bad JSON, unknown format
// version) with file:line where possible, and a warning for each managed
// resource the state has but the configuration does not declare.
func ApplyState(root, statePath string, mods []*model.TerraformModule) []model.Problem {
	return ApplyStateLimited(root, statePath, mods, limits.Limits{})
}

// ApplyStateLimited is ApplyState for a state file of at most
// lim.StateBytes inside root: a bigger one, or one that a symlink places
// outside root, is a problem and not read.
func ApplyStateLimited(root, statePath string, mods []*model.TerraformModule, lim limits.Limits) []model.Problem {
	data, err := lim.ReadState(root, statePath)
	if err != nil {
		return []model.Problem{problem(model.Source{Path: statePath}, err.Error())}
	}
	return applyState(statePath, data, mods)
}

// applyState is ApplyState for a state file already read.
func applyState(statePath string, data []byte, mods []*model.TerraformModule) []model.Problem {
	st, err := decodeState(data)
	if err != nil {
		var pe *posError
		line := 0
		if errors.As(err, &pe) {
			line = pe.line
		}
		return []model.Problem{problem(model.Source{Path: statePath, Line: line}, "not a Terraform state: "+err.Error())}
	}
	switch {
	case st.backend:
		// .terraform/terraform.tfstate holds the backend configuration,
		// not resources.
		return nil
	case !st.hasVersion:
		return []model.Problem{problem(model.Source{Path: statePath, Line: 1}, "not a Terraform state: no format version")}
	case st.version != "4":
		return []model.Problem{problem(model.Source{Path: statePath, Line: st.versionLine},
			fmt.Sprintf("unsupported state format version %s: handover reads version 4 (Terraform 0.12 and later)", st.version))}
	}

	byDir := make(map[string]*model.TerraformModule, len(mods))
	for _, m := range mods {
		byDir[m.Dir] = m
	}
	rootDir := stateRootDir(statePath)
	if byDir[rootDir] == nil {
		return nil // no configuration here to attach to
	}
	var probs []model.Problem
	for _, rs := range st.resources {
		dir, ok := moduleDir(rootDir, rs.Module, byDir)
		if !ok {
			continue
		}
		r := findResource(byDir[dir], rs.Mode, rs.Type, rs.Name)
		if r == nil {
			if rs.Mode == model.ModeManaged {
				probs = append(probs, model.Problem{
					Source:   model.Source{Path: statePath, Line: rs.line},
					Severity: model.SeverityWarning,
					Message:  fmt.Sprintf("state has %s but the configuration in %s does not declare it", rs.address(), dir),
				})
			}
			continue
		}
		for i := range rs.instances {
			in := &rs.instances[i]
			if in.Deposed != "" {
				continue // an old object waiting to be destroyed
			}
			r.Instances = append(r.Instances, in.instance(statePath, rs.Module))
		}
	}
	return probs
}

// stateRootDir is the root module's directory for a state file.
func stateRootDir(statePath string) string {
	parts := strings.Split(path.Dir(statePath), "/")
	for i, p := range parts {
		if p == "terraform.tfstate.d" {
			if d := path.Join(parts[:i]...); d != "" {
				return d
			}
			return "."
		}
	}
	return path.Dir(statePath)
}

// moduleDir follows a state module address (module.a[0].module.b) through
// the module calls' local sources, starting at the root module's directory.
func moduleDir(dir, addr string, byDir map[string]*model.TerraformModule) (string, bool) {
	names, ok := moduleNames(addr)
	if !ok {
		return "", false
	}
	for _, name := range names {
		m := byDir[dir]
		if m == nil {
			return "", false
		}
		var from string
		for _, c := range m.Modules {
			if c.Name == name {
				from = c.From
				break
			}
		}
		if !strings.HasPrefix(from, "./") && !strings.HasPrefix(from, "../") {
			return "", false
		}
		dir = path.Join(dir, from)
	}
	return dir, byDir[dir] != nil
}

// moduleNames splits module.a[0].module.b["x"] into a, b.
func moduleNames(addr string) ([]string, bool) {
	var names []string
	for addr != "" {
		rest, ok := strings.CutPrefix(addr, "module.")
		if !ok {
			return nil, false
		}
		i := strings.IndexAny(rest, ".[")
		if i < 0 {
			return append(names, rest), true
		}
		names = append(names, rest[:i])
		rest = rest[i:]
		if rest[0] == '[' {
			end := keyEnd(rest)
			if end < 0 {
				return nil, false
			}
			rest = rest[end:]
		}
		if rest == "" {
			break
		}
		if rest[0] != '.' {
			return nil, false
		}
		addr = rest[1:]
	}
	return names, true
}

// keyEnd returns the index after the ] that closes the key s starts with,
// skipping a quoted string key, or -1.
func keyEnd(s string) int {
	i := 1
	if i < len(s) && s[i] == '"' {
		for i++; i < len(s) && s[i] != '"'; i++ {
			if s[i] == '\\' {
				i++
			}
		}
		i++
	}
	if j := strings.IndexByte(s[min(i, len(s)):], ']'); j >= 0 {
		return min(i, len(s)) + j + 1
	}
	return -1
}

func findResource(m *model.TerraformModule, mode, typ, name string) *model.Resource {
	for _, r := range m.Resources {
		if r.Mode == mode && r.Type == typ && r.Name == name {
			return r
		}
	}
	return nil
}

// stateDoc is what handover reads of a state file. Outputs are skipped
// without being decoded: a sensitive output's value must never be read.
type stateDoc struct {
	version     string
	hasVersion  bool
	versionLine int
	backend     bool
	resources   []stateResource
}

type stateResource struct {
	Module, Mode, Type, Name string
	line                     int
	instances                []stateInstance
}

func (r *stateResource) address() string {
	a := r.Type + "." + r.Name
	if r.Mode == model.ModeData {
		a = "data." + a
	}
	if r.Module != "" {
		a = r.Module + "." + a
	}
	return a
}

type stateInstance struct {
	IndexKey            any               `json:"index_key"`
	Deposed             string            `json:"deposed"`
	Attributes          map[string]any    `json:"attributes"`
	AttributesFlat      map[string]string `json:"attributes_flat"` // states upgraded from Terraform 0.11
	SensitiveAttributes json.RawMessage   `json:"sensitive_attributes"`
	SensitiveValues     json.RawMessage   `json:"sensitive_values"` // terraform show -json's shape
	line                int
}

// posError is a decoding error at a line of the state file.
type posError struct {
	line int
	err  error
}

func (e *posError) Error() string { return e.err.Error() }
func (e *posError) Unwrap() error { return e.err }

// stateDecoder streams a state file so that resources and instances keep
// the line they start on.
type stateDecoder struct {
	dec  *json.Decoder
	data []byte
	// lineOff and lineNo are the last offset line was asked for and its
	// line: offsets only grow, so counting goes on from there, and a state
	// of a hundred thousand resources is not counted from the top each time.
	lineOff, lineNo int
}

func decodeState(data []byte) (st stateDoc, err error) {
	d := &stateDecoder{dec: json.NewDecoder(bytes.NewReader(data)), data: data}
	d.dec.UseNumber()
	defer func() {
		if err != nil {
			err = &posError{line: d.errLine(err), err: err}
		}
	}()
	if err := d.delim('{'); err != nil {
		return st, err
	}
	for d.dec.More() {
		key, err := d.key()
		if err != nil {
			return st, err
		}
		switch key {
		case "version":
			st.versionLine = d.line()
			var v json.Number
			if err := d.dec.Decode(&v); err != nil {
				return st, err
			}
			st.version, st.hasVersion = v.String(), true
		case "backend":
			st.backend = true
			err = d.skip()
		case "resources":
			st.resources, err = d.resources()
		default:
			err = d.skip()
		}
		if err != nil {
			return st, err
		}
	}
	return st, d.delim('}')
}

func (d *stateDecoder) resources() ([]stateResource, error) {
	tok, err := d.dec.Token()
	if err != nil || tok == nil {
		return nil, err
	}
	if tok != json.Delim('[') {
		return nil, fmt.Errorf("resources is %v, not a list", tok)
	}
	var out []stateResource
	for d.dec.More() {
		r := stateResource{line: d.line()}
		if err := d.delim('{'); err != nil {
			return nil, err
		}
		for d.dec.More() {
			key, err := d.key()
			if err != nil {
				return nil, err
			}
			switch key {
			case "module":
				err = d.dec.Decode(&r.Module)
			case "mode":
				err = d.dec.Decode(&r.Mode)
			case "type":
				err = d.dec.Decode(&r.Type)
			case "name":
				err = d.dec.Decode(&r.Name)
			case "instances":
				r.instances, err = d.instances()
			default:
				err = d.skip()
			}
			if err != nil {
				return nil, err
			}
		}
		if err := d.delim('}'); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, d.delim(']')
}

func (d *stateDecoder) instances() ([]stateInstance, error) {
	tok, err := d.dec.Token()
	if err != nil || tok == nil {
		return nil, err
	}
	if tok != json.Delim('[') {
		return nil, fmt.Errorf("instances is %v, not a list", tok)
	}
	var out []stateInstance
	for d.dec.More() {
		in := stateInstance{line: d.line()}
		if err := d.dec.Decode(&in); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, d.delim(']')
}

func (d *stateDecoder) delim(want json.Delim) error {
	tok, err := d.dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("found %v where %v was expected", tok, want)
	}
	return nil
}

func (d *stateDecoder) key() (string, error) {
	tok, err := d.dec.Token()
	if err != nil {
		return "", err
	}
	s, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("found %v where a key was expected", tok)
	}
	return s, nil
}

// skip reads past one value without keeping it.
func (d *stateDecoder) skip() error {
	depth := 0
	for {
		tok, err := d.dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth <= 0 {
			return nil
		}
	}
}

// line is the line of the next value: InputOffset points just past the
// previous token, before any separator and white space.
func (d *stateDecoder) line() int {
	off := int(d.dec.InputOffset())
	for off < len(d.data) && strings.IndexByte(" \t\r\n,:", d.data[off]) >= 0 {
		off++
	}
	if off < d.lineOff || d.lineNo == 0 {
		d.lineOff, d.lineNo = 0, 1
	}
	d.lineNo += bytes.Count(d.data[d.lineOff:off], []byte("\n"))
	d.lineOff = off
	return d.lineNo
}

func (d *stateDecoder) errLine(err error) int {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return lineAt(d.data, int(se.Offset))
	case errors.As(err, &te):
		return lineAt(d.data, int(te.Offset))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return lineAt(d.data, len(d.data))
	}
	return d.line()
}

func lineAt(data []byte, off int) int {
	off = max(0, min(off, len(data)))
	return 1 + bytes.Count(data[:off], []byte("\n"))
}
