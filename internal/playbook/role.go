package playbook

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"handover/internal/limits"
	"handover/internal/model"
)

// mainFile is the main file of a role's subdirectory as ansible looks for
// it (main.yml, main.yaml, main), "" when there is none.
func mainFile(root, dir, sub string) string {
	for _, name := range []string{"main.yml", "main.yaml", "main"} {
		rel := path.Join(dir, sub, name)
		if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel))); err == nil && fi.Mode().IsRegular() {
			return rel
		}
	}
	return ""
}

// IsRole reports whether root/dir holds a role: a main file in tasks/,
// meta/, handlers/, defaults/ or vars/.
func IsRole(root, dir string) bool {
	for _, sub := range []string{"tasks", "meta", "handlers", "defaults", "vars"} {
		if mainFile(root, dir, sub) != "" {
			return true
		}
	}
	return false
}

// ReadRole reads the role in root/dir.
func ReadRole(root, dir string) (*model.Role, []model.Problem) {
	r := &model.Role{Name: path.Base(dir), Dir: dir}
	var problems []model.Problem
	read := func(sub string) *yamlFile {
		rel := mainFile(root, dir, sub)
		if rel == "" {
			return nil
		}
		if r.Source.Path == "" {
			r.Source = model.Source{Path: rel, Line: 1}
		}
		doc, err := readYAML(root, rel)
		if err != nil {
			problems = append(problems, problem(rel, err))
			return nil
		}
		return &yamlFile{rel: rel, doc: doc}
	}
	if f := read("tasks"); f != nil {
		r.Tasks = readTasksInlined(root, path.Join(dir, "tasks"), f, "tasks", &problems, 0)
	}
	if f := read("meta"); f != nil {
		r.Description = strings.TrimSpace(scalar(get(get(f.doc, "galaxy_info"), "description")))
		r.Dependencies = roleUses(f.rel, get(f.doc, "dependencies"), "dependency")
	}
	if f := read("handlers"); f != nil {
		r.Handlers = taskReader{rel: f.rel}.tasks(f.doc, "handlers", nil, nil)
	}
	if f := read("defaults"); f != nil {
		r.Defaults = vars(f.doc)
	}
	if f := read("vars"); f != nil {
		r.Vars = vars(f.doc)
	}
	if r.Source.Path == "" {
		r.Source = model.Source{Path: dir}
	}
	r.Readme, r.ReadmeSource = readmeParagraph(root, dir)
	r.Templates = templates(root, dir)
	return r, problems
}

type yamlFile struct {
	rel string
	doc *yaml.Node
}

// maxImportDepth stops import_tasks loops.
const maxImportDepth = 8

// readTasksInlined reads a role's task file with the files its
// import_tasks name (relative to the role's tasks/) read in after them,
// as ansible inlines static imports.
func readTasksInlined(root, tasksDir string, f *yamlFile, section string, problems *[]model.Problem, depth int) []model.Task {
	var out []model.Task
	for _, t := range (taskReader{rel: f.rel}).tasks(f.doc, section, nil, nil) {
		out = append(out, t)
		if shortAction(t.Action) != "import_tasks" || t.File == "" || strings.Contains(t.File, "{{") || depth >= maxImportDepth {
			continue
		}
		rel := path.Join(tasksDir, t.File)
		doc, err := readYAML(root, rel)
		if err != nil {
			*problems = append(*problems, problem(rel, err))
			continue
		}
		for _, it := range readTasksInlined(root, tasksDir, &yamlFile{rel: rel, doc: doc}, section, problems, depth+1) {
			it.Tags = uniq(append(append([]string(nil), t.Tags...), it.Tags...))
			out = append(out, it)
		}
	}
	return out
}

// readmeParagraph is the first paragraph of the role's README that is
// not a heading, joined into one line, with its first line.
func readmeParagraph(root, dir string) (string, model.Source) {
	for _, name := range []string{"README.md", "README", "README.rst", "readme.md"} {
		rel := path.Join(dir, name)
		data, _, ok := limits.Default().ReadText(root, rel)
		if !ok {
			continue
		}
		var para []string
		start := 0
		sc := bufio.NewScanner(bytes.NewReader(data))
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			heading := strings.HasPrefix(line, "#") || strings.Trim(line, "=-") == ""
			switch {
			case line == "" || (heading && len(para) == 0):
				if len(para) > 0 {
					return strings.Join(para, " "), model.Source{Path: rel, Line: start}
				}
			case heading:
				return strings.Join(para, " "), model.Source{Path: rel, Line: start}
			default:
				if len(para) == 0 {
					start = n
				}
				para = append(para, line)
			}
		}
		if len(para) > 0 {
			return strings.Join(para, " "), model.Source{Path: rel, Line: start}
		}
		return "", model.Source{}
	}
	return "", model.Source{}
}

// templates lists the files below the role's templates/, relative to it.
func templates(root, dir string) []string {
	base := filepath.Join(root, filepath.FromSlash(dir), "templates")
	var out []string
	filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if rel, err := filepath.Rel(base, p); err == nil {
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out
}
