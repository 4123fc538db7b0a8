package cli

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"google.golang.org/protobuf/proto"

	pb "handover/proto/handover/v1"
)

func TestExitCodes(t *testing.T) {
	addr := serveExample(t)
	down := closedAddr(t)
	seed := "../../examples/seed/inventory-after.ini"
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"unknown command", []string{"hsots"}, ExitUsage, `unknown command "hsots"; did you mean hosts?`},
		{"onboard with two arguments", []string{"--addr", addr, "onboard", "a", "b"}, ExitUsage, "handover onboard --repo a"},
		{"onboard with a positional repository", []string{"--addr", addr, "onboard", "acme"}, ExitUsage, "--repo"},
		{"bad -o", []string{"--addr", addr, "hosts", "-o", "xml"}, ExitUsage, "-o must be table, wide, json or yaml"},
		{"-o another command's format", []string{"--addr", addr, "hosts", "-o", "sarif"}, ExitUsage, "-o must be"},
		{"bad flag", []string{"--addr", addr, "hosts", "--no-such-flag"}, ExitUsage, "--no-such-flag"},
		{"negative --limit", []string{"--addr", addr, "hosts", "--limit", "-1"}, ExitUsage, "--limit"},
		{"bad date", []string{"--addr", addr, "incidents", "--since", "yesterday"}, ExitUsage, "YYYY-MM-DD"},
		{"unknown host", []string{"--addr", addr, "host", "no-such-host"}, ExitNotFound, `no host named "no-such-host"`},
		{"empty list", []string{"--addr", addr, "hosts", "--env", "nowhere"}, ExitNotFound, "no hosts match"},
		{"no search match", []string{"--addr", addr, "search", "zzzqqqxyz"}, ExitNotFound, "no matches"},
		{"lint findings", []string{"lint", seed}, ExitFindings, "lint found 8 errors"},
		{"lint of a missing path", []string{"lint", "/nonexistent"}, ExitInternal, "/nonexistent"},
		{"server unreachable", []string{"--addr", down, "--timeout", "3s", "hosts"}, ExitInternal, "not running at " + down},
		{"found", []string{"--addr", addr, "host", "pg-primary01"}, ExitOK, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.stderr)
			}
		})
	}
	// An empty list in JSON or YAML is still a document, for scripts; a
	// table prints nothing.
	for format, want := range map[string]string{"json": "{}\n", "yaml": "{}\n", "table": ""} {
		out, _, code := run(t, "--addr", addr, "hosts", "--env", "nowhere", "-o", format)
		if code != ExitNotFound || out != want {
			t.Errorf("empty hosts -o %s: exit %d, stdout %q; want %d and %q", format, code, out, ExitNotFound, want)
		}
	}
	// Nothing found and findings share exit 1; stderr tells them apart.
	_, notFound, _ := run(t, "--addr", addr, "host", "no-such-host")
	_, findings, _ := run(t, "lint", seed)
	if notFound == findings || strings.Contains(notFound, "lint") || strings.Contains(findings, "not found") {
		t.Errorf("nothing found says %q, findings say %q", notFound, findings)
	}
}

func TestOutputFormats(t *testing.T) {
	addr := serveExample(t)
	// A purpose longer than 60 characters, which tables used to cut.
	const long = "Prometheus + Alertmanager: scrapes every production host, alerts go to #ops-alerts and the on-call phone"

	t.Run("yaml is json's structure", func(t *testing.T) {
		for _, args := range [][]string{
			{"hosts", "--env", "production", "--cloud", "gcp"},
			{"host", "pg-primary01"},
			{"ask", "where does jenkins run and why"},
			{"incidents"},
			{"lint", "--repo", "acme"},
			{"stats"},
		} {
			js, _, _ := run(t, append([]string{"--addr", addr, "-o", "json"}, args...)...)
			ym, stderr, _ := run(t, append([]string{"--addr", addr, "-o", "yaml"}, args...)...)
			var fromJSON, fromYAML any
			if err := json.Unmarshal([]byte(js), &fromJSON); err != nil {
				t.Fatalf("%v -o json: %v\n%s", args, err, js)
			}
			if err := yaml.Unmarshal([]byte(ym), &fromYAML); err != nil {
				t.Fatalf("%v -o yaml: %v\n%s%s", args, err, ym, stderr)
			}
			if !reflect.DeepEqual(fromJSON, viaJSON(t, fromYAML)) {
				t.Errorf("%v: -o yaml differs from -o json:\n%s", args, ym)
			}
		}
	})

	t.Run("piped tables keep every word", func(t *testing.T) {
		out, _, code := run(t, "--addr", addr, "hosts", "--env", "production", "--cloud", "gcp")
		if code != ExitOK || !strings.Contains(out, long) || strings.Contains(out, "…") {
			t.Errorf("hosts, piped: exit %d\n%s", code, out)
		}
	})

	t.Run("headers are single words", func(t *testing.T) {
		for _, args := range [][]string{{"hosts"}, {"search", "jenkins"}, {"incidents"}, {"resources"}, {"repos"}, {"lint", "--rules"}} {
			for _, o := range []string{"table", "wide"} {
				out, _, _ := run(t, append([]string{"--addr", addr, "-o", o}, args...)...)
				header := strings.SplitN(out, "\n", 2)[0]
				for _, name := range strings.Fields(header) {
					if name != strings.ToUpper(name) {
						t.Errorf("%v -o %s: header %q has a word %q that is not a column name", args, o, header, name)
					}
				}
				if strings.Contains(header, "PURPOSE GROUPS") || strings.Contains(header, "DOC SECTIONS") {
					t.Errorf("%v -o %s: header %q", args, o, header)
				}
			}
		}
	})

	t.Run("wide shows every column", func(t *testing.T) {
		table, _, _ := run(t, "--addr", addr, "hosts", "--env", "production", "--cloud", "gcp")
		wide, _, code := run(t, "--addr", addr, "hosts", "--env", "production", "--cloud", "gcp", "-o", "wide")
		want := []string{"NAME", "ENV", "CLOUD", "PURPOSE_GROUPS", "GROUPS", "SSH_KEY", "PYTHON", "REPO", "SOURCE", "PURPOSE"}
		if got := strings.Fields(strings.SplitN(wide, "\n", 2)[0]); code != ExitOK || !reflect.DeepEqual(got, want) {
			t.Errorf("hosts -o wide: exit %d, header %q, want %q", code, got, want)
		}
		if strings.Contains(strings.SplitN(table, "\n", 2)[0], "SSH_KEY") {
			t.Errorf("hosts -o table shows the wide columns:\n%s", table)
		}
		if !strings.Contains(wide, long) || !strings.Contains(wide, "private_keys/acme-prod-gcp") {
			t.Errorf("hosts -o wide:\n%s", wide)
		}
	})
}

// viaJSON is v as encoding/json reads it back, so that YAML's integers
// compare equal to JSON's float64s.
func viaJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// --limit is the number of results shown, 0 for all, with one default,
// on every command that lists.
func TestLimit(t *testing.T) {
	addr := serveExample(t)
	for _, tc := range []struct {
		args []string
		list string // the JSON field of the list
		noun string // as the footer names it
	}{
		{[]string{"hosts"}, "hosts", "hosts"},
		{[]string{"incidents"}, "incidents", "incidents"},
		{[]string{"resources"}, "resources", "resources"},
		{[]string{"search", "production"}, "hits", "matches"},
		{[]string{"ask", "what runs in production"}, "hosts", ""},
	} {
		t.Run(tc.args[0], func(t *testing.T) {
			count := func(limit string) (shown, total int) {
				out, stderr, code := run(t, append([]string{"--addr", addr, "-o", "json", "--limit", limit}, tc.args...)...)
				var resp map[string]any
				if err := json.Unmarshal([]byte(out), &resp); code != ExitOK || err != nil {
					t.Fatalf("--limit %s: exit %d, %v: %s", limit, code, err, stderr)
				}
				var n float64
				if err := json.Unmarshal([]byte(strings.Trim(jsonString(resp["total"]), `"`)), &n); err != nil {
					t.Fatalf("total %v: %v", resp["total"], err)
				}
				return len(resp[tc.list].([]any)), int(n)
			}
			if shown, total := count("2"); shown != 2 || total <= 2 {
				t.Errorf("--limit 2: %d of %d shown", shown, total)
			}
			if shown, total := count("0"); shown != total {
				t.Errorf("--limit 0: %d of %d shown", shown, total)
			}
			if tc.noun != "" {
				out, _, _ := run(t, append([]string{"--addr", addr, "--limit", "2"}, tc.args...)...)
				if !strings.Contains(out, "\n2 of ") || !strings.Contains(out, " "+tc.noun+" shown; --limit 0 lists all") {
					t.Errorf("--limit 2 footer:\n%s", out)
				}
			}
		})
	}
	a := &app{}
	for _, cmd := range a.rootCommand().Commands() {
		if f := cmd.Flags().Lookup("limit"); f != nil && f.DefValue != "50" {
			t.Errorf("%s --limit defaults to %s, not 50", cmd.Name(), f.DefValue)
		}
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestTableFitsTerminal(t *testing.T) {
	tbl := newTable(column{name: "NAME"}, column{name: "SOURCE"}, column{name: "PURPOSE", text: true}, column{name: "EXTRA", wide: true})
	tbl.add("jenkins01", "hosts.ini:31", "Jenkins controller: schedules all pipelines, keeps job configs and credentials", "x")
	tbl.add("api01", "hosts.ini:45", "", "y")
	for _, tc := range []struct {
		name  string
		wide  bool
		width int
		cut   bool
	}{
		{"piped", false, 0, false},
		{"wide terminal", false, 200, false},
		{"narrow terminal", false, 50, true},
		{"-o wide on a narrow terminal", true, 50, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tbl.write(&b, tc.wide, tc.width); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if got := strings.Contains(out, "…"); got != tc.cut {
				t.Errorf("cut = %v, want %v:\n%s", got, tc.cut, out)
			}
			if strings.Contains(out, "EXTRA") != tc.wide {
				t.Errorf("EXTRA column shown = %v, want %v:\n%s", !tc.wide, tc.wide, out)
			}
			for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if tc.cut && utf8.RuneCountInString(line) > tc.width {
					t.Errorf("line wider than %d: %q", tc.width, line)
				}
				if strings.HasSuffix(line, " ") {
					t.Errorf("trailing space: %q", line)
				}
			}
			if last := strings.Fields(strings.Split(out, "\n")[2]); last[2] != "-" {
				t.Errorf("empty cell not shown as -:\n%s", out)
			}
		})
	}
}

// TestWriteJSONList checks that a list written one message at a time is
// the JSON the whole list marshaled at once gives, byte for byte.
func TestWriteJSONList(t *testing.T) {
	for _, list := range [][]proto.Message{
		{},
		{&pb.Host{}},
		{&pb.Host{Name: "web<1>&", Purpose: "caf\u00e9 \u2028 \"quoted\"\n", Groups: []string{"a", "b"}}, &pb.Host{Name: "db01"}},
	} {
		want, err := jsonBytes(list)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeJSON(&got, list); err != nil {
			t.Fatal(err)
		}
		if got.String() != string(want)+"\n" {
			t.Errorf("writeJSON of %d messages:\n%s\nwant:\n%s", len(list), got.String(), want)
		}
	}
}
