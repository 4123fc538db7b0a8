package summary

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"handover/internal/model"
)

const maxADRs = 5

// docFile is one markdown file among the docs: the index keeps one Doc
// per section, all with the file's title and title line.
type docFile struct {
	path   string
	title  string
	source model.Source
}

// docFiles are the docs, one per file, in path order.
func (in *Input) docFiles() []docFile {
	seen := map[string]bool{}
	var out []docFile
	for _, d := range in.Docs {
		if seen[d.Source.Path] {
			continue
		}
		seen[d.Source.Path] = true
		out = append(out, docFile{d.Source.Path, d.Title, d.Source})
	}
	slices.SortFunc(out, func(a, b docFile) int { return strings.Compare(a.path, b.path) })
	return out
}

// knownFile reports whether the repository has the file: git knows it,
// something was read from it, or it is on disk under Root.
func (in *Input) knownFile(p string) bool {
	if in.History != nil {
		if _, ok := in.History.Files[p]; ok {
			return true
		}
	}
	for _, pr := range in.Problems {
		if pr.Source.Path == p {
			return true
		}
	}
	if in.Root == "" {
		return false
	}
	_, err := os.Stat(filepath.Join(in.Root, filepath.FromSlash(p)))
	return err == nil
}

func isReadme(p string) bool {
	return strings.HasPrefix(strings.ToLower(path.Base(p)), "readme")
}

func isADR(p string) bool {
	l := "/" + strings.ToLower(p)
	return strings.Contains(l, "/adr/") || strings.Contains(l, "/adrs/") || strings.Contains(l, "/decisions/") ||
		strings.Contains(l, "/decision-records/")
}

func isArchitecture(p string) bool {
	l := strings.ToLower(path.Base(p))
	for _, w := range []string{"architecture", "overview", "design", "onboarding", "getting-started", "getting_started"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// startHere lists where to start reading, in the order a newcomer should.
func (in *Input) startHere() Section {
	s := Section{ID: SectionStartHere, Title: "Where to start reading",
		Intro: "In this order: the overview, how the pieces fit and why they are so, then the files everything else refers to."}
	docs := in.docFiles()
	var readme, arch, adrs, sopIndex []Line
	for _, d := range docs {
		l := Line{Text: d.path + ": " + d.title, Source: d.source}
		switch {
		case isReadme(d.path) && dirOf(d.path) == ".":
			l.Text += " (the repository's own introduction)"
			readme = append(readme, l)
		case isReadme(d.path) && in.sopDir(dirOf(d.path)):
			l.Text += " (the list of SOPs)"
			sopIndex = append(sopIndex, l)
		case isADR(d.path):
			adrs = append(adrs, l)
		case isArchitecture(d.path):
			arch = append(arch, l)
		}
	}
	s.Lines = append(s.Lines, readme...)
	s.Lines = append(s.Lines, arch...)
	if len(adrs) > 0 {
		top := Line{Text: "Decision records (why things are the way they are): " + plural(len(adrs), "ADR")}
		top.Lines = capLines(adrs, maxADRs, "ADRs")
		s.Lines = append(s.Lines, top)
	}
	s.Lines = append(s.Lines, sopIndex...)
	if inv, n := in.mainInventory(); inv != "" {
		s.Lines = append(s.Lines, Line{
			Text:   fmt.Sprintf("%s: the main inventory (%s); the comment above each host says what it is for", inv, plural(n, "host")),
			Source: model.Source{Path: inv},
		})
	}
	for _, cfg := range []string{"ansible.cfg", "ansible/ansible.cfg"} {
		if in.knownFile(cfg) {
			s.Lines = append(s.Lines, Line{Text: cfg + ": which inventories ansible loads and how it connects", Source: model.Source{Path: cfg}})
			break
		}
	}
	if dir, n := in.mainTerraformDir(); dir != "" {
		s.Lines = append(s.Lines, Line{
			Text:   fmt.Sprintf("%s: the Terraform directory with the most resources (%d)", dir, n),
			Source: model.Source{Path: dir},
		})
	}
	if len(s.Lines) == 0 {
		s.Intro = "No README, architecture docs or inventories were found: ask the team where the overview lives."
	}
	return s
}

// sopDir reports whether any SOP lives in dir.
func (in *Input) sopDir(dir string) bool {
	for _, s := range in.SOPs {
		if dirOf(s.Source.Path) == dir {
			return true
		}
	}
	return false
}

// mainInventory is the inventory with the most hosts.
func (in *Input) mainInventory() (string, int) {
	counts := map[string]int{}
	for _, h := range in.Hosts {
		counts[h.Inventory]++
	}
	return largest(counts)
}

// mainTerraformDir is the Terraform directory with the most managed
// resources.
func (in *Input) mainTerraformDir() (string, int) {
	counts := map[string]int{}
	for _, r := range in.Resources {
		if r.Mode != "data" {
			counts[r.Module]++
		}
	}
	return largest(counts)
}

// largest is the key with the largest count, the first by name of equals.
func largest(counts map[string]int) (string, int) {
	best := ""
	for _, k := range sortedKeys(counts) {
		if best == "" || counts[k] > counts[best] {
			best = k
		}
	}
	return best, counts[best]
}
