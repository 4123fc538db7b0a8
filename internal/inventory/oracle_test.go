package inventory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"handover/internal/model"
)

// The oracle test runs the real `ansible-inventory --list` on every
// inventory under testdata/oracle and compares what it prints with what
// Load returns: the hosts, each group's direct hosts and children, and each
// host's effective variables. Where ansible rejects a file, ansible must
// fail and our problems must carry its message at its file:line.

// oracleCases are the inventories checked against ansible; source is
// relative to testdata/oracle.
var oracleCases = []struct {
	source  string
	rejects bool
}{
	{"ini-basic/hosts.ini", false},
	{"ini-literals/hosts", false},
	{"ini-priority/inventory.ini", false},
	{"ini-groupvars/hosts.ini", false},
	{"ini-pending/hosts.ini", false},
	{"ini-messy/hosts", false},
	{"ini-crlf/hosts.ini", false},
	{"yaml-basic/inventory.yml", false},
	{"yaml-groupvars/hosts.yaml", false},
	{"yaml-scalars/inventory.yml", false},
	{"dir-mixed/inventory", false},
	{"dir-split/inventory", false},
	{"constructed/inventory", false},
	{"seed/inventory-before.ini", false},
	{"seed/inventory-after.ini", true},
	{"seed-fixed/inventory.ini", false},
	{"reject-undefined-child/hosts.ini", true},
	{"reject-vars-undefined/hosts.ini", true},
	{"reject-unknown-section/hosts.ini", true},
	{"reject-invalid-section/hosts.ini", true},
	{"reject-host-var/hosts.ini", true},
	{"reject-range/hosts.ini", true},
	{"reject-yaml-hosts-list/inventory.yml", true},
}

// sharedSeed is the client's seed directory in the workspace, when this
// clone sits beside it.
const sharedSeed = "../../../shared/seed"

func TestOracleCasesCoverTestdata(t *testing.T) {
	entries, err := os.ReadDir("testdata/oracle")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, c := range oracleCases {
		listed[strings.SplitN(c.source, "/", 2)[0]] = true
	}
	for _, e := range entries {
		if !listed[e.Name()] {
			t.Errorf("testdata/oracle/%s is not in oracleCases", e.Name())
		}
	}
}

func requireAnsible(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("ansible-inventory"); err != nil {
		if os.Getenv("HANDOVER_REQUIRE_ANSIBLE") != "" {
			t.Fatalf("HANDOVER_REQUIRE_ANSIBLE is set but ansible-inventory is not on PATH: %v", err)
		}
		t.Skip("ansible-inventory not on PATH (set HANDOVER_REQUIRE_ANSIBLE to make this fail)")
	}
}

func TestOracle(t *testing.T) {
	requireAnsible(t)
	for _, c := range oracleCases {
		t.Run(c.source, func(t *testing.T) {
			t.Parallel()
			checkAgainstAnsible(t, "testdata/oracle", c.source, c.rejects)
		})
	}
	// The seed files themselves, where the workspace has them.
	for _, name := range []string{"inventory-before.ini", "inventory-after.ini"} {
		if _, err := os.Stat(filepath.Join(sharedSeed, name)); err != nil {
			continue
		}
		t.Run("shared/"+name, func(t *testing.T) {
			t.Parallel()
			checkAgainstAnsible(t, sharedSeed, name, name == "inventory-after.ini")
		})
	}
}

// ansibleResult is what ansible-inventory printed.
type ansibleResult struct {
	failed   bool
	stderr   string
	groups   map[string]ansibleGroup
	hostvars map[string]map[string]any
}

type ansibleGroup struct {
	Hosts    []string `json:"hosts"`
	Children []string `json:"children"`
}

func runAnsibleInventory(t *testing.T, source string) ansibleResult {
	t.Helper()
	return runAnsibleInventoryWith(t, source, "")
}

// runAnsibleInventoryWith runs ansible-inventory with cfgText as its
// ansible.cfg.
func runAnsibleInventoryWith(t *testing.T, source, cfgText string) ansibleResult {
	t.Helper()
	tmp := t.TempDir()
	cfg := filepath.Join(tmp, "ansible.cfg")
	if err := os.WriteFile(cfg, []byte(cfgText), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("ansible-inventory", "-i", source, "--list")
	cmd.Dir = tmp // no ansible.cfg, group_vars or host_vars beside the playbook dir
	cmd.Env = append(os.Environ(),
		"HOME="+tmp,
		"ANSIBLE_CONFIG="+cfg,
		"ANSIBLE_LOCAL_TEMP="+filepath.Join(tmp, "tmp"),
		"ANSIBLE_REMOTE_TEMP="+filepath.Join(tmp, "tmp"),
		"ANSIBLE_NOCOLOR=1",
		"ANSIBLE_DEPRECATION_WARNINGS=false",
		"ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=true",
		"ANSIBLE_INVENTORY_UNPARSED_FAILED=true",
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := ansibleResult{stderr: stderr.String()}
	if err != nil {
		res.failed = true
		return res
	}
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(quoteNonFinite(stdout.Bytes())))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("ansible-inventory output: %v\n%s", err, stdout.String())
	}
	res.groups = map[string]ansibleGroup{}
	for name, msg := range raw {
		if name == "_meta" {
			continue
		}
		var g ansibleGroup
		if err := json.Unmarshal(msg, &g); err != nil {
			t.Fatalf("group %s: %v", name, err)
		}
		res.groups[name] = g
	}
	var meta struct {
		Hostvars map[string]map[string]any `json:"hostvars"`
	}
	dec = json.NewDecoder(bytes.NewReader(raw["_meta"]))
	dec.UseNumber()
	if err := dec.Decode(&meta); err != nil {
		t.Fatalf("_meta: %v", err)
	}
	res.hostvars = meta.Hostvars
	return res
}

// quoteNonFinite turns Python's bare NaN, Infinity and -Infinity into
// marked strings, so that encoding/json can read ansible's output.
func quoteNonFinite(b []byte) []byte {
	var out []byte
	inString := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inString {
			out = append(out, c)
			if c == '\\' && i+1 < len(b) {
				out = append(out, b[i+1])
				i++
			} else if c == '"' {
				inString = false
			}
			continue
		}
		if c == '"' {
			inString = true
			out = append(out, c)
			continue
		}
		replaced := false
		for _, tok := range []string{"-Infinity", "Infinity", "NaN"} {
			if bytes.HasPrefix(b[i:], []byte(tok)) {
				out = append(out, `"\u0000`+tok+`"`...)
				i += len(tok) - 1
				replaced = true
				break
			}
		}
		if !replaced {
			out = append(out, c)
		}
	}
	return out
}

func checkAgainstAnsible(t *testing.T, root, source string, rejects bool) {
	abs, err := filepath.Abs(filepath.Join(root, source))
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Load(root, source)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	res := runAnsibleInventory(t, abs)
	if res.failed != rejects {
		t.Fatalf("ansible failed=%v, want %v\n%s", res.failed, rejects, res.stderr)
	}
	if rejects {
		checkRejection(t, inv, abs, source, res.stderr)
		return
	}
	for _, p := range inv.Problems {
		if p.Severity == model.SeverityError {
			t.Errorf("ansible accepts the inventory, but we report %v", p)
		}
	}
	compareWithAnsible(t, inv, res)
}

// checkRejection wants one of our errors in ansible's stderr: as
// "FILE:LINE: MESSAGE" where ansible names the place, else as the message.
// Ansible wraps its warnings at 80 columns, also at hyphens, so whitespace
// is ignored.
func checkRejection(t *testing.T, inv *model.Inventory, abs, source, stderr string) {
	t.Helper()
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	got := squash(stderr)
	dir := strings.TrimSuffix(abs, filepath.FromSlash(source))
	placed := strings.Contains(got, squash(abs)+":")
	var errs []string
	for _, p := range inv.Problems {
		if p.Severity != model.SeverityError {
			continue
		}
		errs = append(errs, p.Error())
		want := p.Message
		if placed {
			want = fmt.Sprintf("%s:%d: %s", filepath.Join(dir, filepath.FromSlash(p.Source.Path)), p.Source.Line, p.Message)
		}
		if strings.Contains(got, squash(want)) {
			return
		}
	}
	t.Errorf("no error of ours is ansible's.\nansible stderr:\n%s\nour errors:\n%s", stderr, strings.Join(errs, "\n"))
}

func compareWithAnsible(t *testing.T, inv *model.Inventory, res ansibleResult) {
	t.Helper()
	// Hosts: ansible lists them under their groups ("all" shows none) and
	// in _meta.hostvars when they have variables.
	want := map[string]bool{}
	for name, g := range res.groups {
		if name != "all" {
			for _, h := range g.Hosts {
				want[h] = true
			}
		}
	}
	for h := range res.hostvars {
		want[h] = true
	}
	var wantHosts, gotHosts []string
	for h := range want {
		wantHosts = append(wantHosts, h)
	}
	for _, h := range inv.Hosts {
		if len(h.DirectGroups) == 0 && len(h.EffectiveVars()) == 0 {
			continue // only in "all" and without vars: --list cannot show it
		}
		gotHosts = append(gotHosts, h.Name)
	}
	sort.Strings(wantHosts)
	sort.Strings(gotHosts)
	if !slices.Equal(gotHosts, wantHosts) {
		t.Errorf("hosts:\n got %q\nwant %q", gotHosts, wantHosts)
	}

	ours := map[string]*model.Group{}
	for _, g := range inv.Groups {
		ours[g.Name] = g
	}
	for name, ag := range res.groups {
		g := ours[name]
		if g == nil {
			t.Errorf("group %s: missing", name)
			continue
		}
		if name != "all" && !slices.Equal(g.Hosts, ag.Hosts) {
			t.Errorf("group %s hosts:\n got %q\nwant %q", name, g.Hosts, ag.Hosts)
		}
		if !slices.Equal(g.Children, ag.Children) {
			t.Errorf("group %s children:\n got %q\nwant %q", name, g.Children, ag.Children)
		}
	}
	for _, g := range inv.Groups {
		if _, shown := res.groups[g.Name]; !shown && (len(g.Hosts) > 0 || len(g.Children) > 0) {
			t.Errorf("group %s: ansible shows no hosts or children, we have hosts %q children %q", g.Name, g.Hosts, g.Children)
		}
	}

	nvars := 0
	for _, h := range inv.Hosts {
		nvars += len(h.EffectiveVars())
		wantVars := map[string]string{}
		for k, v := range res.hostvars[h.Name] {
			wantVars[k] = canonAnsible(v)
		}
		gotVars := map[string]string{}
		for v := range h.AllVars() {
			gotVars[v.Name] = canonGo(v.Value)
		}
		for k, w := range wantVars {
			if g, ok := gotVars[k]; !ok {
				t.Errorf("host %s var %s: missing, ansible has %s", h.Name, k, w)
			} else if g != w {
				t.Errorf("host %s var %s:\n got %s\nwant %s", h.Name, k, g, w)
			}
		}
		for k, g := range gotVars {
			if _, ok := wantVars[k]; !ok {
				t.Errorf("host %s var %s: ansible has none, we have %s", h.Name, k, g)
			}
		}
	}
	if len(inv.Hosts) == 0 {
		t.Error("no hosts: nothing was compared")
	}
	t.Logf("agrees with ansible on %d hosts, %d groups, %d host vars", len(inv.Hosts), len(res.groups), nvars)
}

// canonGo and canonAnsible render values in one notation: types explicit,
// map keys sorted.
func canonGo(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return "int:" + strconv.FormatInt(v, 10)
	case bigInt:
		return "int:" + string(v)
	case float64:
		return canonFloat(v)
	case string:
		return strconv.Quote(v)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = canonGo(x)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + ":" + canonGo(v[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	return fmt.Sprintf("unexpected %T %v", v, v)
}

func canonFloat(f float64) string {
	if math.IsNaN(f) {
		return "float:NaN"
	}
	return "float:" + strconv.FormatFloat(f, 'g', -1, 64)
}

// canonAnsible canonicalises a value decoded from ansible's JSON output
// (numbers as json.Number) by turning it into the Go value Load would give.
func canonAnsible(v any) string { return canonGo(fromAnsible(v)) }

// bigInt is an integer beyond int64 in ansible's output.
type bigInt string

func fromAnsible(v any) any {
	switch v := v.(type) {
	case json.Number:
		s := string(v)
		if strings.ContainsAny(s, ".eE") {
			f, _ := strconv.ParseFloat(s, 64)
			return f
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
		return bigInt(s)
	case string:
		switch v {
		case "\x00NaN":
			return math.NaN()
		case "\x00Infinity":
			return math.Inf(1)
		case "\x00-Infinity":
			return math.Inf(-1)
		}
		return v
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = fromAnsible(x)
		}
		return out
	case map[string]any:
		// Vaulted and unsafe values print as one-key objects; Load keeps
		// their text.
		if len(v) == 1 {
			for _, k := range []string{"__ansible_vault", "__ansible_unsafe"} {
				if s, ok := v[k].(string); ok {
					return s
				}
			}
		}
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = fromAnsible(x)
		}
		return out
	}
	return v
}
