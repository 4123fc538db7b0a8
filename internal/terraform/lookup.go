package terraform

import (
	"maps"
	"slices"
	"strings"

	"handover/internal/model"
)

// A data source that looks a resource up by its tags reads what another
// root module manages: data "aws_subnet" "private" { filter { name =
// "tag:Name" values = ["acme-private"] } } or { tags = { Tier = "private" }
// } depends on the root whose aws_subnet carries those tags. As in the
// provider, every condition must hold (tags and filters alike) and a
// filter's values are alternatives. A data source of a plural type
// (aws_instances, aws_subnets) finds resources of the singular one.

// tagCondition is one condition of a lookup: the tag key and the values
// it accepts.
type tagCondition struct {
	key    string
	values []string
}

// tagConditions are a data source's tag conditions, sorted by key: its
// tags map and its filter { name = "tag:K" } blocks (filter.tag:K
// attributes). Values redacted away are no condition one can match.
func tagConditions(r *model.Resource) []tagCondition {
	var out []tagCondition
	for _, k := range slices.Sorted(maps.Keys(r.Tags)) {
		out = append(out, tagCondition{k, []string{r.Tags[k]}})
	}
	for _, a := range r.Attrs {
		k, ok := strings.CutPrefix(a.Name, "filter.tag:")
		if !ok {
			continue
		}
		var values []string
		switch v := a.Value.(type) {
		case []any:
			for _, x := range v {
				if s, ok := x.(string); ok {
					values = append(values, s)
				}
			}
		case string:
			values = []string{v}
		}
		out = append(out, tagCondition{k, values})
	}
	slices.SortStableFunc(out, func(a, b tagCondition) int { return strings.Compare(a.key, b.key) })
	return out
}

// managedIndex finds managed resources by type and one tag or name.
type managedIndex struct {
	byTag  map[string][]managedRef // "aws_subnet\x00Name\x00acme-private"
	byName map[string][]managedRef // "aws_subnet\x00acme-private"
}

type managedRef struct {
	dir string
	r   *model.Resource
}

func newManagedIndex(mods []*model.TerraformModule) *managedIndex {
	ix := &managedIndex{byTag: map[string][]managedRef{}, byName: map[string][]managedRef{}}
	for _, m := range mods {
		if m == nil {
			continue
		}
		for _, r := range m.Resources {
			if r.Mode != model.ModeManaged {
				continue
			}
			ref := managedRef{m.Dir, r}
			for k, v := range resourceTags(r) {
				if v != "" {
					key := r.Type + "\x00" + k + "\x00" + v
					ix.byTag[key] = append(ix.byTag[key], ref)
				}
			}
			if n := model.StringVar(r.Attrs, "name"); n != "" {
				ix.byName[r.Type+"\x00"+n] = append(ix.byName[r.Type+"\x00"+n], ref)
			}
		}
	}
	return ix
}

// found is a module directory a lookup finds a resource in, and what
// matched: "tag:Name=acme-private", "name=shop".
type found struct {
	dir string
	key string
}

// lookup is where the resources a data source looks up are managed: by
// its tag conditions, else by its name attribute. One match per
// directory.
func (ix *managedIndex) lookup(d *model.Resource) []found {
	var out []found
	add := func(dir, key string) {
		if !slices.ContainsFunc(out, func(f found) bool { return f.dir == dir }) {
			out = append(out, found{dir, key})
		}
	}
	types := []string{d.Type}
	if single, ok := strings.CutSuffix(d.Type, "s"); ok {
		types = append(types, single)
	}
	conds := tagConditions(d)
	for _, typ := range types {
		if len(conds) > 0 {
			for _, v := range conds[0].values {
				for _, ref := range ix.byTag[typ+"\x00"+conds[0].key+"\x00"+v] {
					if key, ok := matchTags(ref.r, conds); ok {
						add(ref.dir, key)
					}
				}
			}
			continue
		}
		if n := model.StringVar(d.Attrs, "name"); n != "" {
			for _, ref := range ix.byName[typ+"\x00"+n] {
				add(ref.dir, "name="+n)
			}
		}
	}
	return out
}

// resourceTags are r's literal tags, and for a resource made through a
// module call (which keeps only its evaluated name tag, as tags.Name) that
// one.
func resourceTags(r *model.Resource) map[string]string {
	if len(r.Tags) > 0 {
		return r.Tags
	}
	for _, a := range r.Attrs {
		if k, ok := strings.CutPrefix(a.Name, "tags."); ok {
			if s, ok := a.Value.(string); ok {
				return map[string]string{k: s}
			}
		}
	}
	return nil
}

// matchTags reports whether r's tags meet every condition, and says how:
// "tag:Name=acme-private, tag:Tier=private".
func matchTags(r *model.Resource, conds []tagCondition) (string, bool) {
	parts := make([]string, 0, len(conds))
	tags := resourceTags(r)
	for _, c := range conds {
		v, ok := tags[c.key]
		if !ok || v == "" || !slices.Contains(c.values, v) {
			return "", false
		}
		parts = append(parts, "tag:"+c.key+"="+v)
	}
	return strings.Join(parts, ", "), true
}
