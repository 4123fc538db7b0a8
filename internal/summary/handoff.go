package summary

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"handover/internal/model"
)

const (
	maxChangedFiles   = 25
	maxCommitsPerFile = 3
	maxAreaFiles      = 5
)

// Handoff summarises what one person leaves behind: what they changed
// since since (all time when zero), what they own, the incidents they
// handled with their open follow-ups, their overdue SOPs, and for each
// area they work on who else knows it. person is a name, a first name, an
// email, its local part or a GitHub handle; an *UnknownPersonError lists
// the people known when it matches nobody.
func Handoff(in *Input, person string, since time.Time) (*Document, error) {
	people := People(in)
	p, err := findPerson(people, person)
	if err != nil {
		return nil, err
	}
	h := &handoff{in: in, people: people, p: p, since: since}
	window := "all time"
	if !since.IsZero() {
		window = "since " + day(since)
	}
	sub := fmt.Sprintf("%s in %s, %s: what they changed and own, the incidents they handled and what is still open, and who else knows their areas.",
		p.String(), in.repoName(), window)
	if head := in.headLine(); head != "" {
		sub += " Read " + head + "."
	}
	return &Document{
		Title:     "Handoff: " + p.Name,
		Subtitle:  sub,
		Generated: in.now(),
		Sections:  []Section{h.changed(), h.owns(), h.incidents(), h.followUps(), h.overdueSOPs(), h.backups()},
	}, nil
}

type handoff struct {
	in     *Input
	people []Person
	p      *Person
	since  time.Time
}

func (h *handoff) mine(name, email string) bool { return h.p.isAuthor(name, email) }

// theirStat is the person's commits to a file, summed over their names.
func (h *handoff) theirStat(fh *model.FileHistory) (commits int, last time.Time) {
	for _, a := range fh.Authors {
		if h.mine(a.Name, a.Email) {
			commits += a.Commits
			if a.Last.After(last) {
				last = a.Last
			}
		}
	}
	return commits, last
}

// theirFiles are the files git says the person changed, at any time.
func (h *handoff) theirFiles() []string {
	if h.in.History == nil {
		return nil
	}
	var out []string
	for _, f := range sortedKeys(h.in.History.Files) {
		if n, _ := h.theirStat(h.in.History.Files[f]); n > 0 {
			out = append(out, f)
		}
	}
	return out
}

func (h *handoff) changed() Section {
	s := Section{ID: SectionChanged, Title: "What " + h.p.Name + " changed"}
	if !h.since.IsZero() {
		s.Title += " since " + day(h.since)
	}
	if h.in.History == nil {
		s.Intro = "This repository is not a git work tree: handover cannot tell who changed what."
		return s
	}
	type changedFile struct {
		path    string
		commits []model.Commit
		total   int
		theirs  int
		last    time.Time
	}
	var files []changedFile
	for _, f := range sortedKeys(h.in.History.Files) {
		fh := h.in.History.Files[f]
		theirs, last := h.theirStat(fh)
		var cs []model.Commit
		for _, c := range fh.Commits {
			if h.mine(c.Author, c.Email) && !c.Date.Before(h.since) {
				cs = append(cs, c)
				if c.Date.After(last) {
					last = c.Date
				}
			}
		}
		if len(cs) == 0 && (theirs == 0 || last.Before(h.since)) {
			continue
		}
		files = append(files, changedFile{f, cs, fh.Total, theirs, last})
	}
	slices.SortStableFunc(files, func(a, b changedFile) int { return b.last.Compare(a.last) })
	s.Intro = fmt.Sprintf("%s, newest first, with their own latest commits to each.", plural(len(files), "file"))
	if len(files) == 0 {
		s.Intro = "Git knows no commits by " + h.p.Name + " in this window."
	}
	var lines []Line
	for _, f := range files {
		l := Line{
			Text:   fmt.Sprintf("%s: last changed by them %s; %s", f.path, day(f.last), share(f.theirs, f.total)),
			Source: model.Source{Path: f.path},
		}
		for i, c := range f.commits {
			if i == maxCommitsPerFile {
				l.Lines = append(l.Lines, more(len(f.commits)-i, "commits"))
				break
			}
			l.Lines = append(l.Lines, Line{Text: fmt.Sprintf("%s %s: %s", day(c.Date), shortHash(c.Hash), c.Subject)})
		}
		lines = append(lines, l)
	}
	s.Lines = capLines(lines, maxChangedFiles, "files")
	return s
}

// theirSOPs are the SOPs that name the person as an owner.
func (h *handoff) theirSOPs() []*model.SOP {
	var out []*model.SOP
	for i := range h.in.SOPs {
		if slices.ContainsFunc(h.in.SOPs[i].Owners, h.p.AnswersTo) {
			out = append(out, &h.in.SOPs[i])
		}
	}
	return out
}

func (h *handoff) owns() Section {
	s := Section{ID: SectionOwns, Title: "What " + h.p.Name + " owns",
		Intro: "CODEOWNERS rules naming them, the SOPs they own, and the host lines and Terraform blocks they changed last."}
	if h.in.History != nil {
		var rules []Line
		for _, r := range h.in.History.Owners {
			if !slices.ContainsFunc(r.Owners, h.p.isOwner) {
				continue
			}
			t := "files matching " + r.Pattern
			if others := slices.DeleteFunc(slices.Clone(r.Owners), h.p.isOwner); len(others) > 0 {
				t += " (with " + strings.Join(others, ", ") + ")"
			}
			rules = append(rules, Line{Text: t, Source: r.Source})
		}
		if len(rules) > 0 {
			s.Lines = append(s.Lines, Line{Text: "CODEOWNERS names them for " + plural(len(rules), "pattern"), Lines: rules})
		}
	}
	if sops := h.theirSOPs(); len(sops) > 0 {
		top := Line{Text: "SOPs they own: " + fmt.Sprint(len(sops))}
		for _, sop := range sops {
			top.Lines = append(top.Lines, h.in.sopLine(sop, false))
		}
		s.Lines = append(s.Lines, top)
	}
	var hosts []Line
	for _, d := range h.in.hostLinesChanged() {
		if h.mine(d.change.Author, d.change.Email) {
			hosts = append(hosts, Line{Text: fmt.Sprintf("%s: %s, %s", d.hosts(), day(d.change.Date), d.change.Subject), Source: d.src})
		}
	}
	if len(hosts) > 0 {
		s.Lines = append(s.Lines, Line{Text: "Host lines they changed last: " + fmt.Sprint(len(hosts)), Lines: capLines(hosts, maxHostLines, "host lines")})
	}
	var blocks []Line
	if h.in.History != nil {
		rs := slices.Clone(h.in.Resources)
		slices.SortFunc(rs, func(a, b model.Resource) int { return bySource(a.Source, b.Source) })
		for _, r := range rs {
			c, ok := h.in.History.Lines[r.Source.Path][r.Source.Line]
			if ok && h.mine(c.Author, c.Email) {
				blocks = append(blocks, Line{Text: fmt.Sprintf("%s: %s, %s", r.Address, day(c.Date), c.Subject), Source: r.Source})
			}
		}
	}
	if len(blocks) > 0 {
		s.Lines = append(s.Lines, Line{Text: "Terraform blocks they changed last: " + fmt.Sprint(len(blocks)), Lines: capLines(blocks, maxHostLines, "blocks")})
	}
	if len(s.Lines) == 0 {
		s.Intro = "Nothing in the repository names " + h.p.Name + " as an owner, and git blames no host line or Terraform block on them."
	}
	return s
}

// theirIncidents are the incidents the person handled, newest first.
func (h *handoff) theirIncidents() []*model.Incident {
	var out []*model.Incident
	for i := range h.in.Incidents {
		if slices.ContainsFunc(h.in.Incidents[i].People, h.p.AnswersTo) {
			out = append(out, &h.in.Incidents[i])
		}
	}
	incidentsNewestFirst(out)
	return out
}

func (h *handoff) incidents() Section {
	s := Section{ID: SectionIncidents, Title: "Incidents " + h.p.Name + " handled",
		Intro: "Newest first. Whoever covers inherits what these taught."}
	for _, inc := range h.theirIncidents() {
		s.Lines = append(s.Lines, h.in.incidentLine(inc))
	}
	if len(s.Lines) == 0 {
		s.Intro = "No incident report names " + h.p.Name + "."
	}
	return s
}

func (h *handoff) followUps() Section {
	s := Section{ID: SectionFollowUps, Title: "Follow-ups still open",
		Intro: "From the incidents they handled: unchecked \"- [ ]\" items, or every item where the report uses no checkboxes, since nothing says those were done."}
	for _, inc := range h.theirIncidents() {
		open, src := openFollowUps(inc)
		if len(open) == 0 {
			continue
		}
		top := Line{Text: fmt.Sprintf("%s %s: %s open", orNone(inc.Date, "undated"), inc.Title, fmt.Sprint(len(open))), Source: inc.Source}
		for _, item := range open {
			top.Lines = append(top.Lines, Line{Text: item, Source: src})
		}
		s.Lines = append(s.Lines, top)
	}
	if len(s.Lines) == 0 {
		s.Intro = "No open follow-ups in the incidents they handled."
	}
	return s
}

func (h *handoff) overdueSOPs() Section {
	s := Section{ID: SectionOverdueSOPs, Title: "Their SOPs overdue for review",
		Intro: fmt.Sprintf("SOPs they own that nobody has reviewed in %s: check them against how things run today before relying on them.", plural(int(h.in.sopMaxAge().Hours()/24), "day"))}
	for _, sop := range h.theirSOPs() {
		if h.in.review(sop).overdue {
			s.Lines = append(s.Lines, h.in.sopLine(sop, false))
		}
	}
	if len(s.Lines) == 0 {
		s.Intro = "None of their SOPs is overdue for review."
	}
	return s
}

func (h *handoff) backups() Section {
	s := Section{ID: SectionBackups, Title: "Who can cover",
		Intro: "For each directory they work in, the people who also changed or own the same files: ask them while " + h.p.Name + " is away. A warning marks where nobody else has."}
	byDir := map[string][]string{}
	for _, f := range h.theirFiles() {
		byDir[dirOf(f)] = append(byDir[dirOf(f)], f)
	}
	for _, sop := range h.theirSOPs() {
		d := dirOf(sop.Source.Path)
		if !slices.Contains(byDir[d], sop.Source.Path) {
			byDir[d] = append(byDir[d], sop.Source.Path)
		}
	}
	for _, dir := range sortedKeys(byDir) {
		s.Lines = append(s.Lines, h.backupLine(dir, byDir[dir]))
	}
	if len(s.Lines) == 0 {
		s.Intro = "Neither git nor the SOPs tie " + h.p.Name + " to any file."
	}
	return s
}

// backupLine names who else knows the person's files in dir: their other
// authors, their other CODEOWNERS owners, the other owners of their SOPs.
func (h *handoff) backupLine(dir string, files []string) Line {
	slices.Sort(files)
	label := dir
	if dir == "." {
		label = "the top of the repository"
	}
	l := Line{Text: fmt.Sprintf("%s (%s)", label, plural(len(files), "file"))}
	if dir != "." {
		l.Source = model.Source{Path: dir}
	}
	isMe := func(name string) bool { return name == h.p.Name }
	for _, a := range h.in.authorship(h.people, files).authors {
		if !isMe(a.name) {
			l.Lines = append(l.Lines, Line{Text: fmt.Sprintf("%s: %s to these files, last %s", a.name, plural(a.commits, "commit"), day(a.last))})
		}
	}
	for _, o := range ownersOf(h.in.History, files) {
		if !h.p.isOwner(o.owner) {
			l.Lines = append(l.Lines, Line{Text: fmt.Sprintf("%s: CODEOWNERS owner of %s", ownerName(h.people, o.owner), o.rule.Pattern), Source: o.rule.Source})
		}
	}
	for i := range h.in.SOPs {
		sop := &h.in.SOPs[i]
		if !slices.Contains(files, sop.Source.Path) {
			continue
		}
		for _, o := range sop.Owners {
			if !h.p.AnswersTo(o) {
				l.Lines = append(l.Lines, Line{Text: fmt.Sprintf("%s: also owns the SOP %q", nameOf(h.people, wordMention(o)), sop.Title), Source: sop.Source})
			}
		}
	}
	if len(l.Lines) == 0 {
		l.Level = LevelWarning
		l.Text = fmt.Sprintf("nobody else has changed %s: bus factor 1", label)
		var fl []Line
		for _, f := range files {
			fl = append(fl, Line{Text: "only " + h.p.Name + " knows " + f, Source: model.Source{Path: f}})
		}
		l.Lines = capLines(fl, maxAreaFiles, "files")
	}
	// Whoever changed other files beside these knows the surroundings.
	if h.in.History != nil {
		var near []string
		for _, f := range sortedKeys(h.in.History.Files) {
			if dirOf(f) == dir && !slices.Contains(files, f) {
				near = append(near, f)
			}
		}
		var names []string
		for _, a := range h.in.authorship(h.people, near).authors {
			if !isMe(a.name) {
				names = append(names, a.name)
			}
		}
		if len(names) > 0 {
			l.Lines = append(l.Lines, Line{Text: fmt.Sprintf("nearby: %s changed other files in %s", strings.Join(names, ", "), label)})
		}
	}
	return l
}

// share says how many of a file's commits are theirs.
func share(theirs, total int) string {
	switch {
	case total <= 1:
		return "its only commit is theirs"
	case total <= theirs:
		return fmt.Sprintf("all %d of its commits are theirs", total)
	case theirs == 1:
		return fmt.Sprintf("1 of its %d commits is theirs", total)
	}
	return fmt.Sprintf("%d of its %d commits are theirs", theirs, total)
}
