package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/catalog"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// reportDoc is the document QS-EDU's report for year was sent as (0: none).
func (e *testEnv) reportDoc(year int) int64 {
	e.t.Helper()
	var id int64
	err := e.db.QueryRow(context.Background(), `SELECT document_id FROM annual_report_documents WHERE unit_id = $1 AND year = $2`,
		e.units["QS-EDU"].ID, year).Scan(&id)
	if err != nil && err != store.ErrNotFound {
		e.t.Fatal(err)
	}
	return id
}

// The annual report's back office: the page with its tables, checks and
// drafts; a failing check names the application and blocks 送审发布 (the
// server refuses too); figures and texts are saved (bad figures named);
// once the record is corrected the report goes to review as a document of
// the 政府信息公开年报 column with its XLSX and DOCX; permissions.
func TestAdminReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		handler := e.login("handler")
		id := e.registerRequest(handler)
		year := e.request(id).ReceivedOn.Year
		page := fmt.Sprintf("/admin/reports/QS-EDU/%d", year)

		c := e.login("editor")
		wantStatus(t, c.get("/admin/"), 200, `href="/admin/reports"`, "年度报告")
		wantStatus(t, c.get(fmt.Sprintf("/admin/reports?year=%d", year)), 200, "青山县教育局", page, "未送审")
		wantStatus(t, c.get(page), 200, "青山县教育局"+fmt.Sprint(year)+"年政府信息公开工作年度报告",
			"三、收到和处理政府信息公开申请情况", "第二十条第（一）项", "四、政府信息公开行政复议、行政诉讼情况",
			"表中数据已通过核对", "新收政府信息公开申请 1 件", "信函（挂号） 1 件", "本年度未收取信息处理费",
			"预览（公开页面的正文）", "六、其他需要报告的事项", ">送审发布</button>")

		// A record that contradicts itself: named, linked, and it blocks sending.
		if _, err := db.Exec(ctx, `UPDATE requests SET outcome = '予以公开' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		r := c.get(page)
		wantStatus(t, r, 200, "数据核对未通过", fmt.Sprintf(`href="/admin/requests/%d"`, id), e.request(id).RegNo,
			"尚未办结，却有办理结果", "disabled", "不能送审：数据核对未通过")
		wantStatus(t, c.post(page+"/send", nil), http.StatusConflict, "不能送审发布", "数据核对未通过")
		if e.reportDoc(year) != 0 {
			t.Fatal("a failing report was sent")
		}

		// Figures: bad input named, good input saved and shown in section 二.
		r = c.post(page+"/figures", url.Values{"licensing": {"abc"}, "penalties": {"-1"}, "coercion": {""}, "fees": {"1.2345678"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "行政许可的本年处理决定数量应为不小于 0 的整数，收到“abc”",
			"行政处罚的本年处理决定数量应为不小于 0 的整数", "请填写行政强制的本年处理决定数量", "行政事业性收费：金额“1.2345678”",
			`aria-invalid="true"`, `value="abc"`)
		r = c.post(page+"/figures", url.Values{"licensing": {"12"}, "penalties": {"3"}, "coercion": {"0"}, "fees": {"96171.6"}})
		wantStatus(t, r, http.StatusSeeOther)
		wantStatus(t, c.get(page), 200, "<td colspan=\"3\">12</td>", "96171.6", "行政事业性收费 96171.6 万元")
		if n := e.auditCount("report.figures_set", "editor"); n != 1 {
			t.Errorf("figures audited %d times", n)
		}

		// Texts: the unit's own text replaces the draft of 一; the others
		// stay drafts.
		full, err := e.srv.reports().Full(ctx, "QS-EDU", year, false)
		if err != nil {
			t.Fatal(err)
		}
		r = c.post(page+"/texts", url.Values{"overview": {"本局全年认真做好政府信息公开工作。\n第二段。"},
			"problems": {full.Drafts.Problems}, "other": {strings.Repeat("长", 20001)}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "“六、其他需要报告的事项”过长")
		r = c.post(page+"/texts", url.Values{"overview": {"本局全年认真做好政府信息公开工作。\n第二段。"},
			"problems": {full.Drafts.Problems}, "other": {full.Drafts.Other}})
		wantStatus(t, r, http.StatusSeeOther)
		wantStatus(t, c.get(page), 200, "<p>本局全年认真做好政府信息公开工作。</p>", "<p>第二段。</p>", "已修改", "自动初稿")
		if saved, _ := e.srv.reports().Texts(ctx, "QS-EDU", year); saved.Problems != "" || saved.Other != "" || saved.Overview == "" {
			t.Errorf("saved texts: %+v", saved)
		}
		if n := e.auditCount("report.texts_set", "editor"); n != 1 {
			t.Errorf("texts audited %d times", n)
		}

		// Downloads.
		for _, f := range []struct{ format, ctype, body string }{
			{"xlsx", "spreadsheetml", "PK"}, {"docx", "wordprocessingml", "PK"}, {"html", "text/html", "本局全年认真做好政府信息公开工作。"}} {
			r := c.get(page + "/download/" + f.format)
			wantStatus(t, r, 200, f.body)
			if !strings.Contains(r.Header.Get("Content-Type"), f.ctype) || !strings.Contains(r.Header.Get("Content-Disposition"), "."+f.format) {
				t.Errorf("%s: %q %q", f.format, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
			}
		}
		wantStatus(t, c.get(page+"/download/pdf"), 404)

		// Permissions: the handler reads but does not edit; another unit's
		// admin neither.
		wantStatus(t, handler.get(page), 200, "数据核对未通过")
		if strings.Contains(handler.get(page).Body, "保存数据") {
			t.Error("the handler sees the figures form")
		}
		wantStatus(t, handler.post(page+"/figures", url.Values{"licensing": {"1"}, "penalties": {"1"}, "coercion": {"1"}, "fees": {"1"}}), 403)
		wantStatus(t, handler.post(page+"/send", nil), 403)
		mz := e.login("mzadmin")
		wantStatus(t, mz.get(page), 403)
		wantStatus(t, mz.post(page+"/texts", url.Values{"overview": {"x"}}), 403)
		wantStatus(t, mz.post(page+"/send", nil), 403)
		if strings.Contains(mz.get("/admin/reports").Body, "青山县教育局") {
			t.Error("another unit's admin lists QS-EDU")
		}

		// Corrected, the report is sent: a document of the 公开年报 column,
		// under confidentiality review, with the XLSX and DOCX.
		if _, err := db.Exec(ctx, `UPDATE requests SET outcome = '' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, c.get(page), 200, "表中数据已通过核对")
		// Two clicks at once: one is sent, the other refused; one document.
		codes := make(chan int, 2)
		for range 2 {
			go func() { codes <- c.post(page+"/send", nil).StatusCode }()
		}
		if a, b := <-codes, <-codes; a+b != http.StatusSeeOther+http.StatusConflict {
			t.Errorf("two sends at once answered %d and %d, want one 303 and one 409", a, b)
		}
		var drafts int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM documents WHERE unit_id = $1 AND title LIKE '%年度报告'`,
			e.units["QS-EDU"].ID).Scan(&drafts); err != nil || drafts != 1 {
			t.Errorf("documents after two sends: %d %v", drafts, err)
		}
		docID := e.reportDoc(year)
		if docID == 0 {
			t.Fatal("no document")
		}
		doc, err := e.srv.docs.Get(ctx, docID)
		if err != nil {
			t.Fatal(err)
		}
		col, err := e.srv.cat.ByCode(ctx, e.units["QS-EDU"].ID, catalog.AnnualReportCode)
		if err != nil {
			t.Fatal(err)
		}
		if doc.ColumnID != col.ID || doc.UnitID != e.units["QS-EDU"].ID || doc.State != disclosure.StatePendingReview ||
			!strings.Contains(doc.BodyHTML, "本局全年认真做好政府信息公开工作。") || !strings.Contains(doc.BodyHTML, "rowspan") ||
			len(doc.Attachments) != 2 || !strings.HasSuffix(doc.Attachments[0].Name, ".xlsx") || !strings.HasSuffix(doc.Attachments[1].Name, ".docx") {
			t.Fatalf("document: column %d (want %d), state %s, %d attachments, body %.200s", doc.ColumnID, col.ID, doc.State,
				len(doc.Attachments), doc.BodyHTML)
		}
		wantStatus(t, c.get(page), 200, fmt.Sprintf(`href="/admin/documents/%d"`, docID), "待保密审查")
		wantStatus(t, c.get(fmt.Sprintf("/admin/reports?year=%d", year)), 200, "待保密审查", fmt.Sprintf("%d-01-31", year+1))
		if n := e.auditCount("report.send", "editor"); n != 1 {
			t.Errorf("send audited %d times", n)
		}
		// Under review it cannot be sent again; returned, it is updated in place.
		wantStatus(t, c.post(page+"/send", nil), http.StatusConflict, "已送审（待保密审查）")
		if _, err := e.srv.docs.Return(ctx, e.srv.actor(&http.Request{}), docID, doc.Version, "请补充第五部分"); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, c.post(page+"/send", nil), http.StatusSeeOther)
		if again := e.reportDoc(year); again != docID {
			t.Errorf("sent again as %d, want the returned document %d", again, docID)
		}
		if d, _ := e.srv.docs.Get(ctx, docID); d.State != disclosure.StatePendingReview || len(d.Attachments) != 2 {
			t.Errorf("resent: %s, %d attachments", d.State, len(d.Attachments))
		}

		// A school has no 政府信息公开年报 column: the button says so, the server refuses.
		sch := e.login("schooleditor")
		schPage := fmt.Sprintf("/admin/reports/QS-SCH/%d", year)
		wantStatus(t, sch.get(schPage), 200, "disabled", "没有“政府信息公开年报”栏目")
		wantStatus(t, sch.post(schPage+"/send", nil), http.StatusConflict, "没有“政府信息公开年报”栏目")

		// The county's page offers the sub-units.
		gkb := e.login("gkb")
		wantStatus(t, gkb.get(fmt.Sprintf("/admin/reports/QS/%d?include_subunits=1", year)), 200,
			"包括下级单位", `name="include_subunits" value="1" checked`, "新收政府信息公开申请 1 件")
	})
}
