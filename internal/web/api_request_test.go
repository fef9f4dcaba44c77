package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// registerBody is a letter received today by 青山县教育局.
func registerBody(e *testEnv) map[string]any {
	return map[string]any{
		"unit": "QS-EDU", "channel": "post_registered", "received_on": e.srv.reqs.Today().String(),
		"applicant_type": "natural", "applicant_name": "李四", "id_type": "身份证", "id_number": applicantIDNumber,
		"phone": "13912345678", "email": "lisi@example.com", "address": "青山县城关镇人民路 8 号", "postcode": "311300",
		"description": "请提供青山县第一中学 2024 年食堂承包合同", "form_wanted": "paper", "delivery_wanted": "post",
	}
}

func TestRequestAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		handler, eduadmin, mzadmin, gkb := e.token("handler"), e.token("eduadmin"), e.token("mzadmin"), e.token("gkb")

		// Registering a letter needs request.handle on the unit.
		r, _ := e.api(eduadmin, "POST", "/api/v1/requests", registerBody(e))
		if r.StatusCode != http.StatusForbidden {
			t.Fatalf("unit admin registers: %d %s", r.StatusCode, r.Body)
		}
		bad := registerBody(e)
		bad["received_on"] = "2025-02-30"
		r, _ = e.api(handler, "POST", "/api/v1/requests", bad)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"field":"received_on"`) {
			t.Fatalf("bad date: %d %s", r.StatusCode, r.Body)
		}
		bad = registerBody(e)
		bad["applicant_name"], bad["channel"] = "", "online"
		r, _ = e.api(handler, "POST", "/api/v1/requests", bad)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"field":"applicant_name"`) ||
			!strings.Contains(r.Body, `"field":"channel"`) {
			t.Fatalf("bad input: %d %s", r.StatusCode, r.Body)
		}
		r, body := e.api(handler, "POST", "/api/v1/requests", registerBody(e))
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("register: %d %s", r.StatusCode, r.Body)
		}
		id := int64(body["id"].(float64))
		path := fmt.Sprintf("/api/v1/requests/%d", id)
		if body["masked"] != true || strings.Contains(r.Body, applicantIDNumber) || strings.Contains(r.Body, "tracking") {
			t.Errorf("action answer not masked: %s", r.Body)
		}

		// The handler reads it unmasked (audited); the unit admin masked.
		r, body = e.api(handler, "GET", path, nil)
		if r.StatusCode != 200 || body["id_number"] != applicantIDNumber || body["phone"] != "13912345678" || body["masked"] != false {
			t.Fatalf("handler get: %d %s", r.StatusCode, r.Body)
		}
		clock, _ := body["clock"].(map[string]any)
		if clock == nil || clock["due"] == "" || len(clock["steps"].([]any)) == 0 || len(body["events"].([]any)) == 0 {
			t.Errorf("no clock or events: %s", r.Body)
		}
		var reveals int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'request.view_personal'`).Scan(&reveals); err != nil || reveals != 1 {
			t.Errorf("unmasked views audited: %d %v", reveals, err)
		}
		r, body = e.api(eduadmin, "GET", path, nil)
		if r.StatusCode != 200 || body["masked"] != true || strings.Contains(r.Body, applicantIDNumber) ||
			strings.Contains(r.Body, "13912345678") || strings.Contains(r.Body, "lisi@example.com") {
			t.Fatalf("unit admin get: %d %s", r.StatusCode, r.Body)
		}

		// Another unit's admin: 403, for the application and its unit's list.
		if r, _ := e.api(mzadmin, "GET", path, nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("other unit get: %d", r.StatusCode)
		}
		if r, _ := e.api(mzadmin, "GET", "/api/v1/requests?unit=QS-EDU", nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("other unit list: %d", r.StatusCode)
		}
		// Its own list (default scope) does not hold it.
		if r, body := e.api(mzadmin, "GET", "/api/v1/requests", nil); r.StatusCode != 200 || body["total"] != float64(0) {
			t.Errorf("other unit own list: %d %s", r.StatusCode, r.Body)
		}

		// Lists: the county's openness office sees it masked; filters work.
		r, body = e.api(gkb, "GET", "/api/v1/requests?unit=QS&open=true&sort=-received", nil)
		if r.StatusCode != 200 || body["total"] != float64(1) || strings.Contains(r.Body, applicantIDNumber) {
			t.Fatalf("county list: %d %s", r.StatusCode, r.Body)
		}
		r, body = e.api(handler, "GET", "/api/v1/requests?unit=QS-EDU&state=closed", nil)
		if r.StatusCode != 200 || body["total"] != float64(0) {
			t.Errorf("closed filter: %d %s", r.StatusCode, r.Body)
		}
		r, body = e.api(handler, "GET", "/api/v1/requests?state=nope&per_page=x", nil)
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, `"field":"state"`) || !strings.Contains(r.Body, `"field":"per_page"`) {
			t.Errorf("bad filter: %d %s", r.StatusCode, r.Body)
		}
		r, _ = e.api(handler, "GET", "/api/v1/requests?unit=NOPE", nil)
		if r.StatusCode != http.StatusBadRequest {
			t.Errorf("unknown unit: %d", r.StatusCode)
		}

		// Reply: the unit admin may not; a stale version is 409; the handler replies.
		app, err := e.srv.reqs.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		reply := map[string]any{"version": app.Version, "outcome": string(request.OutcomeNotHeld),
			"replied_on": e.srv.reqs.Today().String(), "basis": "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
			"text": "经检索，本机关未制作、保存您申请的信息。"}
		if r, _ := e.api(eduadmin, "POST", path+"/reply", reply); r.StatusCode != http.StatusForbidden {
			t.Errorf("unit admin replies: %d", r.StatusCode)
		}
		reply["version"] = app.Version - 1
		if r, _ := e.api(handler, "POST", path+"/reply", reply); r.StatusCode != http.StatusConflict {
			t.Errorf("stale reply: %d %s", r.StatusCode, r.Body)
		}
		delete(reply, "version")
		if r, _ := e.api(handler, "POST", path+"/reply", reply); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, `"field":"version"`) {
			t.Errorf("reply without version: %d %s", r.StatusCode, r.Body)
		}
		reply["version"], reply["outcome"] = app.Version, "随便"
		if r, _ := e.api(handler, "POST", path+"/reply", reply); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("unknown outcome: %d %s", r.StatusCode, r.Body)
		}
		reply["outcome"] = string(request.OutcomeNotHeld)
		r, body = e.api(handler, "POST", path+"/reply", reply)
		if r.StatusCode != 200 || body["state"] != "closed" || body["outcome"] != string(request.OutcomeNotHeld) {
			t.Fatalf("reply: %d %s", r.StatusCode, r.Body)
		}
		// A second reply: the state does not allow it.
		reply["version"] = int(body["version"].(float64))
		if r, _ := e.api(handler, "POST", path+"/reply", reply); r.StatusCode != http.StatusConflict {
			t.Errorf("second reply: %d %s", r.StatusCode, r.Body)
		}
		r, body = e.api(handler, "GET", "/api/v1/requests?unit=QS-EDU&state=closed", nil)
		if r.StatusCode != 200 || body["total"] != float64(1) {
			t.Errorf("closed list: %d %s", r.StatusCode, r.Body)
		}
		if r, _ := e.api(handler, "GET", "/api/v1/requests/999999", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("missing: %d", r.StatusCode)
		}
	})
}

// The handling steps through the API: assign, correction, its receipt,
// consultation and answer, extension and its approval (request.approve),
// delivery, appeal.
func TestRequestAPIHandling(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		handler, eduadmin := e.token("handler"), e.token("eduadmin")
		today := e.srv.reqs.Today().String()
		r, body := e.api(handler, "POST", "/api/v1/requests", registerBody(e))
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("register: %d %s", r.StatusCode, r.Body)
		}
		path := fmt.Sprintf("/api/v1/requests/%v", body["id"])
		ver := func() int { return int(body["version"].(float64)) }
		step := func(token, method, p string, in map[string]any, want int) {
			t.Helper()
			r, b := e.api(token, method, p, in)
			if r.StatusCode != want {
				t.Fatalf("%s %s: %d %s", method, p, r.StatusCode, r.Body)
			}
			if _, ok := b["version"]; ok {
				body = b
			}
		}
		step(handler, "POST", path+"/assign", map[string]any{"version": ver(), "handler_id": e.users["handler"].ID}, 200)
		if body["handler_id"] != float64(e.users["handler"].ID) {
			t.Errorf("assign: %v", body["handler_id"])
		}
		step(handler, "POST", path+"/consultations", map[string]any{"version": ver(), "kind": "third_party", "party": "青山县某餐饮公司", "on": today}, 201)
		_, b := e.api(handler, "GET", path, nil)
		body = b
		var sent float64
		for _, ev := range b["events"].([]any) {
			if m := ev.(map[string]any); m["kind"] == "consultation_sent" {
				sent = m["id"].(float64)
			}
		}
		step(handler, "POST", fmt.Sprintf("%s/consultations/%v/answer", path, sent), map[string]any{"version": ver(), "on": today, "note": "不同意公开"}, 200)
		step(handler, "POST", path+"/extension", map[string]any{"version": ver(), "days": 25, "reason": "需要调取档案"}, 422)
		step(handler, "POST", path+"/extension", map[string]any{"version": ver(), "days": 10, "reason": "需要调取档案"}, 201)
		_, body = e.api(handler, "GET", path, nil)
		var asked float64
		for _, ev := range body["events"].([]any) {
			if m := ev.(map[string]any); m["kind"] == "extension_requested" {
				asked = m["id"].(float64)
			}
		}
		approve := fmt.Sprintf("%s/extension/%v/approve", path, asked)
		step(handler, "POST", approve, map[string]any{"version": ver()}, 403) // the handler is not the head of the office
		step(eduadmin, "POST", approve, map[string]any{"version": ver()}, 200)
		found := false
		for _, ev := range body["events"].([]any) {
			m := ev.(map[string]any)
			found = found || (m["kind"] == "extension" && m["days"] == float64(10) && m["approved_by"] != "")
		}
		if !found {
			t.Errorf("no approved extension: %v", body["events"])
		}
		step(handler, "POST", path+"/reply", map[string]any{"version": ver(), "outcome": string(request.OutcomeThirdParty),
			"replied_on": today, "basis": "第十五条", "text": "涉及第三方商业秘密，不予公开。"}, 200)
		step(handler, "POST", path+"/delivery", map[string]any{"on": today, "how": "post", "note": "EMS"}, 200)
		step(handler, "POST", path+"/appeals", map[string]any{"kind": "review", "filed_on": today, "result": "pending"}, 201)
		_, body = e.api(handler, "GET", path, nil)
		if aps, _ := body["appeals"].([]any); len(aps) != 1 {
			t.Errorf("appeals: %v", body["appeals"])
		}

		// Letters as DOCX, the ledger as XLSX.
		for _, kind := range []string{"reply.docx", "acknowledgement.docx", "extension"} {
			r, _ := e.api(handler, "GET", path+"/letters/"+kind, nil)
			if r.StatusCode != 200 || !strings.HasPrefix(r.Body, "PK") || !strings.Contains(r.Header.Get("Content-Disposition"), ".docx") {
				t.Errorf("letter %s: %d %q %.200s", kind, r.StatusCode, r.Header.Get("Content-Disposition"), r.Body)
			}
		}
		for _, kind := range []string{"nope.docx", "reply.pdf"} {
			if r, _ := e.api(handler, "GET", path+"/letters/"+kind, nil); r.StatusCode != http.StatusNotFound {
				t.Errorf("letter %s: %d", kind, r.StatusCode)
			}
		}
		for _, tok := range []string{handler, eduadmin} {
			r, _ := e.api(tok, "GET", "/api/v1/requests/ledger.xlsx?unit=QS-EDU", nil)
			if r.StatusCode != 200 || !strings.HasPrefix(r.Body, "PK") || r.Header.Get("Content-Type") != xlsxMediaType {
				t.Errorf("ledger: %d %q", r.StatusCode, r.Header.Get("Content-Type"))
			}
		}
		var exports int
		if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'request.export_personal'`).Scan(&exports); err != nil || exports != 1 {
			t.Errorf("unmasked exports audited: %d %v", exports, err)
		}
		if r, _ := e.api(e.token("mzadmin"), "GET", "/api/v1/requests/ledger.xlsx?unit=QS-EDU", nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("other unit's ledger: %d", r.StatusCode)
		}
	})
}

// Bad input through the API: 422 with the field and a Chinese reason that
// names it; nothing is written.
func TestRequestAPIRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		handler, eduadmin := e.token("handler"), e.token("eduadmin")
		today := e.srv.reqs.Today()
		in := registerBody(e)
		in["received_on"] = today.AddDays(-10).String()
		r, body := e.api(handler, "POST", "/api/v1/requests", in)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("register: %d %s", r.StatusCode, r.Body)
		}
		path := fmt.Sprintf("/api/v1/requests/%v", body["id"])
		ver := int(body["version"].(float64))
		// A second one waits for its correction, asked for three days ago.
		r, body = e.api(handler, "POST", "/api/v1/requests", in)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("register: %d %s", r.StatusCode, r.Body)
		}
		other := fmt.Sprintf("/api/v1/requests/%v", body["id"])
		r, _ = e.api(handler, "POST", other+"/correction", map[string]any{"version": body["version"],
			"on": today.AddDays(-3).String(), "what": "请写明合同名称", "deadline": today.AddDays(10).String()})
		if r.StatusCode != 200 {
			t.Fatalf("correction: %d %s", r.StatusCode, r.Body)
		}
		count := func() string {
			var n, ev int
			if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM requests`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM request_events`).Scan(&ev); err != nil {
				t.Fatal(err)
			}
			return fmt.Sprint(n, ev)
		}
		before := count()
		withField := func(k string, v any) map[string]any {
			b := registerBody(e)
			b[k] = v
			return b
		}
		for _, c := range []struct {
			name, method, path string
			body               map[string]any
			field, want        string
		}{
			{"impossible date", "POST", "/api/v1/requests", withField("received_on", "2025-02-30"), "received_on", "不是有效的日期"},
			{"month 13", "POST", "/api/v1/requests", withField("received_on", "2025-13-01"), "received_on", "不是有效的日期"},
			{"future receipt", "POST", "/api/v1/requests", withField("received_on", today.AddDays(1).String()), "received_on", "收到日期不能晚于今天"},
			{"unknown applicant type", "POST", "/api/v1/requests", withField("applicant_type", "person"), "applicant_type", "申请人类型“person”无效"},
			{"reply before receipt", "POST", path + "/reply", map[string]any{"version": ver, "outcome": string(request.OutcomeDisclosed),
				"replied_on": today.AddDays(-11).String()}, "replied_on", "答复日期 " + today.AddDays(-11).String() + " 早于收到申请的日期"},
			{"reply impossible date", "POST", path + "/reply", map[string]any{"version": ver, "outcome": string(request.OutcomeDisclosed),
				"replied_on": "2025-02-29"}, "replied_on", "不是有效的日期"},
			{"unknown outcome", "POST", path + "/reply", map[string]any{"version": ver, "outcome": "不予公开",
				"replied_on": today.String(), "basis": "第十四条"}, "outcome", "办理结果“不予公开”不在规定的类型中"},
			{"correction received before it was asked for", "POST", other + "/correction-received",
				map[string]any{"on": today.AddDays(-4).String(), "text": "补正"}, "on", "早于补正告知日期"},
			{"extension over 20 days", "POST", path + "/extension", map[string]any{"version": ver, "days": 21, "reason": "材料多"},
				"days", "最长不超过 20 个工作日"},
		} {
			r, _ := e.api(handler, c.method, c.path, c.body)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"field":"`+c.field+`"`) ||
				!strings.Contains(r.Body, c.want) {
				t.Errorf("%s: %d %s, want 422 on %s with %q", c.name, r.StatusCode, r.Body, c.field, c.want)
			}
		}
		if after := count(); after != before {
			t.Errorf("refusals wrote: %s → %s", before, after)
		}
		// An extension takes effect only when approved, by the head of the
		// office: the handler may not, and there is nothing to approve yet.
		approve := path + "/extension/424242/approve"
		if r, _ := e.api(handler, "POST", approve, map[string]any{"version": ver}); r.StatusCode != http.StatusForbidden {
			t.Errorf("handler approves: %d", r.StatusCode)
		}
		if r, _ := e.api(eduadmin, "POST", approve, map[string]any{"version": ver}); r.StatusCode != http.StatusNotFound {
			t.Errorf("approve nothing: %d %s", r.StatusCode, r.Body)
		}
		if after := count(); after != before {
			t.Errorf("refused approvals wrote: %s → %s", before, after)
		}
	})
}

// TestRequestLettersOneRule checks that the back office and the API let the
// same people read an application's letters (mayReadLetters): the unit's
// handlers, not those who only view applications (the unit admin, the
// openness office) nor anyone outside the unit.
func TestRequestLettersOneRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		r, body := e.api(e.token("handler"), "POST", "/api/v1/requests", registerBody(e))
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("register: %d %s", r.StatusCode, r.Body)
		}
		id := int64(body["id"].(float64))
		for _, fu := range fixtureUsers {
			want := http.StatusForbidden
			if fu.login == "handler" {
				want = http.StatusOK
			}
			c := e.login(fu.login)
			admin := c.get(fmt.Sprintf("/admin/requests/%d/letters/acknowledgement.docx", id))
			api, _ := e.api(e.token(fu.login), "GET", fmt.Sprintf("/api/v1/requests/%d/letters/acknowledgement.docx", id), nil)
			if admin.StatusCode != want || api.StatusCode != want {
				t.Errorf("%s: back office %d, API %d, want %d both", fu.login, admin.StatusCode, api.StatusCode, want)
			}
			page := c.get(fmt.Sprintf("/admin/requests/%d", id))
			if shows := strings.Contains(page.Body, "/letters/acknowledgement"); shows != (want == http.StatusOK) {
				t.Errorf("%s: the application's page shows the letter links: %v (page %d)", fu.login, shows, page.StatusCode)
			}
		}
	})
}

// TestRequestOverviewAPI checks GET /api/v1/requests/overview against the
// back office's /admin/requests/overview, on a pinned day (Tuesday
// 2026-03-10): of 青山县教育局's four applications one is overdue and one
// is due within 5 working days.
func TestRequestOverviewAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := newRequestClock("2026-03-10")
		e := newEnv(t, db, func(c *Config) { c.Now = clk.Now })
		handler := e.token("handler")
		// Due 2026-02-02 (overdue), 03-16 (4 left), 03-18 (6 left), 04-08.
		for _, on := range []string{"2026-01-05", "2026-02-10", "2026-02-12", "2026-03-10"} {
			b := registerBody(e)
			b["received_on"] = on
			if r, _ := e.api(handler, "POST", "/api/v1/requests", b); r.StatusCode != http.StatusCreated {
				t.Fatalf("register %s: %d %s", on, r.StatusCode, r.Body)
			}
		}
		want := `{"unit_code":"QS-EDU","unit_name":"青山县教育局","depth":1,"open":4,"overdue":1,"due_soon":1}`
		for _, login := range []string{"gkb", "handler", "eduadmin"} {
			r, out := e.api(e.token(login), "GET", "/api/v1/requests/overview", nil)
			if r.StatusCode != 200 || !strings.Contains(r.Body, want) || out["open"] != 4.0 || out["overdue"] != 1.0 || out["due_soon"] != 1.0 {
				t.Errorf("%s: %d %s", login, r.StatusCode, r.Body)
			}
			page := e.login(login).get("/admin/requests/overview")
			wantStatus(t, page, 200, "青山县教育局")
		}
		// Another unit's admin sees no line of 教育局; a role without
		// request.view is refused, as in the back office.
		r, out := e.api(e.token("mzadmin"), "GET", "/api/v1/requests/overview", nil)
		if r.StatusCode != 200 || strings.Contains(r.Body, "QS-EDU") || out["open"] != 0.0 {
			t.Errorf("other unit: %d %s", r.StatusCode, r.Body)
		}
		for _, login := range []string{"editor", "auditor"} {
			r, _ := e.api(e.token(login), "GET", "/api/v1/requests/overview", nil)
			page := e.login(login).get("/admin/requests/overview")
			if r.StatusCode != http.StatusForbidden || page.StatusCode != http.StatusForbidden {
				t.Errorf("%s: API %d, back office %d, want 403 both", login, r.StatusCode, page.StatusCode)
			}
		}
	})
}
