package inventory

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handover/internal/limits"
	"handover/internal/model"
)

// readAheadTricky has a host line of every kind hostLine treats apart:
// ranges, ports, repeated names, names of groups, bad tokens, lines after
// bad or unknown section headers, host-like lines in vars and children
// sections, purposes.
const readAheadTricky = `# before any section
plain1 a=1 b=2
[web]
# what web1 is for
web1 ansible_host=10.0.0.1 a=1 a=2
web2:2222 x=1
web3:2222
web[4:5] y=1
web1 again=1
'quoted host' q="a b" r='c'
bad token
web6 ansible_port=22
web7:22 ansible_port=23
web8 a=1 # a comment
web9 a="unclosed
---
ends:
[web:vars]
notahost=1
[db:children]
web
[web]
web10
[wrong:type]
skipped1 a=1
[bad section]
loose1 a=1
[other:vars]
k=v
[grp]
grp a=1
web
web11 ansible_group_priority=3
[grp:vars]
[web]
web12 z=1
plain1 b=3
`

// The reader ahead changes nothing: every inventory read with it and
// without it gives the same hosts, groups, variables and problems.
func TestReadAheadSameResult(t *testing.T) {
	texts := map[string]string{"tricky": readAheadTricky}
	dir := t.TempDir()
	writeBenchInventory(t, dir, 3000)
	bench, err := os.ReadFile(filepath.Join(dir, "hosts.ini"))
	if err != nil {
		t.Fatal(err)
	}
	texts["bench"] = string(bench)
	// The same hosts listed again in other groups: the reader stops
	// preparing hosts the parser does not take.
	var again strings.Builder
	for _, g := range []string{"a", "b", "c"} {
		fmt.Fprintf(&again, "[%s]\n", g)
		for i := range 3000 {
			fmt.Fprintf(&again, "h%04d v=%s\n", i, g)
		}
	}
	texts["again"] = again.String()
	// Lines the reader cannot prepare (ranges) in a row: it stops, and
	// the parser reads on alone.
	var ranges strings.Builder
	ranges.WriteString("[web]\nfirst a=1\n")
	for i := range 3000 {
		fmt.Fprintf(&ranges, "r%04d-[a:b] v=%d\n", i, i)
	}
	ranges.WriteString("last a=1\n")
	texts["ranges"] = ranges.String()
	err = filepath.WalkDir("testdata", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		texts[path] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range texts {
		for _, lim := range []limits.Limits{{}, {InventoryHosts: 5, FileProblems: 3}} {
			one, oneUsed := readINIWith(t, text, math.MaxInt, lim)
			two, twoUsed := readINIWith(t, text, 0, lim)
			if oneUsed != 0 {
				t.Errorf("%s: %d hosts read ahead with the reader off", name, oneUsed)
			}
			if one != two {
				t.Errorf("%s (limits %+v): read ahead differs:\n%s\nwithout:\n%s", name, lim, two, one)
			}
			if (name == "bench" || name == "tricky") && lim.InventoryHosts == 0 && twoUsed == 0 {
				t.Errorf("%s: no host was read ahead", name)
			}
		}
	}
}

// readINIWith reads text as one INI file with the reader ahead from
// readAheadMin bytes, and returns the result as JSON and the hosts read
// ahead.
func readINIWith(t *testing.T, text string, readAheadMin int, lim limits.Limits) (string, int) {
	t.Helper()
	d := newInventoryData(model.Source{Path: "hosts"}, lim)
	d.readAheadMin = readAheadMin
	parseINI(d, "hosts", text)
	d.reconcile()
	inv := d.build(t.TempDir(), "hosts", nil, nil)
	d.summarizeProblems()
	inv.Problems = append(d.problems, inv.Problems...)
	b, err := json.MarshalIndent(inv, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b), d.readAheadUsed
}
