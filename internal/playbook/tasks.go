package playbook

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"handover/internal/model"
)

// taskKeywords are what a task mapping may hold besides its action
// (ansible's Task and Base attributes); the first other key is the action.
var taskKeywords = setOf(`name when tags become become_user become_method become_flags become_exe
	vars register loop loop_control notify ignore_errors ignore_unreachable changed_when failed_when
	delegate_to delegate_facts run_once environment no_log args until retries delay check_mode
	diff listen any_errors_fatal async poll throttle timeout debugger collections module_defaults
	connection remote_user port local_action action block rescue always`)

func setOf(words string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(words) {
		out[w] = true
	}
	return out
}

// taskReader reads task lists of one file.
type taskReader struct {
	rel string // the file, for sources
}

// tasks reads a task list into out, blocks flattened: section names where
// a task sits (tasks, handlers, tasks/block, tasks/rescue, ...).
func (r taskReader) tasks(n *yaml.Node, section string, inherited []string, out []model.Task) []model.Task {
	for _, t := range items(n) {
		if t.Kind != yaml.MappingNode {
			continue
		}
		tags := append(append([]string(nil), inherited...), stringList(get(t, "tags"))...)
		if b := get(t, "block"); b != nil {
			for _, part := range []string{"block", "rescue", "always"} {
				out = r.tasks(get(t, part), section+"/"+part, tags, out)
			}
			continue
		}
		out = append(out, r.task(t, section, tags))
	}
	return out
}

func (r taskReader) task(t *yaml.Node, section string, tags []string) model.Task {
	task := model.Task{Section: section, Tags: uniq(tags), Source: model.Source{Path: r.rel, Line: t.Line}}
	var args *yaml.Node
	for _, kv := range pairs(t) {
		k := kv[0].Value
		if k == "action" || k == "local_action" {
			task.Action, args = actionOf(kv[1])
			break
		}
		if !taskKeywords[k] {
			task.Action, args = k, kv[1]
			break
		}
	}
	task.Name = strings.TrimSpace(scalar(get(t, "name")))
	switch shortAction(task.Action) {
	case "import_role", "include_role":
		task.Role = scalar(get(args, "name"))
	case "import_tasks", "include_tasks", "include":
		task.File = scalar(args)
		if task.File == "" {
			task.File = scalar(get(args, "file"))
		}
	}
	if task.Name == "" {
		task.Name = task.Action
	}
	return task
}

// actionOf reads action: or local_action:, "apt name=x" or {module: apt}.
func actionOf(n *yaml.Node) (string, *yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		f := strings.Fields(n.Value)
		if len(f) == 0 {
			return "", nil
		}
		return f[0], nil
	}
	return scalar(get(n, "module")), n
}

// shortAction drops the ansible.builtin. or ansible.legacy. prefix.
func shortAction(a string) string {
	for _, p := range []string{"ansible.builtin.", "ansible.legacy."} {
		a = strings.TrimPrefix(a, p)
	}
	return a
}

func uniq(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	out := s[:0:0]
	for _, v := range s {
		dup := false
		for _, o := range out {
			dup = dup || o == v
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}
