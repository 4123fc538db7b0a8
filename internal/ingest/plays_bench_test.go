package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"handover/internal/config"
)

// BenchmarkSnapshotPlaybooks reads an Ansible-heavy repository: 2,000
// playbooks and 500 roles against one inventory of 10,000 hosts in 200
// groups. Every play's hosts pattern is resolved (a group, a union with
// an exclusion, an intersection, a glob or a regex) and linked to its
// hosts and roles, dependencies included.
func BenchmarkSnapshotPlaybooks(b *testing.B) {
	root := b.TempDir()
	write := fileWriter(b, root)
	var inv strings.Builder
	for g := range 200 {
		fmt.Fprintf(&inv, "[svc%03d]\n", g)
		for h := range 50 {
			fmt.Fprintf(&inv, "# node %d of service %d\nsvc%03d-n%02d.example.internal ansible_host=10.%d.%d.%d\n", h, g, g, h, g/250, g%250, h)
		}
	}
	inv.WriteString("[production:children]\n")
	for g := range 100 {
		fmt.Fprintf(&inv, "svc%03d\n", g)
	}
	write("inventory/hosts.ini", inv.String())
	write("ansible.cfg", "[defaults]\ninventory = inventory/hosts.ini\nroles_path = roles\n")
	for r := range 500 {
		dir := fmt.Sprintf("roles/role%03d", r)
		var tasks strings.Builder
		for t := range 5 {
			fmt.Fprintf(&tasks, "- name: Step %d of role %d\n  ansible.builtin.command: /bin/true\n  tags: [r%d]\n", t, r, r)
		}
		write(dir+"/tasks/main.yml", tasks.String())
		write(dir+"/defaults/main.yml", fmt.Sprintf("role%03d_port: %d\nrole%03d_password: s3cret\n", r, 8000+r, r))
		deps := "[]"
		if r >= 10 {
			deps = fmt.Sprintf("\n  - role: role%03d", r%10) // a base role each
		}
		write(dir+"/meta/main.yml", fmt.Sprintf("galaxy_info:\n  description: Role %d\ndependencies: %s\n", r, deps))
		write(dir+"/handlers/main.yml", "- name: restart it\n  ansible.builtin.service:\n    name: x\n    state: restarted\n")
	}
	patterns := []func(g int) string{
		func(g int) string { return fmt.Sprintf("svc%03d", g) },
		func(g int) string { return fmt.Sprintf("svc%03d:svc%03d:!svc%03d-n0*", g, (g+1)%200, g) },
		func(g int) string { return fmt.Sprintf("production:&svc%03d", g) },
		func(g int) string { return fmt.Sprintf("svc%03d-n1?.example.internal", g) },
		func(g int) string { return fmt.Sprintf("~svc%03d-n[0-4]", g) },
	}
	for p := range 2000 {
		g := p % 200
		pattern := patterns[p%len(patterns)](g)
		var tasks strings.Builder
		for t := range 5 {
			fmt.Fprintf(&tasks, "    - name: Task %d\n      ansible.builtin.debug:\n        msg: hi\n", t)
		}
		write(fmt.Sprintf("playbooks/p%04d.yml", p), fmt.Sprintf(
			"---\n- name: Play %d\n  hosts: %q\n  become: true\n  tags: [p%d]\n  vars:\n    port: %d\n  roles:\n    - role%03d\n    - role%03d\n    - role%03d\n  tasks:\n%s",
			p, pattern, p, p, p%500, (p*7)%500, (p*13)%500, tasks.String()))
	}
	rp := config.Repo{Name: "bench", Path: root}
	b.ResetTimer()
	for b.Loop() {
		snap, err := Snapshot(context.Background(), rp, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(snap.Plays) != 2000 || len(snap.Roles) != 500 || len(snap.Inventories[0].Hosts) != 10000 {
			b.Fatalf("read %d plays, %d roles, %d hosts", len(snap.Plays), len(snap.Roles), len(snap.Inventories[0].Hosts))
		}
		if len(snap.Plays[0].Links) == 0 {
			b.Fatal("plays not linked")
		}
	}
}
