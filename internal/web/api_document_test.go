package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// apiUpload sends a raw body (an attachment upload).
func (e *testEnv) apiUpload(token, method, path string, body []byte) *testResponse {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.ts.URL+path, strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &testResponse{Response: resp, Body: string(b)}
}

func num(m map[string]any, k string) int {
	f, _ := m[k].(float64)
	return int(f)
}

func items(m map[string]any) []map[string]any {
	var out []map[string]any
	list, _ := m["items"].([]any)
	for _, x := range list {
		out = append(out, x.(map[string]any))
	}
	return out
}

var testPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

// The whole life of a document through the API: draft, attach, findings,
// mask, submit, review with an override, publish, withdraw — with the
// permission, version and state checks on the way and what the public sees.
func TestDocumentAPIFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		editor, reviewer, mz, gkb := e.token("editor"), e.token("reviewer"), e.token("mzadmin"), e.token("gkb")
		sh, _ := time.LoadLocation("Asia/Shanghai")
		written := civil.Today(sh).AddDays(-3).String()
		body := `<p>联系人身份证 110101199003071233，手机 138 1234 5678。</p><script>alert(1)</script>`
		check := func(r *testResponse, status int, what string) {
			t.Helper()
			if r.StatusCode != status {
				t.Fatalf("%s: %d (want %d) %.400s", what, r.StatusCode, status, r.Body)
			}
		}

		// Create: bad input is 422 with every problem; another unit's staff 403.
		r, out := e.api(editor, "POST", "/api/v1/staff/documents", map[string]any{"unit": "QS-EDU", "column": "不存在的栏目",
			"title": "", "written_on": "2999-01-01"})
		check(r, 422, "bad create")
		for _, f := range []string{`"column"`, `"title"`, `"written_on"`} {
			if !strings.Contains(r.Body, f) {
				t.Errorf("bad create lacks %s: %s", f, r.Body)
			}
		}
		r, _ = e.api(editor, "POST", "/api/v1/staff/documents", map[string]any{"unit": "QS-EDU", "title": "x", "written_on": "2024/1/2"})
		check(r, 422, "bad date")
		newDoc := map[string]any{"unit": "QS-EDU", "column": "政策文件/其他文件", "title": "关于做好秋季开学工作的通知",
			"doc_no": "青教发〔2025〕1号", "written_on": written, "body_html": body}
		r, _ = e.api(mz, "POST", "/api/v1/staff/documents", newDoc)
		check(r, 403, "mzadmin creates in QS-EDU")
		r, out = e.api(editor, "POST", "/api/v1/staff/documents", newDoc)
		check(r, 201, "create")
		id := num(out, "id")
		if out["state"] != "draft" || out["state_label"] != "草稿" || out["written_on"] != written || out["unit_code"] != "QS-EDU" ||
			strings.Contains(out["body_html"].(string), "script") || out["index_no"] != "" || num(out, "version") != 1 {
			t.Errorf("created %v", out)
		}
		doc := fmt.Sprintf("/api/v1/staff/documents/%d", id)
		v := num(out, "version")

		// Nobody outside QS-EDU's reach; the public sees nothing yet.
		for _, tc := range []struct{ method, path string }{{"GET", doc}, {"PATCH", doc}, {"GET", doc + "/findings"}, {"POST", doc + "/submit"}} {
			r, _ := e.api(mz, tc.method, tc.path, map[string]any{"version": v})
			check(r, 403, "mzadmin "+tc.method+" "+tc.path)
		}
		r, _ = e.api("", "GET", fmt.Sprintf("/api/v1/documents/%d", id), nil)
		check(r, 404, "public draft")

		// Edit: version required, stale version 409.
		r, _ = e.api(editor, "PATCH", doc, map[string]any{"title": "新标题"})
		check(r, 422, "patch without version")
		r, _ = e.api(editor, "PATCH", doc, map[string]any{"version": v + 5, "title": "新标题"})
		check(r, 409, "stale patch")
		r, out = e.api(editor, "PATCH", doc, map[string]any{"version": v, "keywords": "开学 安全", "column": "行政规范性文件"})
		check(r, 200, "patch")
		if out["keywords"] != "开学 安全" || out["title"] != "关于做好秋季开学工作的通知" || out["genre"] != "行政规范性文件" {
			t.Errorf("patched %v", out)
		}
		v = num(out, "version")

		// Attachments: raw body, sniffed type, a download that gives it back.
		r = e.apiUpload(editor, "POST", doc+"/attachments?name="+url.QueryEscape("假.pdf")+fmt.Sprintf("&version=%d", v), testPNG)
		check(r, 422, "png named pdf")
		r = e.apiUpload(editor, "POST", doc+"/attachments?name="+url.QueryEscape("示意图.png"), testPNG)
		check(r, 422, "attach without version")
		r = e.apiUpload(editor, "POST", doc+"/attachments?name="+url.QueryEscape("示意图.png")+fmt.Sprintf("&version=%d", v), testPNG)
		check(r, 201, "attach")
		_, out = e.api(editor, "GET", doc, nil)
		atts, _ := out["attachments"].([]any)
		if len(atts) != 1 {
			t.Fatalf("attachments %v", out)
		}
		att := atts[0].(map[string]any)
		if att["name"] != "示意图.png" || att["mime"] != "image/png" || num(att, "size") != len(testPNG) {
			t.Errorf("attachment %v", att)
		}
		dl := e.apiUpload(editor, "GET", att["url"].(string), nil)
		check(dl, 200, "staff download")
		if dl.Body != string(testPNG) {
			t.Errorf("download differs")
		}
		v = num(out, "version")

		// Findings, then mask the ID number only: the mobile remains.
		r, out = e.api(editor, "GET", doc+"/findings", nil)
		check(r, 200, "findings")
		var kinds []string
		var idText string
		for _, f := range items(out) {
			kinds = append(kinds, f["kind"].(string))
			if f["kind"] == "id_card" {
				idText = f["text"].(string)
			}
		}
		if len(kinds) != 2 || idText == "" {
			t.Fatalf("findings %v", out)
		}
		r, _ = e.api(editor, "POST", doc+"/mask", map[string]any{"version": v})
		check(r, 422, "mask nothing")
		r, out = e.api(editor, "POST", doc+"/mask", map[string]any{"version": v, "findings": []any{map[string]any{"kind": "id_card", "text": idText}}})
		check(r, 200, "mask")
		if strings.Contains(out["body_html"].(string), "110101199003071233") || !strings.Contains(out["body_html"].(string), "138 1234 5678") {
			t.Errorf("masked body %v", out["body_html"])
		}
		v = num(out, "version")

		// Submit; the review needs an override for the remaining finding.
		r, _ = e.api(editor, "POST", doc+"/publish", map[string]any{"version": v})
		check(r, 403, "editor publishes")
		r, out = e.api(editor, "POST", doc+"/submit", map[string]any{"version": v})
		check(r, 200, "submit")
		v = num(out, "version")
		if out["state"] != "pending_review" {
			t.Errorf("submitted %v", out)
		}
		r, _ = e.api(editor, "PATCH", doc, map[string]any{"version": v, "title": "改"})
		check(r, 409, "edit under review")
		r, _ = e.api(reviewer, "POST", doc+"/review", map[string]any{"version": v, "conclusion": "publishable"})
		check(r, 422, "review without override")
		r, _ = e.api(reviewer, "POST", doc+"/publish", map[string]any{"version": v})
		check(r, 409, "publish before review")
		r, out = e.api(reviewer, "POST", doc+"/review", map[string]any{"version": v, "conclusion": "publishable",
			"comment": "同意", "override_reason": "手机号为单位公开的咨询电话"})
		check(r, 200, "review")
		v = num(out, "version")
		r, out = e.api(reviewer, "POST", doc+"/publish", map[string]any{"version": v})
		check(r, 200, "publish")
		indexNo := out["index_no"].(string)
		if out["state"] != "published" || indexNo == "" || out["published_on"] == "" || out["url"] != fmt.Sprintf("/documents/%d", id) {
			t.Errorf("published %v", out)
		}
		v = num(out, "version")

		// The public sees it, without a token.
		r, out = e.api("", "GET", fmt.Sprintf("/api/v1/documents/%d", id), nil)
		check(r, 200, "public get")
		pub, _ := out["attachments"].([]any)
		if out["body_html"] == "" || len(pub) != 1 || pub[0].(map[string]any)["url"] != fmt.Sprintf("/documents/%d/attachments/%d", id, num(att, "id")) {
			t.Errorf("public %v", out)
		}
		r, out = e.api("", "GET", "/api/v1/documents/by-index/"+indexNo, nil)
		check(r, 200, "public by index")
		if num(out, "id") != id {
			t.Errorf("by index %v", out)
		}
		year := civil.Today(sh).Year
		for q, want := range map[string]int{"": 1, "?unit=QS-EDU": 1, "?under=QS": 1, "?unit=QS-MZ": 0,
			fmt.Sprintf("?year=%d", year): 1, fmt.Sprintf("?year=%d", year-1): 0, "?q=" + url.QueryEscape("秋季开学"): 1,
			"?validity=expired": 0, "?genre=" + url.QueryEscape("行政规范性文件"): 1} {
			r, out := e.api("", "GET", "/api/v1/documents"+q, nil)
			check(r, 200, "public list "+q)
			if len(items(out)) != want {
				t.Errorf("public list %s: %d items, want %d", q, len(items(out)), want)
			}
			if strings.Contains(q, "unit=") && num(out, "total") != want || q == "" && num(out, "total") != -1 {
				t.Errorf("public list %s: total %v", q, out["total"])
			}
		}
		r, _ = e.api("", "GET", "/api/v1/documents?year=abc", nil)
		check(r, 400, "bad year")

		// Withdraw: reason required, stale version 409; the 索引号 stays a notice.
		r, _ = e.api(reviewer, "POST", doc+"/withdraw", map[string]any{"version": v})
		check(r, 422, "withdraw without reason")
		r, _ = e.api(reviewer, "POST", doc+"/withdraw", map[string]any{"version": v - 1, "reason": "内容有误"})
		check(r, 409, "stale withdraw")
		r, _ = e.api(mz, "POST", doc+"/withdraw", map[string]any{"version": v, "reason": "内容有误"})
		check(r, 403, "mzadmin withdraws")
		r, _ = e.api(reviewer, "POST", doc+"/withdraw", map[string]any{"version": v, "reason": "内容有误，另行发布"})
		check(r, 200, "withdraw")
		r, out = e.api("", "GET", "/api/v1/documents/by-index/"+indexNo, nil)
		check(r, 200, "withdrawn by index")
		if out["state"] != "withdrawn" || out["state_reason"] != "内容有误，另行发布" || out["body_html"] != nil || out["attachments"] != nil {
			t.Errorf("withdrawal notice %v", out)
		}
		if _, out := e.api("", "GET", "/api/v1/documents", nil); len(items(out)) != 0 {
			t.Errorf("withdrawn still listed: %v", out)
		}

		// History.
		r, out = e.api(editor, "GET", doc+"/revisions", nil)
		check(r, 200, "revisions")
		var actions []string
		for _, it := range items(out) {
			actions = append(actions, it["action"].(string))
		}
		if got := strings.Join(actions, ","); got != "create,update,attach,mask,submit,review,publish,withdraw" {
			t.Errorf("revisions %s", got)
		}

		// Staff lists: within reach only.
		r, out = e.api(editor, "GET", "/api/v1/staff/documents", nil)
		check(r, 200, "editor list")
		if len(items(out)) != 1 || num(out, "total") != 1 {
			t.Errorf("editor list %v", out)
		}
		if _, out := e.api(mz, "GET", "/api/v1/staff/documents", nil); len(items(out)) != 0 {
			t.Errorf("mzadmin sees %v", out)
		}
		r, _ = e.api(mz, "GET", "/api/v1/staff/documents?unit=QS-EDU", nil)
		check(r, 403, "mzadmin lists QS-EDU")
		if _, out := e.api(gkb, "GET", "/api/v1/staff/documents?state=withdrawn", nil); len(items(out)) != 1 {
			t.Errorf("gkb list %v", out)
		}
		r, _ = e.api(gkb, "GET", "/api/v1/staff/documents?state=nope", nil)
		check(r, 400, "bad state")
	})
}

// Return, and validity on a published document.
func TestDocumentAPIReturnAndValidity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		editor, reviewer := e.token("editor"), e.token("reviewer")
		sh, _ := time.LoadLocation("Asia/Shanghai")
		today := civil.Today(sh)
		create := func(title string) (string, int) {
			r, out := e.api(editor, "POST", "/api/v1/staff/documents", map[string]any{"unit": "QS-EDU", "column": "工作动态",
				"title": title, "written_on": today.AddDays(-2).String(), "body_html": "<p>正文</p>"})
			if r.StatusCode != 201 {
				// a department template may call it differently: fall back to 其他文件
				r, out = e.api(editor, "POST", "/api/v1/staff/documents", map[string]any{"unit": "QS-EDU", "column": "其他文件",
					"title": title, "written_on": today.AddDays(-2).String(), "body_html": "<p>正文</p>"})
			}
			if r.StatusCode != 201 {
				t.Fatalf("create: %d %s", r.StatusCode, r.Body)
			}
			return fmt.Sprintf("/api/v1/staff/documents/%d", num(out, "id")), num(out, "version")
		}
		step := func(token, path string, body map[string]any, status int) map[string]any {
			t.Helper()
			r, out := e.api(token, "POST", path, body)
			if r.StatusCode != status {
				t.Fatalf("POST %s: %d (want %d) %s", path, r.StatusCode, status, r.Body)
			}
			return out
		}
		doc, v := create("待退回的文件")
		out := step(editor, doc+"/submit", map[string]any{"version": v}, 200)
		out = step(reviewer, doc+"/return", map[string]any{"version": num(out, "version"), "reason": "请补充附件"}, 200)
		if out["state"] != "returned" || out["state_reason"] != "请补充附件" {
			t.Errorf("returned %v", out)
		}

		doc, v = create("将失效的文件")
		out = step(editor, doc+"/submit", map[string]any{"version": v}, 200)
		out = step(reviewer, doc+"/review", map[string]any{"version": num(out, "version"), "conclusion": "publishable"}, 200)
		out = step(reviewer, doc+"/publish", map[string]any{"version": num(out, "version")}, 200)
		step(reviewer, doc+"/validity", map[string]any{"version": num(out, "version"), "validity": "expired", "date": "yesterday"}, 422)
		out = step(reviewer, doc+"/validity", map[string]any{"version": num(out, "version"), "validity": "expired",
			"date": today.String(), "reason": "已被新文件替代"}, 200)
		if out["validity"] != "expired" || out["validity_label"] != "失效" || out["validity_on"] != today.String() {
			t.Errorf("validity %v", out)
		}
		if _, out := e.api("", "GET", "/api/v1/documents?unit=QS-EDU&validity=expired", nil); len(items(out)) != 1 {
			t.Errorf("expired list %v", out)
		}
	})
}
