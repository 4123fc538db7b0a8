package repo

import (
	"slices"
	"testing"
)

func TestInventorySetting(t *testing.T) {
	tests := []struct {
		name    string
		cfg     string
		paths   []cfgPath
		errLine int // 0: no error
	}{
		{"none", "[defaults]\nforks = 5\n", nil, 0},
		{"no defaults", "[ssh_connection]\npipelining = True\n", nil, 0},
		{"one", "[defaults]\ninventory = hosts\n", []cfgPath{{"hosts", 2}}, 0},
		{"colon", "[defaults]\ninventory: ./inventory/\n", []cfgPath{{"./inventory/", 2}}, 0},
		{"key case", "[defaults]\nINVENTORY = hosts\n", []cfgPath{{"hosts", 2}}, 0},
		{"comma list", "[defaults]\ninventory = a.ini,b/ , ,c.yml\n", []cfgPath{{"a.ini", 2}, {"b/", 2}, {"c.yml", 2}}, 0},
		{"semicolon comment", "[defaults]\ninventory = a.ini ; the main one\n", []cfgPath{{"a.ini", 2}}, 0},
		{"semicolon in path", "[defaults]\ninventory = a;b.ini\n", []cfgPath{{"a;b.ini", 2}}, 0},
		{"hash is not inline", "[defaults]\ninventory = a.ini #b\n", []cfgPath{{"a.ini #b", 2}}, 0},
		{"comment lines", "# top\n; also\n[defaults]\n  # indented\ninventory = a\n", []cfgPath{{"a", 5}}, 0},
		{"multi-line", "[defaults]\ninventory = a,\n    b ; second\n    c\nforks = 5\n", []cfgPath{{"a", 2}, {"b", 3}, {"c", 4}}, 0},
		{"header junk", "[defaults]  # main\ninventory = a\n", []cfgPath{{"a", 2}}, 0},
		{"other section", "[inventory]\ninventory = x\n[defaults]\nforks = 5\n", nil, 0},
		{"no delimiter", "[defaults]\nforks = 5\nbecome\n", nil, 3},
		{"unclosed section", "[defaults]\nforks = 5\n[ssh_connection\n", nil, 3},
		{"before section", "inventory = hosts\n[defaults]\n", nil, 1},
		{"duplicate section", "[defaults]\nforks = 5\n\n[defaults]\ninventory = x\n", nil, 4},
		{"duplicate key", "[defaults]\ninventory = a\nInventory = b\n", nil, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths, err := inventorySetting([]byte(tt.cfg))
			if tt.errLine != 0 {
				ce, ok := err.(*cfgError)
				if !ok || ce.line != tt.errLine {
					t.Fatalf("got %v, want an error on line %d", err, tt.errLine)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(paths, tt.paths) {
				t.Errorf("got %v, want %v", paths, tt.paths)
			}
		})
	}
}
