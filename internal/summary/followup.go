package summary

import (
	"strings"

	"handover/internal/model"
)

// followUp is one item of an incident's follow-up section.
type followUp struct {
	text string
	task bool // a GFM task item: "- [ ]" or "- [x]"
	done bool // checked
}

// followUps reads the top-level items of a follow-up section written in
// markdown. Lines indented under an item continue it; nested lists stay
// with their parent item.
func followUps(text string) []followUp {
	var items []followUp
	inItem := false
	for _, raw := range strings.Split(text, "\n") {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		indent := len(raw) - len(strings.TrimLeft(raw, " \t"))
		line := strings.TrimSpace(raw)
		marker, rest := listMarker(line)
		switch {
		case marker && indent < 2:
			it := followUp{text: rest}
			if checked, after, ok := taskBox(rest); ok {
				it = followUp{text: after, task: true, done: checked}
			}
			items = append(items, it)
			inItem = true
		case inItem && indent >= 2 && !marker:
			items[len(items)-1].text += " " + line
		case indent < 2:
			inItem = false // a paragraph between lists ends the item
		}
	}
	return items
}

// listMarker reports whether line starts a list item, and the rest.
func listMarker(line string) (bool, string) {
	if len(line) >= 2 && strings.ContainsRune("-*+", rune(line[0])) && line[1] == ' ' {
		return true, strings.TrimSpace(line[2:])
	}
	i := 0
	for i < len(line) && i < 9 && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && line[i+1] == ' ' {
		return true, strings.TrimSpace(line[i+2:])
	}
	return false, ""
}

// taskBox reads a GFM task item's checkbox: whether it is checked, and
// the text after it.
func taskBox(s string) (checked bool, rest string, ok bool) {
	if len(s) < 3 || s[0] != '[' || s[2] != ']' || len(s) > 3 && s[3] != ' ' {
		return false, "", false
	}
	switch s[1] {
	case ' ':
		return false, strings.TrimSpace(s[3:]), true
	case 'x', 'X':
		return true, strings.TrimSpace(s[3:]), true
	}
	return false, "", false
}

// openFollowUps are the items of an incident still to be done, and the
// place they are written: the follow-up section's heading (the index keeps
// section bodies trimmed, so an item's own line is not known). With task
// items only the unchecked ones are open, plain bullets beside them being
// notes; without any, every item is, since nothing says it was done.
func openFollowUps(inc *model.Incident) ([]string, model.Source) {
	items := followUps(inc.FollowUp)
	tasks := false
	for _, it := range items {
		tasks = tasks || it.task
	}
	var open []string
	for _, it := range items {
		if it.text == "" || it.done || tasks && !it.task {
			continue
		}
		open = append(open, oneLine(it.text))
	}
	return open, fieldSource(inc, inc.FollowUp)
}
