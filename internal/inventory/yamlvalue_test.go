package inventory

import (
	"math"
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"
)

// yamlScalarCases were checked against PyYAML 6 (the resolver ansible's
// loader uses): `v: <in>` loaded, and dates printed with isoformat().
var yamlScalarCases = []struct {
	in   string
	want any
}{
	{"yes", true}, {"Yes", true}, {"YES", true}, {"no", false}, {"No", false}, {"NO", false},
	{"on", true}, {"On", true}, {"ON", true}, {"off", false}, {"OFF", false},
	{"true", true}, {"True", true}, {"TRUE", true}, {"false", false}, {"False", false},
	{"y", "y"}, {"n", "n"}, {"yEs", "yEs"}, {"oN", "oN"},
	{"42", int64(42)}, {"-17", int64(-17)}, {"+12", int64(12)}, {"0", int64(0)},
	{"0x1F", int64(31)}, {"-0x1A", int64(-26)}, {"0X1F", "0X1F"},
	{"010", int64(8)}, {"0_7", int64(7)}, {"09", "09"}, {"0o17", "0o17"},
	{"0b101", int64(5)}, {"1_000", int64(1000)}, {"1:30", int64(90)}, {"-1:30", int64(-90)},
	{"1:60", "1:60"}, {"190:20:30", int64(685230)},
	{"3.14", 3.14}, {"1e3", "1e3"}, {"1.5e3", "1.5e3"}, {"1.0e+3", 1000.0}, {"1.e+3", 1000.0},
	{".5", 0.5}, {"6.", 6.0}, {"1_000.5", 1000.5}, {"-.5", "-.5"}, {"+1.5", 1.5},
	{".inf", math.Inf(1)}, {"-.Inf", math.Inf(-1)}, {"+.INF", math.Inf(1)}, {".Nan", ".Nan"},
	{"190:20:30.15", 685230.15},
	{"~", nil}, {"null", nil}, {"Null", nil}, {"NULL", nil}, {"nULL", "nULL"}, {"", nil},
	{"2024-01-02", "2024-01-02"},
	{"2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43.100000-05:00"},
	{"2001-12-14 21:59:43.10", "2001-12-14T21:59:43.100000"},
	{"2002-12-14T21:59:43Z", "2002-12-14T21:59:43+00:00"},
	{"2002-1-4 1:02:03 +5", "2002-01-04T01:02:03+05:00"},
	{"2024-1-2", "2024-1-2"},
	{"1.2.3", "1.2.3"}, {"10.0.0.5", "10.0.0.5"}, {"plain text", "plain text"}, {"<<", "<<"},
}

func TestResolvePlain(t *testing.T) {
	for _, c := range yamlScalarCases {
		got := resolvePlain(c.in)
		if f, ok := c.want.(float64); ok && math.IsNaN(f) {
			if g, ok := got.(float64); ok && math.IsNaN(g) {
				continue
			}
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("resolvePlain(%q) = %#v, want %#v", c.in, got, c.want)
		}
	}
}

func TestYAMLValue(t *testing.T) {
	src := `
quoted: "yes"
single: '010'
block: |
  line
folded: >
  a
  b
str: !!str 12
int: !!int "42"
float: !!float "1"
vault: !vault |
  $ANSIBLE_VAULT;1.1;AES256
  3133
unsafe: !unsafe '{{ x }}'
seq: [1, "2", yes, ~]
nested: {a: {b: [x, 0x10]}}
base: &base {k: 1, j: 2}
merged:
  <<: *base
  j: 3
multi:
  <<: [{a: 1, b: 1}, {b: 2, c: 2}]
  c: 3
keys: {1: one, true: t, 1.0: f}
`
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	got, err := yamlValue(&doc)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"quoted": "yes", "single": "010", "block": "line\n", "folded": "a b\n",
		"str": "12", "int": int64(42), "float": 1.0,
		"vault":  "$ANSIBLE_VAULT;1.1;AES256\n3133\n",
		"unsafe": "{{ x }}",
		"seq":    []any{int64(1), "2", true, nil},
		"nested": map[string]any{"a": map[string]any{"b": []any{"x", int64(16)}}},
		"base":   map[string]any{"k": int64(1), "j": int64(2)},
		"merged": map[string]any{"k": int64(1), "j": int64(3)},
		// PyYAML merges a list of mappings so that earlier ones win.
		"multi": map[string]any{"a": int64(1), "b": int64(1), "c": int64(3)},
		"keys":  map[string]any{"1": "f"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("yamlValue:\n got %#v\nwant %#v", got, want)
	}
}
