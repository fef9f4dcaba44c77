package report

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"
)

// BarChart draws lines as a horizontal bar chart in SVG, for pages that
// show it next to a table of the same numbers: no script, no external
// file, a <title> and <desc> named by aria-labelledby so that a screen
// reader announces the chart, and dark bars with black text that keep
// their contrast in the elderly-friendly mode and in print (greyscale
// included). id must be unique in the page.
//
// Horizontal bars leave room for long Chinese labels (column names) and
// read the same for months.
func BarChart(id, title, desc string, lines []Count) string {
	const (
		width  = 720
		rowH   = 30
		barH   = 20
		top    = 8
		labelW = 220 // label area, right-aligned text
		numW   = 70  // room for the number after the longest bar
		font   = 15
	)
	max := 0
	for _, c := range lines {
		if c.N > max {
			max = c.N
		}
	}
	height := top*2 + rowH*len(lines)
	if len(lines) == 0 {
		height = top*2 + rowH
	}
	esc := html.EscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="%s" role="img" aria-labelledby="%s-title %s-desc" viewBox="0 0 %d %d" width="100%%" style="max-width:%dpx" font-family="sans-serif" font-size="%d">`,
		esc(id), esc(id), esc(id), width, height, width, font)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
	if len(lines) == 0 || max == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#000">没有数据</text></svg>`, labelW, top+barH)
		return b.String()
	}
	span := width - labelW - numW - 10
	// A light axis line at zero: the bars start from it.
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#000" stroke-width="1"/>`, labelW+5, top, labelW+5, height-top)
	for i, c := range lines {
		y := top + i*rowH
		label := c.Label
		if utf8.RuneCountInString(label) > 14 {
			label = string([]rune(label)[:13]) + "…"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" fill="#000">%s</text>`, labelW, y+barH-4, esc(label))
		w := 0
		if c.N > 0 {
			w = c.N * span / max
			if w < 2 {
				w = 2 // a non-zero count stays visible
			}
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#0b3c8c" stroke="#000" stroke-width="0.5"><title>%s：%d</title></rect>`,
			labelW+5, y+2, w, barH, esc(c.Label), c.N)
		fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#000">%d</text>`, labelW+10+w, y+barH-4, c.N)
	}
	b.WriteString(`</svg>`)
	return b.String()
}
