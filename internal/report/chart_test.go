package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestBarChart(t *testing.T) {
	svg := BarChart("c1", "标题<&>", "说明", []Count{{Key: "a", Label: "甲", N: 10}, {Key: "b", Label: "乙<b>", N: 5}, {Key: "c", Label: "丙", N: 0}})
	// Well-formed XML, the title and description named by aria-labelledby.
	dec := xml.NewDecoder(strings.NewReader(svg))
	var rects []string
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not XML: %v\n%s", err, svg)
			}
			break
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "rect" {
			for _, a := range se.Attr {
				if a.Name.Local == "width" {
					rects = append(rects, a.Value)
				}
			}
		}
	}
	for _, want := range []string{`role="img"`, `aria-labelledby="c1-title c1-desc"`, `<title id="c1-title">标题&lt;&amp;&gt;</title>`, `<desc id="c1-desc">说明</desc>`, `乙&lt;b&gt;`} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %s in %s", want, svg)
		}
	}
	// Bars proportional: 10 → the full span, 5 → half, 0 → none.
	if len(rects) != 3 || rects[0] != "420" || rects[1] != "210" || rects[2] != "0" {
		t.Errorf("bar widths %v", rects)
	}
	if empty := BarChart("e", "空", "无", nil); !strings.Contains(empty, "没有数据") {
		t.Errorf("empty chart: %s", empty)
	}
}

func TestWriteStatsXLSX(t *testing.T) {
	st := &Stats{UnitCode: "QS", UnitName: "青山县人民政府", From: day("2025-01-01"), To: day("2025-12-31"),
		DocsByMonth: []Count{{Key: "2025-01", Label: "2025年1月", N: 3}, {Key: "2025-02", Label: "2025年2月", N: 4}},
		Timeliness:  []Count{{Key: TimelyLate, Label: "逾期办结", N: 2}}}
	var buf bytes.Buffer
	if err := WriteStatsXLSX(&buf, st); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 1+len(st.Tables()) {
		t.Errorf("sheets %v", got)
	}
	rows, err := f.GetRows("每月发布信息数")
	if err != nil || len(rows) != 4 || rows[2][0] != "2025年2月" || rows[2][1] != "4" || rows[3][1] != "7" {
		t.Errorf("month sheet %v %v", rows, err)
	}
}
