package lint

import (
	"regexp"
	"strings"

	"handover/internal/model"
)

// A document names a Terraform resource that is gone when it writes an
// address (aws_instance.web_old, module.db.aws_db_instance.main,
// data.aws_ami.ubuntu) of a resource type the repository's Terraform
// declares and no module declares a resource of that type and name. Types
// the repository never declares are not judged: a document may well speak
// of another team's resources, and prose rarely reads like type.name.

// tfAddress is a resource address in text: any module path, an optional
// data., then type.name, where the type is provider_kind.
var tfAddress = regexp.MustCompile(`(?:^|[^A-Za-z0-9_.$/-])(?:module\.[A-Za-z0-9_-]+(?:\[[^\]\s]*\])?\.)*(?:data\.)?([a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9])\.([A-Za-z_][A-Za-z0-9_-]*)`)

// fileExtensions are what follows a file's name, not a resource's type:
// aws_instance.tf is a file.
var fileExtensions = map[string]bool{
	"tf": true, "json": true, "md": true, "yml": true, "yaml": true, "hcl": true, "tfvars": true, "txt": true,
	"sh": true, "py": true, "rst": true, "html": true, "tpl": true, "j2": true, "tfstate": true, "go": true,
}

// resourceNaming is what the repository's Terraform declares.
type resourceNaming struct {
	declared map[string]bool              // "aws_instance.web", in any module
	byType   map[string][]*model.Resource // the resources of each type declared
}

func newResourceNaming(snap *model.Snapshot) *resourceNaming {
	n := &resourceNaming{declared: map[string]bool{}, byType: map[string][]*model.Resource{}}
	for _, m := range snap.Terraform {
		if m == nil {
			continue
		}
		for _, r := range m.Resources {
			key := r.Type + "." + r.Name
			if !n.declared[key] && !strings.HasPrefix(r.Address, "module.") {
				n.byType[r.Type] = append(n.byType[r.Type], r)
			}
			n.declared[key] = true
		}
	}
	return n
}

// gone are the addresses in a line of text that name a resource of a
// declared type that no module declares, each with the declared resource
// of its type whose name is nearest.
func (n *resourceNaming) gone(text string) (addresses []string, like []*model.Resource) {
	if len(n.byType) == 0 || !strings.Contains(text, "_") {
		return nil, nil
	}
	for _, m := range tfAddress.FindAllStringSubmatchIndex(text, -1) {
		typ, name := text[m[2]:m[3]], text[m[4]:m[5]]
		kin := n.byType[typ]
		if len(kin) == 0 || fileExtensions[strings.ToLower(name)] || n.declared[typ+"."+name] {
			continue
		}
		start := m[0]
		if start < len(text) && !isAddressStart(text[start]) {
			start++
		}
		addresses = append(addresses, text[start:m[5]])
		like = append(like, nearestByName(kin, name))
	}
	return addresses, like
}

func isAddressStart(c byte) bool { return c >= 'a' && c <= 'z' }

// nearestByName is the resource whose name shares the longest prefix with
// name; the first of equals.
func nearestByName(rs []*model.Resource, name string) *model.Resource {
	best, bestLen := rs[0], -1
	for _, r := range rs {
		l := 0
		for l < len(r.Name) && l < len(name) && r.Name[l] == name[l] {
			l++
		}
		if l > bestLen {
			best, bestLen = r, l
		}
	}
	return best
}
