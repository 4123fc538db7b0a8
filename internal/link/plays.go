package link

import (
	"handover/internal/hostpattern"
	"handover/internal/model"
)

// playsToHosts links each play to the hosts its hosts: pattern selects in
// every inventory (runs-on / runs), and to the roles it applies with their
// dependencies (runs / runs-on); each host gets the play's roles too, so a
// host card says what runs on it without another query.
func (g *graph) playsToHosts() {
	roles := make(map[string]*model.Role, len(g.snap.Roles))
	for _, r := range g.snap.Roles {
		roles[r.Dir] = r
	}
	resolvers := make([]*hostpattern.Resolver, 0, len(g.snap.Inventories))
	for _, inv := range g.snap.Inventories {
		if inv != nil {
			resolvers = append(resolvers, hostpattern.NewResolver(inv))
		}
	}
	type pair struct {
		role *model.Role
		host *model.Host
	}
	roleHost := map[pair]bool{}
	for _, p := range g.snap.Plays {
		if p.ImportPlaybook != "" {
			continue
		}
		applied := appliedRoles(p, roles)
		for _, r := range applied {
			r.Links = append(r.Links, model.Link{Rel: model.RelRunsOn, Kind: model.KindPlay, Name: p.Name, Source: p.Source})
			p.Links = append(p.Links, model.Link{Rel: model.RelRuns, Kind: model.KindRole, Name: r.Name, Source: r.Source})
		}
		for _, res := range resolvers {
			hosts, err := res.Hosts(p.Hosts)
			if err != nil {
				continue // ansible would stop here; the play runs nowhere
			}
			for _, h := range hosts {
				p.Links = append(p.Links, model.Link{Rel: model.RelRunsOn, Kind: model.KindHost, Name: h.Name, Source: h.Source})
				h.Links = append(h.Links, model.Link{Rel: model.RelRuns, Kind: model.KindPlay, Name: p.Name, Source: p.Source})
				for _, r := range applied {
					if roleHost[pair{r, h}] {
						continue
					}
					roleHost[pair{r, h}] = true
					via := "play " + p.Name
					r.Links = append(r.Links, model.Link{Rel: model.RelRunsOn, Kind: model.KindHost, Name: h.Name, Source: h.Source, Via: via})
					h.Links = append(h.Links, model.Link{Rel: model.RelRuns, Kind: model.KindRole, Name: r.Name, Source: r.Source, Via: via})
				}
			}
		}
	}
}

// appliedRoles are the roles a play runs that are in the repository, each
// once, dependencies before the roles that need them.
func appliedRoles(p *model.Play, roles map[string]*model.Role) []*model.Role {
	var out []*model.Role
	seen := map[*model.Role]bool{}
	var add func(dir string, depth int)
	add = func(dir string, depth int) {
		r := roles[dir]
		if r == nil || seen[r] || depth > 16 {
			return
		}
		seen[r] = true
		for _, d := range r.Dependencies {
			add(d.Dir, depth+1)
		}
		out = append(out, r)
	}
	for _, u := range p.Roles {
		add(u.Dir, 0)
	}
	return out
}
