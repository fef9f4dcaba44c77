package main

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestReportAnnual(t *testing.T) {
	engines(t, func(t *testing.T, tg target) {
		mustGK(t, tg.args("unit", "add", "--code", "QS", "--name", "青山县人民政府", "--type", "county_government")...)
		mustGK(t, tg.args("unit", "add", "--code", "QS-EDU", "--name", "青山县教育局", "--type", "department", "--parent", "QS")...)
		ledger := writeFile(t, "ledger.csv", ledgerHeader+"\n"+
			"JY-2023-009,2023-12-20,网络,自然人,张三,2023年学区划分方案,2024-01-10,予以公开\n"+
			"JY-2024-001,2024-03-05,网络,自然人,李四,校车补贴标准,2024-03-20,部分公开\n"+
			"JY-2024-002,2024-03-06,信函,商业企业,青山某建材有限公司,某项目环评报告,2024-04-01,\"不予公开/危及“三安全一稳定”\"\n"+
			"JY-2024-003,2024-12-30,当面,法律服务机构,某律师事务所,行政处罚案卷,,\n")
		mustGK(t, tg.args("import", "requests", "--unit", "QS-EDU", ledger)...)
		out := mustGK(t, tg.args("report", "figures", "--year", "2024", "--unit", "QS-EDU", "--licensing", "12", "--fees", "3.5")...)
		if !strings.Contains(out, "行政许可 12") || !strings.Contains(out, "3.5 万元") {
			t.Errorf("figures: %s", out)
		}

		// JSON on stdout.
		out = mustGK(t, tg.args("report", "annual", "--year", "2024", "--unit", "QS", "--include-subunits")...)
		var doc struct {
			Year      int                                   `json:"year"`
			Unit      string                                `json:"unit"`
			Requests  map[string]map[string]int             `json:"requests"`
			Appeals   map[string]map[string]int             `json:"appeals"`
			Proactive map[string]map[string]json.RawMessage `json:"proactive"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		r := doc.Requests
		if doc.Year != 2024 || doc.Unit != "QS" || len(r) != 25 || r["本年新收"]["总计"] != 3 || r["上年结转"]["自然人"] != 1 ||
			r["总计"]["总计"] != 3 || r["不予公开/危及“三安全一稳定”"]["商业企业"] != 1 || r["结转下年度"]["法律服务机构"] != 1 ||
			r["予以公开"]["自然人"] != 1 || len(doc.Appeals["行政复议"]) != 5 ||
			string(doc.Proactive["行政许可"]["本年处理决定数量"]) != "12" || string(doc.Proactive["行政事业性收费"]["本年收费金额（单位：万元）"]) != "3.5" {
			t.Errorf("json: %s", out)
		}
		// Without subunits the county has nothing.
		out = mustGK(t, tg.args("report", "annual", "--year", "2024", "--unit", "QS")...)
		if !strings.Contains(out, `"本年新收": {`) || strings.Contains(out, `"总计": 3`) {
			t.Errorf("county alone: %s", out)
		}

		// XLSX to a file.
		xf := filepath.Join(t.TempDir(), "report.xlsx")
		out = mustGK(t, tg.args("report", "annual", "--year", "2024", "--unit", "QS-EDU", "--format", "xlsx", "--out", xf)...)
		if !strings.Contains(out, "核对通过") {
			t.Errorf("xlsx: %s", out)
		}
		x, err := excelize.OpenFile(xf)
		if err != nil {
			t.Fatal(err)
		}
		for cell, want := range map[string]string{"A5": "一、本年新收政府信息公开申请数量", "J5": "3", "D6": "1", "D7": "1", "D8": "1",
			"E11": "1", "J28": "3", "H29": "1", "J29": "1"} {
			if got, _ := x.GetCellValue("三、依申请公开", cell); got != want {
				t.Errorf("xlsx %s = %q, want %q", cell, got, want)
			}
		}
		if got, _ := x.GetCellValue("二、主动公开", "B8"); got != "12" {
			t.Errorf("xlsx 行政许可 = %q", got)
		}
		x.Close()

		// HTML.
		hf := filepath.Join(t.TempDir(), "report.html")
		mustGK(t, tg.args("report", "annual", "--year", "2024", "--unit", "QS-EDU", "--format", "html", "--out", hf)...)
		page, err := os.ReadFile(hf)
		if err != nil {
			t.Fatal(err)
		}
		if s := string(page); !strings.Contains(s, "<title>青山县教育局2024年政府信息公开工作年度报告</title>") ||
			!strings.Contains(s, "四、结转下年度继续办理") || !strings.Contains(s, "已通过核对") {
			t.Errorf("html: %s", s)
		}

		// DOCX: a zip holding the document with the three tables.
		df := filepath.Join(t.TempDir(), "report.docx")
		mustGK(t, tg.args("report", "annual", "--year", "2024", "--unit", "QS-EDU", "--format", "docx", "--out", df)...)
		zr, err := zip.OpenReader(df)
		if err != nil {
			t.Fatal(err)
		}
		var body []byte
		for _, f := range zr.File {
			if f.Name == "word/document.xml" {
				rc, _ := f.Open()
				body, _ = io.ReadAll(rc)
				rc.Close()
			}
		}
		zr.Close()
		if s := string(body); strings.Count(s, "<w:tbl>") != 3 || !strings.Contains(s, "青山县教育局2024年政府信息公开工作年度报告") {
			t.Errorf("docx: %d tables", strings.Count(s, "<w:tbl>"))
		}

		// A record that contradicts itself: written all the same, named, exit 1.
		db := tg.open(t)
		if _, err := db.Exec(ctx, `UPDATE requests SET replied_on = $1 WHERE reg_no = 'JY-2024-001'`, "2023-12-01"); err != nil {
			t.Fatal(err)
		}
		out, errs, code := gk(t, "", tg.args("report", "annual", "--year", "2024", "--unit", "QS-EDU")...)
		if code != 1 || !strings.Contains(out, `"year": 2024`) || !strings.Contains(errs, "JY-2024-001") || !strings.Contains(errs, "本年新收 + 上年结转") {
			t.Errorf("bad record: exit %d\n%s\n%s", code, out, errs)
		}

		// Usage errors.
		for _, args := range [][]string{
			{"report", "annual", "--unit", "QS"},
			{"report", "annual", "--year", "2024"},
			{"report", "annual", "--year", "1999", "--unit", "QS"},
			{"report", "annual", "--year", "2024", "--unit", "QS", "--format", "pdf"},
			{"report", "annual", "--year", "2024", "--unit", "QS", "--format", "docx"},
			{"report", "annual", "--year", "2024", "--unit", "QS", "--format", "xlsx"},
			{"report", "figures", "--year", "2024", "--unit", "QS", "--fees", "-3"},
		} {
			if _, errs, code := gk(t, "", tg.args(args...)...); code != 2 {
				t.Errorf("%v: exit %d\n%s", args, code, errs)
			}
		}
		if _, errs, code := gk(t, "", tg.args("report", "annual", "--year", "2024", "--unit", "NOPE")...); code != 1 || !strings.Contains(errs, "NOPE") {
			t.Errorf("unknown unit: exit %d %s", code, errs)
		}
	})
}
