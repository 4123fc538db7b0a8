package lint

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"handover/internal/model"
)

// summary counts findings by level.
type summary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Notes    int `json:"notes"`
}

// summarize counts fs by level.
func summarize(fs []model.Finding) summary {
	var s summary
	for _, f := range fs {
		switch f.Level {
		case model.LevelError:
			s.Errors++
		case model.LevelWarning:
			s.Warnings++
		case model.LevelNote:
			s.Notes++
		}
	}
	return s
}

func (s summary) String() string {
	return fmt.Sprintf("%s, %s, %s", plural(s.Errors, "error"), plural(s.Warnings, "warning"), plural(s.Notes, "note"))
}

// WriteText writes one finding per line, as compilers do, with its fix
// indented below, and a summary line:
//
//	inventory.ini:34: warning: host Host3 has no purpose comment: ... [host-purpose]
//	    fix: write one line on what the host does ...
//	1 error, 3 warnings, 0 notes
func WriteText(w io.Writer, fs []model.Finding) error {
	bw := bufio.NewWriter(w)
	for _, f := range fs {
		fmt.Fprintf(bw, "%s: %s: %s [%s]\n", f.Source, f.Level, f.Message, f.Rule)
		if f.Fix != "" {
			fmt.Fprintf(bw, "    fix: %s\n", f.Fix)
		}
	}
	fmt.Fprintln(bw, summarize(fs))
	return bw.Flush()
}

// WriteJSON writes {"findings": [...], "summary": {"errors": N, "warnings": M, "notes": K}}.
func WriteJSON(w io.Writer, fs []model.Finding) error {
	if fs == nil {
		fs = []model.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Findings []model.Finding `json:"findings"`
		Summary  summary         `json:"summary"`
	}{fs, summarize(fs)})
}
