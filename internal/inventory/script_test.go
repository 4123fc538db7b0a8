package inventory

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A cloud provider's inventory script without its executable bit is one
// warning, not a parse error per line of Python.
func TestScriptNotReadAsINI(t *testing.T) {
	root := t.TempDir()
	py := "#!/usr/bin/env python3\nimport json\n\ndef main():\n    print(json.dumps({}))\n"
	if err := os.MkdirAll(filepath.Join(root, "inventory"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"inventory/ec2.py": py, "inventory/hosts": "[web]\nw1\n"} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inv, err := Load(root, "inventory")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Hosts) != 1 || len(inv.Problems) != 1 || !strings.Contains(inv.Problems[0].Message, "inventory script") {
		t.Errorf("hosts %d, problems %v", len(inv.Hosts), inv.Problems)
	}
}
