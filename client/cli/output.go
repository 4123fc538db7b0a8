package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
	"golang.org/x/term"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// A view is what a command builds; the printer renders it in the format
// -o names. A command fills in what applies to it and never looks at -o.
type view struct {
	// value is what -o json and -o yaml write: a proto message, a slice
	// of them, or a plain value (json.RawMessage for JSON made elsewhere).
	value any
	// table is the -o table and -o wide rendering.
	table *table
	// text is written after the table, or is the whole rendering of a
	// view with no table: an answer, a host, an SOP.
	text func(w io.Writer) error
	// formats are renderings of a command's own: lint sarif, stats csv,
	// onboard and handoff markdown and html.
	formats map[string]func(w io.Writer) error
	// nothing, when set, says the answer is empty: -o json and yaml still
	// write value (an empty list, for scripts), the other formats nothing,
	// and the command exits 1 with this message.
	nothing error
}

// The -o formats of a command: every one takes basicFormats, one that
// prints a table tableFormats; a few list formats of their own.
const (
	basicFormats = "table,json,yaml"
	tableFormats = "table,wide,json,yaml"
)

// printer renders views as one -o format to stdout.
type printer struct {
	format string
	w      io.Writer
	// width is the terminal's, 0 when stdout is not a terminal: then no
	// table cell is cut.
	width int
}

func newPrinter(format string, w io.Writer) printer {
	return printer{format: format, w: w, width: terminalWidth(w)}
}

func (p printer) print(v view) error {
	switch p.format {
	case "json":
		return writeJSON(p.w, v.value)
	case "yaml":
		return writeYAML(p.w, v.value)
	case "table", "wide":
		if v.table != nil {
			if err := v.table.write(p.w, p.format == "wide", p.width); err != nil {
				return err
			}
		}
		if v.text != nil {
			return v.text(p.w)
		}
		return nil
	}
	if f := v.formats[p.format]; f != nil {
		return f(p.w)
	}
	return usageError{fmt.Errorf("-o %s does not apply here", p.format)}
}

// formatsAnnotation holds a command's -o formats, when they are not
// basicFormats.
const formatsAnnotation = "formats"

// formats is the annotation of a command taking these -o formats.
func formats(list string) map[string]string { return map[string]string{formatsAnnotation: list} }

// checkFormat says whether cmd takes -o format.
func checkFormat(cmd *cobra.Command, format string) error {
	list := cmd.Annotations[formatsAnnotation]
	if list == "" {
		list = basicFormats
	}
	names := strings.Split(list, ",")
	if slices.Contains(names, format) {
		return nil
	}
	return usageError{fmt.Errorf("%s: -o must be %s or %s, not %q", cmd.Name(), strings.Join(names[:len(names)-1], ", "), names[len(names)-1], format)}
}

// jsonBytes is the indented JSON of a view's value: protojson for proto
// messages, so that JSON and YAML show the API's field names.
func jsonBytes(v any) ([]byte, error) {
	opts := protojson.MarshalOptions{Multiline: true, Indent: "  "}
	switch v := v.(type) {
	case proto.Message:
		return opts.Marshal(v)
	case []proto.Message:
		list := make([]json.RawMessage, len(v))
		for i, m := range v {
			b, err := protojson.Marshal(m)
			if err != nil {
				return nil, err
			}
			list[i] = b
		}
		return marshalIndent(list)
	}
	return marshalIndent(v)
}

// writeJSON writes jsonBytes(v) and a newline. A list of messages is
// written one message at a time: a long list of big messages (every host,
// each with a value at the stored cap) was otherwise held as JSON three
// times over, each message's, the indented whole, and fmt's copy of it.
func writeJSON(w io.Writer, v any) error {
	list, ok := v.([]proto.Message)
	if !ok || len(list) == 0 {
		b, err := jsonBytes(v)
		if err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		_, err = io.WriteString(w, "\n")
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("[\n")
	var indented bytes.Buffer
	for i, m := range list {
		b, err := protojson.Marshal(m)
		if err != nil {
			return err
		}
		indented.Reset()
		if err := json.Indent(&indented, b, "  ", "  "); err != nil {
			return err
		}
		bw.WriteString("  ")
		bw.Write(indented.Bytes())
		if i < len(list)-1 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

func marshalIndent(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}

// writeYAML writes the structure -o json writes, key order kept: the
// JSON is read as a YAML node tree (JSON is YAML) and written plainly.
func writeYAML(w io.Writer, v any) error {
	b, err := jsonBytes(v)
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return err
	}
	plainStyle(&doc)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	return enc.Close()
}

// plainStyle drops JSON's quotes and brackets; the encoder quotes where
// YAML needs it. Multi-line text becomes a literal block.
func plainStyle(n *yaml.Node) {
	n.Style = 0
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && strings.Contains(n.Value, "\n") {
		n.Style = yaml.LiteralStyle
	}
	for _, c := range n.Content {
		plainStyle(c)
	}
}

// terminalWidth is the width of the terminal w writes to, or 0.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// isTerminal reports whether w is a terminal, where a progress bar helps;
// in a pipe or a log it is noise.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
