package summary

import (
	"slices"
	"testing"

	"handover/internal/model"
)

func TestOpenFollowUps(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"none", "", nil},
		{"plain bullets are all open", "- Rate limit the API.\n- Add a WAF rule.", []string{"Rate limit the API.", "Add a WAF rule."}},
		{"numbered", "1. First\n2) Second", []string{"First", "Second"}},
		{"checked items are done", "- [x] Alert on lag.\n- [ ] Test a restore.\n- [X] Done too.", []string{"Test a restore."}},
		{"with checkboxes, plain bullets are notes", "- [ ] Open one\n- Thanks to Chen.", []string{"Open one"}},
		{"continuation lines join the item", "- [ ] Add a WAF rule\n  for card testing.\n- [ ] Next", []string{"Add a WAF rule for card testing.", "Next"}},
		{"nested lists stay with their parent", "- [ ] Parent\n  - [x] child\n  - child two\n- [x] Other", []string{"Parent"}},
		{"a paragraph ends the item", "- Item\n\nSome prose after.", []string{"Item"}},
		{"a link is not a checkbox", "- [link](x) text", []string{"[link](x) text"}},
	}
	for _, tt := range tests {
		inc := &model.Incident{Source: src("incidents/x.md", 2), FollowUp: tt.text,
			Sections: []model.Section{{Heading: "Follow-up", Text: tt.text, Source: src("incidents/x.md", 30)}}}
		got, at := openFollowUps(inc)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: open %q, want %q", tt.name, got, tt.want)
		}
		if tt.text != "" && at != src("incidents/x.md", 30) {
			t.Errorf("%s: cited %v, want the section heading", tt.name, at)
		}
	}
}
