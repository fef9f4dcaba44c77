package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestAdminAuditLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		sa := e.login("sysadmin")
		r := sa.post("/admin/units/new", url.Values{"parent_id": {"0"}, "code": {"AUD-1"}, "name": {"审计测试单位"}, "type": {"other"}})
		wantStatus(t, r, http.StatusSeeOther)

		a := e.login("auditor")
		wantStatus(t, a.get("/admin/audit"), 200, "审计日志", "校验完整性", "导出 CSV", "创建单位", "登录")
		r = a.get("/admin/audit?actor=sysadmin&action=unit.")
		wantStatus(t, r, 200, "共 1 条", "审计测试单位", "创建单位")
		if strings.Contains(r.Body, "青山县教育局（QS-EDU") {
			t.Error("filter let other entries through")
		}
		r = a.get("/admin/audit?action=user.login&actor=auditor")
		wantStatus(t, r, 200, "共 1 条", "登录成功")
		r = a.get("/admin/audit?object_type=unit&actor=cli")
		wantStatus(t, r, 200, "共 4 条", "青山县第一中学")
		today := time.Now().In(e.srv.cfg.Location).Format("2006-01-02")
		r = a.get("/admin/audit?actor=sysadmin&action=unit.&from=" + today + "&to=" + today)
		wantStatus(t, r, 200, "共 1 条")
		wantStatus(t, a.get("/admin/audit?from=2000-01-01&to=2000-01-31"), 200, "共 0 条", "没有符合条件的审计记录")
		r = a.get("/admin/audit?from=2025-13-01")
		wantStatus(t, r, http.StatusUnprocessableEntity, "日期格式应为", `aria-invalid="true"`)
		wantStatus(t, a.get("/admin/audit?from=2025-03-02&to=2025-03-01"), http.StatusUnprocessableEntity, "结束日期不能早于开始日期")

		// Export: same filters, BOM, header, one row per entry.
		r = a.get("/admin/audit/export.csv?actor=sysadmin&action=unit.")
		wantStatus(t, r, 200)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("content type %q", ct)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".csv") {
			t.Errorf("content disposition %q", cd)
		}
		if !strings.HasPrefix(r.Body, "\xEF\xBB\xBF") {
			t.Fatal("no UTF-8 BOM")
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\xEF\xBB\xBF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(recs[0], ","); got != "序号,时间,操作人,单位,操作,对象类型,对象,摘要,IP,哈希" {
			t.Errorf("header %q", got)
		}
		if len(recs) != 2 || recs[1][2] != "sysadmin" || recs[1][3] != "审计测试单位" || !strings.Contains(recs[1][4], "创建单位") ||
			recs[1][5] != "单位" || !strings.Contains(recs[1][7], "审计测试单位") || len(recs[1][9]) != 64 {
			t.Errorf("rows: %q", recs)
		}
		r = a.get("/admin/audit/export.csv")
		recs, _ = csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\xEF\xBB\xBF"))).ReadAll()
		if len(recs) < 10 {
			t.Errorf("full export has %d rows", len(recs))
		}

		// Verify: intact, then broken after tampering with a row.
		wantStatus(t, a.get("/admin/audit?verify=1"), 200, "哈希链完整")
		if _, err := db.Exec(context.Background(), `UPDATE audit_log SET summary = 'tampered' WHERE id = 2`); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, a.get("/admin/audit?verify=1"), 200, "校验未通过", "第 2 条")
		wantStatus(t, a.get("/admin/"), 200, "已损坏", "第 2 条记录起链条断开")

		// The auditor reads; the audit pages offer no change.
		r = a.get("/admin/audit")
		if strings.Contains(r.Body, `method="post" action="/admin/audit`) {
			t.Error("audit page has a POST form")
		}
	})
}
