package ingest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"handover/internal/config"
	"handover/internal/model"
)

// TestConfigDefaultsOracle checks the ansible.cfg defaults each host gets
// (remote_user, private_key_file, interpreter_python) against ansible
// itself: with -vvv it prints the user and key of each SSH connection (to
// 127.0.0.N port 1, refused at once), and over a local connection each
// host's module fails naming the interpreter it was run with.
func TestConfigDefaultsOracle(t *testing.T) {
	if _, err := exec.LookPath("ansible"); err != nil {
		if os.Getenv("HANDOVER_REQUIRE_ANSIBLE") != "" {
			t.Fatalf("HANDOVER_REQUIRE_ANSIBLE is set but ansible is not on PATH: %v", err)
		}
		t.Skip("ansible not on PATH (set HANDOVER_REQUIRE_ANSIBLE to make this fail)")
	}
	root, err := filepath.Abs("testdata/cfgoracle")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := Snapshot(context.Background(), config.Repo{Name: "cfg", Path: root}, nil)
	if err != nil {
		t.Fatal(err)
	}
	type conn struct{ user, key, python string }
	ours := map[string]conn{} // by ansible_host
	for _, inv := range snap.Inventories {
		for _, h := range inv.Hosts {
			key, ok := h.Effective("ansible_ssh_private_key_file")
			if !ok {
				key, _ = h.Effective("ansible_private_key_file")
			}
			keyPath := key.Value.(string)
			if key.Source != nil && key.Source.Path == "ansible.cfg" {
				keyPath = filepath.Join(root, keyPath) // a config path is relative to its file
			}
			user, ok := h.Effective("ansible_user")
			if !ok {
				user, _ = h.Effective("ansible_ssh_user")
			}
			python, _ := h.Effective("ansible_python_interpreter")
			ours[model.StringVar(h.EffectiveVars(), "ansible_host")] = conn{user.Value.(string), keyPath, python.Value.(string)}
		}
	}
	if len(ours) != 5 {
		t.Fatalf("read %d hosts, want 5: %v", len(ours), ours)
	}

	ssh := runAnsible(t, root, "-m", "ping", "-vvv", "-f", "1")
	theirs := map[string]conn{}
	for _, m := range regexp.MustCompile(`<(127\.0\.0\.\d+)> ESTABLISH SSH CONNECTION FOR USER: (\S+)`).FindAllStringSubmatch(ssh, -1) {
		c := theirs[m[1]]
		c.user = m[2]
		theirs[m[1]] = c
	}
	for _, m := range regexp.MustCompile(`<(127\.0\.0\.\d+)> SSH: EXEC .*IdentityFile="([^"]+)"`).FindAllStringSubmatch(ssh, -1) {
		c := theirs[m[1]]
		c.key = m[2]
		theirs[m[1]] = c
	}
	local := runAnsible(t, root, "-m", "ping", "-c", "local", "-o")
	pythons := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^(\S+) \| FAILED!.*?(/nonexistent/\w+/python): not found`).FindAllStringSubmatch(local, -1) {
		pythons[m[1]] = m[2]
	}
	// inventory/production.ini is in the directory ansible.cfg names,
	// which ansible reads without it: its hosts are marked, and ansible
	// does not reach them.
	for _, inv := range snap.Inventories {
		for _, h := range inv.Hosts {
			addr := model.StringVar(h.EffectiveVars(), "ansible_host")
			c, reached := theirs[addr]
			if notRead := h.NotReadBy != nil; notRead == reached {
				t.Errorf("%s: reached by ansible's default inventory %v, marked not read by %v", h.Name, reached, h.NotReadBy)
			}
			if !reached {
				continue
			}
			c.python = pythons[h.Name]
			if c != ours[addr] {
				t.Errorf("%s: ansible uses %+v, we say %+v", h.Name, c, ours[addr])
			}
		}
	}
}

// runAnsible runs the ad-hoc command ansible from dir, so that ansible
// reads the ansible.cfg there and its default inventory; it returns what
// ansible printed. Hosts that fail are what the test wants to see.
func runAnsible(t *testing.T, dir string, args ...string) string {
	t.Helper()
	tmp := t.TempDir()
	cmd := exec.Command("ansible", append([]string{"all"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"HOME="+tmp,
		"ANSIBLE_CONFIG="+filepath.Join(dir, "ansible.cfg"),
		"ANSIBLE_LOCAL_TEMP="+filepath.Join(tmp, "tmp"),
		"ANSIBLE_SSH_CONTROL_PATH_DIR="+filepath.Join(tmp, "cp"),
		"ANSIBLE_NOCOLOR=1",
		"ANSIBLE_DEPRECATION_WARNINGS=false",
	)
	out, err := cmd.CombinedOutput()
	if _, failed := err.(*exec.ExitError); err != nil && !failed {
		t.Fatalf("ansible: %v", err)
	}
	return string(out)
}
