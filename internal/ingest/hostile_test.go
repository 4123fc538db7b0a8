package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"handover/internal/config"
	"handover/internal/limits"
	"handover/internal/model"
)

// Hostile and broken repositories: each must be read in well under a few
// seconds and a few hundred megabytes, with a problem at the file (and
// line) that went beyond a limit, and nothing from outside the repository.
// The inputs are generated here: big files are sparse, so they cost no
// disk.

// aliasBomb is the "billion laughs": nine levels of nine aliases.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 'b'; i <= 'i'; i++ {
		p := string(i - 1)
		fmt.Fprintf(&b, "%c: &%c [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", i, i, p, p, p, p, p, p, p, p, p)
	}
	return b.String()
}

// hostileCase is one repository and the problem it must give.
type hostileCase struct {
	name  string
	setup func(t *testing.T, root, outside string)
	// want are "path:line: substring" (line omitted when 0) problems.
	want []string
	// hosts, when not 0, is how many hosts must be read.
	hosts int
	// check, when set, looks at the snapshot further.
	check func(t *testing.T, snap *model.Snapshot)
}

var hostileCases = []hostileCase{
	{
		name: "host name climbing out of host_vars",
		setup: func(t *testing.T, root, outside string) {
			write(t, outside, "x.yml", "leak: OUTSIDE-SECRET\n")
			rel, err := filepath.Rel(filepath.Join(root, "inventories/prod/host_vars"), filepath.Join(outside, "x"))
			if err != nil {
				panic(err)
			}
			write(t, root, "inventories/prod/hosts", "[web]\n"+filepath.ToSlash(rel)+"\n")
			write(t, root, "inventories/prod/host_vars/web1.yml", "a: 1\n")
		},
		hosts: 1,
		check: func(t *testing.T, snap *model.Snapshot) {
			if strings.Contains(snapshotText(t, snap), "OUTSIDE-SECRET") {
				t.Error("host_vars read from outside the repository")
			}
		},
	},
	{
		name: "yaml alias bomb in an inventory",
		setup: func(t *testing.T, root, _ string) {
			write(t, root, "inventories/prod/hosts.yml", aliasBomb()+"all:\n  hosts:\n    web1:\n")
		},
		want: []string{"inventories/prod/hosts.yml: yaml-alias-nodes"},
	},
	{
		name: "yaml alias bomb in group_vars",
		setup: func(t *testing.T, root, _ string) {
			write(t, root, "inventories/prod/hosts", "[web]\nweb1\n")
			write(t, root, "inventories/prod/group_vars/all.yml", aliasBomb())
		},
		want: []string{"inventories/prod/group_vars/all.yml: yaml-alias-nodes"},
	},
	{
		name: "recursive yaml alias",
		setup: func(t *testing.T, root, _ string) {
			write(t, root, "inventories/prod/hosts", "[web]\nweb1\n")
			write(t, root, "inventories/prod/group_vars/all.yml", "x: &x [1, *x]\n")
		},
		want: []string{"inventories/prod/group_vars/all.yml: refers to a node that contains it"},
	},
	{
		name: "deep yaml",
		setup: func(t *testing.T, root, _ string) {
			write(t, root, "inventories/prod/hosts", "[web]\nweb1\n")
			write(t, root, "inventories/prod/group_vars/all.yml", "x: "+strings.Repeat("[", 5000)+strings.Repeat("]", 5000)+"\n")
		},
		want: []string{"inventories/prod/group_vars/all.yml: yaml-depth"},
	},
	{
		name: "host range bomb",
		setup: func(t *testing.T, root, _ string) {
			write(t, root, "hosts.ini", "[a]\nrh[0000000:1048575]\n[b]\nrh[0000000:1048575]\n[c]\nrh[0000000:1048575]\nweb1\n")
		},
		want:  []string{"hosts.ini:2: range-hosts", "hosts.ini:4: range-hosts", "hosts.ini:6: range-hosts"},
		hosts: 1,
	},
	{
		name: "nested host ranges",
		setup: func(t *testing.T, root, _ string) {
			write(t, root, "hosts.ini", "[a]\nh[0:60000]x[0:60000]\n")
		},
		want: []string{"hosts.ini:2: range-hosts"},
	},
	{
		name: "too many hosts in one inventory",
		setup: func(t *testing.T, root, _ string) {
			var b strings.Builder
			b.WriteString("[a]\n")
			for i := range 4 {
				fmt.Fprintf(&b, "r%d-[00000:59999]\n", i)
			}
			write(t, root, "hosts.ini", b.String())
		},
		want:  []string{"hosts.ini:5: inventory-hosts"},
		hosts: limits.Default().InventoryHosts,
	},
	{
		name: "big files in every place",
		setup: func(t *testing.T, root, _ string) {
			big := limits.Default().FileBytes + 1
			write(t, root, "inventories/prod/hosts", "[web]\nweb1\n")
			sparse(t, root, "inventories/prod/generated", 200<<20) // read by the directory source
			sparse(t, root, "inventories/prod/group_vars/all.yml", big)
			sparse(t, root, "inventories/prod/host_vars/web1.yml", big)
			sparse(t, root, "staging.ini", limits.Default().InventoryBytes+1)
			sparse(t, root, "ansible.cfg", big)
			sparse(t, root, "CODEOWNERS", big)
			sparse(t, root, "docs/big.md", big)
			write(t, root, "tf/main.tf", "resource \"null_resource\" \"a\" {}\n")
			sparse(t, root, "tf/big.tf", big)
			sparse(t, root, "tf/terraform.tfstate", limits.Default().StateBytes+1)
		},
		want: []string{
			"inventories/prod/generated: inventory-bytes",
			"inventories/prod/group_vars/all.yml: file-bytes",
			"inventories/prod/host_vars/web1.yml: file-bytes",
			"staging.ini: inventory-bytes",
			"ansible.cfg: file-bytes",
			"CODEOWNERS: file-bytes",
			"docs/big.md: file-bytes",
			"tf/big.tf: file-bytes",
			"tf/terraform.tfstate: state-bytes",
		},
	},
	{
		name: "binary file in an inventory directory",
		setup: func(t *testing.T, root, _ string) {
			write(t, root, "inventories/prod/hosts", "[web]\nweb1\n")
			bin := make([]byte, 1<<20)
			for i := range bin {
				bin[i] = byte(i*7919 + i>>8)
			}
			writeBytes(t, root, "inventories/prod/blob", bin)
		},
		want:  []string{"inventories/prod/blob: binary file"},
		hosts: 1,
	},
	{
		name: "one NUL byte",
		setup: func(t *testing.T, root, _ string) {
			write(t, root, "hosts", "[web]\nweb1\nweb2\x00\n")
			write(t, root, "inventories/prod/hosts", "[db]\ndb1\n\x00\n")
		},
		want: []string{"hosts: binary file", "inventories/prod/hosts:3: binary file"},
	},
	{
		name: "invalid UTF-8",
		setup: func(t *testing.T, root, _ string) {
			write(t, root, "hosts", "[web]\nweb1\nweb\xff2\n")
		},
		want:  []string{"hosts:3: invalid UTF-8"},
		hosts: 2,
		check: func(t *testing.T, snap *model.Snapshot) {
			if !strings.Contains(snapshotText(t, snap), "web\uFFFD2") {
				t.Error("web\\uFFFD2 not read")
			}
		},
	},
	{
		name: "7 MB line",
		setup: func(t *testing.T, root, _ string) {
			line := strings.Repeat("x", 7<<20)
			write(t, root, "hosts.ini", "[web]\nweb1\n"+line+"\n")
			write(t, root, "sops/long.md", "# Long\n\n"+line+"\n")
			write(t, root, "tf/main.tf", "locals {\n  x = \""+line+"\"\n}\n")
		},
		want: []string{"hosts.ini:3: line-bytes", "sops/long.md:3: line-bytes", "tf/main.tf:2: line-bytes"},
	},
	{
		name: "symlinks leading outside, one per kind",
		setup: func(t *testing.T, root, outside string) {
			write(t, outside, "vars.yml", "leak: OUTSIDE-SECRET\n")
			write(t, outside, "vars/all.yml", "leak: OUTSIDE-SECRET\n")
			write(t, outside, "main.tf", "resource \"null_resource\" \"OUTSIDE-SECRET\" {}\n")
			write(t, outside, "terraform.tfstate", `{"version": 4, "resources": [{"mode": "managed", "type": "null_resource", "name": "OUTSIDE-SECRET", "instances": []}]}`)
			write(t, outside, "doc.md", "# OUTSIDE-SECRET\n")
			write(t, outside, "ansible.cfg", "[defaults]\ninventory = /OUTSIDE-SECRET\n")
			write(t, outside, "CODEOWNERS", "* @OUTSIDE-SECRET\n")
			write(t, outside, "hosts", "[x]\nOUTSIDE-SECRET\n")

			write(t, root, "inventories/prod/hosts", "[web]\nweb1\n[db]\ndb1\n")
			symlinkTo(t, outside+"/vars.yml", root, "inventories/prod/group_vars/web.yml")
			symlinkTo(t, outside+"/vars", root, "inventories/prod/group_vars/db")
			symlinkTo(t, outside+"/vars", root, "inventories/prod/host_vars")
			write(t, root, "inventories/stage/hosts", "[web]\nweb2\n")
			symlinkTo(t, outside+"/vars", root, "inventories/stage/group_vars")
			symlinkTo(t, outside+"/hosts", root, "inventories/stage/more")
			write(t, root, "tf/main.tf", "resource \"null_resource\" \"a\" {}\n")
			symlinkTo(t, outside+"/main.tf", root, "tf/leak.tf")
			symlinkTo(t, outside+"/terraform.tfstate", root, "tf/terraform.tfstate")
			symlinkTo(t, outside+"/doc.md", root, "docs/leak.md")
			symlinkTo(t, outside+"/ansible.cfg", root, "ansible.cfg")
			symlinkTo(t, outside+"/CODEOWNERS", root, "CODEOWNERS")
			symlinkTo(t, outside+"/CODEOWNERS", root, "team/OWNERS")
		},
		want: []string{
			"inventories/prod/group_vars/web.yml: outside the repository",
			"inventories/prod/group_vars/db: outside the repository",
			"inventories/prod/host_vars: outside the repository",
			"inventories/stage/group_vars: outside the repository",
			"inventories/stage/more: outside the repository",
			"tf/leak.tf: outside the repository",
		},
		check: func(t *testing.T, snap *model.Snapshot) {
			if text := snapshotText(t, snap); strings.Contains(text, "OUTSIDE-SECRET") {
				t.Errorf("read from outside the repository:\n%s", text)
			}
		},
	},
}

func TestHostileRepositories(t *testing.T) {
	for _, c := range hostileCases {
		t.Run(c.name, func(t *testing.T) {
			root, outside := t.TempDir(), t.TempDir()
			c.setup(t, root, outside)
			snap, took, alloc := measureSnapshot(t, root)
			t.Logf("%s: %v, %.1f MB allocated", c.name, took.Round(time.Millisecond), float64(alloc)/1e6)
			// A guard against unbounded work, not a speed test (those are
			// benchmarks): generous enough for a loaded 2-core machine,
			// where the capped inventory once took 7 s.
			if took > 30*time.Second {
				t.Errorf("took %v", took)
			}
			if alloc > 300<<20 {
				t.Errorf("allocated %d MB", alloc>>20)
			}
			problems := snap.AllProblems()
			for _, w := range c.want {
				if !hasProblem(problems, w) {
					t.Errorf("no problem %q in:\n%s", w, problemList(problems))
				}
			}
			if n := hostCount(snap); c.hosts != 0 && n != c.hosts {
				t.Errorf("%d hosts, want %d", n, c.hosts)
			}
			if c.check != nil {
				c.check(t, snap)
			}
		})
	}
}

// BenchmarkHostile reads each hostile repository; -benchmem gives what
// one read allocates (BENCHMARKS.md).
func BenchmarkHostile(b *testing.B) {
	for _, c := range hostileCases {
		b.Run(strings.ReplaceAll(c.name, " ", "_"), func(b *testing.B) {
			t := &testing.T{}
			root, outside := b.TempDir(), b.TempDir()
			c.setup(t, root, outside)
			b.ResetTimer()
			for b.Loop() {
				if _, err := Snapshot(context.Background(), config.Repo{Name: "hostile", Path: root}, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// measureSnapshot reads root and returns how long that took and how many
// bytes it allocated: an upper bound of its peak heap.
func measureSnapshot(t *testing.T, root string) (*model.Snapshot, time.Duration, uint64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	snap, err := Snapshot(ctx, config.Repo{Name: "hostile", Path: root}, nil)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	return snap, took, after.TotalAlloc - before.TotalAlloc
}

// hasProblem reports whether a problem matches "path[:line]: substring".
func hasProblem(problems []model.Problem, want string) bool {
	place, text, _ := strings.Cut(want, ": ")
	for _, p := range problems {
		at := p.Source.Path
		if strings.Contains(place, ":") {
			at = fmt.Sprintf("%s:%d", p.Source.Path, p.Source.Line)
		}
		if at == place && strings.Contains(p.Message, text) {
			return true
		}
	}
	return false
}

func problemList(problems []model.Problem) string {
	var b strings.Builder
	for _, p := range problems {
		msg := p.Message
		if len(msg) > 200 {
			msg = msg[:200] + "..."
		}
		fmt.Fprintf(&b, "  %s:%d: %s\n", p.Source.Path, p.Source.Line, msg)
	}
	return b.String()
}

func hostCount(snap *model.Snapshot) int {
	n := 0
	for _, inv := range snap.Inventories {
		n += len(inv.Hosts)
	}
	return n
}

func snapshotText(t *testing.T, snap *model.Snapshot) string {
	b, err := json.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func write(t testing.TB, root, rel, content string) {
	writeBytes(t, root, rel, []byte(content))
}

func writeBytes(t testing.TB, root, rel string, content []byte) {
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		panic(err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		panic(err)
	}
}

// sparse makes a file of size bytes that takes no disk.
func sparse(t testing.TB, root, rel string, size int64) {
	write(t, root, rel, "")
	if err := os.Truncate(filepath.Join(root, filepath.FromSlash(rel)), size); err != nil {
		panic(err)
	}
}

func symlinkTo(t testing.TB, target, root, rel string) {
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		panic(err)
	}
	if err := os.Symlink(target, p); err != nil {
		panic(err)
	}
}
