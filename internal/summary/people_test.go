package summary

import (
	"slices"
	"testing"

	"handover/internal/model"
)

func TestPeople(t *testing.T) {
	got := People(testInput())
	want := []Person{
		{Name: "Anna Berg", Emails: []string{"anna@birch.example"}, Handles: []string{"anna-b"}, Aliases: []string{"anna"}},
		{Name: "Ben Okafor", Emails: []string{"ben.okafor@birch.example"}, Handles: []string{"bokafor"}, Aliases: []string{"ben"}},
		{Name: "@birch/ops", Handles: []string{"birch/ops"}},
		{Name: "Chen Li", Emails: []string{"chen@birch.example"}, Aliases: []string{"chen"}},
		{Name: "Dara Quinn", Emails: []string{"dara@birch.example"}, Handles: []string{"dara-q"}, Aliases: []string{"dara"}},
	}
	if !slices.EqualFunc(got, want, samePerson) {
		t.Errorf("People\n%+v\nwant\n%+v", got, want)
	}
}

func samePerson(a, b Person) bool {
	return a.Name == b.Name && slices.Equal(a.Emails, b.Emails) && slices.Equal(a.Handles, b.Handles) && slices.Equal(a.Aliases, b.Aliases)
}

func TestPeopleMerging(t *testing.T) {
	author := func(name, email string) *model.History {
		return &model.History{Files: map[string]*model.FileHistory{"a": {Authors: []model.AuthorStat{{Name: name, Email: email, Commits: 1}}}}}
	}
	tests := []struct {
		name string
		in   *Input
		want []Person
	}{
		{
			name: "one person, two emails, joined by name",
			in: &Input{History: &model.History{Files: map[string]*model.FileHistory{
				"a": {Authors: []model.AuthorStat{{Name: "Marta Kowalska", Email: "marta@acme-shop.com"}}},
				"b": {Authors: []model.AuthorStat{{Name: "Marta Kowalska", Email: "Marta@Home.example"}}},
			}}},
			want: []Person{{Name: "Marta Kowalska", Emails: []string{"marta@acme-shop.com", "marta@home.example"}}},
		},
		{
			name: "an SOP owner by first name, a handle by admin_users",
			in: &Input{
				History: author("Oleh Petrenko", "oleh@acme-shop.com"),
				SOPs:    []model.SOP{{Owners: []string{"oleh"}}},
				Groups: []model.Group{{Vars: []model.Var{{Name: "admin_users", Value: []any{
					map[string]any{"name": "oleh", "github": "@Oleh-Ops"},
				}}}}},
			},
			want: []Person{{Name: "Oleh Petrenko", Emails: []string{"oleh@acme-shop.com"}, Handles: []string{"oleh-ops"}, Aliases: []string{"oleh"}}},
		},
		{
			name: "an unmapped handle stays apart",
			in: &Input{
				History:   &model.History{Owners: []model.OwnerRule{{Pattern: "*", Owners: []string{"@priya-n", "ops@acme-shop.com"}}}},
				Incidents: []model.Incident{{People: []string{"Priya"}}},
			},
			want: []Person{
				{Name: "ops@acme-shop.com", Emails: []string{"ops@acme-shop.com"}},
				{Name: "Priya"},
				{Name: "@priya-n", Handles: []string{"priya-n"}},
			},
		},
		{
			name: "a single-word git author takes the full name later",
			in: &Input{History: &model.History{Files: map[string]*model.FileHistory{
				"a": {Authors: []model.AuthorStat{{Name: "jonas", Email: "jonas@acme-shop.com"}}},
				"b": {Authors: []model.AuthorStat{{Name: "Jonas Weber", Email: "jonas@acme-shop.com"}}},
			}}},
			want: []Person{{Name: "Jonas Weber", Emails: []string{"jonas@acme-shop.com"}, Aliases: []string{"jonas"}}},
		},
	}
	for _, tt := range tests {
		if got := People(tt.in); !slices.EqualFunc(got, tt.want, samePerson) {
			t.Errorf("%s:\n%+v\nwant\n%+v", tt.name, got, tt.want)
		}
	}
}
