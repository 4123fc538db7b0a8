package index

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"handover/internal/model"
)

// Every string of a stored document is at most maxStored bytes and says
// it was cut; one a secret straddles the cut of is redacted first, whole.
func TestStoredFieldsCapped(t *testing.T) {
	long := strings.Repeat("é lorem ", maxStored/4)
	// A private key that its mask shortens by 8 KiB, then a URL whose
	// password the first cut goes through: without the cut at white space
	// its first half would come within the stored 64 KiB, unmasked.
	pem := "-----BEGIN OPENSSH PRIVATE KEY-----\n" + strings.Repeat("b3BlbnNzaC1rZXktdjEAAAAA\n", 8<<10/25) + "-----END OPENSSH PRIVATE KEY-----\n"
	filler := strings.Repeat("x ", (maxStored+boundMargin-len(pem)-20)/2)
	secret := pem + filler + "postgres://app:hunter2Sup3r@db01/app and more " + long
	h := &model.Host{Name: "web01", Inventory: "hosts.ini", Purpose: long,
		Vars: []model.Var{{Name: "motd", Value: long}, {Name: "nested", Value: map[string]any{long: []any{long}}}}}
	var got, got2 model.Host
	e := storedHost(t, h, &got)
	storedHost(t, &model.Host{Name: "web02", Inventory: "hosts.ini", Purpose: secret}, &got2)
	check := func(what, s string) {
		t.Helper()
		if len(s) > maxStored+len(truncated) || !strings.HasSuffix(s, truncated) || !utf8.ValidString(s) {
			t.Errorf("%s: %d bytes, ends %q", what, len(s), s[max(0, len(s)-20):])
		}
		if strings.Contains(s, "app:hun") {
			t.Errorf("%s shows the secret", what)
		}
	}
	check("purpose", got.Purpose)
	check("motd", got.Vars[0].Value.(string))
	for k, v := range got.Vars[1].Value.(map[string]any) {
		check("nested key", k)
		check("nested value", v.([]any)[0].(string))
	}
	check("purpose with a secret", got2.Purpose)
	if !strings.Contains(got2.Purpose, "[redacted:private-key]") {
		t.Errorf("purpose with a secret starts %q", got2.Purpose[:50])
	}
	if !strings.HasPrefix(got.Purpose, "é lorem é lorem") {
		t.Errorf("purpose starts %q", got.Purpose[:20])
	}
	doc := newDocumentBuilder(nil).document(&e)
	for _, f := range doc.Fields {
		if f.Name() != fieldDoc && len(f.Value()) > maxStored+len(truncated) {
			t.Errorf("field %s stores %d bytes", f.Name(), len(f.Value()))
		}
	}
}

// storedHost returns the entry of h and decodes its stored JSON into got.
func storedHost(t *testing.T, h *model.Host, got *model.Host) entry {
	t.Helper()
	e, err := hostEntry("acme", "hosts.ini", h)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(e.Blob, got); err != nil {
		t.Fatal(err)
	}
	return e
}

// A long value is indexed by its first maxIndexedValue bytes, and stored
// up to maxStored: hundreds of hosts inheriting it from a group must not
// each analyse 64 KiB of it.
func TestIndexedValuesBounded(t *testing.T) {
	long := "first-words " + strings.Repeat("ü lorem ", maxStored/8)
	h := &model.Host{Name: "web01", Inventory: "hosts.ini",
		Vars: []model.Var{{Name: "motd", Value: long}, {Name: "role", Value: "storefront"}}}
	var got model.Host
	e := storedHost(t, h, &got)
	if n := len(got.Vars[0].Value.(string)); n < maxStored {
		t.Errorf("stored value has %d bytes, want the first %d", n, maxStored)
	}
	if len(e.VarsText) > 2*maxIndexedValue || !utf8.ValidString(e.VarsText) {
		t.Errorf("indexed vars text has %d bytes, want at most a little over %d", len(e.VarsText), maxIndexedValue)
	}
	for _, want := range []string{"motd=first-words", "…[truncated]", "role=storefront"} {
		if !strings.Contains(e.VarsText, want) {
			t.Errorf("indexed vars text lacks %q", want)
		}
	}
}
