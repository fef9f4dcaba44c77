package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/audit"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// The back office of disclosure on request, through the browser-like
// client: a handler registers a letter with its scan, asks for a
// correction, registers it, consults a third party, asks for an extension
// that the unit admin approves, and replies; the letters print and
// download; the ledger exports and imports; the unit admin sees personal
// data masked, the editor nothing.

// multipartPost posts fields and files (field name → file name → content)
// as a browser does, with the CSRF token first.
func (c *testClient) multipartPost(path string, fields url.Values, fileField string, files map[string][]byte) *testResponse {
	c.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField(csrfField, c.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, content := range files {
		fw, err := mw.CreateFormFile(fileField, name)
		if err != nil {
			c.t.Fatal(err)
		}
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// reqForm is a valid registration of a registered letter to QS-EDU,
// received received.
func (e *testEnv) reqForm(received string) url.Values {
	return url.Values{
		"channel": {"post_registered"}, "received_on": {received},
		"unit_id":        {strconv.FormatInt(e.units["QS-EDU"].ID, 10)},
		"applicant_type": {"natural"}, "applicant_name": {"李明"}, "id_type": {request.IDTypeResident},
		"id_number": {testIDNumber}, "phone": {"13812345678"}, "address": {"青山县城关镇解放路 12 号"},
		"description": {"2024年青山县中小学校舍维修工程的招标文件和中标结果"}, "form_wanted": {"paper"},
		"delivery_wanted": {"post"},
	}
}

// requestID is the id a registration redirected to.
func requestID(t *testing.T, r *testResponse) int64 {
	t.Helper()
	wantStatus(t, r, http.StatusSeeOther)
	loc := r.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/admin/requests/"), 10, 64)
	if err != nil {
		t.Fatalf("register redirected to %q", loc)
	}
	return id
}

func (e *testEnv) request(id int64) request.Application {
	e.t.Helper()
	a, err := e.srv.reqs.Get(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

// ver is the application's current version as a form value.
func (e *testEnv) ver(id int64) string { return strconv.Itoa(e.request(id).Version) }

// auditCount counts audit entries of action by login.
func (e *testEnv) auditCount(action, login string) int {
	e.t.Helper()
	_, n, err := audit.List(context.Background(), e.db, audit.Filter{Action: action, Actor: login, Limit: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// register has the handler register a letter received three days ago with
// one scan and returns its id.
func (e *testEnv) registerRequest(c *testClient) int64 {
	e.t.Helper()
	wantStatus(e.t, c.get("/admin/requests/new"), 200, "签收之日", "与申请人确认之日", `name="scans"`)
	received := e.srv.reqs.Today().AddDays(-3).String()
	r := c.multipartPost("/admin/requests/new", e.reqForm(received), "scans",
		map[string][]byte{"申请书扫描件.pdf": []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")})
	return requestID(e.t, r)
}

var (
	answerRE  = regexp.MustCompile(`/consultations/(\d+)/answer`)
	approveRE = regexp.MustCompile(`/extension/(\d+)/approve`)
)

func TestAdminRequestFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		h := e.login("handler")
		id := e.registerRequest(h)
		at := fmt.Sprintf("/admin/requests/%d", id)
		a := e.request(id)
		if a.Channel != request.ChannelPostRegistered || a.IDNumber != testIDNumber || a.DueOn.IsZero() {
			t.Fatalf("registered: %+v", a)
		}
		files, err := e.srv.reqs.Files(context.Background(), id)
		if err != nil || len(files) != 1 || files[0].Kind != "scan" {
			t.Fatalf("scans: %+v %v", files, err)
		}

		// The queue shows it with its due date.
		wantStatus(t, h.get("/admin/requests"), 200, a.RegNo, a.DueOn.String(), "李明", "个工作日", "青山县教育局")

		// The handler sees the personal data, and the view is audited.
		before := e.auditCount("request.view_personal", "handler")
		r := h.get(at)
		wantStatus(t, r, 200, testIDNumber, "13812345678", "期限是如何计算的", "受理回执", "申请书扫描件.pdf")
		if e.auditCount("request.view_personal", "handler") != before+1 {
			t.Error("the unmasked view was not audited")
		}
		dl := h.get(fmt.Sprintf("%s/files/%d", at, files[0].ID))
		wantStatus(t, dl, 200)
		if !strings.HasPrefix(dl.Body, "%PDF") {
			t.Errorf("scan download: %.40q", dl.Body)
		}

		// More files can be added, and a stale form is refused.
		r = h.multipartPost(at+"/files", url.Values{"version": {e.ver(id)}, "kind": {"scan"}}, "files",
			map[string][]byte{"信封.pdf": []byte("%PDF-1.4\n%%EOF\n")})
		wantStatus(t, r, http.StatusSeeOther)
		wantStatus(t, h.multipartPost(at+"/files", url.Values{"version": {"99"}, "kind": {"scan"}}, "files",
			map[string][]byte{"信封2.pdf": []byte("%PDF-1.4\n%%EOF\n")}), http.StatusConflict, "已被他人修改，请刷新")
		wantStatus(t, h.get(at), 200, "信封.pdf")

		// The unit admin sees it masked; nothing of theirs is audited as a view.
		ea := e.login("eduadmin")
		r = ea.get(at)
		wantStatus(t, r, 200, request.MaskID(testIDNumber), a.RegNo)
		if strings.Contains(r.Body, testIDNumber) || strings.Contains(r.Body, "13812345678") {
			t.Error("the unit admin sees personal data unmasked")
		}
		if e.auditCount("request.view_personal", "eduadmin") != 0 {
			t.Error("a masked view was audited as unmasked")
		}
		wantStatus(t, ea.get(fmt.Sprintf("%s/files/%d", at, files[0].ID)), http.StatusForbidden)

		// The editor has no business here.
		ed := e.login("editor")
		wantStatus(t, ed.get("/admin/requests"), http.StatusForbidden)
		wantStatus(t, ed.get(at), http.StatusForbidden)
		wantStatus(t, ed.post(at+"/assign", url.Values{"version": {e.ver(id)}, "handler_id": {"1"}}), http.StatusForbidden)

		// Assign to the handler; a stale version is refused with a clear message.
		old := e.ver(id)
		wantStatus(t, h.post(at+"/assign", url.Values{"version": {old},
			"handler_id": {strconv.FormatInt(e.users["handler"].ID, 10)}}), http.StatusSeeOther)
		r = h.post(at+"/assign", url.Values{"version": {old}, "handler_id": {strconv.FormatInt(e.users["handler"].ID, 10)}})
		wantStatus(t, r, http.StatusConflict, "已被他人修改，请刷新")

		// Correction notice: a missing deadline is shown next to its field.
		today := e.srv.reqs.Today()
		r = h.post(at+"/correction", url.Values{"version": {e.ver(id)}, "what": {"请写明所需校舍的名称"}, "on": {today.String()}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "请填写补正期限", `aria-invalid="true"`, "请写明所需校舍的名称")
		r = h.post(at+"/correction", url.Values{"version": {e.ver(id)}, "what": {"请写明所需校舍的名称"},
			"on": {today.String()}, "deadline": {today.AddDays(15).String()}})
		wantStatus(t, r, http.StatusSeeOther)
		if a := e.request(id); a.State != request.StateCorrection {
			t.Fatalf("after the correction notice: %s", a.State)
		}
		r = h.get(at)
		wantStatus(t, r, 200, "补正告知书", "登记收到的补正")

		// The correction arrives (registered by staff): the clock restarts.
		wantStatus(t, h.post(at+"/correction-received", url.Values{"version": {e.ver(id)}, "on": {today.String()},
			"text": {"所需为城关第一小学教学楼维修工程"}}), http.StatusSeeOther)
		a = e.request(id)
		if a.State != request.StateOpen || a.DueOn.IsZero() {
			t.Fatalf("after the correction: %+v", a)
		}

		// A third party is consulted and answers.
		wantStatus(t, h.post(at+"/consultations", url.Values{"version": {e.ver(id)}, "kind": {"third_party"},
			"party": {"青山建设工程有限公司"}, "on": {today.String()}}), http.StatusSeeOther)
		r = h.get(at)
		wantStatus(t, r, 200, "征求意见函", "青山建设工程有限公司")
		m := answerRE.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatal("no answer form for the open consultation")
		}
		wantStatus(t, h.post(at+"/consultations/"+m[1]+"/answer", url.Values{"version": {e.ver(id)},
			"on": {today.String()}, "note": {"同意公开"}}), http.StatusSeeOther)

		// An extension: over 20 days is refused; the handler asks, the
		// handler cannot approve, the unit admin does.
		r = h.post(at+"/extension", url.Values{"version": {e.ver(id)}, "days": {"25"}, "reason": {"涉及多个学校"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "不超过 20 个工作日")
		wantStatus(t, h.post(at+"/extension", url.Values{"version": {e.ver(id)}, "days": {"10"},
			"reason": {"涉及多个学校，需汇总材料"}}), http.StatusSeeOther)
		r = h.get(at)
		if approveRE.MatchString(r.Body) {
			t.Error("the handler is offered the approval")
		}
		r = ea.get(at)
		wantStatus(t, r, 200, "批准延期", "涉及多个学校")
		m = approveRE.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatal("no approval form for the unit admin")
		}
		wantStatus(t, h.post(at+"/extension/"+m[1]+"/approve", url.Values{"version": {e.ver(id)}}), http.StatusForbidden)
		dueBefore := e.request(id).DueOn
		wantStatus(t, ea.post(at+"/extension/"+m[1]+"/approve", url.Values{"version": {e.ver(id)}}), http.StatusSeeOther)
		if a := e.request(id); !a.DueOn.After(dueBefore) {
			t.Errorf("the extension did not move the due date: %s → %s", dueBefore, a.DueOn)
		}
		wantStatus(t, h.get(at), 200, "延期告知书", "测试eduadmin")

		// The reply: an unknown outcome is refused, then 予以公开.
		r = h.post(at+"/reply", url.Values{"version": {e.ver(id)}, "outcome": {"随便"}, "replied_on": {today.String()}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "请选择办理结果")
		r = h.multipartPost(at+"/reply", url.Values{"version": {e.ver(id)}, "outcome": {string(request.OutcomeDisclosed)},
			"replied_on": {today.String()}, "basis": {"《中华人民共和国政府信息公开条例》第三十六条第（二）项"},
			"text": {"经查，您申请的信息予以公开，见附件。"}, "remedies": {adminReqDefaultRemedies}},
			"files", map[string][]byte{"中标结果.pdf": []byte("%PDF-1.4\n%%EOF\n")})
		wantStatus(t, r, http.StatusSeeOther)
		a = e.request(id)
		if a.State != request.StateClosed || a.Outcome != request.OutcomeDisclosed {
			t.Fatalf("after the reply: %+v", a)
		}
		r = h.get(at)
		wantStatus(t, r, 200, "答复书", "送达记录", "中标结果.pdf")
		// A closed application takes no more correction notice: the reason is shown.
		r = h.post(at+"/correction", url.Values{"version": {e.ver(id)}, "what": {"补正"}, "on": {today.String()},
			"deadline": {today.AddDays(15).String()}})
		wantStatus(t, r, http.StatusConflict, "无法办理：", "已办结")
		wantStatus(t, h.post(at+"/delivery", url.Values{"version": {e.ver(id)}, "how": {"post"}, "on": {today.String()}}),
			http.StatusSeeOther)

		// A review case is recorded against it; its result updated.
		wantStatus(t, h.post(at+"/appeals", url.Values{"version": {e.ver(id)}, "kind": {"review"},
			"filed_on": {today.String()}, "result": {"pending"}}), http.StatusSeeOther)
		aps, err := e.srv.reqs.Appeals(context.Background(), id)
		if err != nil || len(aps) != 1 {
			t.Fatalf("appeals: %+v %v", aps, err)
		}
		r = h.post(fmt.Sprintf("%s/appeals/%d/update", at, aps[0].ID), url.Values{"version": {e.ver(id)}, "kind": {"review"},
			"filed_on": {today.String()}, "result": {"upheld"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "已审结的案件请填写审结日期")
		wantStatus(t, h.post(fmt.Sprintf("%s/appeals/%d/update", at, aps[0].ID), url.Values{"version": {e.ver(id)},
			"kind": {"review"}, "filed_on": {today.String()}, "result": {"upheld"}, "decided_on": {today.String()}}),
			http.StatusSeeOther)
		wantStatus(t, h.get(at), 200, "行政复议", "维持")

		// Promotion to proactive disclosure makes a draft in the chosen column.
		col := e.column("QS-EDU", "zcwj.qtwj")
		wantStatus(t, h.post(at+"/promote", url.Values{"version": {e.ver(id)}, "column_id": {"999999"}}),
			http.StatusUnprocessableEntity, "请选择本单位公开目录中的栏目")
		wantStatus(t, h.post(at+"/promote", url.Values{"version": {e.ver(id)},
			"column_id": {strconv.FormatInt(col.ID, 10)}}), http.StatusSeeOther)
		if a := e.request(id); a.PromotedDocID == 0 || e.doc(a.PromotedDocID).ColumnID != col.ID {
			t.Fatalf("promotion: %+v", a)
		}

		// The letters: a print view and a DOCX.
		lr := h.get(at + "/letters/reply")
		wantStatus(t, lr, 200, `class="letter-view"`, "李明")
		docx := h.get(at + "/letters/reply.docx")
		wantStatus(t, docx, 200)
		if !strings.HasPrefix(docx.Body, "PK") ||
			!strings.Contains(docx.Header.Get("Content-Disposition"), "filename*=UTF-8''") {
			t.Errorf("docx: %q %v", docx.Body[:min(4, len(docx.Body))], docx.Header)
		}
		wantStatus(t, h.get(at+"/letters/correction"), 200, "补正")
		wantStatus(t, h.get(at+"/letters/nonsense"), http.StatusNotFound)
		wantStatus(t, ea.get(at+"/letters/reply"), http.StatusForbidden)
	})
}

func TestAdminRequestLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		h := e.login("handler")
		id := e.registerRequest(h)
		a := e.request(id)
		edu := strconv.FormatInt(e.units["QS-EDU"].ID, 10)

		// The ledger lists it; the export opens in a spreadsheet program.
		wantStatus(t, h.get("/admin/requests/ledger"), 200, a.RegNo, "导出 Excel")
		x := h.get("/admin/requests/ledger.xlsx?unit=" + edu)
		wantStatus(t, x, 200)
		f, err := excelize.OpenReader(strings.NewReader(x.Body))
		if err != nil {
			t.Fatalf("export: %v", err)
		}
		rows, err := f.GetRows(f.GetSheetList()[0])
		f.Close()
		if err != nil || !strings.Contains(fmt.Sprint(rows), a.RegNo) {
			t.Errorf("export rows: %v %v", rows, err)
		}
		if e.auditCount("request.export_personal", "handler") != 1 {
			t.Error("the unmasked export was not audited")
		}
		// Without a unit it is masked and not audited as personal.
		wantStatus(t, h.get("/admin/requests/ledger.xlsx"), 200)
		if e.auditCount("request.export_personal", "handler") != 1 {
			t.Error("a masked export was audited as unmasked")
		}

		// Import: a bad line is reported with its number and nothing is written.
		_, before, err := e.srv.reqs.List(context.Background(), request.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		wantStatus(t, h.get("/admin/requests/import"), 200, "登记号,收到日期,申请方式")
		csv := "登记号,收到日期,申请方式,申请人类型,申请人,申请内容,办结日期,办理结果\n" +
			"2023-001,2023-03-01,信函,自然人,王五,2022年教育经费决算,2023-03-20,予以公开\n" +
			"2023-002,2023-02-30,火星,自然人,赵六,学校名单,,\n"
		r := h.multipartPost("/admin/requests/import", url.Values{"unit_id": {edu}, "preview": {"1"}}, "file",
			map[string][]byte{"台账.csv": []byte(csv)})
		wantStatus(t, r, http.StatusUnprocessableEntity, "第 3 行", "没有导入任何记录")
		_, after, err := e.srv.reqs.List(context.Background(), request.Filter{})
		if err != nil || after != before {
			t.Fatalf("a bad import wrote rows: %d → %d (%v)", before, after, err)
		}

		// A good file: the preview counts, then the import writes.
		good := "登记号,收到日期,申请方式,申请人类型,申请人,申请内容,办结日期,办理结果\n" +
			"2023-001,2023-03-01,信函,自然人,王五,2022年教育经费决算,2023-03-20,予以公开\n"
		r = h.multipartPost("/admin/requests/import", url.Values{"unit_id": {edu}, "preview": {"1"}}, "file",
			map[string][]byte{"台账.csv": []byte(good)})
		wantStatus(t, r, 200, "预检通过", "新增 1 条")
		if _, n, _ := e.srv.reqs.List(context.Background(), request.Filter{}); n != before {
			t.Fatal("the preview wrote rows")
		}
		r = h.multipartPost("/admin/requests/import", url.Values{"unit_id": {edu}}, "file",
			map[string][]byte{"台账.csv": []byte(good)})
		wantStatus(t, r, http.StatusSeeOther)
		if _, n, _ := e.srv.reqs.List(context.Background(), request.Filter{}); n != before+1 {
			t.Fatalf("import: %d rows, want %d", n, before+1)
		}

		// The editor may neither see nor import.
		ed := e.login("editor")
		wantStatus(t, ed.get("/admin/requests/ledger"), http.StatusForbidden)
		wantStatus(t, ed.get("/admin/requests/import"), http.StatusForbidden)
	})
}

func TestAdminRequestOverviewAndDashboard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		h := e.login("handler")
		id := e.registerRequest(h)
		a := e.request(id)

		// The openness office sees every unit, masked.
		g := e.login("gkb")
		wantStatus(t, g.get("/admin/requests"), 200, a.RegNo, "各单位办理情况")
		wantStatus(t, g.get("/admin/requests/overview"), 200, "青山县教育局", "办理中")
		r := g.get(fmt.Sprintf("/admin/requests/%d", id))
		wantStatus(t, r, 200, request.MaskID(testIDNumber))
		if strings.Contains(r.Body, testIDNumber) {
			t.Error("the openness office sees the ID number")
		}
		// ... but may not register.
		wantStatus(t, g.get("/admin/requests/new"), http.StatusForbidden)

		// The dashboard shows the counts to those who may see applications.
		wantStatus(t, h.get("/admin/"), 200, "依申请公开", "未办结的申请")
		if r := e.login("editor").get("/admin/"); strings.Contains(r.Body, "未办结的申请") {
			t.Error("the editor's dashboard shows applications")
		}
	})
}

func TestAdminRequestQueueAndReminders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		cal, err := e.srv.days.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Received 17 working days ago: 3 working days left, amber, and a
		// reminder at the threshold of 5.
		today := e.srv.reqs.Today()
		received := today
		for cal.WorkdaysBetween(received, today) < 17 {
			received = received.AddDays(-1)
		}
		h := e.login("handler")
		h.get("/admin/requests/new")
		id := requestID(t, h.multipartPost("/admin/requests/new", e.reqForm(received.String()), "scans", nil))
		a := e.request(id)
		fresh := e.registerRequest(h)

		// One received 25 working days ago is overdue by 5.
		late := today
		for cal.WorkdaysBetween(late, today) < 25 {
			late = late.AddDays(-1)
		}
		lateID := requestID(t, h.multipartPost("/admin/requests/new", e.reqForm(late.String()), "scans", nil))
		wantStatus(t, h.get("/admin/requests?overdue=true"), 200, `class="req-overdue"`, "已逾期 5 个工作日",
			e.request(lateID).RegNo)

		r := h.get("/admin/requests")
		wantStatus(t, r, 200, `class="req-amber"`, "剩 3 个工作日", a.RegNo, e.request(fresh).RegNo)
		if strings.Index(r.Body, ">"+a.RegNo+"</a>") > strings.Index(r.Body, ">"+e.request(fresh).RegNo+"</a>") {
			t.Error("the queue is not sorted by due date")
		}
		r = h.get("/admin/requests?due_within=5")
		wantStatus(t, r, 200, a.RegNo)
		if strings.Contains(r.Body, e.request(fresh).RegNo) {
			t.Error("due_within=5 lists an application with 17 days left")
		}
		if r := h.get("/admin/requests?overdue=true"); strings.Contains(r.Body, a.RegNo) {
			t.Error("overdue lists an application that is not overdue")
		}
		wantStatus(t, h.get("/admin/requests?state=closed"), 200, "没有符合条件的申请")
		wantStatus(t, h.get("/admin/requests?q=校舍维修"), 200, a.RegNo)
		wantStatus(t, h.get("/admin/requests?due_within=abc"), 200, "筛选条件有误")
		wantStatus(t, h.get(fmt.Sprintf("/admin/requests?unit=%d", e.units["QS-MZ"].ID)), http.StatusForbidden)

		// The reminder reaches the handler's dashboard and can be dismissed.
		if n, err := e.srv.reqs.SendReminders(ctx); err != nil || n < 1 {
			t.Fatalf("SendReminders: %d %v", n, err)
		}
		r = h.get("/admin/")
		wantStatus(t, r, 200, "到期提醒", a.RegNo, "知道了")
		m := regexp.MustCompile(`/admin/requests/reminders/(\d+)/dismiss`).FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatal("no dismiss button")
		}
		wantStatus(t, h.post(m[0], url.Values{"return": {"/admin/"}}), http.StatusSeeOther)
		if r := h.get("/admin/"); strings.Contains(r.Body, "到期提醒") {
			t.Error("the dismissed reminder is still shown")
		}
		wantStatus(t, h.post(m[0], url.Values{}), http.StatusNotFound)
	})
}

func TestAdminRequestRegisterRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		h := e.login("handler")
		h.get("/admin/requests/new")
		count := func() int {
			_, n, err := e.srv.reqs.List(context.Background(), request.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}

		// Every problem at once, next to its field; nothing written.
		form := e.reqForm("2026-02-30")
		form.Set("id_number", "110101199003074259")
		form.Del("description")
		r := h.multipartPost("/admin/requests/new", form, "scans", nil)
		wantStatus(t, r, http.StatusUnprocessableEntity, `id="received-err"`, `aria-invalid="true"`, "李明")
		if !strings.Contains(r.Body, `id="id_number-err"`) || !strings.Contains(r.Body, `id="desc-err"`) {
			t.Errorf("the problems are not next to their fields: %.2000s", r.Body)
		}
		// A future receipt, an online channel, a unit not the handler's.
		form = e.reqForm(e.srv.reqs.Today().AddDays(3).String())
		form.Set("channel", "online")
		form.Set("unit_id", strconv.FormatInt(e.units["QS-MZ"].ID, 10))
		r = h.multipartPost("/admin/requests/new", form, "scans", nil)
		wantStatus(t, r, http.StatusUnprocessableEntity, "收到日期不能晚于今天", "门户网站", "请选择您有权办理的单位")
		if n := count(); n != 0 {
			t.Fatalf("refused registrations wrote %d applications", n)
		}
		// Those who may not handle cannot register.
		ea := e.login("eduadmin")
		wantStatus(t, ea.get("/admin/requests/new"), http.StatusForbidden)
		wantStatus(t, ea.multipartPost("/admin/requests/new", e.reqForm("2026-01-05"), "scans", nil), http.StatusForbidden)
	})
}

// TestAdminRequestUploadLimit: the registration takes scans beyond the
// server-wide 1 MiB body limit (its route registers its own).
func TestAdminRequestUploadLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		h := e.login("handler")
		h.get("/admin/requests/new")
		scan := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0"), 3<<20)...)
		id := requestID(t, h.multipartPost("/admin/requests/new", e.reqForm(e.srv.reqs.Today().String()), "scans",
			map[string][]byte{"大扫描件.pdf": scan, "第二页.pdf": []byte("%PDF-1.4\n%%EOF\n")}))
		files, err := e.srv.reqs.Files(context.Background(), id)
		if err != nil || len(files) != 2 {
			t.Fatalf("files: %+v %v", files, err)
		}
	})
}

// Bad input in the back office forms: 422, the Chinese reason next to the
// field it names, nothing written.
func TestAdminRequestHandlingRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		h := e.login("handler")
		id := e.registerRequest(h) // received three days ago
		at := fmt.Sprintf("/admin/requests/%d", id)
		today := e.srv.reqs.Today()
		other := e.registerRequest(h)
		ot := fmt.Sprintf("/admin/requests/%d", other)
		wantStatus(t, h.post(ot+"/correction", url.Values{"version": {e.ver(other)}, "what": {"请写明所需校舍的名称"},
			"on": {today.AddDays(-1).String()}, "deadline": {today.AddDays(15).String()}}), http.StatusSeeOther)
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
		early := today.AddDays(-4).String()
		for _, c := range []struct {
			name, path string
			form       url.Values
			want       []string
		}{
			{"reply before receipt", at + "/reply", url.Values{"version": {e.ver(id)}, "outcome": {string(request.OutcomeDisclosed)},
				"replied_on": {early}}, []string{"答复日期 " + early + " 早于收到申请的日期", `aria-invalid="true"`}},
			{"reply on an impossible date", at + "/reply", url.Values{"version": {e.ver(id)}, "outcome": {string(request.OutcomeDisclosed)},
				"replied_on": {"2025-02-30"}}, []string{"答复日期应为有效日期"}},
			{"reply in the future", at + "/reply", url.Values{"version": {e.ver(id)}, "outcome": {string(request.OutcomeDisclosed)},
				"replied_on": {today.AddDays(1).String()}}, []string{"晚于今天"}},
			{"unknown outcome", at + "/reply", url.Values{"version": {e.ver(id)}, "outcome": {"不予公开"},
				"replied_on": {today.String()}}, []string{"请选择办理结果"}},
			{"extension over 20 days", at + "/extension", url.Values{"version": {e.ver(id)}, "days": {"21"}, "reason": {"材料多"}},
				[]string{"不超过 20 个工作日"}},
			{"correction received before it was asked for", ot + "/correction-received", url.Values{"version": {e.ver(other)},
				"on": {today.AddDays(-2).String()}, "text": {"所需为城关第一小学教学楼"}}, []string{"早于补正告知日期"}},
		} {
			r := h.post(c.path, c.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422", c.name, r.StatusCode)
				continue
			}
			for _, w := range c.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s: the page does not say %q", c.name, w)
				}
			}
		}
		// Registration with an unknown applicant type.
		form := e.reqForm(today.String())
		form.Set("applicant_type", "person")
		wantStatus(t, h.multipartPost("/admin/requests/new", form, "scans", nil), http.StatusUnprocessableEntity, "申请人类型“person”无效")
		if after := count(); after != before {
			t.Errorf("refusals wrote: %s → %s", before, after)
		}
	})
}

// The ledger export shows identity numbers and phones only to the unit's
// handlers (audited); the unit admin and the openness office get them
// masked, in the back office and through the API.
func TestAdminRequestLedgerExportMasked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		h := e.login("handler")
		e.registerRequest(h)
		edu := strconv.FormatInt(e.units["QS-EDU"].ID, 10)
		cells := func(body string) string {
			t.Helper()
			f, err := excelize.OpenReader(strings.NewReader(body))
			if err != nil {
				t.Fatalf("export: %v", err)
			}
			defer f.Close()
			rows, err := f.GetRows(f.GetSheetList()[0])
			if err != nil || len(rows) != 2 {
				t.Fatalf("export rows: %v %v", rows, err)
			}
			return strings.Join(rows[1], "|")
		}
		for _, c := range []struct {
			who, url string
			unmasked bool
		}{
			{"handler", "/admin/requests/ledger.xlsx?unit=" + edu, true},
			{"handler", "/admin/requests/ledger.xlsx", false},
			{"eduadmin", "/admin/requests/ledger.xlsx?unit=" + edu, false},
			{"gkb", "/admin/requests/ledger.xlsx?unit=" + edu, false},
			{"gkb", "/admin/requests/ledger.xlsx", false},
		} {
			r := e.login(c.who).get(c.url)
			wantStatus(t, r, 200)
			row := cells(r.Body)
			shown := strings.Contains(row, testIDNumber) || strings.Contains(row, "13812345678")
			if shown != c.unmasked || !strings.Contains(row, request.MaskID(testIDNumber)) && !c.unmasked {
				t.Errorf("%s %s: row %q", c.who, c.url, row)
			}
		}
		for _, who := range []string{"eduadmin", "gkb"} {
			r, _ := e.api(e.token(who), "GET", "/api/v1/requests/ledger.xlsx?unit=QS-EDU", nil)
			if row := cells(r.Body); strings.Contains(row, testIDNumber) || strings.Contains(row, "13812345678") {
				t.Errorf("API export for %s: %q", who, row)
			}
		}
		if n := e.auditCount("request.export_personal", "handler"); n != 1 {
			t.Errorf("unmasked exports audited: %d", n)
		}
		for _, who := range []string{"eduadmin", "gkb"} {
			if n := e.auditCount("request.export_personal", who); n != 0 {
				t.Errorf("%s's masked exports audited as personal: %d", who, n)
			}
		}
	})
}
