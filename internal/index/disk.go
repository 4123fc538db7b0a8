package index

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unique"

	"handover/internal/model"
)

// On disk, every repository has a directory of generations, each a complete
// bleve index, and a file naming the live one:
//
//	dataDir/repos/<escaped repo>/current        "g000007\n"
//	dataDir/repos/<escaped repo>/g000007/       bleve index (index_meta.json, store/)
//	dataDir/repos/<escaped repo>/g000007/repo.json  RepoInfo of that generation
//	dataDir/repos/<escaped repo>/g000007/findings.jsonl  its lint findings, one a line
//
// The findings are a file of their own, written and read one at a time: at
// 100,000 hosts there are 220,000 of them, and encoding them with the rest
// of repo.json in one piece took 128 MB at the peak of a rebuild.
//
// A generation is written completely before current names it, so a crash
// leaves at worst a directory current does not name; Open removes those.
const (
	reposDir     = "repos"
	currentFile  = "current"
	metaFile     = "repo.json"
	findingsFile = "findings.jsonl"
	genPrefix    = "g"
)

// escapeRepo makes a repository name a safe directory name: letters,
// digits, '-' and '_' stay, every other byte becomes %XX (so "." and ".."
// cannot appear, nor a path separator).
func escapeRepo(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

func genName(n int) string { return fmt.Sprintf("%s%06d", genPrefix, n) }

func genNumber(name string) (int, bool) {
	if !strings.HasPrefix(name, genPrefix) {
		return 0, false
	}
	n, err := strconv.Atoi(name[len(genPrefix):])
	return n, err == nil && n >= 0
}

// nextGeneration returns a generation name newer than any in repoDir.
func nextGeneration(repoDir string) (string, error) {
	entries, err := os.ReadDir(repoDir)
	if err != nil && !os.IsNotExist(err) {
		return "", err
	}
	max := 0
	for _, e := range entries {
		if n, ok := genNumber(e.Name()); ok && n > max {
			max = n
		}
	}
	return genName(max + 1), nil
}

func readCurrent(repoDir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(repoDir, currentFile))
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(string(b))
	if _, ok := genNumber(name); !ok {
		return "", fmt.Errorf("%s: bad generation %q", filepath.Join(repoDir, currentFile), name)
	}
	return name, nil
}

func (s *Store) writeCurrent(repoDir, gen string) error {
	return s.writeFileAtomic(filepath.Join(repoDir, currentFile), bytesWriter([]byte(gen+"\n")))
}

func readMeta(genDir string) (RepoInfo, error) {
	var info RepoInfo
	path := filepath.Join(genDir, metaFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return info, err
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return info, fmt.Errorf("%s: %w", path, err)
	}
	// A generation written before findings had a file of their own holds
	// them in repo.json.
	findings, err := readFindings(filepath.Join(genDir, findingsFile))
	if err != nil && !os.IsNotExist(err) {
		return info, err
	}
	if err == nil {
		info.Findings = findings
	}
	return info, nil
}

// readFindings reads a findings file, one finding at a time.
func readFindings(path string) ([]model.Finding, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []model.Finding
	dec := json.NewDecoder(bufio.NewReader(f))
	for {
		var fd model.Finding
		err := dec.Decode(&fd)
		if err == io.EOF {
			return slices.Clip(out), nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: finding %d: %w", path, len(out)+1, err)
		}
		out = append(out, interned(fd))
	}
}

// interned shares the strings findings repeat, as the linter does: a rule,
// a level, a path and a fix serve thousands of findings.
func interned(f model.Finding) model.Finding {
	f.Rule = unique.Make(f.Rule).Value()
	f.Level = unique.Make(f.Level).Value()
	f.Source.Repo = unique.Make(f.Source.Repo).Value()
	f.Source.Path = unique.Make(f.Source.Path).Value()
	f.Fix = unique.Make(f.Fix).Value()
	return f
}

// writeMeta writes info's findings, then the rest of it: repo.json, once
// written, names a generation whose files are all there.
func (s *Store) writeMeta(genDir string, info RepoInfo) error {
	findings := info.Findings
	err := s.writeFileAtomic(filepath.Join(genDir, findingsFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		for i := range findings {
			if err := enc.Encode(&findings[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	info.Findings = nil
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	return s.writeFileAtomic(filepath.Join(genDir, metaFile), bytesWriter(b))
}

func bytesWriter(b []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}
}

// writeFileAtomic writes a temporary file, syncs it and renames it over
// path, so readers see the old content or the new, never part of it. The
// error names path.
func (s *Store) writeFileAtomic(path string, write func(io.Writer) error) error {
	if err := s.checkWrite(path); err != nil {
		return err
	}
	if err := replaceFile(path, write); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func replaceFile(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	w := bufio.NewWriter(f)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
