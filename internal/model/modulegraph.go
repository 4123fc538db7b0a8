package model

import (
	"slices"
	"strings"
)

// ApplyOrder is the order terraform apply runs the root modules in: each
// after every root it depends on, in waves (the roots of one wave depend
// on nothing in it and may run side by side), each wave sorted by
// directory. Roots caught in a dependency cycle cannot be ordered; they
// are returned apart.
func ApplyOrder(dirs []*ModuleDir) (waves [][]string, cyclic []string) {
	deps := map[string][]string{}
	for _, d := range dirs {
		if d == nil || !d.Root || d.Part != "" {
			continue
		}
		deps[d.Dir] = deps[d.Dir][:0:0]
		for _, dep := range d.DependsOn {
			if dep.Dir != d.Dir && !slices.Contains(deps[d.Dir], dep.Dir) {
				deps[d.Dir] = append(deps[d.Dir], dep.Dir)
			}
		}
	}
	done := map[string]bool{}
	for len(done) < len(deps) {
		var wave []string
		for dir, on := range deps {
			if done[dir] {
				continue
			}
			ready := true
			for _, o := range on {
				if _, known := deps[o]; known && !done[o] {
					ready = false
					break
				}
			}
			if ready {
				wave = append(wave, dir)
			}
		}
		if len(wave) == 0 {
			for dir := range deps {
				if !done[dir] {
					cyclic = append(cyclic, dir)
				}
			}
			slices.Sort(cyclic)
			return waves, cyclic
		}
		slices.Sort(wave)
		for _, dir := range wave {
			done[dir] = true
		}
		waves = append(waves, wave)
	}
	return waves, nil
}

// SortForApply orders one repository's module directories as a graph
// reads best: the roots in apply order (ApplyOrder's waves, then any in a
// cycle), then the reusable modules by directory.
func SortForApply(dirs []*ModuleDir) []*ModuleDir {
	waves, cyclic := ApplyOrder(dirs)
	rank := map[string]int{}
	n := 0
	for _, w := range waves {
		for _, d := range w {
			rank[d] = n
			n++
		}
	}
	for _, d := range cyclic {
		rank[d] = n
		n++
	}
	out := slices.Clone(dirs)
	slices.SortStableFunc(out, func(a, b *ModuleDir) int {
		ra, oka := rank[a.Dir]
		rb, okb := rank[b.Dir]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(a.Dir, b.Dir)
	})
	return out
}

// FirstSentence is text's first sentence, on one line: what a module is
// for, in a list of modules.
func FirstSentence(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if i := strings.Index(text, ". "); i > 0 {
		text = text[:i+1]
	}
	return text
}
