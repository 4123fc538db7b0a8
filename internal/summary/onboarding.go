package summary

import "fmt"

// Onboarding summarises a repository for someone starting on it, in the
// order they need it: the environments and clouds, what runs where, every
// host, what Terraform manages, the SOPs to read first, the runbook of
// each alert, recent incidents
// and their lessons, the convention problems to be careful with, whom to
// ask about what, and where to start reading.
func Onboarding(in *Input) *Document {
	people := People(in)
	sub := fmt.Sprintf("What runs where and why in %s, what has gone wrong before, and whom to ask.", in.repoName())
	if head := in.headLine(); head != "" {
		sub += " Read " + head
		if !in.IndexedAt.IsZero() {
			sub += ", indexed " + in.IndexedAt.UTC().Format("2006-01-02 15:04 MST")
		}
		sub += "."
	} else if !in.IndexedAt.IsZero() {
		sub += " Indexed " + in.IndexedAt.UTC().Format("2006-01-02 15:04 MST") + "."
	}
	return &Document{
		Title:     "Onboarding: " + in.repoName(),
		Subtitle:  sub,
		Generated: in.now(),
		Sections: []Section{
			in.environments(),
			in.placement(),
			in.hosts(),
			in.terraform(),
			in.sops(),
			in.alerts(),
			in.incidents(),
			in.conventions(),
			in.owners(people),
			in.startHere(),
		},
	}
}
