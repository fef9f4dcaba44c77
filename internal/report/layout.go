package report

import (
	"fmt"
	"sort"
	"strconv"

	"gongkai/internal/request"
)

// The official tables as grids of cells with their spans (国办公开办函〔2021〕30号;
// docs in ../shared/reference/cn-rules.md §2.2–2.4), shared by the XLSX and
// HTML renderers so that both reproduce the same merged cells.

// Cell is one cell of a grid; Row and Col count from 0, spans are ≥ 1.
type Cell struct {
	Row, Col         int
	RowSpan, ColSpan int
	Text             string
	Head             bool // a header or row label
	Num              bool // a figure (Text holds it)
}

// Grid is one official table.
type Grid struct {
	Section    string // "三、收到和处理政府信息公开申请情况"
	Rows, Cols int
	Cells      []Cell
	// LabelCols is how many columns on the left hold row labels.
	LabelCols int
}

func (g *Grid) add(row, col, rowSpan, colSpan int, text string, head bool) {
	g.Cells = append(g.Cells, Cell{Row: row, Col: col, RowSpan: rowSpan, ColSpan: colSpan, Text: text, Head: head})
}

func (g *Grid) num(row, col int, text string) {
	g.Cells = append(g.Cells, Cell{Row: row, Col: col, RowSpan: 1, ColSpan: 1, Text: text, Num: true})
}

// RowsOfCells returns the cells row by row, each row by column: what an
// HTML table writes (covered cells are absent).
func (g *Grid) RowsOfCells() [][]Cell {
	out := make([][]Cell, g.Rows)
	for _, c := range g.Cells {
		out[c.Row] = append(out[c.Row], c)
	}
	for _, r := range out {
		sort.Slice(r, func(i, j int) bool { return r[i].Col < r[j].Col })
	}
	return out
}

// Section titles, as printed.
const (
	SectionProactive = "二、主动公开政府信息情况"
	SectionRequests  = "三、收到和处理政府信息公开申请情况"
	SectionAppeals   = "四、政府信息公开行政复议、行政诉讼情况"
)

var groupNumbers = map[string]string{"不予公开": "（三）", "无法提供": "（四）", "不予处理": "（五）", "其他处理": "（六）"}

// ProactiveGrid is section 二: four blocks of 4 columns.
func ProactiveGrid(a *Annual) Grid {
	g := Grid{Section: SectionProactive, Cols: 4, LabelCols: 1}
	p := a.Proactive
	r := 0
	g.add(r, 0, 1, 4, "第二十条第（一）项", true)
	r++
	g.add(r, 0, 1, 1, "信息内容", true)
	g.add(r, 1, 1, 1, ColMade, true)
	g.add(r, 2, 1, 1, ColRepealed, true)
	g.add(r, 3, 1, 1, ColInForce, true)
	r++
	for _, d := range []struct {
		label string
		c     DocCounts
	}{{ProRules, p.Rules}, {ProNormative, p.Normative}} {
		g.add(r, 0, 1, 1, d.label, true)
		g.num(r, 1, strconv.Itoa(d.c.Made))
		g.num(r, 2, strconv.Itoa(d.c.Repealed))
		g.num(r, 3, strconv.Itoa(d.c.InForce))
		r++
	}
	block := func(caption, col string, rows [][2]string) {
		g.add(r, 0, 1, 4, caption, true)
		r++
		g.add(r, 0, 1, 1, "信息内容", true)
		g.add(r, 1, 1, 3, col, true)
		r++
		for _, x := range rows {
			g.add(r, 0, 1, 1, x[0], true)
			g.Cells = append(g.Cells, Cell{Row: r, Col: 1, RowSpan: 1, ColSpan: 3, Text: x[1], Num: true})
			r++
		}
	}
	block("第二十条第（五）项", ColDecisions, [][2]string{{ProLicensing, strconv.Itoa(p.Licensing)}})
	block("第二十条第（六）项", ColDecisions, [][2]string{{ProPenalties, strconv.Itoa(p.Penalties)}, {ProCoercion, strconv.Itoa(p.Coercion)}})
	block("第二十条第（八）项", ColFeesAmount, [][2]string{{ProFees, Wan(p.FeesCents)}})
	g.Rows = r
	return g
}

// RequestsGrid is section 三: 3 header rows and 25 data rows; 3 label
// columns and 7 figure columns.
func RequestsGrid(a *Annual) Grid {
	g := Grid{Section: SectionRequests, Cols: 10, LabelCols: 3}
	g.add(0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", true)
	g.add(0, 3, 1, 7, "申请人情况", true)
	g.add(1, 3, 2, 1, "自然人", true)
	g.add(1, 4, 1, 5, "法人或其他组织", true)
	g.add(1, 9, 2, 1, "总计", true)
	cols := Columns()
	for i, c := range cols[1:6] {
		g.add(2, 4+i, 1, 1, c, true)
	}
	figures := func(r int, key string) {
		for i, c := range cols {
			g.num(r, 3+i, strconv.Itoa(a.Requests[key][c]))
		}
	}
	r := 3
	g.add(r, 0, 1, 3, "一、本年新收政府信息公开申请数量", true)
	figures(r, RowNew)
	r++
	g.add(r, 0, 1, 3, "二、上年结转政府信息公开申请数量", true)
	figures(r, RowCarriedIn)
	r++
	outcomes := request.Outcomes()
	g.add(r, 0, len(outcomes)+1, 1, "三、本年度办理结果", true)
	labels := map[request.Outcome]string{
		request.OutcomeDisclosed: "（一）予以公开",
		request.OutcomePartly:    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
	}
	for i := 0; i < len(outcomes); {
		o := outcomes[i]
		if l, ok := labels[o]; ok {
			g.add(r, 1, 1, 2, l, true)
			figures(r, string(o))
			r, i = r+1, i+1
			continue
		}
		group := o.Group()
		n := 0
		for i+n < len(outcomes) && outcomes[i+n].Group() == group {
			n++
		}
		g.add(r, 1, n, 1, groupNumbers[group]+group, true)
		for k := 0; k < n; k++ {
			g.add(r, 2, 1, 1, fmt.Sprintf("%d.%s", k+1, outcomes[i+k].Item()), true)
			figures(r, string(outcomes[i+k]))
			r++
		}
		i += n
	}
	g.add(r, 1, 1, 2, "（七）总计", true)
	figures(r, RowTotal)
	r++
	g.add(r, 0, 1, 3, "四、结转下年度继续办理", true)
	figures(r, RowCarriedOut)
	g.Rows = r + 1
	return g
}

// AppealsGrid is section 四: 3 header rows and one row of 15 figures.
func AppealsGrid(a *Annual) Grid {
	g := Grid{Section: SectionAppeals, Rows: 4, Cols: 15}
	g.add(0, 0, 1, 5, "行政复议", true)
	g.add(0, 5, 1, 10, "行政诉讼", true)
	cols := AppealColumns()
	for i, c := range cols {
		g.add(1, i, 2, 1, c, true)
	}
	g.add(1, 5, 1, 5, "未经复议直接起诉", true)
	g.add(1, 10, 1, 5, "复议后起诉", true)
	for k := 0; k < 2; k++ {
		for i, c := range cols {
			g.add(2, 5+5*k+i, 1, 1, c, true)
		}
	}
	for k, grp := range AppealGroups() {
		for i, c := range cols {
			g.num(3, 5*k+i, strconv.Itoa(a.Appeals[grp][c]))
		}
	}
	return g
}

// Grids are the report's tables in order.
func Grids(a *Annual) []Grid {
	return []Grid{ProactiveGrid(a), RequestsGrid(a), AppealsGrid(a)}
}

// Title is the report's title: "青山县人民政府2025年政府信息公开工作年度报告".
func (a *Annual) Title() string {
	return fmt.Sprintf("%s%d年政府信息公开工作年度报告", a.UnitName, a.Year)
}
