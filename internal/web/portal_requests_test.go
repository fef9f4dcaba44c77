package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"

	"github.com/chromedp/chromedp"
)

// applicantIDNumber is a resident identity number with a valid check digit.
const applicantIDNumber = "11010519491231002X"

// testAnswer passes the challenge in tests (see reqEnv).
const testAnswer = "24680"

// newReqWebEnv is newEnv with the challenge replaced by one that accepts
// testAnswer, as a test hook: production keeps the image's digits.
func newReqWebEnv(t *testing.T, db *store.DB, opts ...func(*Config)) *testEnv {
	e := newEnv(t, db, opts...)
	e.srv.intake.SetVerifier(func(id, answer string) bool { return id != "" && answer == testAnswer })
	return e
}

// applyForm is a valid online application to unit.
func applyForm(unitID int64, phone string) url.Values {
	return url.Values{
		"unit_id": {strconv.FormatInt(unitID, 10)}, "applicant_type": {"natural"}, "applicant_name": {"张三"},
		"id_type": {"身份证"}, "id_number": {applicantIDNumber}, "phone": {phone}, "email": {"zhangsan@example.com"},
		"address": {"青山县城关镇人民路 1 号"}, "postcode": {"311300"},
		"description": {"请公开青山县教育局 2024 年义务教育学校划片招生方案全文"}, "purpose": {"了解子女入学"},
		"form_wanted": {"electronic"}, "delivery_wanted": {"online"},
	}
}

var receiptCodeRE = regexp.MustCompile(`<p class="secret request-code[^"]*"[^>]*><strong>([^<]+)</strong>`)

// applyOnline goes through the form, the confirmation and the receipt, and
// returns the tracking code; every response is checked for the code in a
// link or a redirect.
func applyOnline(t *testing.T, e *testEnv, c *testClient, form url.Values) string {
	t.Helper()
	c.get("/requests/apply")
	r := c.post("/requests/apply", form)
	wantStatus(t, r, http.StatusOK, "请核对申请内容", "确认提交", `name="captcha_id"`, "/requests/captcha/")
	confirm := url.Values{}
	for k, vs := range form {
		confirm[k] = vs
	}
	confirm.Set("captcha_id", regexp.MustCompile(`name="captcha_id" value="([^"]+)"`).FindStringSubmatch(r.Body)[1])
	confirm.Set("captcha", testAnswer)
	r = c.post("/requests/apply/confirm", confirm)
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/requests/receipt" {
		t.Fatalf("confirm → %q", loc)
	}
	r = c.get("/requests/receipt")
	wantStatus(t, r, http.StatusOK, "申请回执", "查询码", "登记号", "答复期限", "打印")
	m := receiptCodeRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("receipt shows no code: %.1500s", r.Body)
	}
	code := m[1]
	noCodeInLinks(t, r, code)
	return code
}

var hrefRE = regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)

// noCodeInLinks fails when the tracking code is in a link, a form's action
// or the Location header.
func noCodeInLinks(t *testing.T, r *testResponse, code string) {
	t.Helper()
	plain := strings.ReplaceAll(code, "-", "")
	if loc := r.Header.Get("Location"); strings.Contains(loc, code) || strings.Contains(loc, plain) {
		t.Errorf("code in Location %q", loc)
	}
	for _, m := range hrefRE.FindAllStringSubmatch(r.Body, -1) {
		if strings.Contains(m[1], code) || strings.Contains(m[1], plain) {
			t.Errorf("code in link %q", m[1])
		}
	}
}

func TestRequestPortalApplyAndTrack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqWebEnv(t, db)
		ctx := context.Background()
		edu := e.units["QS-EDU"]
		c := e.client()

		// The guide, linked from the unit's catalog.
		r := c.get("/requests?unit=QS-EDU")
		wantStatus(t, r, http.StatusOK, "依申请公开：青山县教育局", "20 个工作日", `href="/requests/apply?unit=QS-EDU"`, `href="/requests/track"`, "不收取费用")
		r = c.get("/units/QS-EDU/gk")
		wantStatus(t, r, http.StatusOK, `href="/requests?unit=QS-EDU"`)

		// The form, the unit chosen by ?unit=.
		r = c.get("/requests/apply?unit=QS-EDU")
		wantStatus(t, r, http.StatusOK, "政府信息公开申请表", `<optgroup label="青山县教育局">`, `name="csrf_token"`,
			`value="`+strconv.FormatInt(edu.ID, 10)+`" data-code="QS-EDU"`, "商业企业", "法律服务机构", "纸质", "网上查询", "request.js")
		if !regexp.MustCompile(`data-code="QS-EDU"[^>]*selected`).MatchString(r.Body) {
			t.Errorf("unit not preselected")
		}

		// Problems: shown next to the fields, in Chinese, the input kept.
		bad := applyForm(edu.ID, "12")
		bad.Set("applicant_name", "")
		bad.Set("id_number", "110105194912310021")
		r = c.post("/requests/apply", bad)
		wantStatus(t, r, http.StatusUnprocessableEntity, "请修改下面标出的内容", `id="e-applicant_name"`, `id="e-phone"`,
			`id="e-id_number"`, `aria-invalid="true"`, "请填写申请人姓名", "划片招生方案全文", `value="12"`, `value="zhangsan@example.com"`)

		// A wrong answer to the challenge: the confirmation again, with a new challenge.
		good := applyForm(edu.ID, "13800138000")
		r = c.post("/requests/apply", good)
		wantStatus(t, r, http.StatusOK, "请核对申请内容", "110***********002X", "青山县教育局", "划片招生方案全文")
		if strings.Contains(r.Body, ">"+applicantIDNumber+"<") || strings.Contains(r.Body, " "+applicantIDNumber+"<") {
			t.Errorf("confirmation shows the identity number unmasked")
		}
		wrong := url.Values{}
		for k, vs := range good {
			wrong[k] = vs
		}
		wrong.Set("captcha_id", "nope")
		wrong.Set("captcha", "00000")
		r = c.post("/requests/apply/confirm", wrong)
		wantStatus(t, r, http.StatusUnprocessableEntity, "验证码不正确", `id="e-captcha"`)
		if n, _, _ := e.srv.reqs.List(ctx, request.Filter{}); len(n) != 0 {
			t.Fatalf("stored %d applications without the challenge", len(n))
		}

		// The whole path: form → confirmation → receipt.
		code := applyOnline(t, e, c, good)
		a, err := e.srv.reqs.GetByTracking(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if a.Channel != request.ChannelOnline || a.UnitID != edu.ID || a.IDNumber != applicantIDNumber {
			t.Errorf("stored %+v", a)
		}

		// Without the cookie there is no receipt.
		wantStatus(t, e.client().get("/requests/receipt"), http.StatusNotFound, "回执只在提交申请后")

		// The query page: POST only, the code never in a link.
		r = c.get("/requests/track")
		wantStatus(t, r, http.StatusOK, "查询申请办理情况", `method="post" action="/requests/track"`)
		r = c.post("/requests/track", url.Values{"code": {code}})
		wantStatus(t, r, http.StatusOK, a.RegNo, "青山县教育局", "办理中", "答复期限", "答复期限是如何计算的", "收到申请")
		wantAbsent(t, r, applicantIDNumber, "13800138000", "zhangsan@example.com", "张三")
		noCodeInLinks(t, r, code)
		// Case and dashes do not matter.
		r = c.post("/requests/track", url.Values{"code": {strings.ToLower(strings.ReplaceAll(code, "-", " "))}})
		wantStatus(t, r, http.StatusOK, a.RegNo)

		// A wrong or malformed code: the same friendly message.
		r = c.post("/requests/track", url.Values{"code": {"ABCD-EFGH-JKLM"}})
		wantStatus(t, r, http.StatusNotFound, "未找到与该查询码对应的申请")
		r2 := c.post("/requests/track", url.Values{"code": {"<script>'"}})
		wantStatus(t, r2, http.StatusNotFound, "未找到与该查询码对应的申请")

		// The handler asks for a correction; the applicant sees it and corrects.
		today := e.srv.reqs.Today()
		staff := audit.Actor{ID: e.users["handler"].ID, Login: "handler"}
		a, err = e.srv.reqs.RequestCorrection(ctx, staff, a.ID, a.Version, today, "请写明招生方案的学段（小学或初中）", today.AddDays(20))
		if err != nil {
			t.Fatal(err)
		}
		r = c.post("/requests/track", url.Values{"code": {code}})
		wantStatus(t, r, http.StatusOK, "待补正", "需要您补正申请", "请写明招生方案的学段", `action="/requests/track/correction"`)
		noCodeInLinks(t, r, code)
		// An empty correction is refused next to the field.
		r = c.postMultipart("/requests/track/correction", map[string]string{"code": code, "text": ""}, "", nil)
		wantStatus(t, r, http.StatusUnprocessableEntity, "请填写补正的内容", `id="e-text"`)
		r = c.postMultipart("/requests/track/correction", map[string]string{"code": code, "text": "小学和初中两个学段的划片招生方案"},
			"补充说明.pdf", minimalPDF)
		wantStatus(t, r, http.StatusOK, "已收到您的补正材料", "办理中", "收到补正")
		a, err = e.srv.reqs.Get(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.State != request.StateOpen {
			t.Errorf("state after correction %s", a.State)
		}

		// The reply with a released file: read and downloaded by code.
		if _, err := e.srv.reqs.AttachFile(ctx, staff, a.ID, "release", "招生方案.pdf", minimalPDF); err != nil {
			t.Fatal(err)
		}
		a, err = e.srv.reqs.Get(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.srv.reqs.Reply(ctx, staff, a.ID, a.Version, request.ReplyInput{Outcome: request.OutcomeDisclosed, On: today,
			Basis: "《中华人民共和国政府信息公开条例》第三十六条第（二）项", Text: "您申请的信息见附件。"}); err != nil {
			t.Fatal(err)
		}
		r = c.post("/requests/track", url.Values{"code": {code}})
		wantStatus(t, r, http.StatusOK, "已办结", "答复结果", "予以公开", "您申请的信息见附件", "第三十六条", "下载：招生方案.pdf")
		noCodeInLinks(t, r, code)
		files, err := e.srv.reqs.Files(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		var fid int64
		for _, f := range files {
			if f.Kind == "release" {
				fid = f.ID
			}
		}
		r = c.post("/requests/track/files/"+strconv.FormatInt(fid, 10), url.Values{"code": {code}})
		wantStatus(t, r, http.StatusOK)
		if r.Body != string(minimalPDF) || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("download: %q %.100q", r.Header.Get("Content-Disposition"), r.Body)
		}
		r = c.post("/requests/track/files/"+strconv.FormatInt(fid, 10), url.Values{"code": {"WRONG-CODE"}})
		wantStatus(t, r, http.StatusNotFound, "未找到与该查询码对应的申请")
	})
}

// minimalPDF is a tiny valid PDF for attachments.
var minimalPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// postMultipart submits a multipart form with one optional file.
func (c *testClient) postMultipart(path string, fields map[string]string, fileName string, data []byte) *testResponse {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if _, ok := fields["csrf_token"]; !ok {
		mw.WriteField("csrf_token", c.csrf)
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("file", fileName)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func TestRequestPortalRateLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqWebEnv(t, db)
		edu := e.units["QS-EDU"]
		c := e.client()

		// Per contact: the same phone once a day (lowered for the test).
		e.srv.intake.SetLimits(func(l *IntakeLimits) { l.PerContact = 1 })
		applyOnline(t, e, c, applyForm(edu.ID, "13800138000"))
		form := applyForm(edu.ID, "13800138000")
		form.Set("email", "other@example.com")
		form.Set("captcha_id", "x")
		form.Set("captcha", testAnswer)
		r := c.post("/requests/apply/confirm", form)
		wantStatus(t, r, http.StatusTooManyRequests, "已达当日上限")

		// Per address: two applications an hour (lowered for the test).
		e.srv.intake.SetLimits(func(l *IntakeLimits) { l.PerContact, l.PerIP = 100, 2 })
		f2 := applyForm(edu.ID, "13900139000")
		f2.Set("email", "li@example.com")
		applyOnline(t, e, c, f2)
		f3 := applyForm(edu.ID, "13700137000")
		f3.Set("email", "wang@example.com")
		f3.Set("captcha_id", "x")
		f3.Set("captcha", testAnswer)
		r = c.post("/requests/apply/confirm", f3)
		wantStatus(t, r, http.StatusTooManyRequests, "一小时内提交的申请过多")
		if r.Header.Get("Retry-After") == "" {
			t.Errorf("429 without Retry-After")
		}

		// Guessing codes: after TrackFailures wrong codes, 429 even for a right one.
		e.srv.intake.SetLimits(func(l *IntakeLimits) { l.TrackFailures = 3 })
		c.get("/requests/track")
		for i := 0; i < 3; i++ {
			wantStatus(t, c.post("/requests/track", url.Values{"code": {"AAAA-BBBB-" + strconv.Itoa(1000+i)}}), http.StatusNotFound)
		}
		wantStatus(t, c.post("/requests/track", url.Values{"code": {"AAAA-BBBB-CCCC"}}), http.StatusTooManyRequests, "查询码输错次数过多")
	})
}

// The challenge itself: an image and a sound per challenge, one guess each.
func TestRequestCaptcha(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		g := e.srv.intake
		id := g.newChallenge()
		c := e.client()
		r := c.get("/requests/captcha/" + id + ".png")
		wantStatus(t, r, http.StatusOK)
		if r.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(r.Body, "\x89PNG") {
			t.Errorf("image: %q", r.Header.Get("Content-Type"))
		}
		r = c.get("/requests/captcha/" + id + ".wav")
		if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Body, "RIFF") {
			t.Errorf("audio: %d", r.StatusCode)
		}
		wantStatus(t, c.get("/requests/captcha/nope.png"), http.StatusNotFound)
		digits := g.store.Get(id, false)
		var answer strings.Builder
		for _, d := range digits {
			answer.WriteByte('0' + d)
		}
		if g.verifyChallenge(id, "00000x") && answer.String() != "00000" {
			t.Errorf("wrong answer accepted")
		}
		id = g.newChallenge()
		digits = g.store.Get(id, false)
		answer.Reset()
		for _, d := range digits {
			answer.WriteByte('0' + d)
		}
		if !g.verifyChallenge(id, " "+answer.String()+" ") {
			t.Errorf("right answer refused")
		}
		if g.verifyChallenge(id, answer.String()) {
			t.Errorf("a challenge answered twice")
		}
	})
}

// Without JavaScript, the confirmation page offers the published documents
// that match the description: what is public needs no application.
func TestRequestPortalMatches(t *testing.T) {
	if got := requestMatchQuery("我想申请公开关于2025年低保标准的文件。"); got != "2025年低保标准" {
		t.Errorf("match query %q", got)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := searchFixture(t, db)
		p.srv.intake.SetVerifier(func(id, answer string) bool { return answer == testAnswer })
		c := p.client()
		c.get("/requests/apply")
		form := applyForm(p.units["QS-EDU"].ID, "13800138000")
		form.Set("description", "我想申请公开2025年城乡居民最低生活保障标准")
		r := c.post("/requests/apply", form)
		wantStatus(t, r, http.StatusOK, "这些已公开的信息可能就是您要找的", "城乡居民最低生活保障标准的通知")
		wantAbsent(t, r, "撤回的低保名单公示", "低保草稿不应出现")
		// Another unit's documents are not offered for this unit.
		form.Set("unit_id", strconv.FormatInt(p.units["QS-MZ"].ID, 10))
		r = c.post("/requests/apply", form)
		wantStatus(t, r, http.StatusOK, "请核对申请内容")
		wantAbsent(t, r, "这些已公开的信息可能就是您要找的")
	})
}

// TestBrowserRequestApply: a citizen on a phone finds the unit with the
// filter box, sees published documents matching the description while
// typing, confirms with the challenge, keeps the code from the receipt and
// follows the application with it; the page never scrolls sideways, also in
// 适老化 mode.
func TestBrowserRequestApply(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := searchFixture(t, db)
		p.srv.intake.SetVerifier(func(id, answer string) bool { return answer == testAnswer })
		b := browser(t)
		base := p.ts.URL
		noSideways := func(where string) {
			t.Helper()
			if eval[bool](t, b, "document.documentElement.scrollWidth > window.innerWidth + 1") {
				t.Errorf("%s scrolls sideways on a 375px screen", where)
			}
		}

		step(t, b, "open the form on a phone",
			chromedp.EmulateViewport(375, 740),
			chromedp.Navigate(base+"/requests/apply"),
			chromedp.WaitVisible(chromedp.CSS("#unit-filter")),
		)
		noSideways("the form")
		step(t, b, "filter the units", chromedp.SendKeys(chromedp.CSS("#unit-filter"), "第一中学"))
		visible := eval[[]string](t, b, `Array.from(document.querySelectorAll('#f-unit_id option')).filter(o => o.value && !o.hidden).map(o => o.dataset.code)`)
		if len(visible) != 1 || visible[0] != "QS-SCH" {
			t.Errorf("filtered units: %v", visible)
		}
		eval[bool](t, b, `(f => { f.value = '教育局'; f.dispatchEvent(new Event('input')); return true })(document.getElementById('unit-filter'))`)
		visible = eval[[]string](t, b, `Array.from(document.querySelectorAll('#f-unit_id option')).filter(o => o.value && !o.hidden).map(o => o.dataset.code)`)
		if strings.Join(visible, " ") != "QS-EDU QS-SCH" {
			t.Errorf("filtered units: %v", visible)
		}
		step(t, b, "choose the unit",
			chromedp.SetValue(chromedp.CSS("#f-unit_id"), strconv.FormatInt(p.units["QS-EDU"].ID, 10)),
			chromedp.SendKeys(chromedp.CSS("#f-description"), "我想申请公开2025年城乡居民最低生活保障标准"),
			chromedp.WaitVisible(chromedp.CSS("#request-matches a")),
		)
		if got := eval[string](t, b, `document.getElementById('request-matches').textContent`); !strings.Contains(got, "城乡居民最低生活保障标准的通知") {
			t.Errorf("matches: %q", got)
		}
		step(t, b, "fill in and check",
			chromedp.SendKeys(chromedp.CSS("#f-applicant_name"), "张三"),
			chromedp.SendKeys(chromedp.CSS("#f-id_number"), applicantIDNumber),
			chromedp.SendKeys(chromedp.CSS("#f-phone"), "13800138000"),
			chromedp.Submit(chromedp.CSS("#f-phone")),
			chromedp.WaitVisible(chromedp.CSS("#f-captcha")),
		)
		noSideways("the confirmation")
		if !eval[bool](t, b, `document.getElementById('captcha-image').naturalWidth > 0`) {
			t.Errorf("challenge image not shown")
		}
		step(t, b, "confirm",
			chromedp.SendKeys(chromedp.CSS("#f-captcha"), testAnswer),
			chromedp.Submit(chromedp.CSS("#f-captcha")),
			chromedp.WaitVisible(chromedp.CSS(".request-code")),
		)
		noSideways("the receipt")
		if eval[string](t, b, "location.pathname") != "/requests/receipt" {
			t.Errorf("receipt at %s", eval[string](t, b, "location.href"))
		}
		code := strings.TrimSpace(eval[string](t, b, `document.querySelector('.request-code').textContent`))
		if eval[bool](t, b, `document.querySelector('[data-print]').hidden`) {
			t.Errorf("no print button")
		}

		step(t, b, "elderly mode, then query by code",
			chromedp.Navigate(base+"/requests/track"),
			chromedp.WaitVisible(chromedp.CSS("#elderly-toggle")),
			chromedp.Click(chromedp.CSS("#elderly-toggle")),
			chromedp.WaitVisible(chromedp.CSS("body.elderly #f-code")),
			chromedp.SendKeys(chromedp.CSS("#f-code"), code),
			chromedp.Submit(chromedp.CSS("#f-code")),
			chromedp.WaitVisible(chromedp.CSS(".request-steps")),
		)
		noSideways("the query page in 适老化 mode")
		text := eval[string](t, b, "document.body.innerText")
		if !strings.Contains(text, "办理中") || !strings.Contains(text, "QS-EDU-") {
			t.Errorf("query page: %.600s", text)
		}
		if href := eval[string](t, b, "location.href"); strings.Contains(href, code) {
			t.Errorf("code in the address %s", href)
		}
	})
}
