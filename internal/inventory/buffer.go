package inventory

import (
	"path"
	"strings"

	"handover/internal/limits"
)

// An editor holds a file that may differ from the disk: these read the
// declarations of one file from its content, as ReadDeclarations reads them
// from the disk.

// FileDeclarations reads the declarations of one inventory file (INI or
// YAML) from data. rel is slash-separated, relative to the repository root.
func FileDeclarations(rel string, data []byte) *Declarations {
	d := newDeclarations()
	declarationsInFile(d, path.Clean(rel), data, 0o644)
	return d
}

// VarsFile is where a group_vars or host_vars file sits.
type VarsFile struct {
	// Base is the directory holding group_vars/ or host_vars/: the
	// inventory directory, or the directory of an inventory file.
	Base  string
	Owner string // the group or host the file sets variables for
	Group bool   // Owner is a group
}

// VarsFileOf says whose variables the file at rel sets: group_vars/web.yml
// and group_vars/web/main.yml both set group web's. ok is false outside
// group_vars/ and host_vars/.
func VarsFileOf(rel string) (vf VarsFile, ok bool) {
	parts := strings.Split(path.Clean(rel), "/")
	for i := len(parts) - 2; i >= 0; i-- {
		if parts[i] != "group_vars" && parts[i] != "host_vars" {
			continue
		}
		owner := parts[i+1]
		if i+2 == len(parts) {
			if ext := pyExt(owner); ext == ".yml" || ext == ".yaml" || ext == ".json" {
				owner = strings.TrimSuffix(owner, ext)
			}
		}
		return VarsFile{Base: path.Join(append([]string{"."}, parts[:i]...)...), Owner: owner, Group: parts[i] == "group_vars"}, true
	}
	return VarsFile{}, false
}

// VarsFileDeclarations reads the top-level variables of one group_vars or
// host_vars file from data.
func VarsFileDeclarations(rel string, data []byte, vf VarsFile) []VarDeclaration {
	return appendVarsFile(nil, path.Clean(rel), data, vf.Owner, vf.Group, limits.Default())
}
