package index

import (
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"handover/internal/model"
	"handover/internal/redact"
)

// This file converts Terraform, SOPs, incidents and docs to entries. As for
// hosts, every value is redacted before it is marshalled or analysed.

func marshalEntry(e entry, v any) (entry, error) {
	blob, err := json.Marshal(v)
	if err != nil {
		return entry{}, fmt.Errorf("%s %s: %w", e.Kind, e.Name, err)
	}
	e.Blob = blob
	return e, nil
}

func redactWhy(w model.Why, repo string) model.Why {
	w.Text = redact.Text(w.Text)
	if w.Source.Path != "" {
		w.Source.Repo = repo
	}
	return w
}

func redactLinks(links []model.Link, repo string) []model.Link {
	if len(links) == 0 {
		return nil
	}
	out := make([]model.Link, len(links))
	for i, l := range links {
		l.Source.Repo = repo
		l.Name = redact.Text(l.Name) // a title, which may quote a secret
		l.Via = redact.Text(l.Via)
		out[i] = l
	}
	return out
}

// tfPlace reads an environment and a cloud from a Terraform module's
// directory names (terraform/production/aws) and its provider.
func tfPlace(dir, provider string) (env, cloud string) {
	env, cloud = model.PathPlace(dir)
	if c := model.CloudWord(provider); c != "" {
		cloud = c
	}
	return env, cloud
}

func resourceEntry(repo string, r *model.Resource) (entry, error) {
	c := *r
	c.Source.Repo = repo
	c.Why = redactWhy(r.Why, repo)
	c.Count, c.ForEach = redact.Text(r.Count), redact.Text(r.ForEach)
	c.Attrs = redactAttrs(r.Type, r.Attrs)
	c.Links = redactLinks(r.Links, repo)
	var tags []string
	if len(r.Tags) > 0 {
		c.Tags = make(map[string]string, len(r.Tags))
		for k, v := range r.Tags {
			s, _ := redact.Value(k, v).(string)
			c.Tags[k] = s
			tags = append(tags, k+"="+s)
		}
		sort.Strings(tags)
	}
	var deployed strings.Builder
	redactInstances := func(ins []model.Instance) []model.Instance {
		if len(ins) == 0 {
			return nil
		}
		out := make([]model.Instance, len(ins))
		for i, in := range ins {
			in.Attrs = redactAttrs(r.Type, in.Attrs)
			in.Source.Repo = repo
			out[i] = in
			deployed.WriteString(varsText(in.Attrs))
		}
		return out
	}
	c.Instances = redactInstances(r.Instances)
	c.Expanded = redactInstances(r.Expanded)
	env, cloud := tfPlace(r.Module, r.Provider)
	hosts := relNames(c.Links, model.RelCreates)
	return marshalEntry(entry{
		Kind:        model.KindResource,
		Repo:        repo,
		Inventory:   r.Module,
		Name:        r.Address,
		Source:      c.Source,
		Env:         env,
		Cloud:       cloud,
		Hosts:       hosts,
		Provider:    r.Provider,
		Region:      r.Region,
		Type:        r.Type,
		Tags:        tags,
		NameText:    r.Address + " " + strings.ReplaceAll(r.Type, "_", " ") + " " + r.Name + " " + strings.Join(hosts, " "),
		PurposeText: c.Why.Text,
		GroupsText:  strings.Join(append([]string{env, cloud, r.Provider, r.Region, r.Zone}, tags...), " "),
		VarsText:    varsText(c.Attrs) + deployed.String(),
	}, &c)
}

func moduleEntry(repo string, m *model.ModuleCall) (entry, error) {
	c := *m
	c.Source.Repo = repo
	c.Why = redactWhy(m.Why, repo)
	// A module's source may be a git URL with credentials in it.
	c.From = redact.Text(m.From)
	c.Count, c.ForEach = redact.Text(m.Count), redact.Text(m.ForEach)
	c.Inputs = redactVars(m.Inputs)
	c.Links = redactLinks(m.Links, repo)
	env, cloud := tfPlace(m.Module, "")
	return marshalEntry(entry{
		Kind:        model.KindModule,
		Repo:        repo,
		Inventory:   m.Module,
		Name:        m.Address,
		Source:      c.Source,
		Env:         env,
		Cloud:       cloud,
		NameText:    m.Address + " " + c.From,
		PurposeText: c.Why.Text,
		GroupsText:  env + " " + cloud,
		VarsText:    varsText(c.Inputs),
	}, &c)
}

func variableEntry(repo string, v *model.Variable) (entry, error) {
	c := *v
	c.Source.Repo = repo
	c.Why = redactWhy(v.Why, repo)
	c.Description = redact.Text(v.Description)
	c.Type = redact.Text(v.Type)
	c.Default = nil
	if !v.Sensitive {
		c.Default = redact.Value(v.Name, v.Default)
	}
	var def strings.Builder
	writeValue(&def, c.Default)
	return marshalEntry(entry{
		Kind:        model.KindVariable,
		Repo:        repo,
		Inventory:   v.Module,
		Name:        "var." + v.Name,
		Source:      c.Source,
		NameText:    "var." + v.Name,
		PurposeText: strings.TrimSpace(c.Description + "\n" + c.Why.Text),
		VarsText:    v.Name + "=" + def.String(),
	}, &c)
}

func outputEntry(repo string, o *model.Output) (entry, error) {
	c := *o
	c.Source.Repo = repo
	c.Why = redactWhy(o.Why, repo)
	c.Description = redact.Text(o.Description)
	c.Value = redact.Text(o.Value)
	return marshalEntry(entry{
		Kind:        model.KindOutput,
		Repo:        repo,
		Inventory:   o.Module,
		Name:        "output." + o.Name,
		Source:      c.Source,
		NameText:    "output." + o.Name,
		PurposeText: strings.TrimSpace(c.Description + "\n" + c.Why.Text),
		VarsText:    o.Name + "=" + c.Value,
	}, &c)
}

func providerEntry(repo string, p *model.Provider) (entry, error) {
	c := *p
	c.Source.Repo = repo
	c.Why = redactWhy(p.Why, repo)
	c.Attrs = redactVars(p.Attrs)
	name := "provider." + p.Name
	if p.Alias != "" {
		name += "." + p.Alias
	}
	env, cloud := tfPlace(p.Module, p.Name)
	return marshalEntry(entry{
		Kind:        model.KindProvider,
		Repo:        repo,
		Inventory:   p.Module,
		Name:        name,
		Source:      c.Source,
		Env:         env,
		Cloud:       cloud,
		Provider:    p.Name,
		Region:      p.Region,
		NameText:    name,
		PurposeText: c.Why.Text,
		GroupsText:  env + " " + cloud + " " + p.Region,
		VarsText:    varsText(c.Attrs),
	}, &c)
}

// dateSeconds reads YYYY-MM-DD as Unix seconds at UTC midnight, 0 if it is not one.
func dateSeconds(s string) int64 {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0
	}
	return t.Unix()
}

func redactSteps(steps []model.Step, repo string, text *strings.Builder) []model.Step {
	if len(steps) == 0 {
		return nil
	}
	out := make([]model.Step, len(steps))
	for i, s := range steps {
		s.Text = redact.Text(s.Text)
		s.Source.Repo = repo
		text.WriteString(s.Text)
		text.WriteByte('\n')
		s.Steps = redactSteps(s.Steps, repo, text)
		out[i] = s
	}
	return out
}

func redactSections(secs []model.Section, repo string, text *strings.Builder) []model.Section {
	if len(secs) == 0 {
		return nil
	}
	out := make([]model.Section, len(secs))
	for i, s := range secs {
		s.Heading = redact.Text(s.Heading)
		s.Text = redact.Text(s.Text)
		s.Source.Repo = repo
		if text != nil {
			text.WriteString(s.Heading)
			text.WriteByte('\n')
			text.WriteString(s.Text)
			text.WriteByte('\n')
		}
		out[i] = s
	}
	return out
}

// redactAll returns a copy of s with each string through redact.Text:
// front-matter lists (owners, tags, people) are free text too.
func redactAll(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = redact.Text(v)
	}
	return out
}

// relNames are the names a document's links of rel name, each once.
func relNames(links []model.Link, rel model.Rel) []string {
	var names []string
	for _, l := range links {
		if l.Rel == rel {
			names = appendUnique(names, l.Name)
		}
	}
	return names
}

// linkedNames are the hosts and groups a document's links name.
func linkedNames(links []model.Link) (hosts, groups []string) {
	for _, l := range links {
		switch l.Kind {
		case model.KindHost:
			hosts = appendUnique(hosts, l.Name)
		case model.KindGroup:
			groups = appendUnique(groups, l.Name)
		}
	}
	return hosts, groups
}

func sopEntry(repo string, s *model.SOP) (entry, error) {
	c := *s
	c.Source.Repo = repo
	c.Title = redact.Text(s.Title)
	c.Summary = redact.Text(s.Summary)
	c.Owners, c.Tags = redactAll(s.Owners), redactAll(s.Tags)
	var body strings.Builder
	c.Steps = make([]model.Procedure, len(s.Steps))
	for i, p := range s.Steps {
		heading := redact.Text(p.Heading)
		body.WriteString(heading)
		body.WriteByte('\n')
		c.Steps[i] = model.Procedure{Heading: heading, Steps: redactSteps(p.Steps, repo, &body)}
	}
	c.Sections = redactSections(s.Sections, repo, &body)
	c.Links = redactLinks(s.Links, repo)
	hosts, groups := linkedNames(c.Links)
	return marshalEntry(entry{
		Kind:        model.KindSOP,
		Repo:        repo,
		Inventory:   s.Source.Path,
		Name:        c.Title,
		Source:      c.Source,
		Hosts:       hosts,
		Groups:      groups,
		People:      c.Owners,
		Tags:        c.Tags,
		Date:        dateSeconds(s.Reviewed),
		NameText:    c.Title + " " + camelWords(c.Title) + " " + strings.TrimSuffix(path.Base(s.Source.Path), path.Ext(s.Source.Path)),
		PurposeText: c.Summary,
		GroupsText:  strings.Join(c.Tags, " ") + " " + strings.Join(c.Owners, " "),
		BodyText:    body.String(),
	}, &c)
}

func incidentEntry(repo string, inc *model.Incident) (entry, error) {
	c := *inc
	c.Source.Repo = repo
	c.Title = redact.Text(inc.Title)
	for _, f := range []*string{&c.SOP, &c.Summary, &c.RootCause, &c.Involvement, &c.Reaction, &c.Fix, &c.FollowUp} {
		*f = redact.Text(*f)
	}
	c.People = redactAll(inc.People)
	var body strings.Builder
	c.Sections = redactSections(inc.Sections, repo, &body)
	if len(c.Sections) == 0 {
		for _, f := range []string{c.RootCause, c.Involvement, c.Reaction, c.Fix, c.FollowUp} {
			body.WriteString(f)
			body.WriteByte('\n')
		}
	}
	c.Links = redactLinks(inc.Links, repo)
	hosts, groups := linkedNames(c.Links)
	return marshalEntry(entry{
		Kind:        model.KindIncident,
		Repo:        repo,
		Inventory:   inc.Source.Path,
		Name:        c.Title,
		Source:      c.Source,
		Hosts:       hosts,
		Groups:      groups,
		People:      c.People,
		Category:    inc.Category,
		Severity:    inc.Severity,
		Date:        dateSeconds(inc.Date),
		NameText:    c.Title,
		PurposeText: c.Summary,
		GroupsText:  strings.Join(c.People, " ") + " " + inc.Category + " " + inc.Severity,
		BodyText:    body.String(),
	}, &c)
}

// docEntries makes one entry per section of a doc, so that a search finds
// the section, not the whole file.
func docEntries(repo string, d *model.Doc) ([]entry, error) {
	secs := d.Sections
	if len(secs) == 0 {
		secs = []model.Section{{Heading: d.Title, Source: d.Source}}
	}
	out := make([]entry, 0, len(secs))
	for _, s := range redactSections(secs, repo, nil) {
		c := model.Doc{Title: redact.Text(d.Title), Source: d.Source, Sections: []model.Section{s}, Links: redactLinks(d.Links, repo)}
		c.Source.Repo = repo
		name := s.Heading
		if name != c.Title {
			name = c.Title + " › " + s.Heading
		}
		e, err := marshalEntry(entry{
			Kind:      model.KindDoc,
			Repo:      repo,
			Inventory: d.Source.Path,
			Name:      name,
			IDName:    fmt.Sprintf("%s#%d", s.Heading, s.Source.Line),
			Source:    s.Source,
			NameText:  name,
			BodyText:  s.Text,
		}, &c)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}
