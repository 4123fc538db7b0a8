package historytest

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The people of the Acme story, as git knows them.
const (
	Marta = "Marta Kowalska <marta@acme-shop.com>" // ops lead
	Oleh  = "Oleh Petrenko <oleh@acme-shop.com>"   // ops, the Jenkins person
	Priya = "Priya Nair <priya@acme-shop.com>"     // junior ops
	Jonas = "Jonas Weber <jonas@acme-shop.com>"    // developer
)

// AcmeCodeowners is the CODEOWNERS file Acme adds when src has none.
const AcmeCodeowners = `# Who reviews what; the last matching pattern wins.
* @marta-acme
/terraform/ @oleh-ops @marta-acme
/sops/ @marta-acme
/terraform/production/aws/ci.tf @oleh-ops
`

// Acme copies the example repository at src (examples/acme-infra) into a temp
// dir and commits it as a plausible history with several authors and dates,
// returning the work tree path (a directory named acme-infra). All dates are
// UTC, between 2024-03-01 and 2026-02-28. Tests of other packages rely on
// this story; keep it stable.
//
//	2024-03-04 marta  .gitignore, README.md, ansible.cfg, playbooks/site.yml,
//	                  inventories/production/group_vars/**, host_vars/**,
//	                  inventories/production/hosts.ini without the lines
//	                  oleh and jonas add below, web* and api* host lines
//	                  without their last variable
//	2024-03-18 marta  terraform/modules/ec2-host/*, terraform/production/aws/*.tf
//	                  except ci.tf; db.tf with its first two blocks only
//	2024-04-09 oleh   hosts.ini: the [prod-ci] section (Jenkins controller and
//	                  agents) and prod-ci under [prod-aws:children]
//	2024-04-11 oleh   terraform/production/aws/ci.tf
//	2024-04-20 oleh   docs/adr/0001-move-ci-to-aws.md
//	2024-06-12 marta  terraform/production/gcp/* except monitoring.tf,
//	                  sops/elasticsearch-add-node.md
//	2024-09-03 jonas  hosts.ini: worker, prometheus, grafana and loki hosts
//	                  (with their comments); terraform/production/gcp/monitoring.tf
//	2024-10-15 jonas  inventories/staging/hosts.yml, terraform/staging/aws/*
//	2024-11-05 jonas  docs/architecture.md
//	2025-01-15 marta  CODEOWNERS (AcmeCodeowners)
//	2025-02-10 priya  hosts.ini: rewrites the web* and api* host lines (the
//	                  comments above them stay marta's)
//	2025-03-20 priya  incidents/2025-03-18-checkout-skimmer.md
//	2025-03-27 marta  sops/security-breach.md
//	2025-05-28 priya  incidents/2025-05-27-staging-config-on-production.md
//	2025-06-03 priya  sops/running-playbooks.md
//	2025-08-18 oleh   incidents/2025-08-12-jenkins-disk-full.md (back from
//	                  leave, he writes up the outage he missed)
//	2025-08-20 oleh   sops/jenkins-outage.md
//	2025-10-01 priya  incidents/2025-09-30-worker-disk-full.md
//	2025-10-06 jonas  sops/disk-full-worker.md
//	2025-11-20 jonas  docs/postmortems/2025-11-14-redis-outage.md
//	2026-01-23 marta  incidents/2026-01-22-pg-primary-lost.md
//	2026-01-26 marta  sops/postgres-failover.md
//	2026-02-05 jonas  terraform/production/aws/db.tf: the rest of the file
//	2026-02-12 marta  sops/README.md
//	2026-02-27        anything else in src: oleh when its path mentions
//	                  jenkins, else marta
//
// So oleh is the only author of everything Jenkins (ci.tf, the Jenkins SOP
// and incident report, the CI ADR, the [prod-ci] lines of hosts.ini: bus
// factor 1), marta and jonas share db.tf, priya writes the other 2025
// incident reports, and the last tree equals src plus CODEOWNERS. Commits
// are made between 09:00 and 17:00. Files named here but missing from src
// are skipped, and a step left with nothing to commit is dropped.
func Acme(t testing.TB, src string) string {
	t.Helper()
	files, err := readTree(src)
	if err != nil {
		t.Fatalf("historytest.Acme: %v", err)
	}
	if _, ok := files["CODEOWNERS"]; !ok {
		files["CODEOWNERS"] = AcmeCodeowners
	}
	dir := filepath.Join(t.TempDir(), "acme-infra")
	if err := build(dir, acmeStory(files)); err != nil {
		t.Fatalf("historytest.Acme: %v", err)
	}
	return dir
}

const (
	hostsIni = "inventories/production/hosts.ini"
	dbTf     = "terraform/production/aws/db.tf"
)

// acmeStep is one commit of the story: whole files from src, matched by
// exact path or by a pattern ending in "/" (everything below), and derived
// versions of the files that grow over several commits.
type acmeStep struct {
	who, date, msg string
	paths          []string
	except         []string
	derived        map[string]string
}

func acmeStory(files map[string]string) []change {
	hosts := splitHosts(files[hostsIni])
	db1 := firstBlocks(files[dbTf], 2)
	steps := []acmeStep{
		{who: Marta, date: "2024-03-04", msg: "Ansible layout: ansible.cfg, the production inventory and group_vars",
			paths:   []string{".gitignore", "README.md", "ansible.cfg", "playbooks/site.yml", "inventories/production/group_vars/", "inventories/production/host_vars/"},
			derived: map[string]string{hostsIni: hosts.version(false, false, false)}},
		{who: Marta, date: "2024-03-18", msg: "Terraform for the AWS production account",
			paths: []string{"terraform/modules/ec2-host/", "terraform/production/aws/"}, except: []string{"terraform/production/aws/ci.tf", dbTf},
			derived: map[string]string{dbTf: db1}},
		{who: Oleh, date: "2024-04-09", msg: "Add the Jenkins controller and agents to the inventory",
			derived: map[string]string{hostsIni: hosts.version(true, false, false)}},
		{who: Oleh, date: "2024-04-11", msg: "Terraform for the Jenkins hosts", paths: []string{"terraform/production/aws/ci.tf"}},
		{who: Oleh, date: "2024-04-20", msg: "ADR 1: move CI from GCP to AWS", paths: []string{"docs/adr/0001-move-ci-to-aws.md"}},
		{who: Marta, date: "2024-06-12", msg: "Terraform for GCP search",
			paths: []string{"terraform/production/gcp/", "sops/elasticsearch-add-node.md"}, except: []string{"terraform/production/gcp/monitoring.tf"}},
		{who: Jonas, date: "2024-09-03", msg: "Workers and the monitoring hosts",
			paths:   []string{"terraform/production/gcp/monitoring.tf"},
			derived: map[string]string{hostsIni: hosts.version(true, true, false)}},
		{who: Jonas, date: "2024-10-15", msg: "Staging environment", paths: []string{"inventories/staging/", "terraform/staging/"}},
		{who: Jonas, date: "2024-11-05", msg: "Architecture overview", paths: []string{"docs/architecture.md"}},
		{who: Marta, date: "2025-01-15", msg: "Add CODEOWNERS", paths: []string{"CODEOWNERS"}},
		{who: Priya, date: "2025-02-10", msg: "Pin the Python interpreter on the web and api hosts",
			derived: map[string]string{hostsIni: hosts.version(true, true, true)}},
		{who: Priya, date: "2025-03-20", msg: "Incident report: checkout skimmer", paths: []string{"incidents/2025-03-18-checkout-skimmer.md"}},
		{who: Marta, date: "2025-03-27", msg: "SOP: security breach", paths: []string{"sops/security-breach.md"}},
		{who: Priya, date: "2025-05-28", msg: "Incident report: staging config on production", paths: []string{"incidents/2025-05-27-staging-config-on-production.md"}},
		{who: Priya, date: "2025-06-03", msg: "SOP: running playbooks safely", paths: []string{"sops/running-playbooks.md"}},
		{who: Oleh, date: "2025-08-18", msg: "Incident report: Jenkins disk full", paths: []string{"incidents/2025-08-12-jenkins-disk-full.md"}},
		{who: Oleh, date: "2025-08-20", msg: "SOP: Jenkins outage runbook", paths: []string{"sops/jenkins-outage.md"}},
		{who: Priya, date: "2025-10-01", msg: "Incident report: worker disk full", paths: []string{"incidents/2025-09-30-worker-disk-full.md"}},
		{who: Jonas, date: "2025-10-06", msg: "SOP: disk full on a worker", paths: []string{"sops/disk-full-worker.md"}},
		{who: Jonas, date: "2025-11-20", msg: "Postmortem: Redis outage", paths: []string{"docs/postmortems/2025-11-14-redis-outage.md"}},
		{who: Marta, date: "2026-01-23", msg: "Incident report: pg-primary01 lost", paths: []string{"incidents/2026-01-22-pg-primary-lost.md"}},
		{who: Marta, date: "2026-01-26", msg: "SOP: PostgreSQL failover", paths: []string{"sops/postgres-failover.md"}},
		{who: Jonas, date: "2026-02-05", msg: "db: CNAME for the primary, RDS replacement, backup replication",
			derived: map[string]string{dbTf: files[dbTf]}},
		{who: Marta, date: "2026-02-12", msg: "SOP index", paths: []string{"sops/README.md"}},
	}

	done := map[string]bool{}
	var out []change
	for i, st := range steps {
		c := change{files: map[string]*string{}}
		for p, content := range st.derived {
			if _, ok := files[p]; ok {
				c.files[p] = &content
				done[p] = true
			}
		}
		for _, p := range slices.Sorted(maps.Keys(files)) {
			if done[p] || slices.Contains(st.except, p) || !matchesAny(st.paths, p) {
				continue
			}
			content := files[p]
			c.files[p] = &content
			done[p] = true
		}
		if len(c.files) == 0 {
			continue
		}
		c.Commit = acmeCommit(st.who, st.date, i, st.msg)
		out = append(out, c)
	}

	var rest [2]change // marta's and oleh's
	for _, p := range slices.Sorted(maps.Keys(files)) {
		if done[p] {
			continue
		}
		i := 0
		if strings.Contains(strings.ToLower(p), "jenkins") {
			i = 1
		}
		if rest[i].files == nil {
			who := []string{Marta, Oleh}[i]
			rest[i] = change{Commit: acmeCommit(who, "2026-02-27", len(steps)+i, "Add the remaining files"), files: map[string]*string{}}
		}
		content := files[p]
		rest[i].files[p] = &content
	}
	for _, c := range rest {
		if c.files != nil {
			out = append(out, c)
		}
	}
	return out
}

func matchesAny(patterns []string, p string) bool {
	for _, pat := range patterns {
		if p == pat || strings.HasSuffix(pat, "/") && strings.HasPrefix(p, pat) {
			return true
		}
	}
	return false
}

// acmeCommit makes the commit of step i on day (YYYY-MM-DD), at a working
// hour that differs from step to step.
func acmeCommit(who, day string, i int, msg string) Commit {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		panic(fmt.Sprintf("historytest: bad story date %q", day))
	}
	name, email, _ := strings.Cut(strings.TrimSuffix(who, ">"), " <")
	return Commit{Author: name, Email: email, Date: d.Add(9*time.Hour + time.Duration(i*17%480)*time.Minute), Message: msg}
}

// hostsLayers splits hosts.ini into who added which line, so that each
// version of the story is the final file with some lines left out.
type hostsLayers struct {
	lines []string
	layer []int    // which commit adds the line
	old   []string // the line before priya's edit, "" when she does not touch it
}

const (
	layerMarta = iota
	layerOleh
	layerJonas
)

var (
	sectionRe = regexp.MustCompile(`^\s*\[([^\]]+)\]`)
	jonasHost = regexp.MustCompile(`^(worker|prometheus|grafana|loki)`)
	priyaHost = regexp.MustCompile(`^(web|api)`)
)

func splitHosts(content string) hostsLayers {
	h := hostsLayers{lines: strings.SplitAfter(content, "\n")}
	if h.lines[len(h.lines)-1] == "" {
		h.lines = h.lines[:len(h.lines)-1]
	}
	h.layer = make([]int, len(h.lines))
	h.old = make([]string, len(h.lines))
	section := ""
	var comments []int // the comment lines right above the current line
	for i, line := range h.lines {
		trimmed := strings.TrimSpace(line)
		if m := sectionRe.FindStringSubmatch(line); m != nil {
			section = m[1]
			if section == "prod-ci" {
				h.layer[i] = layerOleh
			}
			comments = nil
			continue
		}
		if strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, ";") {
			h.layer[i] = h.sectionLayer(section)
			comments = append(comments, i)
			continue
		}
		layer := h.sectionLayer(section)
		switch {
		case trimmed == "":
		case strings.HasSuffix(section, ":children"):
			if trimmed == "prod-ci" {
				layer = layerOleh
			}
		case strings.HasSuffix(section, ":vars"):
		case strings.Contains(trimmed, "jenkins"):
			layer = layerOleh
		case jonasHost.MatchString(trimmed):
			layer = layerJonas
		case priyaHost.MatchString(trimmed):
			h.old[i] = olderHostLine(line)
		}
		h.layer[i] = layer
		if trimmed != "" {
			for _, c := range comments {
				h.layer[c] = layer
			}
		}
		comments = nil
	}
	return h
}

func (h hostsLayers) sectionLayer(section string) int {
	if section == "prod-ci" {
		return layerOleh
	}
	return layerMarta
}

// version is hosts.ini with oleh's and jonas's lines when they have been
// added, and with priya's edit when she has made it.
func (h hostsLayers) version(oleh, jonas, priya bool) string {
	var b strings.Builder
	for i, line := range h.lines {
		switch {
		case h.layer[i] == layerOleh && !oleh, h.layer[i] == layerJonas && !jonas:
			continue
		case h.old[i] != "" && !priya:
			b.WriteString(h.old[i])
		default:
			b.WriteString(line)
		}
	}
	return b.String()
}

// olderHostLine is a host line before priya added its last variable.
func olderHostLine(line string) string {
	fields := strings.Fields(line)
	if len(fields) > 1 {
		return strings.Join(fields[:len(fields)-1], " ") + "\n"
	}
	return strings.TrimRight(line, "\n") + " ansible_port=22\n"
}

var tfBlockRe = regexp.MustCompile(`^(resource|data|module|variable|output|locals|provider|terraform)\b`)

// firstBlocks is a Terraform file cut before its (n+1)th top-level block and
// the comments above it; the first half of its lines when it has fewer blocks.
func firstBlocks(content string, n int) string {
	lines := strings.SplitAfter(content, "\n")
	blocks := 0
	for i, line := range lines {
		if !tfBlockRe.MatchString(line) {
			continue
		}
		blocks++
		if blocks <= n {
			continue
		}
		start := i
		for start > 0 && strings.HasPrefix(strings.TrimSpace(lines[start-1]), "#") {
			start--
		}
		return strings.Join(lines[:start], "")
	}
	return strings.Join(lines[:len(lines)/2], "")
}
