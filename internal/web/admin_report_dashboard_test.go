package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// From 1 January, whoever writes a unit's report sees the Art. 49 deadline
// and the days left on the dashboard, until the report is published.
func TestAdminReportDashboardReminder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		loc, _ := time.LoadLocation("Asia/Shanghai")
		now := time.Date(2026, 1, 20, 10, 0, 0, 0, loc)
		e := newEnv(t, db, func(c *Config) { c.Now = func() time.Time { return now } })
		ctx := context.Background()

		editor := e.login("editor")
		wantStatus(t, editor.get("/admin/"), 200, `id="dash-report"`, "青山县教育局 2025 年政府信息公开工作年度报告应在 <strong>2026-01-31</strong> 前公布",
			"还有 <strong>11 天</strong>（自然日）", "尚未送审", `href="/admin/reports/QS-EDU/2025"`, "第四十九条")
		if strings.Contains(e.login("handler").get("/admin/").Body, `id="dash-report"`) {
			t.Error("the handler, who cannot edit the report, is reminded")
		}
		wantStatus(t, e.login("gkb").get("/admin/"), 200, "青山县人民政府 2025 年政府信息公开工作年度报告应在 <strong>2026-03-31</strong> 前公布")

		// Sent, then late: the state and the days past.
		wantStatus(t, editor.post("/admin/reports/QS-EDU/2025/send", nil), 303)
		now = time.Date(2026, 2, 5, 9, 0, 0, 0, loc)
		wantStatus(t, editor.get("/admin/"), 200, "已超过期限 5 天", "年报文件当前状态：待保密审查")

		// Reviewed and published: no more reminder.
		id := e.reportDoc(2025)
		rev := e.users["reviewer"]
		actor := audit.Actor{ID: rev.ID, Login: rev.Login, UnitID: rev.UnitID}
		d, err := e.srv.docs.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d, err = e.srv.docs.RecordReview(ctx, actor, id, d.Version, disclosure.Publishable, "", ""); err != nil {
			t.Fatal(err)
		}
		if _, err = e.srv.docs.Publish(ctx, actor, id, d.Version); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(editor.get("/admin/").Body, `id="dash-report"`) {
			t.Error("reminded after publication")
		}
		wantStatus(t, editor.get("/admin/reports/QS-EDU/2025"), 200, "已发布", "查看公开页面")
		// The public sees it in the unit's 政府信息公开年报 column, sections 一 to 六.
		pub := e.client()
		wantStatus(t, pub.get("/units/QS-EDU/gk/annual_report"), 200, "青山县教育局2025年政府信息公开工作年度报告")
		wantStatus(t, pub.get(fmt.Sprintf("/documents/%d", id)), 200, "一、总体情况", "三、收到和处理政府信息公开申请情况",
			`rowspan="22"`, "六、其他需要报告的事项", ".xlsx", ".docx")
	})
}
