package repo

import (
	"bytes"
	"io"
	"io/fs"
	"net"
	"os"
	"path"
	"strings"
	"syscall"

	"handover/internal/limits"
	"handover/internal/model"
)

// how says what it takes to accept a file as an inventory.
type how int

const (
	notCandidate how = iota
	byName           // its name is enough
	sniffINI         // Options.SniffINI must accept it
	sniffYAML        // Options.SniffYAML must accept it
)

type rule struct {
	how how
	why string
}

// envFileNames are extensionless inventory files named after their
// environment, the layout Ansible's own documentation once recommended.
var envFileNames = map[string]bool{
	"production": true, "prod": true, "staging": true, "stage": true,
	"development": true, "dev": true, "testing": true, "qa": true, "uat": true,
}

// ruleFor decides by name alone, so that most files are never opened.
func ruleFor(name string) rule {
	switch name {
	case "hosts", "inventory", "hosts.ini", "inventory.ini":
		return rule{byName, "named " + name}
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".ini":
		return rule{sniffINI, "INI inventory shape"}
	case ".yml", ".yaml":
		return rule{sniffYAML, "YAML inventory shape"}
	case "":
		if envFileNames[strings.ToLower(name)] {
			return rule{sniffINI, "INI inventory shape"}
		}
	}
	return rule{}
}

// visitFile reads a candidate's head and adds it when it passes. real is
// abs with symlinks resolved; info is nil unless the caller has it. inert
// files (below group_vars/, host_vars/, roles/) are never inventories or
// playbooks, but may hold alert rules (a role's files/alerts.yml).
func (w *walker) visitFile(abs, real, rel, name string, info fs.FileInfo, inert bool) {
	if name == "ansible.cfg" && !inert {
		w.readAnsibleCfg(abs, rel)
		return
	}
	r := ruleFor(name)
	alerts := w.opt.SniffAlerts != nil && (r.how == sniffYAML || strings.HasSuffix(name, ".rules"))
	if inert {
		r = rule{}
	}
	sniff := w.sniffer(r.how)
	if !alerts && (r.how == notCandidate || (r.how != byName && sniff == nil)) {
		return
	}
	if info == nil {
		var err error
		if info, err = os.Stat(abs); err != nil {
			w.problem(model.SeverityError, rel, 0, "cannot read: %v", pathless(err))
			return
		}
	}
	if !w.smallEnough(rel, info, w.opt.Limits.InventoryBytes, "inventory-bytes") {
		return
	}
	head, err := readHead(abs, info.Size())
	if err != nil {
		w.problem(model.SeverityError, rel, 0, "cannot read: %v", pathless(err))
		return
	}
	if bytes.IndexByte(head, 0) >= 0 {
		w.problem(model.SeverityError, rel, 0, "binary file: it holds a NUL byte; not read as an inventory")
		return
	}
	if r.how == sniffYAML && w.visitPlaybook(rel, head) {
		return
	}
	if alerts && w.opt.SniffAlerts(head) {
		w.docs = append(w.docs, File{Path: rel, Kind: KindAlerts, Why: "alerting rules"})
		return
	}
	if r.how == notCandidate {
		return
	}
	if r.how == byName && looksLikeEtcHosts(head) {
		return
	}
	if sniff != nil && !sniff(head) {
		if r.how == sniffYAML {
			w.docs = append(w.docs, File{Path: rel, Kind: KindData, Why: "YAML data"})
		}
		return
	}
	w.cands = append(w.cands, candidate{File: File{Path: rel, Kind: KindInventory, Why: r.why}, real: real})
}

func (w *walker) sniffer(h how) Sniffer {
	switch h {
	case sniffINI:
		return w.opt.SniffINI
	case sniffYAML:
		return w.opt.SniffYAML
	}
	return nil
}

// smallEnough reports a file over the limit max, named setting, as a
// problem.
func (w *walker) smallEnough(rel string, info fs.FileInfo, max int64, setting string) bool {
	if info.Size() > max {
		w.problem(model.SeverityWarning, rel, 0, "%v", &limits.TooBigError{Size: info.Size(), Max: max, Setting: setting})
		return false
	}
	return true
}

// readHead returns up to sniffBytes of a file; a cut file ends after its
// last whole line, so that a sniffer never sees half a line.
func readHead(abs string, size int64) ([]byte, error) {
	// O_NONBLOCK: a file that became a named pipe since the walk listed it
	// must not hold the walk until a writer comes.
	f, err := os.OpenFile(abs, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, min(size, sniffBytes))
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	buf = buf[:n]
	if size > sniffBytes {
		if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
			buf = buf[:i+1]
		}
	}
	return buf, nil
}

// looksLikeEtcHosts reports whether a file named hosts is an /etc/hosts
// copy ("10.0.0.5 db1 db1.internal"), which ansible would reject.
func looksLikeEtcHosts(head []byte) bool {
	seen := false
	for line := range strings.Lines(string(head)) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 || net.ParseIP(f[0]) == nil || strings.Contains(line, "=") {
			return false
		}
		seen = true
	}
	return seen
}
