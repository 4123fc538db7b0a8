package index

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// On disk, every repository has a directory of generations, each a complete
// bleve index, and a file naming the live one:
//
//	dataDir/repos/<escaped repo>/current        "g000007\n"
//	dataDir/repos/<escaped repo>/g000007/       bleve index (index_meta.json, store/)
//	dataDir/repos/<escaped repo>/g000007/repo.json  RepoInfo of that generation
//
// A generation is written completely before current names it, so a crash
// leaves at worst a directory current does not name; Open removes those.
const (
	reposDir    = "repos"
	currentFile = "current"
	metaFile    = "repo.json"
	genPrefix   = "g"
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
	return s.writeFileAtomic(filepath.Join(repoDir, currentFile), []byte(gen+"\n"))
}

func readMeta(genDir string) (RepoInfo, error) {
	var info RepoInfo
	b, err := os.ReadFile(filepath.Join(genDir, metaFile))
	if err != nil {
		return info, err
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return info, fmt.Errorf("%s: %w", filepath.Join(genDir, metaFile), err)
	}
	return info, nil
}

func (s *Store) writeMeta(genDir string, info RepoInfo) error {
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	return s.writeFileAtomic(filepath.Join(genDir, metaFile), b)
}

// writeFileAtomic writes a temporary file, syncs it and renames it over
// path, so readers see the old content or the new, never part of it. The
// error names path.
func (s *Store) writeFileAtomic(path string, data []byte) error {
	if err := s.checkWrite(path); err != nil {
		return err
	}
	if err := replaceFile(path, data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func replaceFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
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
