package terraform

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handover/internal/model"
)

// seeds adds every testdata file whose name ends with one of suffixes.
func seeds(f *testing.F, suffixes ...string) {
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, s := range suffixes {
			if strings.HasSuffix(path, s) {
				src, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				f.Add(src)
			}
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
}

// FuzzLoadModule feeds arbitrary bytes to both syntaxes, as LoadModule
// does for each file (in memory: the fuzzer minimizes by running thousands
// of inputs, and a temporary directory each made that take minutes). No
// input may panic, and whatever comes back must marshal (no Inf from a huge
// number literal).
func FuzzLoadModule(f *testing.F) {
	seeds(f, ".tf", ".tf.json")
	f.Add([]byte("x = 1e999999\nresource \"a\" \"b\" { n = 1e400 }\n"))
	f.Add([]byte("/* unterminated"))
	f.Add([]byte("resource \"a\" \"b\" {\n  tags = { (k) = 1, \"x\" = [1] }\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		l := newLoader(&model.TerraformModule{Dir: "."})
		l.parseFile("main.tf", src)
		l.parseFile("main.tf.json", src)
		l.finish()
		for _, p := range l.mod.Problems {
			if strings.HasPrefix(p.Message, "cannot parse: ") {
				t.Fatalf("the parser panicked: %s", p.Message)
			}
		}
		if _, err := json.Marshal(l.mod); err != nil {
			t.Fatalf("marshal: %v", err)
		}
	})
}

// FuzzApplyState does the same for state files.
func FuzzApplyState(f *testing.F) {
	seeds(f, ".tfstate")
	f.Fuzz(func(t *testing.T, src []byte) {
		mod := &model.TerraformModule{Dir: ".", Resources: []*model.Resource{
			{Mode: "managed", Type: "aws_instance", Name: "web"},
			{Mode: "managed", Type: "aws_db_instance", Name: "main"},
		}}
		applyState("terraform.tfstate", src, []*model.TerraformModule{mod})
		if _, err := json.Marshal(mod); err != nil {
			t.Fatalf("marshal: %v", err)
		}
	})
}
