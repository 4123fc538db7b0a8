package cli

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"

	"handover/client/render"
)

// A column of a table. Names are single words (PURPOSE_GROUPS), so that
// awk and cut read the header as they read the rows.
type column struct {
	name string
	// wide columns show only with -o wide.
	wide bool
	// text columns hold prose (a purpose, a title): on a terminal too
	// narrow for the table they are cut, with …, to fit its width.
	text bool
}

// table is the -o table and -o wide rendering of a list.
type table struct {
	columns []column
	rows    [][]string
}

func newTable(columns ...column) *table { return &table{columns: columns} }

// add appends a row, one cell a column; empty cells read as "-".
func (t *table) add(cells ...string) {
	for i, c := range cells {
		cells[i] = dash(strings.Join(strings.Fields(c), " "))
	}
	t.rows = append(t.rows, cells)
}

const (
	columnGap = 2
	// minText is as narrow as a text column gets to fit a terminal.
	minText = 12
)

// write writes the table, its columns aligned. width is the terminal's:
// when the table is wider, text columns are cut to fit; 0 (not a
// terminal) or wide cuts nothing, so that a pipe gets every word.
func (t *table) write(w io.Writer, wide bool, width int) error {
	var cols []int
	for i, c := range t.columns {
		if wide || !c.wide {
			cols = append(cols, i)
		}
	}
	widths := make([]int, len(cols))
	for j, i := range cols {
		widths[j] = utf8.RuneCountInString(t.columns[i].name)
		for _, r := range t.rows {
			widths[j] = max(widths[j], utf8.RuneCountInString(r[i]))
		}
	}
	if !wide && width > 0 {
		t.fit(cols, widths, width)
	}
	bw := bufio.NewWriter(w)
	line := func(cell func(i int) string) {
		for j, i := range cols {
			s := cut(cell(i), widths[j])
			bw.WriteString(s)
			if j < len(cols)-1 {
				bw.WriteString(strings.Repeat(" ", widths[j]-utf8.RuneCountInString(s)+columnGap))
			}
		}
		bw.WriteByte('\n')
	}
	line(func(i int) string { return t.columns[i].name })
	for _, r := range t.rows {
		line(func(i int) string { return r[i] })
	}
	return bw.Flush()
}

// fit narrows the widest text column, one character at a time, until the
// table fits width or every text column is down to its minimum.
func (t *table) fit(cols, widths []int, width int) {
	total := columnGap * (len(cols) - 1)
	for _, n := range widths {
		total += n
	}
	for ; total > width; total-- {
		widest := -1
		for j, i := range cols {
			c := t.columns[i]
			if c.text && widths[j] > max(minText, utf8.RuneCountInString(c.name)) && (widest < 0 || widths[j] > widths[widest]) {
				widest = j
			}
		}
		if widest < 0 {
			return
		}
		widths[widest]--
	}
}

func cut(s string, n int) string { return render.Cut(s, n) }
