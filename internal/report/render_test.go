package report

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/request"
)

// sample is a report with a distinct figure in every cell of section 三.
func sample() *Annual {
	a := &Annual{Year: 2025, UnitCode: "QS", UnitName: "青山县人民政府", Requests: newTable(Rows(), Columns()),
		Appeals: newTable(AppealGroups(), AppealColumns())}
	for i, r := range Rows() {
		for j, c := range Columns() {
			a.Requests[r][c] = 100*i + j
		}
	}
	for i, g := range AppealGroups() {
		for j, c := range AppealColumns() {
			a.Appeals[g][c] = 10*i + j
		}
	}
	a.Proactive = Proactive{Rules: DocCounts{1, 2, 3}, Normative: DocCounts{4, 5, 6}, Figures: Figures{7, 8, 9, 96_171_600_000}}
	return a
}

// Every grid covers each of its cells exactly once.
func TestGridsCoverEveryCellOnce(t *testing.T) {
	for _, g := range Grids(sample()) {
		seen := make([][]int, g.Rows)
		for i := range seen {
			seen[i] = make([]int, g.Cols)
		}
		for _, c := range g.Cells {
			for r := c.Row; r < c.Row+c.RowSpan; r++ {
				for k := c.Col; k < c.Col+c.ColSpan; k++ {
					if r >= g.Rows || k >= g.Cols {
						t.Fatalf("%s: cell %q outside the grid", g.Section, c.Text)
					}
					seen[r][k]++
				}
			}
		}
		for r := range seen {
			for k, n := range seen[r] {
				if n != 1 {
					t.Errorf("%s: (%d, %d) covered %d times", g.Section, r, k, n)
				}
			}
		}
	}
	g := RequestsGrid(sample())
	if g.Rows != 28 || g.Cols != 10 {
		t.Errorf("section 三 is %d × %d", g.Rows, g.Cols)
	}
}

// The official row labels, spans and the figure under each.
func TestRequestsGridLabels(t *testing.T) {
	a := sample()
	g := RequestsGrid(a)
	at := map[[2]int]Cell{}
	for _, c := range g.Cells {
		at[[2]int{c.Row, c.Col}] = c
	}
	for _, c := range []struct {
		row, col, rowSpan, colSpan int
		text                       string
	}{
		{0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"},
		{1, 4, 1, 5, "法人或其他组织"},
		{5, 0, 22, 1, "三、本年度办理结果"},
		{7, 1, 8, 1, "（三）不予公开"},
		{9, 2, 1, 1, "3.危及“三安全一稳定”"},
		{15, 1, 3, 1, "（四）无法提供"},
		{18, 1, 5, 1, "（五）不予处理"},
		{23, 1, 3, 1, "（六）其他处理"},
		{24, 2, 1, 1, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
		{26, 1, 1, 2, "（七）总计"},
		{27, 0, 1, 3, "四、结转下年度继续办理"},
	} {
		x := at[[2]int{c.row, c.col}]
		if x.Text != c.text || x.RowSpan != c.rowSpan || x.ColSpan != c.colSpan {
			t.Errorf("(%d, %d) = %+v, want %q %d×%d", c.row, c.col, x, c.text, c.rowSpan, c.colSpan)
		}
	}
	// Row 24 is 其他处理 2 (the fee row); column 3 + 1 is 商业企业.
	if x := at[[2]int{24, 4}]; x.Text != "2101" || a.Requests[string(request.OutcomeFeeUnpaid)]["商业企业"] != 2101 {
		t.Errorf("fee row, 商业企业: %+v", x)
	}
}

func TestJSONShape(t *testing.T) {
	b, err := json.Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if len(m) != 5 || string(m["year"]) != "2025" || string(m["unit"]) != `"QS"` {
		t.Errorf("keys %s", b)
	}
	var req map[string]map[string]int
	if err := json.Unmarshal(m["requests"], &req); err != nil || len(req) != 25 || len(req["不予公开/危及“三安全一稳定”"]) != 7 {
		t.Errorf("requests %s %v", m["requests"], err)
	}
	if !strings.Contains(string(m["proactive"]), `"行政事业性收费":{"本年收费金额（单位：万元）":96171.6}`) {
		t.Errorf("proactive %s", m["proactive"])
	}
}

func TestWan(t *testing.T) {
	for cents, want := range map[int64]string{0: "0", 50_000_000: "50", 123_456_789: "123.456789", 96_171_600_000: "96171.6", 1: "0.000001"} {
		if got := Wan(cents); got != want {
			t.Errorf("Wan(%d) = %q, want %q", cents, got, want)
		}
		if back, err := ParseWan(want); err != nil || back != cents {
			t.Errorf("ParseWan(%q) = %d, %v", want, back, err)
		}
	}
	for _, bad := range []string{"", "-1", "1.1234567", "abc", "1e5", "."} {
		if _, err := ParseWan(bad); err == nil {
			t.Errorf("ParseWan(%q) accepted", bad)
		}
	}
}

func TestXLSX(t *testing.T) {
	a := sample()
	a.Failures = []Failure{{Check: "总计 = 各项办理结果之和", Where: "“自然人”列", Left: 1, Right: 2,
		Records: []Record{{RegNo: "QS-2025-0001", Unit: "青山县教育局", Problem: "2025-03-01 已办结，但没有办理结果"}}}}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, a); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	get := func(sheet, cell string) string {
		v, err := x.GetCellValue(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Section 三: grid row r is spreadsheet row r+2; column c is letter c+1.
	for cell, want := range map[string]string{
		"A1": SectionRequests, "A2": "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
		"D2": "申请人情况", "E3": "法人或其他组织", "I4": "其他", "J3": "总计",
		"A5": "一、本年新收政府信息公开申请数量", "D5": "0", "J5": "6", "J6": "106",
		"A7": "三、本年度办理结果", "B7": "（一）予以公开", "B9": "（三）不予公开", "C9": "1.属于国家秘密",
		"E26": "2101", "B28": "（七）总计", "J28": "2306", "A29": "四、结转下年度继续办理", "D29": "2400",
	} {
		if got := get(SheetRequests, cell); got != want {
			t.Errorf("%s!%s = %q, want %q", SheetRequests, cell, got, want)
		}
	}
	merges, err := x.GetMergeCells(SheetRequests)
	if err != nil {
		t.Fatal(err)
	}
	var ms []string
	for _, m := range merges {
		ms = append(ms, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	for _, want := range []string{"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A7:A28", "B9:B16", "B17:B19", "B20:B24", "B25:B27", "B28:C28", "A29:C29"} {
		if !strings.Contains(" "+strings.Join(ms, " ")+" ", " "+want+" ") {
			t.Errorf("merge %s missing from %v", want, ms)
		}
	}
	// Section 四.
	for cell, want := range map[string]string{"A2": "行政复议", "F2": "行政诉讼", "F3": "未经复议直接起诉", "K3": "复议后起诉",
		"A3": "结果维持", "E3": "总计", "O4": "总计", "A5": "0", "E5": "4", "J5": "14", "O5": "24"} {
		if got := get(SheetAppeals, cell); got != want {
			t.Errorf("%s!%s = %q, want %q", SheetAppeals, cell, got, want)
		}
	}
	// Section 二.
	for cell, want := range map[string]string{"A2": "第二十条第（一）项", "B3": ColMade, "A4": "规章", "D5": "6",
		"A8": "行政许可", "B8": "7", "A11": "行政处罚", "B12": "9", "B14": ColFeesAmount, "A15": "行政事业性收费", "B15": "96171.6"} {
		if got := get(SheetProactive, cell); got != want {
			t.Errorf("%s!%s = %q, want %q", SheetProactive, cell, got, want)
		}
	}
	if got := get(SheetChecks, "D2"); !strings.Contains(got, "QS-2025-0001") {
		t.Errorf("checks sheet: %q", got)
	}
}

func TestHTML(t *testing.T) {
	a := sample()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, a); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{"<title>青山县人民政府2025年政府信息公开工作年度报告</title>",
		`<th class="label" scope="row" rowspan="22">三、本年度办理结果</th>`,
		`<th scope="col" colspan="5">法人或其他组织</th>`, "3.危及“三安全一稳定”", "<td>2306</td>",
		`<td colspan="3">96171.6</td>`, "已通过核对"} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	a.Failures = []Failure{{Check: "本年新收 + 上年结转 = 总计 + 结转下年度", Where: "“总计”列", Left: 3, Right: 2,
		Records: []Record{{RegNo: "QS-<b>", Unit: "u", Problem: "p"}}}}
	buf.Reset()
	if err := WriteHTML(&buf, a); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); !strings.Contains(s, "不能发布") || !strings.Contains(s, "QS-&lt;b&gt;") || !strings.Contains(s, "（3 ≠ 2）") {
		t.Errorf("failures not shown (escaped): %s", s[strings.Index(s, "checks"):])
	}
}

// docxTables reads back the tables of a DOCX: per table, per row, each
// cell's text, gridSpan and vMerge ("restart", "continue" or "").
type docxCell struct {
	text, vMerge string
	span         int
}

func readDOCX(t *testing.T, data []byte) (tables [][][]docxCell, text string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var doc []byte
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		// Every part is well-formed XML.
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
		if f.Name == "word/document.xml" {
			doc = b
		}
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	var all strings.Builder
	var cell *docxCell
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch x.Name.Local {
			case "tbl":
				tables = append(tables, nil)
			case "tr":
				tables[len(tables)-1] = append(tables[len(tables)-1], nil)
			case "tc":
				cell = &docxCell{span: 1}
			case "gridSpan":
				cell.span, _ = strconv.Atoi(x.Attr[0].Value)
			case "vMerge":
				cell.vMerge = "continue"
				if len(x.Attr) > 0 {
					cell.vMerge = x.Attr[0].Value
				}
			case "t":
				inText = true
			}
		case xml.EndElement:
			switch x.Name.Local {
			case "tc":
				tb := tables[len(tables)-1]
				tb[len(tb)-1] = append(tb[len(tb)-1], *cell)
				cell = nil
			case "t":
				inText = false
			}
		case xml.CharData:
			if inText {
				all.Write(x)
				if cell != nil {
					cell.text += string(x)
				}
			}
		}
	}
	return tables, all.String()
}

func TestDOCX(t *testing.T) {
	a := sample()
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, a); err != nil {
		t.Fatal(err)
	}
	tables, text := readDOCX(t, buf.Bytes())
	for _, want := range []string{"青山县人民政府2025年政府信息公开工作年度报告", "一、总体情况", SectionProactive, SectionRequests,
		SectionAppeals, "五、存在的主要问题及改进情况", "六、其他需要报告的事项"} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	if len(tables) != 3 {
		t.Fatalf("%d tables", len(tables))
	}
	for i, g := range Grids(a) {
		tb := tables[i]
		if len(tb) != g.Rows {
			t.Errorf("%s: %d rows, want %d", g.Section, len(tb), g.Rows)
		}
		for r, row := range tb {
			n := 0
			for _, c := range row {
				n += c.span
			}
			if n != g.Cols {
				t.Errorf("%s row %d spans %d columns, want %d", g.Section, r, n, g.Cols)
			}
		}
	}
	// Section 三: the 22-row label, its continuation, a figure.
	req := tables[1]
	if c := req[5][0]; c.text != "三、本年度办理结果" || c.vMerge != "restart" {
		t.Errorf("row 5: %+v", c)
	}
	if c := req[6][0]; c.text != "" || c.vMerge != "continue" {
		t.Errorf("row 6: %+v", c)
	}
	if c := req[24]; c[1].vMerge != "continue" || c[2].text != "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" || c[4].text != "2101" {
		t.Errorf("row 24: %+v", c)
	}
	if c := req[0][0]; c.span != 3 || c.vMerge != "restart" {
		t.Errorf("top-left: %+v", c)
	}
	if c := tables[2][3]; len(c) != 15 || c[14].text != "24" {
		t.Errorf("section 四 figures: %+v", c)
	}
}
