package explain

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"handover/internal/ingest"
	"handover/internal/inventory"
	"handover/internal/lint"
	"handover/internal/markdown"
	"handover/internal/model"
	"handover/internal/redact"
)

// LintBuffer lints the file rel of an indexed repository as an editor
// holds it: content in its place, the rest of the repository as on disk
// (the inventory a group_vars file belongs to, the Terraform module a .tf
// file is part of). It returns the findings in rel. A file lint does not
// read (a playbook, a role) keeps the findings of its last index.
func (e *Explainer) LintBuffer(ctx context.Context, repo, p string, content []byte, cfg lint.Config) ([]model.Finding, error) {
	info, rel, err := e.resolve(repo, p)
	if err != nil {
		return nil, err
	}
	rc, err := e.repo(ctx, info)
	if err != nil {
		return nil, err
	}
	invs, _, kind := rc.inventoriesOf(rel)
	lower := strings.ToLower(rel)
	tf := strings.HasSuffix(lower, ".tf") || strings.HasSuffix(lower, ".tf.json")
	if kind == otherFile && !tf && markdown.KindForPath(rel) == "" {
		return StoredFindings(info.Findings, rel), nil
	}
	tmp, err := overlay(info.Root, rel, content)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	snap := &model.Snapshot{Repo: repo, Root: tmp}
	if kind == otherFile {
		if snap, err = ingest.File(tmp, rel); err != nil {
			return nil, err
		}
	}
	for _, inv := range invs {
		loaded, err := inventory.Load(tmp, inv.path)
		if err != nil {
			return nil, err
		}
		snap.Inventories = append(snap.Inventories, loaded)
	}
	out := lint.CheckFile(snap, cfg, rel)
	for i := range out {
		out[i].Source.Repo = repo
	}
	e.redacted.redact(out)
	return out, ctx.Err()
}

// redactedTexts remembers the redacted texts of the last buffer lint's
// findings. Redacted as the index redacts stored findings, thousands of
// findings cost more to redact than to find; but an editor lints a buffer
// again at every pause in typing, and nearly all its findings say what
// they said the last time. Keeping one lint's texts bounds the memory to
// the largest buffer's findings.
type redactedTexts struct {
	mu   sync.Mutex
	last map[string]string // text -> redacted
}

// redact redacts the messages and fixes of fs in place, each distinct
// text once, and keeps them for the next lint.
func (r *redactedTexts) redact(fs []model.Finding) {
	r.mu.Lock()
	last := r.last
	r.mu.Unlock()
	next := make(map[string]string, len(last))
	text := func(s string) string {
		red, ok := next[s]
		if !ok {
			if red, ok = last[s]; !ok {
				red = redact.Text(s)
			}
			next[s] = red
		}
		return red
	}
	for i := range fs {
		fs[i].Message, fs[i].Fix = text(fs[i].Message), text(fs[i].Fix)
	}
	r.mu.Lock()
	r.last = next
	r.mu.Unlock()
}

// StoredFindings returns the findings in rel among those of an index.
func StoredFindings(all []model.Finding, rel string) []model.Finding {
	var out []model.Finding
	for _, f := range all {
		if f.Source.Path == rel {
			out = append(out, f)
		}
	}
	return out
}

// overlay builds a temporary tree that reads as root with content in
// rel's place: the directories on the way to rel are real, everything
// else in them is a symbolic link to the original. The caller removes it.
func overlay(root, rel string, content []byte) (string, error) {
	tmp, err := os.MkdirTemp("", "handover-buffer-")
	if err != nil {
		return "", err
	}
	parts := strings.Split(rel, "/")
	for i := range parts {
		dir := path.Join(parts[:i]...)
		real, fake := filepath.Join(root, filepath.FromSlash(dir)), filepath.Join(tmp, filepath.FromSlash(dir))
		entries, err := os.ReadDir(real)
		if err != nil && !os.IsNotExist(err) {
			os.RemoveAll(tmp)
			return "", err
		}
		for _, en := range entries {
			if en.Name() != parts[i] {
				if err := os.Symlink(filepath.Join(real, en.Name()), filepath.Join(fake, en.Name())); err != nil {
					os.RemoveAll(tmp)
					return "", err
				}
			}
		}
		if i < len(parts)-1 {
			if err := os.Mkdir(filepath.Join(fake, parts[i]), 0o755); err != nil {
				os.RemoveAll(tmp)
				return "", err
			}
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, filepath.FromSlash(rel)), content, 0o644); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	return tmp, nil
}
