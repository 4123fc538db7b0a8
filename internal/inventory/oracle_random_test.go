package inventory

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"handover/internal/model"
)

// TestOracleRandom compares Load with ansible-inventory on randomly built
// INI and YAML inventories made of awkward pieces: literal values, ranges,
// ports, IPv6, duplicate hosts, hosts named like groups, pending children,
// priorities, group_vars. It is slow (about 0.4s of ansible per case), so
// it runs only when asked:
//
//	HANDOVER_ORACLE_RANDOM=300 HANDOVER_ORACLE_SEED=7 go test -run TestOracleRandom ./internal/inventory/
func TestOracleRandom(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("HANDOVER_ORACLE_RANDOM"))
	if n == 0 {
		t.Skip("set HANDOVER_ORACLE_RANDOM=<cases> to run")
	}
	requireAnsible(t)
	seed, _ := strconv.ParseInt(os.Getenv("HANDOVER_ORACLE_SEED"), 10, 64)
	dir := t.TempDir()
	for i := 0; i < n; i++ {
		r := rand.New(rand.NewSource(seed*1_000_003 + int64(i)))
		files := map[string]string{}
		var source string
		if i%2 == 0 {
			source = fmt.Sprintf("case%04d/hosts", i)
			files[source] = randomINI(r)
			if r.Intn(2) == 0 {
				g := randomGroups[r.Intn(len(randomGroups))]
				files[fmt.Sprintf("case%04d/group_vars/%s.yml", i, g)] = "v1: from_file\nv3: [1, yes]\n"
			}
		} else {
			source = fmt.Sprintf("case%04d/inventory.yml", i)
			files[source] = randomYAML(r)
		}
		writeFiles(t, dir, files)
		t.Run(source, func(t *testing.T) {
			t.Parallel()
			compareRandomCase(t, dir, source, files[source])
		})
	}
}

func compareRandomCase(t *testing.T, dir, source, text string) {
	defer func() {
		if t.Failed() {
			t.Logf("inventory:\n%s", text)
		}
	}()
	inv, err := Load(dir, source)
	if err != nil {
		t.Fatal(err)
	}
	res := runAnsibleInventory(t, filepath.Join(dir, source))
	hasErr := false
	for _, p := range inv.Problems {
		hasErr = hasErr || p.Severity == model.SeverityError
	}
	if res.failed != hasErr {
		t.Fatalf("ansible failed=%v, we report errors=%v\nstderr: %s\nproblems: %v", res.failed, hasErr, res.stderr, inv.Problems)
	}
	if res.failed {
		checkRejection(t, inv, filepath.Join(dir, source), source, res.stderr)
		return
	}
	if len(inv.Hosts) == 0 && len(res.hostvars) == 0 {
		return
	}
	compareWithAnsible(t, inv, res)
}

var (
	randomINIValues = []string{"1", "-2", "0x1F", "0o7", "1_000", "1.5", "1e3", ".5", "True", "False", "None", "yes", "abc", "/usr/bin/x",
		`"a b"`, `'c d'`, `"'q'"`, `"[1, 2]"`, `"{'k': 1}"`, "(1,2)", "[]", "{}", "0777", "00", "a=b", "x#y", `"#z"`, "1+1", "-(3)",
		`"'a' 'b'"`, "10.0.0.1", "''", `""`, `"\"dq\""`, "é", "1,", "True,", "+5", "1_0.5", "0b11", `"{1: 2, True: 3}"`, "[1,[2,(3,)]]"}
	randomINIHosts = []string{"h1", "h2", "h3", "web[1:3]", "db-[a:b]", "10.0.0.5", "10.0.0.6:2222", "[::1]:22", "n[01:02]", "h1:2200",
		"g1", "x.example.com", "bad_"}
	randomGroups = []string{"g1", "g2", "g3", "all", "ungrouped", "prod-aws", "dev"}

	randomYAMLScalars = []string{"1", "-2", "0x1F", "010", "0o7", "1_000", "1.5", "1e3", "1.0e+3", ".5", ".inf", "yes", "No", "on", "OFF",
		"true", "y", "n", "~", "null", "", "abc", "'quoted'", `"dq"`, "1:30", "2024-01-02", "2001-12-14 21:59:43.10", "0b101", "09", "+12",
		"[1, two]", "{a: 1}", "!!str 12", "!unsafe '{{ x }}'", "10.0.0.1"}
	randomYAMLHosts = []string{"h1", "h2", "web[1:2]", "10.0.0.5", "10.0.0.6:2222", "'[::1]:22'", "g1", "db-[a:b]", "h1"}
)

func pick(r *rand.Rand, list []string) string { return list[r.Intn(len(list))] }

func randomINI(r *rand.Rand) string {
	var b strings.Builder
	for i := 0; i < 2+r.Intn(10); i++ {
		switch r.Intn(10) {
		case 0, 1, 2, 3:
			fmt.Fprintf(&b, "[%s]\n", pick(r, randomGroups))
			for j := 0; j < 1+r.Intn(3); j++ {
				if r.Intn(4) == 0 {
					fmt.Fprintf(&b, "# comment %d\n", j)
				}
				b.WriteString(pick(r, randomINIHosts))
				for k := 0; k < r.Intn(3); k++ {
					fmt.Fprintf(&b, " v%d=%s", r.Intn(4), pick(r, randomINIValues))
				}
				b.WriteString("\n")
			}
		case 4, 5:
			fmt.Fprintf(&b, "[%s:children]\n", pick(r, randomGroups))
			for j := 0; j < 1+r.Intn(2); j++ {
				fmt.Fprintf(&b, "%s\n", pick(r, randomGroups))
			}
		case 6, 7, 8:
			fmt.Fprintf(&b, "[%s:vars]\n", pick(r, randomGroups))
			for j := 0; j < 1+r.Intn(3); j++ {
				if r.Intn(8) == 0 {
					fmt.Fprintf(&b, "ansible_group_priority = %d\n", r.Intn(5))
					continue
				}
				fmt.Fprintf(&b, "v%d = %s\n", r.Intn(4), pick(r, randomINIValues))
			}
		case 9:
			fmt.Fprintf(&b, "%s v1=%s\n", pick(r, randomINIHosts), pick(r, randomINIValues))
		}
	}
	return b.String()
}

func randomYAML(r *rand.Rand) string {
	var b strings.Builder
	var group func(indent string, depth int)
	group = func(indent string, depth int) {
		if r.Intn(6) == 0 {
			b.WriteString(" ~\n")
			return
		}
		b.WriteString("\n")
		for _, section := range []string{"hosts", "vars", "children"} {
			if r.Intn(3) == 0 || section == "children" && depth > 2 {
				continue
			}
			if r.Intn(10) == 0 && section != "vars" {
				fmt.Fprintf(&b, "%s  %s: %s\n", indent, section, pick(r, []string{"g1", "g2", "h1"}))
				continue
			}
			fmt.Fprintf(&b, "%s  %s:\n", indent, section)
			for i := 0; i < 1+r.Intn(3); i++ {
				switch section {
				case "hosts":
					fmt.Fprintf(&b, "%s    %s:\n", indent, pick(r, randomYAMLHosts))
					for j := 0; r.Intn(2) == 0 && j < 1+r.Intn(3); j++ {
						fmt.Fprintf(&b, "%s      v%d: %s\n", indent, r.Intn(4), pick(r, randomYAMLScalars))
					}
				case "vars":
					fmt.Fprintf(&b, "%s    v%d: %s\n", indent, r.Intn(4), pick(r, randomYAMLScalars))
					if r.Intn(6) == 0 {
						fmt.Fprintf(&b, "%s    ansible_group_priority: %d\n", indent, r.Intn(4))
					}
				case "children":
					fmt.Fprintf(&b, "%s    %s:", indent, pick(r, []string{"g1", "g2", "g3", "prod-aws"}))
					group(indent+"    ", depth+1)
				}
			}
		}
	}
	for i := 0; i < 1+r.Intn(3); i++ {
		fmt.Fprintf(&b, "%s:", pick(r, []string{"all", "g1", "g2", "prod"}))
		group("", 0)
	}
	return b.String()
}
