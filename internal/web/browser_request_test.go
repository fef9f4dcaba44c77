package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestBrowserRequestCorrectionReply is issue 5's browser test: a citizen
// applies online and keeps the tracking code; a handler opens the
// application from the queue and asks for a correction (补正); the citizen
// reads the request on the query page and sends the corrected text with a
// file; the handler sees the clock restarted on the day the correction
// arrived, replies 予以公开 with the released file and records the
// delivery; the citizen reads the reply and downloads the file by code.
// Citizen and handler each have their own browser. The applicant's ID
// number and the code are never in an address the browsers asked for.
//
// The server's clock (Config.Now) is pinned (Monday 2026-03-02, then
// Thursday 03-05, then Tuesday 03-10; no holiday in between), so that the
// restart gives a new due date: received 03-02 → due 03-30; corrected
// 03-05 → due 04-02.
func TestBrowserRequestCorrectionReply(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := newRequestClock("2026-03-02")
		e := newReqWebEnv(t, db, func(c *Config) { c.Now = clk.Now })
		dir := t.TempDir()
		correctionPDF := filepath.Join(dir, "补充说明.pdf")
		releasePDF := filepath.Join(dir, "招生方案.pdf")
		for _, f := range []string{correctionPDF, releasePDF} {
			if err := os.WriteFile(f, minimalPDF, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		base := e.ts.URL
		citizen, staff := browser(t), browser(t)

		// Every address either browser was at or fetched, for the check at the end.
		var urls []string
		seen := func(b context.Context) {
			t.Helper()
			urls = append(urls, eval[[]string](t, b,
				`[location.href].concat(performance.getEntries().map(e => e.name))`)...)
		}
		// page is the visible text of the page, noted as seen.
		page := func(b context.Context) string {
			t.Helper()
			seen(b)
			return eval[string](t, b, "document.body.innerText")
		}
		want := func(where, text string, wants ...string) {
			t.Helper()
			for _, w := range wants {
				if !strings.Contains(text, w) {
					t.Errorf("%s lacks %q; it shows:\n%.2500s", where, w, text)
				}
			}
		}
		// post submits the form of sel and waits until the next page has
		// loaded (the old page is marked, so a page that looks the same
		// cannot be mistaken for the new one).
		post := func(b context.Context, what, sel string, before ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			step(t, b, what, append(before, chromedp.Evaluate[chromedp.Void]("window.__oldPage = true"),
				chromedp.Submit(chromedp.CSS(sel)))...)
			for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				c, cancel := context.WithTimeout(b, time.Second)
				done, err := chromedp.Run(c, chromedp.Evaluate[bool]("window.__oldPage === undefined && document.readyState === 'complete'"))
				cancel()
				if err == nil && done {
					seen(b)
					return
				}
			}
			t.Fatalf("%s: no new page after 15 s", what)
		}
		track := func(code string) string {
			t.Helper()
			step(t, citizen, "open the query page", chromedp.Navigate(base+"/requests/track"),
				chromedp.WaitVisible(chromedp.CSS("#f-code")))
			seen(citizen)
			post(citizen, "query by code", "#f-code", chromedp.SendKeys(chromedp.CSS("#f-code"), code))
			return page(citizen)
		}

		// 1. The citizen applies online and keeps the code.
		step(t, citizen, "fill in the form",
			chromedp.Navigate(base+"/requests/apply?unit=QS-EDU"),
			chromedp.WaitVisible(chromedp.CSS("#f-applicant_name")),
			chromedp.SendKeys(chromedp.CSS("#f-applicant_name"), "张三"),
			chromedp.SendKeys(chromedp.CSS("#f-id_number"), applicantIDNumber),
			chromedp.SendKeys(chromedp.CSS("#f-phone"), "13800138000"),
			chromedp.SendKeys(chromedp.CSS("#f-description"), "请公开青山县教育局 2026 年义务教育学校划片招生方案"),
		)
		seen(citizen)
		post(citizen, "check", "#f-phone")
		want("the confirmation", page(citizen), "请核对申请内容", "110***********002X", "青山县教育局")
		post(citizen, "confirm", "#f-captcha", chromedp.SendKeys(chromedp.CSS("#f-captcha"), testAnswer))
		receipt := page(citizen)
		want("the receipt", receipt, "政府信息公开申请回执", "查询码", "2026-03-02", "2026-03-30")
		code := strings.TrimSpace(eval[string](t, citizen, `document.querySelector('.request-code').textContent`))
		regNo := eval[string](t, citizen, `Array.from(document.querySelectorAll('table.meta tr'))
			.find(r => r.querySelector('th').textContent === '登记号').querySelector('td').textContent`)
		if code == "" || !strings.HasPrefix(regNo, "QS-EDU-") {
			t.Fatalf("receipt: code %q, registration number %q", code, regNo)
		}

		// 2. The handler opens it from the queue and asks for a correction.
		step(t, staff, "handler logs in",
			chromedp.Navigate(base+"/admin/login"),
			chromedp.WaitVisible(chromedp.CSS("#login")),
			chromedp.SendKeys(chromedp.CSS("#login"), "handler"),
			chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
			chromedp.Submit(chromedp.CSS("#password")),
			chromedp.WaitVisible(chromedp.CSS(".dash-head")),
			chromedp.Click(chromedp.CSS(`nav a[href="/admin/requests"]`)),
			chromedp.WaitVisible(chromedp.CSS("table.req-list")),
		)
		want("the queue", page(staff), regNo, "张三", "2026-03-30", "剩 20 个工作日", "办理中")
		step(t, staff, "open the application",
			chromedp.Click(chromedp.CSS(`table.req-list a[href^="/admin/requests/"]`)),
			chromedp.WaitVisible(chromedp.CSS("#corr-what")),
		)
		appURL := eval[string](t, staff, "location.pathname")
		want("the application", page(staff), "申请 "+regNo, "网络申请", applicantIDNumber,
			"2026-03-02 收到申请（第 0 日），答复期限 20 个工作日", "→ 期限 2026-03-30", "计时中",
			"应在收到申请后 7 个工作日内（2026-03-11 前）一次性告知")
		if d := eval[string](t, staff, `document.getElementById('corr-deadline').value`); d != "2026-03-17" {
			t.Errorf("default correction deadline %q, want 15 days after the notice", d)
		}
		post(staff, "send the correction notice", "#corr-what",
			chromedp.SendKeys(chromedp.CSS("#corr-what"), "请写明招生方案的学段（小学或初中）"))
		want("the application after the notice", page(staff), "已记录补正告知", "待补正", "待补正，停止计时",
			"待补正后重新计算", "2026-03-02 发出补正告知（补正期限 2026-03-17），期限停止计算", "补正告知书",
			"登记收到的补正")

		// 3. Three days later the citizen reads the request and corrects.
		clk.set("2026-03-05")
		text := track(code)
		want("the query page in correction", text, regNo, "待补正", "需要您补正申请", "请写明招生方案的学段（小学或初中）",
			"补正期限：2026-03-17", "待收到补正材料后重新计算", "补正告知")
		post(citizen, "send the correction", "#f-text",
			chromedp.SendKeys(chromedp.CSS("#f-text"), "小学和初中两个学段的划片招生方案"),
			chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{correctionPDF}))
		want("the query page after correcting", page(citizen), "已收到您的补正材料，答复期限自今日起重新计算", "办理中",
			"2026-03-05 收到补正（重新计为第 0 日），答复期限 20 个工作日", "→ 期限 2026-04-02", "2026-04-02，还有 20 个工作日")
		if n := eval[int](t, citizen, `document.querySelectorAll('#f-text').length`); n != 0 {
			t.Error("the correction form is still offered after correcting")
		}

		// 4. The handler sees the restarted clock, replies and records the delivery.
		clk.set("2026-03-10")
		step(t, staff, "reopen the application", chromedp.Navigate(base+appURL), chromedp.WaitVisible(chromedp.CSS("#reply-text")))
		text = page(staff)
		want("the corrected application", text, "办理中", "计时中", "2026-03-05 收到补正（重新计为第 0 日），答复期限 20 个工作日",
			"→ 期限 2026-04-02", "小学和初中两个学段的划片招生方案", "补充说明.pdf", "剩 17 个工作日")
		if start := eval[string](t, staff, `Array.from(document.querySelectorAll('#clock-h ~ table th'))
			.find(th => th.textContent.includes('第 0 日')).nextElementSibling.textContent`); start != "2026-03-05" {
			t.Errorf("day 0 shown as %q, want the day the correction arrived", start)
		}
		if due := eval[string](t, staff, `document.querySelector('.due-line strong').textContent`); due != "2026-04-02" {
			t.Errorf("due date shown as %q", due)
		}
		post(staff, "reply", "#reply-text",
			chromedp.SetValue(chromedp.CSS("#outcome"), string(request.OutcomeDisclosed)),
			chromedp.SendKeys(chromedp.CSS("#basis"), "《中华人民共和国政府信息公开条例》第三十六条第（二）项"),
			chromedp.SendKeys(chromedp.CSS("#reply-text"), "您申请的 2026 年划片招生方案见附件。"),
			chromedp.SetUploadFiles(chromedp.CSS("#reply-files"), []string{releasePDF}))
		want("the application after the reply", page(staff), "已答复（予以公开），申请已办结。已附公开的信息 1 份。",
			"已办结", "予以公开（2026-03-10）", "2026-03-10 答复，期限停止计算", "招生方案.pdf", "送达记录")
		if how := eval[string](t, staff, `document.getElementById('deliv-how').value`); how != string(request.DeliveryOnline) {
			t.Errorf("delivery way preset to %q, want the applicant's choice", how)
		}
		post(staff, "record the delivery", `form[action$="/delivery"] button`)
		want("the application after the delivery", page(staff), "已记录送达（网上查询，2026-03-10）。")

		// 5. The citizen reads the reply by code and downloads the file.
		text = track(code)
		want("the query page after the reply", text, "已办结", "答复结果", "予以公开", "2026-03-10",
			"第三十六条第（二）项", "您申请的 2026 年划片招生方案见附件。", "救济途径", "送达", "下载：招生方案.pdf")
		if strings.Contains(text, "答复期限\t") {
			t.Error("a closed application still shows a running due date")
		}
		c, cancel := context.WithTimeout(citizen, 10*time.Second)
		got, err := chromedp.Run(c, chromedp.Evaluate[string](`(async () => {
			const f = document.querySelector('form[action^="/requests/track/files/"]');
			const r = await fetch(f.action, {method: 'POST', body: new URLSearchParams(new FormData(f))});
			return r.status + ' ' + r.headers.get('Content-Disposition') + ' ' + (await r.text()).slice(0, 8);
		})()`, chromedp.EvalAwaitPromise))
		cancel()
		if err != nil || !strings.HasPrefix(got, "200 attachment") || !strings.HasSuffix(got, "%PDF-1.4") {
			t.Errorf("download by code: %q %v", got, err)
		}
		seen(citizen)

		// Neither the ID number nor the code was ever in an address.
		if len(urls) < 20 {
			t.Fatalf("only %d addresses noted: %v", len(urls), urls)
		}
		plain := strings.ReplaceAll(code, "-", "")
		for _, u := range urls {
			if strings.Contains(u, applicantIDNumber) || strings.Contains(u, code) || strings.Contains(u, plain) {
				t.Errorf("personal data or the code in the address %s", u)
			}
		}
	})
}

// requestClock is the server's settable clock (10:00 in the
// county).
type requestClock struct {
	mu  sync.Mutex
	loc *time.Location
	now time.Time
}

func (c *requestClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *requestClock) set(day string) {
	d, err := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", c.loc)
	if err != nil {
		panic(err)
	}
	c.mu.Lock()
	c.now = d
	c.mu.Unlock()
}

// newRequestClock is a clock pinned to 10:00 on day in the county (the
// server's default zone, Asia/Shanghai), for Config.Now.
func newRequestClock(day string) *requestClock {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	clk := &requestClock{loc: loc}
	clk.set(day)
	return clk
}
