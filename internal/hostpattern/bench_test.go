package hostpattern

import (
	"fmt"
	"testing"

	"handover/internal/model"
)

// BenchmarkResolve resolves one play per group against inventories of
// growing size, with the pattern kinds plays use (a group, a union with
// an exclusion, an intersection, a glob, a regex): the time per host and
// play, ns/host-play, stays flat as both grow.
func BenchmarkResolve(b *testing.B) {
	for _, size := range []struct{ hosts, plays int }{{1000, 200}, {10000, 200}, {10000, 2000}} {
		b.Run(fmt.Sprintf("hosts=%d/plays=%d", size.hosts, size.plays), func(b *testing.B) {
			const perGroup = 50
			groups := size.hosts / perGroup
			inv := &model.Inventory{}
			all := &model.Group{Name: "all"}
			prod := &model.Group{Name: "production"}
			inv.Groups = append(inv.Groups, all, prod)
			for g := range groups {
				grp := &model.Group{Name: fmt.Sprintf("svc%03d", g)}
				for h := range perGroup {
					name := fmt.Sprintf("svc%03d-n%02d.example.internal", g, h)
					inv.Hosts = append(inv.Hosts, &model.Host{Name: name})
					grp.Hosts = append(grp.Hosts, name)
				}
				inv.Groups = append(inv.Groups, grp)
				all.Children = append(all.Children, grp.Name)
				if g%2 == 0 {
					prod.Children = append(prod.Children, grp.Name)
				}
			}
			patterns := make([]string, size.plays)
			for p := range patterns {
				g := p % groups
				patterns[p] = []string{
					fmt.Sprintf("svc%03d", g),
					fmt.Sprintf("svc%03d:svc%03d:!svc%03d-n0*", g, (g+1)%groups, g),
					fmt.Sprintf("production:&svc%03d", g),
					fmt.Sprintf("svc%03d-n1?.example.internal", g),
					fmt.Sprintf("~svc%03d-n[0-4]", g),
				}[p%5]
			}
			b.ResetTimer()
			for b.Loop() {
				r := NewResolver(inv)
				for _, p := range patterns {
					if _, err := r.Hosts(p); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(size.hosts*size.plays), "ns/host-play")
		})
	}
}
