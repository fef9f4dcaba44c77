package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// XLSX sheet names, one per table.
const (
	SheetProactive = "二、主动公开"
	SheetRequests  = "三、依申请公开"
	SheetAppeals   = "四、复议诉讼"
	SheetChecks    = "核对"
)

// XLSXTop is the spreadsheet row where a table's grid starts (1-based):
// row 1 holds the section title.
const XLSXTop = 2

// WriteXLSX writes the report's tables, one sheet each with the official
// merged cells, and a sheet with the checks' results.
func WriteXLSX(w io.Writer, a *Annual) error {
	x := excelize.NewFile()
	defer x.Close()
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	head, err := x.NewStyle(&excelize.Style{Border: border, Font: &excelize.Font{Bold: true, Family: "宋体", Size: 10},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	label, err := x.NewStyle(&excelize.Style{Border: border, Font: &excelize.Font{Family: "宋体", Size: 10},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	number, err := x.NewStyle(&excelize.Style{Border: border, Font: &excelize.Font{Family: "宋体", Size: 10},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return err
	}
	title, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "黑体", Size: 12}})
	if err != nil {
		return err
	}
	names := []string{SheetProactive, SheetRequests, SheetAppeals}
	for i, g := range Grids(a) {
		sheet := names[i]
		if i == 0 {
			if err := x.SetSheetName("Sheet1", sheet); err != nil {
				return err
			}
		} else if _, err := x.NewSheet(sheet); err != nil {
			return err
		}
		if err := x.SetCellStr(sheet, "A1", g.Section); err != nil {
			return err
		}
		if err := x.SetCellStyle(sheet, "A1", "A1", title); err != nil {
			return err
		}
		// A row label is a header cell on the left of a row of figures;
		// the other header cells (captions, column headings) are centred.
		figures := map[int]bool{}
		for _, c := range g.Cells {
			figures[c.Row] = figures[c.Row] || c.Num
		}
		for _, c := range g.Cells {
			tl, _ := excelize.CoordinatesToCellName(c.Col+1, c.Row+XLSXTop)
			br, _ := excelize.CoordinatesToCellName(c.Col+c.ColSpan, c.Row+c.RowSpan-1+XLSXTop)
			if c.Num {
				v, err := strconv.ParseFloat(c.Text, 64)
				if err != nil {
					return fmt.Errorf("xlsx: figure %q: %w", c.Text, err)
				}
				err = x.SetCellFloat(sheet, tl, v, -1, 64)
				if err != nil {
					return err
				}
			} else if err := x.SetCellStr(sheet, tl, c.Text); err != nil {
				return err
			}
			if tl != br {
				if err := x.MergeCell(sheet, tl, br); err != nil {
					return err
				}
			}
			style := number
			switch {
			case c.Head && c.Col < g.LabelCols && figures[c.Row]:
				style = label
			case c.Head:
				style = head
			}
			if err := x.SetCellStyle(sheet, tl, br, style); err != nil {
				return err
			}
		}
		widths := gridWidths(g)
		if err := layoutSheet(x, sheet, widths, gridHeights(g, widths), g.Section == SectionAppeals); err != nil {
			return err
		}
	}
	if _, err := x.NewSheet(SheetChecks); err != nil {
		return err
	}
	rows := [][]string{{"核对项目", "位置", "结果", "相关申请（登记号：问题）"}}
	for _, f := range a.Failures {
		recs := ""
		for i, r := range f.Records {
			if i > 0 {
				recs += "\n"
			}
			recs += r.RegNo + "（" + r.Unit + "）：" + r.Problem
		}
		res := "不符"
		if f.Left != f.Right {
			res = fmt.Sprintf("不符（%d ≠ %d）", f.Left, f.Right)
		}
		rows = append(rows, []string{f.Check, f.Where, res, recs})
	}
	if a.OK() {
		rows = append(rows, []string{"全部核对项目", "", "相符", ""})
	}
	wrap, err := x.NewStyle(&excelize.Style{Border: border, Font: &excelize.Font{Family: "宋体", Size: 10},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	widths := []float64{30, 20, 16, 50}
	var heights []float64
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(SheetChecks, cell, &r); err != nil {
			return err
		}
		end, _ := excelize.CoordinatesToCellName(len(r), i+1)
		if err := x.SetCellStyle(SheetChecks, cell, end, wrap); err != nil {
			return err
		}
		lines := 1
		for k, text := range r {
			lines = max(lines, textLines(text, widths[k]))
		}
		heights = append(heights, xlsxRowHeight(lines))
	}
	if err := x.SetCellStyle(SheetChecks, "A1", "D1", head); err != nil {
		return err
	}
	if err := layoutSheet(x, SheetChecks, widths, heights, true); err != nil {
		return err
	}
	x.SetActiveSheet(1)
	x.SetDocProps(&excelize.DocProperties{Title: a.Title(), Creator: "Gongkai"})
	_, err = x.WriteTo(w)
	return err
}

// Column widths are in the spreadsheet's unit, about the width of a digit
// (a Chinese character at 10 pt takes two). Section 三's figure columns
// hold a four-character heading (商业企业) on a line; its label column the
// longest item but one (5.要求行政机关确认或重新出具已获取信息 wraps).
func gridWidths(g Grid) []float64 {
	w := make([]float64, g.Cols)
	for i := range w {
		switch {
		case g.Section == SectionRequests && i == 0:
			w[i] = 7
		case g.Section == SectionRequests && i == 1:
			w[i] = 12
		case g.Section == SectionRequests && i == 2:
			w[i] = 32
		case g.Section == SectionRequests:
			w[i] = 9.5
		case g.Section == SectionProactive:
			w[i] = 18
		default:
			w[i] = 7.5 // section 四: 结果维持 on two lines, 15 columns on one landscape page
		}
	}
	return w
}

// textLines estimates how many lines text takes in a wrapping cell width
// units wide. Neither Excel nor LibreOffice grows a row to fit wrapped
// text on opening a file (and never for merged cells), so the writer sets
// each row's height itself.
func textLines(text string, width float64) int {
	avail := width - 1 // the cell's padding
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		used, n := 0.0, 1
		for _, r := range para {
			w := 1.1
			if r >= 0x2E80 { // CJK and full-width punctuation
				w = 2
			}
			if used+w > avail && used > 0 {
				n, used = n+1, 0
			}
			used += w
		}
		lines += n
	}
	return lines
}

// xlsxRowHeight is the height in points of a row of lines lines of 10 pt
// text.
func xlsxRowHeight(lines int) float64 { return 3 + 13.5*float64(lines) }

// gridHeights gives each spreadsheet row of g a height that shows its
// wrapped text: a cell over one row sets its row's height; a cell over
// several rows that do not add up to its text grows them evenly.
func gridHeights(g Grid, widths []float64) []float64 {
	h := make([]float64, g.Rows)
	for i := range h {
		h[i] = xlsxRowHeight(1)
	}
	width := func(c Cell) float64 {
		w := 0.0
		for k := c.Col; k < c.Col+c.ColSpan; k++ {
			w += widths[k]
		}
		return w
	}
	for _, c := range g.Cells {
		if c.RowSpan == 1 {
			h[c.Row] = max(h[c.Row], xlsxRowHeight(textLines(c.Text, width(c))))
		}
	}
	for _, c := range g.Cells {
		if c.RowSpan == 1 {
			continue
		}
		have := 0.0
		for r := c.Row; r < c.Row+c.RowSpan; r++ {
			have += h[r]
		}
		if need := xlsxRowHeight(textLines(c.Text, width(c))); need > have {
			for r := c.Row; r < c.Row+c.RowSpan; r++ {
				h[r] += (need - have) / float64(c.RowSpan)
			}
		}
	}
	return h
}

// layoutSheet sets the column widths and the heights of the rows from
// XLSXTop (the checks sheet: from row 1), and prints the sheet on A4 one
// page wide, centred: without it section 三 and 四 print cut into columns
// over several pages.
func layoutSheet(x *excelize.File, sheet string, widths, heights []float64, landscape bool) error {
	for i, w := range widths {
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := x.SetColWidth(sheet, name, name, w); err != nil {
			return err
		}
	}
	top := XLSXTop
	if sheet == SheetChecks {
		top = 1
	}
	for i, h := range heights {
		if err := x.SetRowHeight(sheet, top+i, h); err != nil {
			return err
		}
	}
	a4, wide, tall, orient := 9, 1, 0, "portrait"
	if landscape {
		orient = "landscape"
	}
	if err := x.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	fit, centre, side := true, true, 0.5
	if err := x.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return x.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Horizontally: &centre})
}
