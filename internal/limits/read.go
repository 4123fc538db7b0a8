package limits

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"

	"handover/internal/model"
)

// ErrOutside is returned for a path that leads out of the repository
// through a symlink (or "..").
var ErrOutside = errors.New("symlink leads outside the repository; not read")

// Inside returns the real path of rel (slash path relative to root) with
// symlinks resolved, or ErrOutside when that is not under root's own real
// path. A symlink inside the repository that points elsewhere inside it is
// fine. A rel that starts with "../" was named so by the caller (handover
// lint ../x/hosts): the directory it climbs to is then the one nothing is
// read outside of. Names read from files never start so.
func Inside(root, rel string) (string, error) {
	rel = path.Clean(rel)
	for rel == ".." || strings.HasPrefix(rel, "../") {
		root, rel = filepath.Join(root, ".."), strings.TrimPrefix(strings.TrimPrefix(rel, ".."), "/")
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return "", err
	}
	r, err := filepath.Rel(realRoot, real)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return "", ErrOutside
	}
	return real, nil
}

// TooBigError says a file is over its cap.
type TooBigError struct {
	Size, Max int64
	Setting   string // the [limits] setting that raises the cap
}

func (e *TooBigError) Error() string {
	size := Size(e.Size)
	if size == Size(e.Max) {
		size = fmt.Sprintf("%d bytes", e.Size)
	}
	if e.Setting == "" {
		return fmt.Sprintf("not read: %s is more than the %s allowed", size, Size(e.Max))
	}
	return fmt.Sprintf("not read: %s is more than the %s allowed (limits: %s)", size, Size(e.Max), e.Setting)
}

// readFile reads rel under root when it is a regular file inside the
// repository of at most max bytes. It never reads more than max+1 bytes,
// whatever the file claims, and never blocks on a pipe or device.
func readFile(root, rel string, max int64, setting string) ([]byte, error) {
	real, err := Inside(root, rel)
	if err != nil {
		return nil, err
	}
	// O_NONBLOCK: opening a named pipe would otherwise wait for a writer.
	// A regular file reads as without it; anything else is refused below.
	f, err := os.OpenFile(real, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errors.New("not a regular file; not read")
	}
	if fi.Size() > max {
		return nil, &TooBigError{Size: fi.Size(), Max: max, Setting: setting}
	}
	// Room for the whole file and the read that finds its end, so that
	// the buffer is not grown (and cleared) step by step as io.ReadAll does.
	buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, max+1)); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	if int64(len(data)) > max { // it grew while we read
		return nil, &TooBigError{Size: int64(len(data)), Max: max, Setting: setting}
	}
	return data, nil
}

// ReadState reads a Terraform state file (JSON) of at most StateBytes.
// The error, if any, is what to report for the file.
func (l Limits) ReadState(root, rel string) ([]byte, error) {
	l = l.OrDefault()
	return ReadFile(root, rel, l.StateBytes, "state-bytes")
}

// ReadFile reads rel (slash path relative to root) when it is a regular
// file inside the repository of at most max bytes, as the text readers do,
// without checking its text. A bigger file is a *TooBigError naming
// setting, the [limits] setting that raises max ("" for a fixed cap); no
// error names an absolute path, and a missing file is os.ErrNotExist.
func ReadFile(root, rel string, max int64, setting string) ([]byte, error) {
	data, err := readFile(root, rel, max, setting)
	if err != nil {
		return nil, pathless(err)
	}
	return data, nil
}

// ReadText reads a text file of at most FileBytes and checks it with
// CheckText. ok is false when the file was not read; problems then say why,
// at rel:line where there is a line. Invalid UTF-8 is replaced with U+FFFD
// and reported, and the file is still read.
func (l Limits) ReadText(root, rel string) (data []byte, problems []model.Problem, ok bool) {
	l = l.OrDefault()
	return l.readText(root, rel, l.FileBytes, "file-bytes")
}

// ReadInventory is ReadText for an inventory source file, which may be as
// big as InventoryBytes.
func (l Limits) ReadInventory(root, rel string) (data []byte, problems []model.Problem, ok bool) {
	l = l.OrDefault()
	return l.readText(root, rel, l.InventoryBytes, "inventory-bytes")
}

func (l Limits) readText(root, rel string, max int64, setting string) (data []byte, problems []model.Problem, ok bool) {
	data, err := readFile(root, rel, max, setting)
	if err != nil {
		sev := model.SeverityError
		var big *TooBigError
		if errors.Is(err, ErrOutside) || errors.As(err, &big) {
			sev = model.SeverityWarning
		}
		return nil, []model.Problem{{Source: model.Source{Path: rel}, Severity: sev, Message: pathless(err).Error()}}, false
	}
	return l.CheckText(rel, data)
}

// CheckText checks the text of the file rel: NUL bytes (or mostly control
// bytes) make it a binary file and a line longer than LineBytes makes it
// unreadable, both problems with ok false; invalid UTF-8 is replaced with
// U+FFFD and reported at its first line, with ok true. A UTF-8 byte-order
// mark, which Windows editors write and no parser expects ("\uFEFF[web]"
// is no INI section, "\uFEFF---" opens no front matter), is dropped.
func (l Limits) CheckText(rel string, data []byte) (text []byte, problems []model.Problem, ok bool) {
	l = l.OrDefault()
	data = bytes.TrimPrefix(data, []byte(bom))
	at := func(line int, sev model.Severity, format string, args ...any) []model.Problem {
		return []model.Problem{{Source: model.Source{Path: rel, Line: line}, Severity: sev, Message: fmt.Sprintf(format, args...)}}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, at(lineOf(data, i), model.SeverityError, "binary file: it holds a NUL byte; not read"), false
	}
	if looksBinary(data) {
		return nil, at(1, model.SeverityError, "binary file: mostly control bytes; not read"), false
	}
	if start, end, long := longLine(data, l.LineBytes); long {
		return nil, at(lineOf(data, start), model.SeverityError, "line is %s, longer than the %s allowed (limits: line-bytes); file not read",
			Size(int64(end-start)), Size(int64(l.LineBytes))), false
	}
	if !utf8.Valid(data) {
		problems = at(lineOf(data, firstInvalid(data)), model.SeverityWarning, "invalid UTF-8, read as U+FFFD")
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return data, problems, true
}

// longLine finds the first line of data longer than max bytes and returns
// where it starts and ends. It looks for the last newline within max+1
// bytes of where it stands, so every line before that newline is short
// enough, and jumps past it: a file of short lines costs a few calls, not
// one per line.
func longLine(data []byte, max int) (start, end int, long bool) {
	for start < len(data) {
		window := data[start:min(len(data), start+max+1)]
		if i := bytes.LastIndexByte(window, '\n'); i >= 0 {
			start += i + 1
			continue
		}
		if len(window) <= max {
			return 0, 0, false // the last line, short enough
		}
		end = start + bytes.IndexByte(data[start:], '\n')
		if end < start {
			end = len(data)
		}
		return start, end, true
	}
	return 0, 0, false
}

// bom is the UTF-8 byte-order mark.
const bom = "\uFEFF"

// looksBinary reports whether the start of data is mostly bytes no text
// file holds: control characters other than whitespace.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8000)]
	odd := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b {
			odd++
		}
	}
	return odd > 0 && odd*10 > len(head)
}

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// lineOf is the 1-based line of byte offset i.
func lineOf(data []byte, i int) int {
	return bytes.Count(data[:i], []byte{'\n'}) + 1
}

// pathless drops the absolute path from an fs error: a Problem already
// names the file, relative to the repository.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("cannot read: %w", pe.Err)
	}
	return err
}
