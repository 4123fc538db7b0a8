package playbook

import (
	"context"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"handover/internal/hostpattern"
	"handover/internal/inventory"
	"handover/internal/model"
	"handover/internal/repo"
)

// The oracle test runs the real `ansible-playbook --list-hosts` and
// `--list-tasks` on every playbook under testdata/oracle/* (each case
// directory has its ansible.cfg naming its inventory and roles_path) and
// compares them with what this package reads and package hostpattern
// resolves: every play's name, its hosts and its tasks with their tags.

func requireAnsible(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("ansible-playbook"); err != nil {
		if os.Getenv("HANDOVER_REQUIRE_ANSIBLE") != "" {
			t.Fatalf("HANDOVER_REQUIRE_ANSIBLE is set but ansible-playbook is not on PATH: %v", err)
		}
		t.Skip("ansible-playbook not installed")
	}
}

// listedPlay is one play as ansible-playbook lists it.
type listedPlay struct {
	name  string
	hosts []string
	tasks []ListedTask
}

var (
	playLine = regexp.MustCompile(`^  play #\d+ \((.*)\): (.*)\tTAGS: \[.*\]$`)
	taskLine = regexp.MustCompile(`^      (.*)\tTAGS: \[(.*)\]$`)
)

// parseListing reads --list-hosts (hosts) or --list-tasks (tasks) output.
func parseListing(out string) []listedPlay {
	var plays []listedPlay
	for line := range strings.Lines(out) {
		line = strings.TrimRight(line, "\n")
		if m := playLine.FindStringSubmatch(line); m != nil {
			plays = append(plays, listedPlay{name: m[2]})
			continue
		}
		if len(plays) == 0 || !strings.HasPrefix(line, "      ") {
			continue
		}
		p := &plays[len(plays)-1]
		if m := taskLine.FindStringSubmatch(line); m != nil {
			var tags []string
			if m[2] != "" {
				tags = strings.Split(m[2], ", ")
			}
			p.tasks = append(p.tasks, ListedTask{Name: m[1], Tags: tags})
		} else {
			p.hosts = append(p.hosts, strings.TrimSpace(line))
		}
	}
	return plays
}

func runAnsible(t *testing.T, dir, playbook, what string) []listedPlay {
	t.Helper()
	cmd := exec.Command("ansible-playbook", playbook, what)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ANSIBLE_CONFIG="+filepath.Join(dir, "ansible.cfg"), "ANSIBLE_NOCOLOR=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ansible-playbook %s %s: %v\n%s", playbook, what, err, out)
	}
	return parseListing(string(out))
}

// readCase reads a case directory the way ingest reads a repository.
func readCase(t *testing.T, dir string) (plays []*model.Play, roles map[string]*model.Role, invs []*model.Inventory) {
	t.Helper()
	scan, err := repo.Scan(context.Background(), dir, repo.Options{
		SniffYAML: inventory.LooksLikeYAMLInventory, SniffINI: inventory.LooksLikeINIInventory, SniffPlaybook: LooksLikePlaybook,
	})
	if err != nil {
		t.Fatal(err)
	}
	var all []*model.Role
	for _, f := range scan.Docs {
		switch f.Kind {
		case repo.KindPlaybook:
			ps, problems := ReadPlaybook(dir, f.Path)
			if len(problems) > 0 {
				t.Errorf("%s: %v", f.Path, problems)
			}
			plays = append(plays, ps...)
		case repo.KindRole:
			r, problems := ReadRole(dir, f.Path)
			if len(problems) > 0 {
				t.Errorf("%s: %v", f.Path, problems)
			}
			all = append(all, r)
		}
	}
	if problems := ResolveRoles(plays, all, scan.RolesPath); len(problems) > 0 {
		t.Errorf("roles ansible finds were taken by name: %v", problems)
	}
	roles = map[string]*model.Role{}
	for _, r := range all {
		roles[r.Dir] = r
	}
	for _, src := range scan.Sources {
		inv, err := inventory.Load(dir, src.Path)
		if err != nil {
			t.Fatal(err)
		}
		invs = append(invs, inv)
	}
	return plays, roles, invs
}

// expand is the plays of playbook in the order ansible runs them, with
// import_playbook entries replaced by the plays they import.
func expand(playbook string, byFile map[string][]*model.Play, depth int) []*model.Play {
	var out []*model.Play
	for _, p := range byFile[playbook] {
		if p.ImportPlaybook == "" {
			out = append(out, p)
		} else if depth < 8 {
			out = append(out, expand(path.Join(path.Dir(playbook), p.ImportPlaybook), byFile, depth+1)...)
		}
	}
	return out
}

func TestOraclePlaybooks(t *testing.T) {
	requireAnsible(t)
	cases, err := filepath.Glob("testdata/oracle/*")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, dir := range cases {
		plays, roles, invs := readCase(t, dir)
		byFile := map[string][]*model.Play{}
		for _, p := range plays {
			byFile[p.Playbook] = append(byFile[p.Playbook], p)
		}
		if len(byFile) == 0 {
			t.Errorf("%s: no playbooks found", dir)
		}
		for file := range byFile {
			t.Run(dir+"/"+file, func(t *testing.T) {
				ours := expand(file, byFile, 0)
				hosts := runAnsible(t, dir, file, "--list-hosts")
				tasks := runAnsible(t, dir, file, "--list-tasks")
				if len(ours) != len(hosts) || len(ours) != len(tasks) {
					t.Fatalf("%d plays, ansible lists %d (hosts) and %d (tasks)", len(ours), len(hosts), len(tasks))
				}
				for i, p := range ours {
					if p.Name != hosts[i].name {
						t.Errorf("play %d: name %q, ansible %q", i+1, p.Name, hosts[i].name)
					}
					var got []string
					for _, inv := range invs {
						hs, err := hostpattern.NewResolver(inv).Hosts(p.Hosts)
						if err != nil {
							t.Errorf("play %q: %v", p.Name, err)
						}
						for _, h := range hs {
							got = append(got, h.Name)
						}
					}
					want := slices.Clone(hosts[i].hosts)
					slices.Sort(got)
					slices.Sort(want)
					if !slices.Equal(got, want) {
						t.Errorf("play %q (hosts: %s): hosts %q, ansible %q", p.Name, p.Hosts, got, want)
					}
					gotTasks := ListTasks(p, roles)
					if !slices.EqualFunc(gotTasks, tasks[i].tasks, func(a, b ListedTask) bool {
						return a.Name == b.Name && slices.Equal(a.Tags, b.Tags)
					}) {
						t.Errorf("play %q: tasks\n%v\nansible\n%v", p.Name, gotTasks, tasks[i].tasks)
					}
				}
			})
		}
	}
}
