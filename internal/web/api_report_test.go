package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// The annual report over the API: the command's JSON with checks, figures
// and texts; bad parameters (400) and fields (422) named; a failing check
// refuses publishing (409), a passing report is sent; permissions as in
// the back office.
func TestReportAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		id := e.registerRequest(e.login("handler"))
		year := e.request(id).ReceivedOn.Year
		q := fmt.Sprintf("?unit=QS-EDU&year=%d", year)
		editor, handler, mzadmin, gkb := e.token("editor"), e.token("handler"), e.token("mzadmin"), e.token("gkb")

		r, out := e.api(editor, "GET", "/api/v1/reports/annual"+q, nil)
		wantStatus(t, r, 200, `"本年新收":{`, `"自然人":1`, `"行政许可":{"本年处理决定数量":0}`, `"行政事业性收费":{"本年收费金额（单位：万元）":0}`)
		if out["unit"] != "QS-EDU" || out["ok"] != true || out["sendable"] != true || out["publication"] != nil ||
			!strings.Contains(fmt.Sprint(out["texts"]), "新收政府信息公开申请 1 件") || out["deadline"] != fmt.Sprintf("%d-01-31", year+1) {
			t.Fatalf("report: %v", out)
		}

		// Parameters and fields are named.
		for _, c := range []struct{ query, field string }{
			{"?unit=NOPE", "unit"}, {"?year=1900", "year"}, {"?year=abc", "year"}, {"?include_subunits=maybe", "include_subunits"}} {
			r, _ := e.api(editor, "GET", "/api/v1/reports/annual"+c.query, nil)
			wantStatus(t, r, http.StatusBadRequest, `"field":"`+c.field+`"`)
		}
		r, _ = e.api(editor, "PUT", "/api/v1/reports/annual/figures"+q, map[string]any{"licensing": -1, "penalties": 2, "fees": "1.2345678"})
		wantStatus(t, r, http.StatusUnprocessableEntity, `"field":"licensing"`, "行政许可的本年处理决定数量应为不小于 0 的整数",
			`"field":"coercion"`, `"field":"fees"`)
		r, out = e.api(editor, "PUT", "/api/v1/reports/annual/figures"+q, map[string]any{"licensing": 12, "penalties": 3, "coercion": 0, "fees": 96171.6})
		wantStatus(t, r, 200)
		if out["fees"] != "96171.6" || out["licensing"] != float64(12) {
			t.Errorf("figures: %v", out)
		}
		r, out = e.api(editor, "PUT", "/api/v1/reports/annual/texts"+q, map[string]any{"overview": "本局自写的总体情况。", "problems": "", "other": ""})
		wantStatus(t, r, 200, "本局自写的总体情况。", `"本年处理决定数量":12`)
		if saved := out["saved"].(map[string]any); saved["overview"] != "本局自写的总体情况。" || saved["problems"] != "" {
			t.Errorf("saved: %v", saved)
		}
		r, _ = e.api(editor, "PUT", "/api/v1/reports/annual/texts"+q, map[string]any{"other": strings.Repeat("长", 20001)})
		wantStatus(t, r, http.StatusUnprocessableEntity, `"field":"other"`)
		r, _ = e.api(editor, "PUT", "/api/v1/reports/annual/texts"+q, map[string]any{"summary": "x"})
		wantStatus(t, r, http.StatusBadRequest, "未知字段")

		// Permissions.
		r, _ = e.api(handler, "GET", "/api/v1/reports/annual"+q, nil)
		wantStatus(t, r, 200)
		r, _ = e.api(handler, "PUT", "/api/v1/reports/annual/figures"+q, map[string]any{"licensing": 1, "penalties": 1, "coercion": 1, "fees": 1})
		wantStatus(t, r, http.StatusForbidden)
		r, _ = e.api(handler, "POST", "/api/v1/reports/annual/publish"+q, nil)
		wantStatus(t, r, http.StatusForbidden)
		r, _ = e.api(mzadmin, "GET", "/api/v1/reports/annual"+q, nil)
		wantStatus(t, r, http.StatusForbidden)

		// A failing check: listed with the application, publishing refused.
		if _, err := db.Exec(ctx, `UPDATE requests SET outcome = '予以公开' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		r, out = e.api(editor, "GET", "/api/v1/reports/annual"+q, nil)
		wantStatus(t, r, 200, fmt.Sprintf(`"request_id":%d`, id), e.request(id).RegNo)
		if out["ok"] != false || out["sendable"] != false || !strings.Contains(fmt.Sprint(out["refusal"]), "数据核对未通过") {
			t.Errorf("failing: ok %v sendable %v refusal %v", out["ok"], out["sendable"], out["refusal"])
		}
		r, _ = e.api(editor, "POST", "/api/v1/reports/annual/publish"+q, nil)
		wantStatus(t, r, http.StatusConflict, `"error":"refused"`, "数据核对未通过")
		if _, err := db.Exec(ctx, `UPDATE requests SET outcome = '' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		r, out = e.api(editor, "POST", "/api/v1/reports/annual/publish"+q, nil)
		wantStatus(t, r, 200, `"state":"pending_review"`, ".xlsx", ".docx")
		if out["document_id"] == nil || out["title"] != fmt.Sprintf("青山县教育局%d年政府信息公开工作年度报告", year) {
			t.Errorf("publication: %v", out)
		}
		r, _ = e.api(editor, "POST", "/api/v1/reports/annual/publish"+q, nil)
		wantStatus(t, r, http.StatusConflict, "已送审")

		// The openness office reads the county with its sub-units.
		r, out = e.api(gkb, "GET", fmt.Sprintf("/api/v1/reports/annual?unit=QS&year=%d&include_subunits=true", year), nil)
		wantStatus(t, r, 200, `"自然人":1`)
		if out["include_subunits"] != true || out["deadline"] != fmt.Sprintf("%d-03-31", year+1) {
			t.Errorf("county: %v %v", out["include_subunits"], out["deadline"])
		}
	})
}
