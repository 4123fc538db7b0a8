package inventory

import (
	"reflect"
	"testing"

	"handover/internal/limits"
)

// These tables were checked against Python's shlex.split(s, comments=True)
// and ansible's parse_address / expand_hostname_range.

var shlexCases = []struct {
	in   string
	want []string
	err  error
}{
	{`web1 a=1 b=2`, []string{"web1", "a=1", "b=2"}, nil},
	{"web1\ta=1   b=2  ", []string{"web1", "a=1", "b=2"}, nil},
	{`web1 a="x y" b='p q'`, []string{"web1", "a=x y", "b=p q"}, nil},
	{`web1 a=foo#bar`, []string{"web1", "a=foo"}, nil},
	{`web1 # comment a=1`, []string{"web1"}, nil},
	{`web1 a="#not a comment"`, []string{"web1", "a=#not a comment"}, nil},
	{`web1 a="'03#pa33w0rd'"`, []string{"web1", "a='03#pa33w0rd'"}, nil},
	{`web1 a=""`, []string{"web1", "a="}, nil},
	{`web1 ""`, []string{"web1", ""}, nil},
	{`web1 a=x\ y`, []string{"web1", "a=x y"}, nil},
	{`web1 a="x\"y\z"`, []string{"web1", `a=x"y\z`}, nil},
	{`web1 a='x\y'`, []string{"web1", `a=x\y`}, nil},
	{`web1 a={"k":1}`, []string{"web1", "a={k:1}"}, nil},
	{`web1 a="unclosed`, nil, errNoClosingQuotation},
	{`web1 a=\`, nil, errNoEscapedCharacter},
}

func TestShlexSplit(t *testing.T) {
	for _, c := range shlexCases {
		got, err := shlexSplit(nil, c.in)
		if err != c.err {
			t.Errorf("shlexSplit(%q) error = %v, want %v", c.in, err, c.err)
			continue
		}
		if err == nil && !reflect.DeepEqual(got, c.want) {
			t.Errorf("shlexSplit(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

var addressCases = []struct {
	in   string
	host string
	port int64
	ok   bool
}{
	{"web1", "web1", -1, true},
	{"web1.example.com", "web1.example.com", -1, true},
	{"web1:2222", "web1", 2222, true},
	{"10.0.0.5", "10.0.0.5", -1, true},
	{"10.0.0.5:22", "10.0.0.5", 22, true},
	{"256.1.1.1", "256.1.1.1", -1, true}, // not IPv4, but a valid host name
	{"[::1]:22", "::1", 22, true},
	{"::1", "::1", -1, true},
	{"fe80::1%eth0", "fe80::1%eth0", -1, true}, // only a prefix must match, as in ansible
	{"2001:db8::1", "2001:db8::1", -1, true},
	{"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", -1, true},
	{"::ffff:192.0.2.1", "::ffff:192.0.2.1", -1, true},
	{"[10.0.0.5]:22", "10.0.0.5", 22, true},
	{"[web1:22]:33", "web1", 22, true},
	{"web[01:10]", "web[01:10]", -1, true},
	{"web[01:10]:2222", "web[01:10]", 2222, true},
	{"db-[a:f].example.com", "db-[a:f].example.com", -1, true},
	{"10.0.0.[1:9]", "10.0.0.[1:9]", -1, true},
	{"web_", "", -1, false},
	{"-web", "", -1, false},
	{"web-", "", -1, false},
	{"web..com", "", -1, false},
	{"web:", "", -1, false},
	{"web:abc", "", -1, false},
	{"[::1]", "", -1, false},
	{"web[1:2:3:4]", "", -1, false},
	{"héllo", "héllo", -1, true},
	{"a/b", "", -1, false},
	{"web1:0", "web1", 0, true},
}

func TestParseAddress(t *testing.T) {
	for _, c := range addressCases {
		host, port, ok := parseAddress(c.in)
		if ok != c.ok || ok && (host != c.host || port != c.port) {
			t.Errorf("parseAddress(%q) = %q, %d, %v; want %q, %d, %v", c.in, host, port, ok, c.host, c.port, c.ok)
		}
	}
}

var rangeCases = []struct {
	in    string
	want  []string
	port  int64
	error string
}{
	{"web[1:3]", []string{"web1", "web2", "web3"}, -1, ""},
	{"web[01:03]", []string{"web01", "web02", "web03"}, -1, ""},
	{"web[001:3]", nil, -1, "host range must specify equal-length begin and end formats"},
	{"web[1:10:4]", []string{"web1", "web5", "web9"}, -1, ""},
	{"db-[a:c]", []string{"db-a", "db-b", "db-c"}, -1, ""},
	{"db-[a:e:2]", []string{"db-a", "db-c", "db-e"}, -1, ""},
	{"db-[c:a]", nil, -1, "host range must have begin <= end"},
	{"db-[Y:b]", nil, -1, "host range must have begin <= end"},
	{"db-[y:B]", []string{"db-y", "db-z", "db-A", "db-B"}, -1, ""},
	{"n[1:2]-[x:y]", []string{"n1-x", "n1-y", "n2-x", "n2-y"}, -1, ""},
	{"web[:2]", []string{"web0", "web1", "web2"}, -1, ""},
	{"web[1:]", nil, -1, "host range must specify end value"},
	{"web[1:2:3:4]", nil, -1, "host range must be begin:end or begin:end:step"},
	{"web[x]", nil, -1, "host range must be begin:end or begin:end:step"},
	{"web[01:03]:2222", []string{"web01", "web02", "web03"}, 2222, ""},
	{"10.0.0.[1:3]:22", []string{"10.0.0.1", "10.0.0.2", "10.0.0.3"}, 22, ""},
	{"web[1:2]|x", nil, -1, "too many values to unpack (expected 3)"},
	{"web[a:3]", nil, -1, "invalid literal for int() with base 10: 'a'"},
	{"web[3:1]", nil, -1, ""},
	{"plain", []string{"plain"}, -1, ""},
	{"weird_name_", []string{"weird_name_"}, -1, ""},
	{"bad_:22", []string{"bad_:22"}, -1, ""},
}

func TestExpandHostPattern(t *testing.T) {
	for _, c := range rangeCases {
		got, port, err := expandHostPattern(nil, c.in, limits.Default().RangeHosts)
		if c.error != "" {
			if err == nil || err.Error() != c.error {
				t.Errorf("expandHostPattern(%q) error = %v, want %q", c.in, err, c.error)
			}
			continue
		}
		if err != nil {
			t.Errorf("expandHostPattern(%q): %v", c.in, err)
			continue
		}
		if len(got) == 0 && len(c.want) == 0 {
			got = nil
		}
		if !reflect.DeepEqual(got, c.want) || port != c.port {
			t.Errorf("expandHostPattern(%q) = %q, %d; want %q, %d", c.in, got, port, c.want, c.port)
		}
	}
}
