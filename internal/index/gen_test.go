package index

import (
	"fmt"

	"handover/internal/model"
)

// Generated snapshots for tests and benchmarks: hosts spread over
// env x cloud x purpose, one inventory per env, each host with a purpose
// comment and five variables.

var (
	genEnvs     = []struct{ name, short string }{{"production", "prod"}, {"staging", "stage"}, {"development", "dev"}}
	genClouds   = []string{"aws", "gcp", "azure"}
	genPurposes = []struct{ name, comment string }{
		{"web", "Web frontend serving the customer portal behind the load balancer."},
		{"db", "PostgreSQL database primary with streaming replicas for billing."},
		{"ci", "Continuous integration runners building containers for every merge."},
		{"cache", "Redis cache in front of the catalogue service."},
		{"queue", "RabbitMQ brokers carrying order events between services."},
		{"search", "Elasticsearch nodes indexing product descriptions."},
		{"monitoring", "Prometheus and Grafana scraping every node exporter."},
		{"bastion", "SSH jump host, the only way into the private subnets."},
		{"mail", "Postfix relays sending invoices and password reset mails."},
		{"vpn", "WireGuard gateway for engineers working from home."},
	}
)

// genHost describes host i of a generated snapshot.
func genHost(i int) (env, short, cloud, purpose, comment, name string) {
	e := genEnvs[i%len(genEnvs)]
	cloud = genClouds[(i/len(genEnvs))%len(genClouds)]
	p := genPurposes[(i/(len(genEnvs)*len(genClouds)))%len(genPurposes)]
	name = fmt.Sprintf("%s-%s-%s-%05d", e.short, p.name, cloud, i)
	return e.name, e.short, cloud, p.name, p.comment, name
}

func genSnapshot(repo string, n int) *model.Snapshot {
	snap := &model.Snapshot{Repo: repo, Root: "/srv/" + repo, Files: 3 * len(genEnvs)}
	invs := map[string]*model.Inventory{}
	groups := map[string]map[string]*model.Group{}
	for _, e := range genEnvs {
		path := "inventories/" + e.name + "/hosts.ini"
		inv := &model.Inventory{Path: path}
		invs[e.name] = inv
		snap.Inventories = append(snap.Inventories, inv)
		gs := map[string]*model.Group{}
		groups[e.name] = gs
		add := func(g *model.Group) {
			g.Inventory = path
			g.Source = model.Source{Path: path, Line: len(gs)*3 + 1}
			gs[g.Name] = g
			inv.Groups = append(inv.Groups, g)
		}
		add(&model.Group{Name: e.name, Env: e.name, Depth: 1, Comment: "All " + e.name + " machines."})
		for _, c := range genClouds {
			add(&model.Group{Name: c, Cloud: c, Depth: 1})
		}
		for _, p := range genPurposes {
			add(&model.Group{
				Name: e.short + "-" + p.name, Env: e.name, Parents: []string{e.name}, Depth: 2,
				Comment: p.comment, Vars: []model.Var{{Name: "team", Value: p.name + "-team"}},
			})
		}
	}
	for i := 0; i < n; i++ {
		env, short, cloud, purpose, comment, name := genHost(i)
		inv := invs[env]
		pg := short + "-" + purpose
		gs := groups[env]
		gs[pg].Hosts = append(gs[pg].Hosts, name)
		gs[cloud].Hosts = append(gs[cloud].Hosts, name)
		inv.Hosts = append(inv.Hosts, &model.Host{
			Name:          name,
			Inventory:     inv.Path,
			Source:        model.Source{Path: inv.Path, Line: 100 + i},
			Purpose:       fmt.Sprintf("%s Rack %d.", comment, i%40),
			PurposeSource: model.Source{Path: inv.Path, Line: 99 + i},
			DirectGroups:  []string{pg, cloud},
			Groups:        []string{cloud, pg, env},
			Env:           env,
			Cloud:         cloud,
			PurposeGroups: []string{pg},
			Vars: []model.Var{
				{Name: "ansible_host", Value: fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)},
				{Name: "ansible_user", Value: "deploy"},
				{Name: "app_version", Value: fmt.Sprintf("1.%d.%d", i%7, i%13)},
				{Name: "backup_enabled", Value: i%2 == 0},
				{Name: "http_port", Value: int64(8000 + i%100)},
			},
		})
	}
	return snap
}
