package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// upload posts a file as a browser does: multipart/form-data with the CSRF
// token as a form field (before the file) and the file in "file".
func (c *testClient) upload(path, filename string, content []byte) *testResponse {
	c.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField(csrfField, c.csrf)
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		c.t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// xlsxFile builds a workbook whose first sheet holds records.
func xlsxFile(t *testing.T, records [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, rec := range records {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		row := make([]any, len(rec))
		for j, v := range rec {
			row[j] = v
		}
		if err := f.SetSheetRow(f.GetSheetList()[0], cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// unitParent is the parent code of the unit with code, failing the test when
// it does not exist.
func unitParent(t *testing.T, e *testEnv, code string) string {
	t.Helper()
	u, err := e.srv.orgs.GetByCode(context.Background(), code)
	if err != nil {
		t.Fatalf("unit %s: %v", code, err)
	}
	return u.ParentCode
}

const importHeaderCSV = "单位编码,单位名称,单位类型,上级单位编码\n"

func TestAdminUnitImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("sysadmin")
		r := c.get("/admin/units")
		wantStatus(t, r, 200, `href="/admin/units/import"`)
		r = c.get("/admin/units/import")
		wantStatus(t, r, 200, "导入单位", "单位编码,单位名称,单位类型,上级单位编码", "GBK", "第一个工作表",
			"<code>department</code>", "政府部门", "街道", "不导入任何单位", "重复导入",
			`enctype="multipart/form-data"`, `accept=".csv,.xlsx"`, `name="csrf_token"`, `/admin/units/import/template.csv`)

		// The form token travels inside the multipart body; without it the
		// upload is refused.
		good := importHeaderCSV +
			"QS-SW-1,第一所,other,QS-SW\n" + // the parent is a later row
			"QS-SW,青山县商务局,政府部门,QS\n" +
			"QS-TOP,某独立机构,其他,\n"
		token := c.csrf
		c.csrf = ""
		r = c.upload("/admin/units/import", "units.csv", []byte(good))
		wantStatus(t, r, http.StatusForbidden, "请求已失效")
		c.csrf = token
		before := unitCount(t, e)

		r = c.upload("/admin/units/import", "units.csv", []byte(good))
		wantStatus(t, r, http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/admin/units" {
			t.Fatalf("redirect to %q", loc)
		}
		r = c.get("/admin/units")
		wantStatus(t, r, 200, "导入完成：新建 3 个单位，0 个已存在且相同", "青山县商务局", "第一所", "某独立机构")
		if p := unitParent(t, e, "QS-SW-1"); p != "QS-SW" {
			t.Errorf("QS-SW-1 parent = %q", p)
		}
		if p := unitParent(t, e, "QS-TOP"); p != "" {
			t.Errorf("QS-TOP parent = %q", p)
		}

		// Importing the same file again is harmless.
		r = c.upload("/admin/units/import", "units.csv", []byte(good))
		wantStatus(t, r, http.StatusSeeOther)
		r = c.get("/admin/units")
		wantStatus(t, r, 200, "导入完成：新建 0 个单位，3 个已存在且相同")
		if n := unitCount(t, e); n != before+3 {
			t.Fatalf("units: %d → %d, want +3", before, n)
		}
		before = unitCount(t, e)

		// A bad file: every bad line is listed and nothing is imported.
		bad := importHeaderCSV +
			"QS-A,甲单位,department,QS\n" + // fine on its own
			"QS-B,乙单位,不是类型,QS\n" +
			"QS-C,,department,QS\n" +
			"QS-D,丁单位,department,NOWHERE\n" +
			"QS-A,重复,department,QS\n"
		r = c.upload("/admin/units/import", "bad.csv", []byte(bad))
		wantStatus(t, r, http.StatusUnprocessableEntity, "没有导入任何单位", "第 3 行", "第 4 行", "第 5 行", "第 6 行",
			"单位类型", "不是类型", "请填写单位名称", "NOWHERE", "与第 2 行重复", "<caption>问题列表</caption>")
		if strings.Contains(r.Body, "第 2 行</td>") {
			t.Error("the good line 2 is listed as a problem")
		}
		if n := unitCount(t, e); n != before {
			t.Fatalf("a bad file imported units: %d → %d", before, n)
		}

		// Other file types, no file, and malformed workbooks are refused cleanly.
		r = c.upload("/admin/units/import", "units.txt", []byte(good))
		wantStatus(t, r, http.StatusUnprocessableEntity, "不支持的文件类型", ".txt")
		r = c.upload("/admin/units/import", "units.xlsx", []byte("not a workbook"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "无法读取 XLSX 文件")
		r = c.upload("/admin/units/import", "empty.csv", nil)
		wantStatus(t, r, http.StatusUnprocessableEntity, "文件是空的")

		// GBK, as Excel saves CSV on Chinese Windows.
		gbk, err := simplifiedchinese.GBK.NewEncoder().String(importHeaderCSV + "QS-GBK,青山县林业局,政府部门,QS\n")
		if err != nil {
			t.Fatal(err)
		}
		r = c.upload("/admin/units/import", "gbk.csv", []byte(gbk))
		wantStatus(t, r, http.StatusSeeOther)
		if u, err := e.srv.orgs.GetByCode(context.Background(), "QS-GBK"); err != nil || u.Name != "青山县林业局" {
			t.Errorf("GBK unit: %+v %v", u, err)
		}

		// XLSX, first sheet; the extension is case-insensitive.
		x := xlsxFile(t, [][]string{{"单位编码", "单位名称", "单位类型", "上级单位编码"},
			{"QS-X1", "青山县水利局", "department", "QS"}, {"QS-X2", "水利站", "其他", "QS-X1"}})
		r = c.upload("/admin/units/import", "UNITS.XLSX", x)
		wantStatus(t, r, http.StatusSeeOther)
		r = c.get("/admin/units")
		wantStatus(t, r, 200, "导入完成：新建 2 个单位，0 个已存在且相同", "青山县水利局", "水利站")
		if p := unitParent(t, e, "QS-X2"); p != "QS-X1" {
			t.Errorf("QS-X2 parent = %q", p)
		}
	})
}

func TestAdminUnitImportPermissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)

		// A unit admin imports under their own subtree, including under a
		// row of the same file.
		c := e.login("eduadmin")
		r := c.get("/admin/units/import")
		wantStatus(t, r, 200, "上级单位编码必须填写", "青山县教育局")
		r = c.upload("/admin/units/import", "edu.csv", []byte(importHeaderCSV+
			"QS-EDU-K2,青山县第二中学,school,QS-EDU-K1\n"+
			"QS-EDU-K1,青山县教育服务中心,其他,QS-EDU\n"+
			"QS-SCH-1,一中分校,学校,QS-SCH\n"))
		wantStatus(t, r, http.StatusSeeOther)
		if p := unitParent(t, e, "QS-EDU-K2"); p != "QS-EDU-K1" {
			t.Errorf("QS-EDU-K2 parent = %q", p)
		}

		// One row outside the subtree (directly, or through its chain of
		// parents in the file) or at the top fails the whole file.
		before := unitCount(t, e)
		r = c.upload("/admin/units/import", "mixed.csv", []byte(importHeaderCSV+
			"QS-EDU-K3,青山县教研室,其他,QS-EDU\n"+
			"QS-MZ-1,某救助站,其他,QS-MZ\n"+
			"QS-MZ-2,某救助站分站,其他,QS-MZ-1\n"+
			"QS-NEW,某新机构,其他,\n"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "没有导入任何单位", "第 3 行", "第 4 行", "第 5 行",
			"无权在“青山县民政局”（QS-MZ）下新建单位", "无权导入顶级单位")
		if strings.Contains(r.Body, "第 2 行") {
			t.Error("the allowed line 2 is listed as a problem")
		}
		if n := unitCount(t, e); n != before {
			t.Fatalf("a refused file imported units: %d → %d", before, n)
		}

		// An editor may not import at all.
		ed := e.login("editor")
		r = ed.get("/admin/units/import")
		wantStatus(t, r, http.StatusForbidden)
		r = ed.get("/admin/units/import/template.csv")
		wantStatus(t, r, http.StatusForbidden)
		r = ed.upload("/admin/units/import", "units.csv", []byte(importHeaderCSV+"QS-EDU-Z,某单位,其他,QS-EDU\n"))
		wantStatus(t, r, http.StatusForbidden)
		if n := unitCount(t, e); n != before {
			t.Fatalf("an editor imported units: %d → %d", before, n)
		}
	})
}

// The template is UTF-8 with a BOM (so Excel reads it as UTF-8), holds two
// example rows under the user's own unit, and imports as it is.
func TestAdminUnitImportTemplate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("eduadmin")
		r := c.get("/admin/units/import/template.csv")
		wantStatus(t, r, 200)
		if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
			t.Errorf("Content-Disposition %q", cd)
		}
		if !strings.HasPrefix(r.Body, "\ufeff单位编码,单位名称,单位类型,上级单位编码\r\n") {
			t.Fatalf("template starts %q", r.Body[:min(len(r.Body), 60)])
		}
		rows, err := org.ParseCSV(strings.NewReader(r.Body))
		if err != nil || len(rows) != 2 || rows[0].ParentCode != "QS-EDU" || rows[1].ParentCode != rows[0].Code {
			t.Fatalf("template rows %+v, %v", rows, err)
		}
		c.get("/admin/units/import")
		r = c.upload("/admin/units/import", "模板.csv", []byte(r.Body))
		wantStatus(t, r, http.StatusSeeOther)
	})
}

// An upload over the limit gets 413 with a Chinese message. The token goes
// in the X-CSRF-Token header: with it in the form, the CSRF check parses the
// body under the server-wide body limit before the route is reached.
func TestAdminUnitImportTooLarge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("sysadmin")
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, _ := mw.CreateFormFile("file", "big.csv")
		fw.Write([]byte(importHeaderCSV))
		fw.Write(bytes.Repeat([]byte("QS-BIG,大,other,QS\n"), (11<<20)/20))
		mw.Close()
		req, _ := http.NewRequest("POST", e.ts.URL+"/admin/units/import", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("X-CSRF-Token", c.csrf)
		r := c.do(req)
		wantStatus(t, r, http.StatusRequestEntityTooLarge, "请求体过大", "MiB")
	})
}
