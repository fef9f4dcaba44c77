package web

import (
	"archive/zip"
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

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/review"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// The back office of documents, through the browser-like client: draft,
// attach, see and mask the scanner's findings, submit, review, publish,
// withdraw; and the refusals on the way.

// testIDNumber is a resident ID number with a valid GB 11643 check digit
// (TestAdminDocumentFlow checks that the scanner agrees).
const testIDNumber = "110101199003074258"

// docxWith builds a minimal DOCX whose paragraphs are lines.
func docxWith(t *testing.T, lines ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	add := func(name, content string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?>`+
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`+
		`</Types>`)
	var body strings.Builder
	for _, l := range lines {
		body.WriteString(`<w:p><w:r><w:t>` + l + `</w:t></w:r></w:p>`)
	}
	add("word/document.xml", `<?xml version="1.0" encoding="UTF-8"?>`+
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`+
		body.String()+`</w:body></w:document>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// uploadFields posts a multipart form as a browser does: the CSRF token and
// fields first, then the file in "file".
func (c *testClient) uploadFields(path string, fields url.Values, filename string, content []byte) *testResponse {
	c.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField(csrfField, c.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
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

var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

// docVersion is the version a document page's forms carry.
func docVersion(t *testing.T, r *testResponse) string {
	t.Helper()
	m := versionRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("%s: no version field in the page", r.Request.URL.Path)
	}
	return m[1]
}

// createdID is the document id a successful create redirected to.
func createdID(t *testing.T, r *testResponse) int64 {
	t.Helper()
	wantStatus(t, r, http.StatusSeeOther)
	loc := r.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/admin/documents/"), 10, 64)
	if err != nil {
		t.Fatalf("create redirected to %q", loc)
	}
	return id
}

// draftForm is a valid new-draft form for unit in column.
func (e *testEnv) draftForm(unit string, column int64, title string) url.Values {
	return url.Values{
		"unit_id": {strconv.FormatInt(e.units[unit].ID, 10)}, "column_id": {strconv.FormatInt(column, 10)},
		"title": {title}, "written_on": {civil.Today(e.srv.cfg.Location).AddDays(-2).String()},
		"topic": {"科技、教育"}, "body_html": {"<p>正文。</p>"},
	}
}

func (e *testEnv) docCount() int {
	e.t.Helper()
	_, n, err := e.srv.docs.List(context.Background(), disclosure.Filter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *testEnv) doc(id int64) disclosure.Document {
	e.t.Helper()
	d, err := e.srv.docs.Get(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

func TestAdminDocumentFlow(t *testing.T) {
	fs := review.Scan("身份证号 " + testIDNumber)
	if len(fs) != 1 || fs[0].Kind != review.KindIDCard {
		t.Fatalf("the scanner does not take %s for an ID number: %+v", testIDNumber, fs)
	}
	mask := fs[0].Mask
	if mask != "1101**********4258" {
		t.Fatalf("mask %q", mask)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		col := e.column("QS-EDU", "zcwj.qtwj")

		// The editor drafts.
		ed := e.login("editor")
		wantStatus(t, ed.get("/admin/"), 200, `href="/admin/documents"`, "信息发布")
		wantStatus(t, ed.get("/admin/documents"), 200, "起草文件", "草稿和退回修改")
		r := ed.get("/admin/documents/new")
		wantStatus(t, r, 200, `name="title"`, `type="date"`, "其他文件", "科技、教育", "&lt;p&gt;", `value="青山县教育局"`)
		form := e.draftForm("QS-EDU", col.ID, "关于公布2025年教师资格认定名单的通知")
		form.Set("doc_no", "青教发〔2025〕7号")
		form.Set("body_html", "<p>联系人身份证号 "+testIDNumber+"</p><p>请按时报到。</p><script>alert('x')</script>")
		id := createdID(t, ed.post("/admin/documents/new", form))
		at := fmt.Sprintf("/admin/documents/%d", id)
		d := e.doc(id)
		if strings.Contains(d.BodyHTML, "script") || d.State != disclosure.StateDraft || d.Genre != "其他文件" {
			t.Fatalf("draft: %+v", d)
		}

		// ... attaches a DOCX with a mobile number.
		r = ed.get(at)
		docx := docxWith(t, "报名联系人：张三", "手机 13812345678")
		r = ed.uploadFields(at+"/attachments", url.Values{"version": {docVersion(t, r)}}, "报名表（附件1）.docx", docx)
		wantStatus(t, r, http.StatusSeeOther)

		// ... and sees both findings, the body one with its mask.
		r = ed.get(at)
		wantStatus(t, r, 200, "身份证号", testIDNumber, mask, "手机号", "13812345678", "附件“报名表（附件1）.docx”",
			"附件中的内容不能在此遮盖", "全部遮盖（1 处）", "报名表（附件1）.docx", "请按时报到")
		if strings.Contains(r.Body, "alert(") {
			t.Error("the script reached the page")
		}

		// The attachment downloads under its Chinese name, as sniffed.
		aid := e.doc(id).Attachments[0].ID
		dl := ed.get(fmt.Sprintf("%s/attachments/%d", at, aid))
		wantStatus(t, dl, 200)
		if dl.Body != string(docx) || dl.Header.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(dl.Header.Get("Content-Disposition"), "filename*=UTF-8''%E6%8A%A5%E5%90%8D%E8%A1%A8") ||
			!strings.Contains(dl.Header.Get("Content-Type"), "wordprocessingml") {
			t.Errorf("download: %v", dl.Header)
		}

		// One click masks the body finding.
		r = ed.post(at+"/mask", url.Values{"version": {docVersion(t, r)}, "kind": {"id_card"}, "text": {testIDNumber}})
		wantStatus(t, r, http.StatusSeeOther)
		if d := e.doc(id); !strings.Contains(d.BodyHTML, mask) || strings.Contains(d.BodyHTML, testIDNumber) {
			t.Fatalf("body after masking: %s", d.BodyHTML)
		}

		// ... submits.
		r = ed.get(at)
		wantStatus(t, r, 200, "提交保密审查")
		r = ed.post(at+"/submit", url.Values{"version": {docVersion(t, r)}})
		wantStatus(t, r, http.StatusSeeOther)

		// The reviewer sees it in the queue and concludes 可以公开: refused
		// while the attachment finding remains and no reason is given.
		rv := e.login("reviewer")
		wantStatus(t, rv.get("/admin/documents?todo=review"), 200, "待保密审查 <span class=\"count\">1</span>", "关于公布2025年教师资格认定名单的通知")
		r = rv.get(at)
		wantStatus(t, r, 200, "保密审查", "放行理由（必填）", "可以公开", "部分公开需处理", "不予公开")
		v := docVersion(t, r)
		r = rv.post(at+"/review", url.Values{"version": {v}, "conclusion": {"publishable"}, "comment": {"同意"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "1 处敏感信息尚未处理", `aria-invalid="true"`, "同意")
		if e.doc(id).State != disclosure.StatePendingReview {
			t.Fatal("a refused review changed the state")
		}
		r = rv.post(at+"/review", url.Values{"version": {v}, "conclusion": {"publishable"}, "comment": {"同意"},
			"override_reason": {"手机号为报名咨询的公开电话"}})
		wantStatus(t, r, http.StatusSeeOther)

		// The editor may not publish; the reviewer, who did not draft it, may.
		r = ed.get(at)
		v = strconv.Itoa(e.doc(id).Version)
		if strings.Contains(r.Body, "审核通过并发布") {
			t.Error("the editor is offered the publish button")
		}
		wantStatus(t, ed.post(at+"/publish", url.Values{"version": {v}}), http.StatusForbidden)
		r = rv.get(at)
		wantStatus(t, r, 200, "审核通过并发布", "手机号为报名咨询的公开电话", "可以公开")
		r = rv.post(at+"/publish", url.Values{"version": {docVersion(t, r)}})
		wantStatus(t, r, http.StatusSeeOther)
		d = e.doc(id)
		if d.State != disclosure.StatePublished || d.IndexNo == "" {
			t.Fatalf("published: %+v", d)
		}
		r = rv.get(at)
		wantStatus(t, r, 200, d.IndexNo, fmt.Sprintf(`href="/documents/%d"`, id), "已发布")

		// Withdrawal needs a reason.
		v = docVersion(t, r)
		wantStatus(t, rv.post(at+"/withdraw", url.Values{"version": {v}}), http.StatusUnprocessableEntity, "请填写撤回理由")
		wantStatus(t, rv.post(at+"/withdraw", url.Values{"version": {v}, "reason": {"名单有误，更正后重新发布"}}), http.StatusSeeOther)
		if d := e.doc(id); d.State != disclosure.StateWithdrawn || d.IndexNo == "" {
			t.Fatalf("withdrawn: %+v", d)
		}

		// The history shows the mask as a body diff.
		r = rv.get(at)
		wantStatus(t, r, 200, "撤回理由：名单有误", "遮盖敏感信息",
			`<span class="diff-del">- 联系人身份证号 `+testIDNumber+`</span>`,
			`<span class="diff-add">&#43; 联系人身份证号 `+mask+`</span>`,
			"<del>待审核</del> → <ins>已发布</ins>")
	})
}

func TestAdminDocumentRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		col := e.column("QS-EDU", "zcwj.qtwj")
		ed := e.login("editor")
		ed.get("/admin/documents/new")

		// A bad form: every problem marked, nothing saved.
		form := e.draftForm("QS-EDU", col.ID, "")
		form.Set("written_on", civil.Today(e.srv.cfg.Location).AddDays(3).String())
		r := ed.post("/admin/documents/new", form)
		wantStatus(t, r, http.StatusUnprocessableEntity, "请填写标题", "晚于今天", `id="title" name="title" required maxlength="200" value="" aria-invalid="true"`,
			`aria-describedby="written-hint written-err" aria-invalid="true"`)
		if n := e.docCount(); n != 0 {
			t.Fatalf("%d documents saved", n)
		}
		first := e.draftForm("QS-EDU", col.ID, "第一份")
		first.Set("doc_no", "青教发〔2025〕1号")
		id := createdID(t, ed.post("/admin/documents/new", first))
		dup := e.draftForm("QS-EDU", col.ID, "第二份")
		dup.Set("doc_no", "青教发〔2025〕1号")
		wantStatus(t, ed.post("/admin/documents/new", dup), http.StatusUnprocessableEntity, "已被《第一份》使用", `id="doc_no"`)
		if n := e.docCount(); n != 1 {
			t.Fatalf("%d documents saved", n)
		}
		// A unit the editor does not draft in.
		other := e.draftForm("QS-MZ", e.column("QS-MZ", "zcwj.qtwj").ID, "越权")
		wantStatus(t, ed.post("/admin/documents/new", other), http.StatusForbidden)

		at := fmt.Sprintf("/admin/documents/%d", id)
		// Another unit's admin cannot open the draft; the openness office can.
		wantStatus(t, e.login("mzadmin").get(at), http.StatusForbidden)
		wantStatus(t, e.login("gkb").get(at), http.StatusOK, "第一份")

		// A PNG named .pdf is refused with the reason.
		r = ed.get(at)
		v := docVersion(t, r)
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
		r = ed.uploadFields(at+"/attachments", url.Values{"version": {v}}, "公告.pdf", png)
		wantStatus(t, r, http.StatusUnprocessableEntity, "内容不是 PDF", "（而是 PNG）")
		if len(e.doc(id).Attachments) != 0 {
			t.Fatal("the PNG was attached")
		}

		// Editing over a version someone else changed: 409 with a way back.
		r = ed.get(at + "/edit")
		wantStatus(t, r, 200, `value="第一份"`, `name="version" value="`+v+`"`)
		edit := e.draftForm("QS-EDU", col.ID, "第一份（修订）")
		edit.Set("version", v)
		wantStatus(t, ed.post(at+"/edit", edit), http.StatusSeeOther)
		edit.Set("title", "第一份（再次修订）")
		r = ed.post(at+"/edit", edit)
		wantStatus(t, r, http.StatusConflict, "其他人已修改", `href="`+at+`"`)
		if d := e.doc(id); d.Title != "第一份（修订）" {
			t.Fatalf("title %q", d.Title)
		}
		// A stale submit too.
		wantStatus(t, ed.post(at+"/submit", url.Values{"version": {v}}), http.StatusConflict)
		// The editor may not review.
		wantStatus(t, ed.post(at+"/review", url.Values{"version": {"2"}, "conclusion": {"publishable"}}), http.StatusForbidden)
		// A script in an edited body is removed.
		edit.Set("version", strconv.Itoa(e.doc(id).Version))
		edit.Set("title", "第一份（修订）")
		edit.Set("body_html", `<p onclick="steal()">正文</p><script>alert(document.cookie)</script><img src="https://evil.example/x.png">`)
		wantStatus(t, ed.post(at+"/edit", edit), http.StatusSeeOther)
		if b := e.doc(id).BodyHTML; b != "<p>正文</p>" {
			t.Errorf("body %q", b)
		}
	})
}

// publishDoc drafts and publishes a document in unit through the domain,
// as editor and reviewer.
func (e *testEnv) publishDoc(unit, column, title string) disclosure.Document {
	e.t.Helper()
	ctx := context.Background()
	ed := audit.Actor{ID: e.users["editor"].ID, Login: "editor"}
	rv := audit.Actor{ID: e.users["reviewer"].ID, Login: "reviewer"}
	d, err := e.srv.docs.Create(ctx, ed, e.units[unit].ID, disclosure.Input{Title: title,
		WrittenOn: civil.Today(e.srv.cfg.Location), ColumnID: e.column(unit, column).ID, BodyHTML: "<p>正文</p>"})
	if err == nil {
		d, err = e.srv.docs.Submit(ctx, ed, d.ID, d.Version)
	}
	if err == nil {
		d, err = e.srv.docs.RecordReview(ctx, rv, d.ID, d.Version, disclosure.Publishable, "", "")
	}
	if err == nil {
		d, err = e.srv.docs.Publish(ctx, rv, d.ID, d.Version)
	}
	if err != nil {
		e.t.Fatalf("publish %s: %v", title, err)
	}
	return d
}

func TestAdminDocumentList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		policy := e.publishDoc("QS-EDU", "zcwj.gfxwj", "青山县中小学学籍管理办法")
		e.publishDoc("QS-EDU", "zcwj.qtwj", "关于开展校园安全检查的通知")
		ed := e.login("editor")
		draft := createdID(t, ed.post("/admin/documents/new", e.draftForm("QS-EDU", e.column("QS-EDU", "zcwj.qtwj").ID, "学期安排（草稿）")))

		// The unit admin sees everything of the unit, the queue, and the
		// policy still waiting for its interpretation.
		c := e.login("eduadmin")
		r := c.get("/admin/documents")
		wantStatus(t, r, 200, "学期安排（草稿）", "青山县中小学学籍管理办法", "关于开展校园安全检查的通知",
			"草稿和退回修改 <span class=\"count\">1</span>", "待保密审查 <span class=\"count\">0</span>",
			"缺少政策解读的政策（1）", fmt.Sprintf(`href="/admin/documents/new?interprets=%d"`, policy.ID))
		r = c.get("/admin/documents?state=published&q=" + url.QueryEscape("学籍"))
		wantStatus(t, r, 200, "共 1 份", "青山县中小学学籍管理办法")
		r = c.get("/admin/documents?todo=edit")
		wantStatus(t, r, 200, "共 1 份", fmt.Sprintf(`href="/admin/documents/%d"`, draft))
		r = c.get(fmt.Sprintf("/admin/documents?unit=%d", e.units["QS-EDU"].ID))
		wantStatus(t, r, 200, "全部栏目", "行政规范性文件")
		// An interpretation starts from the policy.
		r = c.get(fmt.Sprintf("/admin/documents/new?interprets=%d", policy.ID))
		wantStatus(t, r, 200, fmt.Sprintf(`<option value="%d" selected>青山县中小学学籍管理办法`, policy.ID), "<option selected>政策解读</option>")

		// Another unit sees none of it; the openness office sees it all.
		r = e.login("mzadmin").get("/admin/documents")
		wantStatus(t, r, 200, "共 0 份", "缺少政策解读的政策（0）")
		wantStatus(t, e.login("gkb").get("/admin/documents"), 200, "学期安排（草稿）", "缺少政策解读的政策（1）")
		wantStatus(t, e.login("mzadmin").get(fmt.Sprintf("/admin/documents?unit=%d", e.units["QS-EDU"].ID)), http.StatusForbidden)
		// Roles without documents do not get the page.
		wantStatus(t, e.login("sysadmin").get("/admin/documents"), http.StatusForbidden)
	})
}
