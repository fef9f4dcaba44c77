package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// apiMultipart posts form fields and files (file name → content, all in
// field "files") to the API with a bearer token.
func (e *testEnv) apiMultipart(token, path string, fields map[string]string, files [][2]string) (*testResponse, map[string]any) {
	e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for _, f := range files {
		fw, err := mw.CreateFormFile("files", f[0])
		if err != nil {
			e.t.Fatal(err)
		}
		fw.Write([]byte(f[1]))
	}
	mw.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+path, &b)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(body, &out)
	return &testResponse{Response: resp, Body: string(body)}, out
}

const testPDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

// apiRegister registers registerBody (changed by change) through the API
// as the handler and returns the application's path.
func (e *testEnv) apiRegister(handler string, change func(map[string]any)) string {
	e.t.Helper()
	in := registerBody(e)
	if change != nil {
		change(in)
	}
	r, body := e.api(handler, "POST", "/api/v1/requests", in)
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("register: %d %s", r.StatusCode, r.Body)
	}
	return fmt.Sprintf("/api/v1/requests/%v", body["id"])
}

func TestRequestAPIAppealUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		handler, eduadmin, mzadmin := e.token("handler"), e.token("eduadmin"), e.token("mzadmin")
		today := e.srv.reqs.Today().String()
		path := e.apiRegister(handler, nil)
		r, ap := e.api(handler, "POST", path+"/appeals", map[string]any{"kind": "review", "filed_on": today, "result": "pending", "note": "复议机关：县政府"})
		wantStatus(t, r, http.StatusCreated)
		at := fmt.Sprintf("%s/appeals/%v", path, ap["id"])
		version := func() int {
			_, b := e.api(handler, "GET", path, nil)
			return int(b["version"].(float64))
		}
		v := version()
		decided := map[string]any{"version": v, "result": "upheld", "decided_on": today}

		// Only the unit's handlers; the unit admin reads but does not handle.
		wantStatus(t, first(e.api(eduadmin, "POST", at, decided)), http.StatusForbidden)
		wantStatus(t, first(e.api(mzadmin, "POST", at, decided)), http.StatusForbidden)

		for _, c := range []struct {
			body        map[string]any
			field, text string
		}{
			{map[string]any{"result": "upheld", "decided_on": today}, "version", "版本号"},
			{map[string]any{"version": v, "result": "upheld"}, "decided_on", "请填写审结日期"},
			{map[string]any{"version": v, "result": "维持"}, "result", "请选择结果"},
			{map[string]any{"version": v, "result": "upheld", "decided_on": "2025-02-30"}, "decided_on", "YYYY-MM-DD"},
			{map[string]any{"version": v, "kind": "appeal"}, "kind", "案件类型"},
			{map[string]any{"version": v, "filed_on": "2000-01-01"}, "filed_on", "不能早于收到申请的日期"},
		} {
			r, out := e.api(handler, "POST", at, c.body)
			if r.StatusCode != http.StatusUnprocessableEntity || !hasProblem(out, c.field, c.text) {
				t.Errorf("%v: %d %s", c.body, r.StatusCode, r.Body)
			}
		}
		stale := map[string]any{"version": v - 1, "result": "upheld", "decided_on": today}
		wantStatus(t, first(e.api(handler, "POST", at, stale)), http.StatusConflict)
		wantStatus(t, first(e.api(handler, "POST", path+"/appeals/999999", decided)), http.StatusNotFound)
		if n := e.auditCount("request.appeal_update", "handler"); n != 0 {
			t.Errorf("refused updates audited: %d", n)
		}

		r, out := e.api(handler, "POST", at, decided)
		wantStatus(t, r, http.StatusOK)
		// The fields left out keep their values.
		if out["result"] != "upheld" || out["decided_on"] != today || out["kind"] != "review" ||
			out["filed_on"] != today || out["note"] != "复议机关：县政府" {
			t.Errorf("update: %s", r.Body)
		}
		if n := e.auditCount("request.appeal_update", "handler"); n != 1 {
			t.Errorf("request.appeal_update audited %d times", n)
		}
		_, got := e.api(handler, "GET", path, nil)
		if aps := got["appeals"].([]any); len(aps) != 1 || aps[0].(map[string]any)["result"] != "upheld" {
			t.Errorf("appeals: %v", got["appeals"])
		}
		// Back to pending: decided_on is cleared with "".
		r, out = e.api(handler, "POST", at, map[string]any{"version": version(), "result": "pending", "decided_on": ""})
		if r.StatusCode != http.StatusOK || out["result"] != "pending" || out["decided_on"] != "" {
			t.Errorf("back to pending: %d %s", r.StatusCode, r.Body)
		}
		// Another application's case is not found under this one.
		other := e.apiRegister(handler, nil)
		wantStatus(t, first(e.api(handler, "POST", fmt.Sprintf("%s/appeals/%v", other, ap["id"]),
			map[string]any{"version": 1, "result": "pending"})), http.StatusNotFound)
	})
}

func TestRequestAPIFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		handler, eduadmin, mzadmin := e.token("handler"), e.token("eduadmin"), e.token("mzadmin")
		path := e.apiRegister(handler, nil)
		files := path + "/files"
		scan := [][2]string{{"申请书扫描件.pdf", testPDF}}

		wantStatus(t, first(e.apiMultipart(eduadmin, files, map[string]string{"kind": "scan"}, scan)), http.StatusForbidden)
		wantStatus(t, first(e.apiMultipart(mzadmin, files, map[string]string{"kind": "scan"}, scan)), http.StatusForbidden)

		count := func() int {
			var n int
			if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM request_files`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		tooMany := make([][2]string, adminReqMaxFiles+1)
		for i := range tooMany {
			tooMany[i] = [2]string{fmt.Sprintf("第%d页.pdf", i+1), testPDF}
		}
		for _, c := range []struct {
			kind        string
			files       [][2]string
			field, text string
		}{
			{"", scan, "kind", "文件类别"},
			{"letter", scan, "kind", "scan"},
			{"scan", nil, "files", "请在字段 files 中上传文件"},
			{"scan", [][2]string{{"空.pdf", ""}}, "files", "空文件"},
			{"scan", [][2]string{{"好.pdf", testPDF}, {"说明.txt", "纯文本"}}, "files", "格式不受支持"},
			{"scan", tooMany, "files", "一次最多上传 10 个文件"},
			{"scan", [][2]string{{"好.pdf", testPDF}, {strings.Repeat("长", 201) + ".pdf", testPDF}}, "files", "过长"},
		} {
			fields := map[string]string{}
			if c.kind != "" {
				fields["kind"] = c.kind
			}
			r, out := e.apiMultipart(handler, files, fields, c.files)
			if r.StatusCode != http.StatusUnprocessableEntity || !hasProblem(out, c.field, c.text) {
				t.Errorf("kind %q, %d files: %d %s", c.kind, len(c.files), r.StatusCode, r.Body)
			}
		}
		if n := count(); n != 0 {
			t.Fatalf("refused uploads stored %d files", n)
		}
		if r, _ := e.api(handler, "POST", files, map[string]any{"kind": "scan"}); r.StatusCode != http.StatusBadRequest ||
			!strings.Contains(r.Body, "multipart/form-data") {
			t.Errorf("JSON body: %d %s", r.StatusCode, r.Body)
		}

		r, out := e.apiMultipart(handler, files, map[string]string{"kind": "scan"}, scan)
		wantStatus(t, r, http.StatusCreated)
		scanID := items(out)[0]["id"]
		if items(out)[0]["kind"] != "scan" || items(out)[0]["mime"] != "application/pdf" || items(out)[0]["name"] != "申请书扫描件.pdf" {
			t.Errorf("scan: %s", r.Body)
		}
		r, out = e.apiMultipart(handler, files, map[string]string{"kind": "release"},
			[][2]string{{"合同.pdf", testPDF}, {"附件.pdf", testPDF + "%"}})
		wantStatus(t, r, http.StatusCreated)
		if len(items(out)) != 2 {
			t.Fatalf("release: %s", r.Body)
		}
		releaseID := items(out)[0]["id"]
		if n := e.auditCount("request.attach", "handler"); n != 3 {
			t.Errorf("request.attach audited %d times", n)
		}
		_, got := e.api(handler, "GET", path, nil)
		if fs, _ := got["files"].([]any); len(fs) != 3 {
			t.Errorf("files of the application: %v", got["files"])
		}

		// Downloads: scans only for the unit's handlers, released
		// information for whoever may view the application.
		scanAt, releaseAt := fmt.Sprintf("%s/%v", files, scanID), fmt.Sprintf("%s/%v", files, releaseID)
		r, _ = e.api(handler, "GET", scanAt, nil)
		wantStatus(t, r, http.StatusOK)
		if r.Body != testPDF || r.Header.Get("Content-Type") != "application/pdf" ||
			!strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("scan download: %q %q %.100q", r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"), r.Body)
		}
		wantStatus(t, first(e.api(eduadmin, "GET", scanAt, nil)), http.StatusForbidden, "个人信息")
		wantStatus(t, first(e.api(eduadmin, "GET", releaseAt, nil)), http.StatusOK, testPDF)
		wantStatus(t, first(e.api(mzadmin, "GET", releaseAt, nil)), http.StatusForbidden)
		wantStatus(t, first(e.api(handler, "GET", files+"/999999", nil)), http.StatusNotFound)
		// A file of another application is not found under this one.
		other := e.apiRegister(handler, nil)
		wantStatus(t, first(e.api(handler, "GET", fmt.Sprintf("%s/files/%v", other, scanID), nil)), http.StatusNotFound)
	})
}

func TestRequestAPIReminders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		handler := e.token("handler")
		cal, err := e.srv.days.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Received 17 working days ago: 3 left, past the 5-day threshold.
		today := e.srv.reqs.Today()
		received := today
		for cal.WorkdaysBetween(received, today) < 17 {
			received = received.AddDays(-1)
		}
		path := e.apiRegister(handler, func(in map[string]any) { in["received_on"] = received.String() })
		_, app := e.api(handler, "GET", path, nil)
		if n, err := e.srv.reqs.SendReminders(ctx); err != nil || n < 1 {
			t.Fatalf("SendReminders: %d %v", n, err)
		}

		r, out := e.api(handler, "GET", "/api/v1/requests/reminders", nil)
		wantStatus(t, r, http.StatusOK)
		list := items(out)
		if len(list) != 1 || list[0]["reg_no"] != app["reg_no"] || list[0]["days_left"] != 5.0 || list[0]["due_on"] != app["due_on"] {
			t.Fatalf("reminders: %s", r.Body)
		}
		at := fmt.Sprintf("/api/v1/requests/reminders/%v", list[0]["id"])

		// The editor sees no applications; another unit's admin no reminder of this one.
		wantStatus(t, first(e.api(e.token("editor"), "GET", "/api/v1/requests/reminders", nil)), http.StatusForbidden)
		wantStatus(t, first(e.api(e.token("editor"), "DELETE", at, nil)), http.StatusForbidden)
		mz := e.token("mzadmin")
		if _, out := e.api(mz, "GET", "/api/v1/requests/reminders", nil); len(items(out)) != 0 {
			t.Errorf("another unit sees the reminder: %v", out)
		}
		wantStatus(t, first(e.api(mz, "DELETE", at, nil)), http.StatusNotFound)

		wantStatus(t, first(e.api(handler, "DELETE", at, nil)), http.StatusNoContent)
		if _, out := e.api(handler, "GET", "/api/v1/requests/reminders", nil); len(items(out)) != 0 {
			t.Errorf("dismissed reminder still listed: %v", out)
		}
		if n := e.auditCount("request.reminder_dismiss", "handler"); n != 1 {
			t.Errorf("request.reminder_dismiss audited %d times", n)
		}
		wantStatus(t, first(e.api(handler, "DELETE", at, nil)), http.StatusNotFound)
	})
}

func TestRequestAPILedgerImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		handler := e.token("handler")
		ctx := context.Background()
		count := func() int {
			_, n, err := e.srv.reqs.List(ctx, request.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		const header = "登记号,收到日期,申请方式,申请人类型,申请人,申请内容,办结日期,办理结果\n"
		good := header + "2023-001,2023-03-01,信函,自然人,王五,2022年教育经费决算,2023-03-20,予以公开\n"
		bad := good + "2023-002,2023-02-30,火星,自然人,赵六,学校名单,,\n"
		const at = "/api/v1/requests/import?unit=QS-EDU"

		// The editor may not import; another unit's admin not for this unit.
		wantStatus(t, first(e.apiFile(e.token("editor"), at, "text/csv", []byte(good))), http.StatusForbidden)
		wantStatus(t, first(e.apiFile(e.token("mzadmin"), at, "text/csv", []byte(good))), http.StatusForbidden)

		for _, c := range []struct{ path, field, text string }{
			{"/api/v1/requests/import", "unit", "单位编码"},
			{"/api/v1/requests/import?unit=NOPE", "unit", "不存在"},
			{at + "&dry_run=maybe", "dry_run", "true 或 false"},
		} {
			r, out := e.apiFile(handler, c.path, "text/csv", []byte(good))
			if r.StatusCode != http.StatusBadRequest || !hasProblem(out, c.field, c.text) {
				t.Errorf("%s: %d %s", c.path, r.StatusCode, r.Body)
			}
		}
		wantStatus(t, first(e.apiFile(handler, at, "application/json", []byte(good))), http.StatusBadRequest, "text/csv")

		r, out := e.apiFile(handler, at, "text/csv", []byte(bad))
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if lines := problemLines(out); len(lines) == 0 || lines[0] != 3 {
			t.Errorf("bad file: %s", r.Body)
		}
		if n := count(); n != 0 {
			t.Fatalf("a bad import wrote %d rows", n)
		}

		r, out = e.apiFile(handler, at+"&dry_run=true", "text/csv", []byte(good))
		wantStatus(t, r, http.StatusOK)
		if out["created"] != 1.0 || out["dry_run"] != true || out["rows"] != 1.0 || count() != 0 {
			t.Errorf("dry run: %s (%d rows)", r.Body, count())
		}
		r, out = e.apiFile(handler, "/api/v1/requests/import?unit=QS-EDU&format=csv", "", []byte(good))
		wantStatus(t, r, http.StatusOK)
		if out["created"] != 1.0 || out["dry_run"] != false || count() != 1 {
			t.Errorf("import: %s (%d rows)", r.Body, count())
		}
		if n := e.auditCount("request.import", "handler"); n != 1 {
			t.Errorf("request.import audited %d times", n)
		}
		if _, out := e.apiFile(handler, at, "text/csv", []byte(good)); out["unchanged"] != 1.0 || count() != 1 {
			t.Errorf("second import: %v", out)
		}
	})
}
