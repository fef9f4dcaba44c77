package report

import (
	"fmt"
	"io"
	"strconv"

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
			case c.Head && (c.Row < headerRows(g) || c.Col >= g.LabelCols):
				style = head
			case c.Head:
				style = label
			}
			if err := x.SetCellStyle(sheet, tl, br, style); err != nil {
				return err
			}
		}
		if err := columnWidths(x, sheet, g); err != nil {
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
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(SheetChecks, cell, &r); err != nil {
			return err
		}
	}
	if err := x.SetColWidth(SheetChecks, "A", "D", 36); err != nil {
		return err
	}
	x.SetActiveSheet(1)
	x.SetDocProps(&excelize.DocProperties{Title: a.Title(), Creator: "Gongkai"})
	_, err = x.WriteTo(w)
	return err
}

// headerRows is how many rows of g are column headers: the rows above the
// first figure.
func headerRows(g Grid) int {
	first := g.Rows
	for _, c := range g.Cells {
		if c.Num && c.Row < first {
			first = c.Row
		}
	}
	if g.LabelCols != 1 {
		return first
	}
	return 0 // section 二: block captions and headers are styled as headers by their column
}

func columnWidths(x *excelize.File, sheet string, g Grid) error {
	for col := 1; col <= g.Cols; col++ {
		name, _ := excelize.ColumnNumberToName(col)
		wd := 10.0
		switch {
		case g.Section == SectionRequests && col == 1:
			wd = 8
		case g.Section == SectionRequests && col == 2:
			wd = 14
		case g.Section == SectionRequests && col == 3:
			wd = 40
		case g.Section == SectionProactive:
			wd = 18
		}
		if err := x.SetColWidth(sheet, name, name, wd); err != nil {
			return err
		}
	}
	return nil
}
