package lint

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"handover/internal/model"
)

// A document names a Terraform resource that is gone when it writes an
// address (aws_instance.web_old, module.db.aws_db_instance.main,
// data.aws_ami.ubuntu) of a resource type the repository's Terraform
// declares and no module declares a resource of that type and name. Types
// the repository never declares are not judged: a document may well speak
// of another team's resources, and prose rarely reads like type.name.
// A module call (module.pg03) is judged when it is a -target or is named
// like the repository's calls (pg01 and pg02 are called): module.exports
// in a JavaScript note is neither.

// tfAddress is a resource address in text: any module path, an optional
// data., then type.name, where the type is provider_kind.
var tfAddress = regexp.MustCompile(`(?:^|[^A-Za-z0-9_.$/-])(?:module\.[A-Za-z0-9_-]+(?:\[[^\]\s]*\])?\.)*(?:data\.)?([a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9])\.([A-Za-z_][A-Za-z0-9_-]*)`)

// fileExtensions are what follows a file's name, not a resource's type:
// aws_instance.tf is a file.
var fileExtensions = map[string]bool{
	"tf": true, "json": true, "md": true, "yml": true, "yaml": true, "hcl": true, "tfvars": true, "txt": true,
	"sh": true, "py": true, "rst": true, "html": true, "tpl": true, "j2": true, "tfstate": true, "go": true,
}

// moduleMention is module.NAME in text, and whether it is a -target.
var moduleMention = regexp.MustCompile(`(?:^|[^A-Za-z0-9_.$/-])(-target[= ]['"]?)?module\.([A-Za-z0-9_-]+)`)

// resourceNaming is what the repository's Terraform declares.
type resourceNaming struct {
	declared map[string]bool              // "aws_instance.web", in any module
	byType   map[string][]*model.Resource // the resources of each type declared
	calls    map[string]*model.ModuleCall // module calls by name, in any module
	shapes   map[string]*model.ModuleCall // "pg/2": a call whose name has that shape
}

func newResourceNaming(snap *model.Snapshot) *resourceNaming {
	n := &resourceNaming{declared: map[string]bool{}, byType: map[string][]*model.Resource{},
		calls: map[string]*model.ModuleCall{}, shapes: map[string]*model.ModuleCall{}}
	for _, m := range snap.Terraform {
		if m == nil {
			continue
		}
		for _, c := range m.Modules {
			if n.calls[c.Name] == nil {
				n.calls[c.Name] = c
			}
			if key := shapeKey(strings.ToLower(c.Name)); key != "" && n.shapes[key] == nil {
				n.shapes[key] = c
			}
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

// goneMention is a resource or module call a line names that the
// Terraform does not have, and what to say about it.
type goneMention struct{ name, fix, message string }

// mentions are the resources and module calls a line names that are gone.
func (n *resourceNaming) mentions(text string) []goneMention {
	var out []goneMention
	addresses, like := n.gone(text)
	for i, a := range addresses {
		r := like[i]
		out = append(out, goneMention{a, "update the text to the resource that does the job today, or say that " + a + " was removed",
			fmt.Sprintf("names resource %s, which no Terraform module declares (%s resources are declared like %s, at %s)", a, r.Type, r.Address, r.Source)})
	}
	calls, callLike := n.goneCalls(text)
	for i, a := range calls {
		c := callLike[i]
		out = append(out, goneMention{a, "update the text to the module call that does the job today, or say that " + a + " was removed",
			fmt.Sprintf("names module call %s, which no Terraform module makes (calls are named like %s, at %s)", a, c.Address, c.Source)})
	}
	return out
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

// goneCalls are the module calls a line names that no module makes, each
// with the call it is judged by: one of the same shape, or for a -target
// any call.
func (n *resourceNaming) goneCalls(text string) (names []string, like []*model.ModuleCall) {
	if len(n.calls) == 0 || !strings.Contains(text, "module.") {
		return nil, nil
	}
	for _, m := range moduleMention.FindAllStringSubmatch(text, -1) {
		target, name := m[1] != "", m[2]
		if n.calls[name] != nil {
			continue
		}
		c := n.shapes[shapeKey(strings.ToLower(name))]
		if c == nil && target {
			c = nearestCall(n.calls, name)
		}
		if c != nil {
			names = append(names, "module."+name)
			like = append(like, c)
		}
	}
	return names, like
}

// nearestCall is the call whose name shares the longest prefix with name;
// of equals, the first by name.
func nearestCall(calls map[string]*model.ModuleCall, name string) *model.ModuleCall {
	var best *model.ModuleCall
	bestLen := -1
	for _, k := range slices.Sorted(maps.Keys(calls)) {
		if l := commonPrefix(k, name); l > bestLen {
			best, bestLen = calls[k], l
		}
	}
	return best
}

func commonPrefix(a, b string) int {
	l := 0
	for l < len(a) && l < len(b) && a[l] == b[l] {
		l++
	}
	return l
}

func isAddressStart(c byte) bool { return c >= 'a' && c <= 'z' }

// nearestByName is the resource whose name shares the longest prefix with
// name; the first of equals.
func nearestByName(rs []*model.Resource, name string) *model.Resource {
	best, bestLen := rs[0], -1
	for _, r := range rs {
		if l := commonPrefix(r.Name, name); l > bestLen {
			best, bestLen = r, l
		}
	}
	return best
}
