package stats

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The chart's size: 900 x 600 points, 1200 x 800 pixels in a PNG at 96 DPI.
const (
	plotWidth  vg.Length = 900 // points
	plotHeight vg.Length = 600
	plotDPI              = 96
)

// Series names, as in the legend.
const (
	seriesPerPerson    = "Incidents per person"
	seriesIncidentLoss = "Incident losses (hours)"
	seriesInternal     = "Internal process hours"
	seriesTotalLoss    = "Total losses (hours)"
)

// Plot draws the client guide's chart: incidents per person, incident losses,
// internal process hours and total losses, one line each with a legend,
// periods along the x axis, and a dashed vertical line with its label at each
// practice date. Incidents per person sit in a panel of their own above the
// three series in hours, sharing the x axis, because on one scale they would
// be a flat line at the bottom. The practices are opt.Practices if any, else
// r.Practices. The format follows path's extension: .svg or .png.
func Plot(r *Report, opt Options, path string) error {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".svg" && ext != ".png" {
		return fmt.Errorf("plot %s: unknown format %q, want .svg or .png", path, ext)
	}
	if len(r.Periods) == 0 {
		return fmt.Errorf("plot %s: no periods to plot", path)
	}
	practices := opt.Practices
	if len(practices) == 0 {
		practices = r.Practices
	}
	top, bottom, err := plots(r, practices)
	if err != nil {
		return fmt.Errorf("plot %s: %w", path, err)
	}

	var c interface {
		vg.CanvasSizer
		io.WriterTo
	}
	if ext == ".svg" {
		c = vgsvg.New(plotWidth, plotHeight)
	} else {
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(plotWidth, plotHeight), vgimg.UseDPI(plotDPI))}
	}
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadTop: vg.Points(6), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(12), PadY: vg.Points(6)}
	canvases := plot.Align([][]*plot.Plot{{top}, {bottom}}, tiles, draw.New(c))
	top.Draw(canvases[0][0])
	bottom.Draw(canvases[1][0])

	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = c.WriteTo(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) // no half-written chart
		return fmt.Errorf("plot %s: %w", path, err)
	}
	return nil
}

// plots builds the two panels.
func plots(r *Report, practices []Practice) (top, bottom *plot.Plot, err error) {
	n := len(r.Periods)
	series := func(value func(PeriodStats) float64) plotter.XYs {
		xys := make(plotter.XYs, n)
		for i, s := range r.Periods {
			xys[i] = plotter.XY{X: float64(i), Y: value(s)}
		}
		return xys
	}
	top = panel(r, fmt.Sprintf("Incidents and losses by %s", r.By), "incidents per person")
	if err := addLine(top, 0, seriesPerPerson, series(func(s PeriodStats) float64 { return s.PerPerson })); err != nil {
		return nil, nil, err
	}
	bottom = panel(r, "", "hours")
	bottom.X.Label.Text = string(r.By)
	for i, l := range []struct {
		name  string
		value func(PeriodStats) float64
	}{
		{seriesIncidentLoss, func(s PeriodStats) float64 { return s.IncidentLoss }},
		{seriesInternal, func(s PeriodStats) float64 { return s.InternalHours }},
		{seriesTotalLoss, func(s PeriodStats) float64 { return s.TotalLoss }},
	} {
		if err := addLine(bottom, i+1, l.name, series(l.value)); err != nil {
			return nil, nil, err
		}
	}
	for _, p := range []*plot.Plot{top, bottom} {
		// The x range is fixed to the periods so that markers between them
		// stay in place; y starts at zero because these are counts and hours.
		p.X.Min, p.X.Max = -0.5, float64(n)-0.5
		p.Y.Min = 0
		p.Y.Max = math.Max(p.Y.Max, 1) * 1.25 // room for the legend and labels
	}
	for i, pr := range practices {
		x, ok := practiceX(r, pr.Date)
		if !ok {
			continue
		}
		// The label goes on the top panel only, staggered so that close
		// markers do not print over each other.
		top.Add(marker{x: x, label: pr.Label, row: i})
		bottom.Add(marker{x: x, row: -1})
	}
	return top, bottom, nil
}

// panel is an empty plot with period names on its x axis.
func panel(r *Report, title, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = yLabel
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs = vg.Points(6)
	p.Add(plotter.NewGrid())
	// Label at most about 12 periods so that the names do not collide.
	step := (len(r.Periods) + 11) / 12
	p.X.Tick.Marker = plot.TickerFunc(func(min, max float64) []plot.Tick {
		var ticks []plot.Tick
		for i, s := range r.Periods {
			t := plot.Tick{Value: float64(i)}
			if i%step == 0 {
				t.Label = s.Period
			}
			ticks = append(ticks, t)
		}
		return ticks
	})
	return p
}

func addLine(p *plot.Plot, i int, name string, xys plotter.XYs) error {
	line, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		return err
	}
	line.Color = plotutil.Color(i)
	line.Width = vg.Points(2)
	points.Color = plotutil.Color(i)
	points.Shape = draw.CircleGlyph{}
	points.Radius = vg.Points(2.5)
	p.Add(line, points)
	p.Legend.Add(name, line, points)
	return nil
}

// practiceX places date on the x axis: period i spans i-0.5 to i+0.5, and
// a date falls in it in proportion to its day. ok is false outside the periods.
func practiceX(r *Report, date time.Time) (x float64, ok bool) {
	date = day(date)
	for i, s := range r.Periods {
		next := s.End.AddDate(0, 0, 1)
		if !date.Before(s.Start) && date.Before(next) {
			frac := date.Sub(s.Start).Hours() / next.Sub(s.Start).Hours()
			return float64(i) - 0.5 + frac, true
		}
	}
	return 0, false
}

// marker is a practice's vertical line, with its label near the top when
// label is set; row says how far down the label goes.
type marker struct {
	x     float64
	label string
	row   int
}

var markerColor = color.RGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}

// Plot implements plot.Plotter.
func (m marker) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(m.x)
	c.StrokeLine2(draw.LineStyle{Color: markerColor, Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}, x, c.Min.Y, x, c.Max.Y)
	if m.label == "" {
		return
	}
	sty := text.Style{
		Color:   color.Black,
		Font:    font.From(plot.DefaultFont, vg.Points(9)),
		XAlign:  draw.XLeft,
		YAlign:  draw.YTop,
		Handler: p.TextHandler,
	}
	y := c.Max.Y - vg.Points(3) - vg.Length(m.row%4)*sty.Height(m.label)*1.2
	c.FillText(sty, vg.Point{X: x + vg.Points(3), Y: y}, m.label)
}
