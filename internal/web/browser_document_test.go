package web

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestBrowserDocumentLifecycle is the "done when", in a real browser:
// an editor drafts (with a script and an ID number in the body), attaches a
// DOCX with a mobile number, sees the scanner's findings, masks them and
// submits; the reviewer concludes (with an override reason for the finding
// left in the attachment) and publishes; the document is on the portal, in
// the feeds, the sitemap and the API, and the script never ran; a withdrawal
// leaves a notice with its reason.
func TestBrowserDocumentLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.srv.pages.setTTL(time.Millisecond) // see changes at once
		ctx := context.Background()
		cols, err := e.srv.cat.ListColumns(ctx, e.units["QS-EDU"].ID)
		if err != nil || len(cols) == 0 {
			t.Fatalf("columns of QS-EDU: %v %v", cols, err)
		}
		col := cols[0]
		docx := filepath.Join(t.TempDir(), "附件一.docx")
		os.WriteFile(docx, docxWith(t, "联系人：张三，手机 138 1234 5678"), 0o644)
		b := browser(t)
		base := e.ts.URL

		login := func(who string) {
			step(t, b, "login "+who,
				chromedp.Navigate(base+"/admin/login"),
				chromedp.WaitVisible(chromedp.CSS("#login")),
				chromedp.SendKeys(chromedp.CSS("#login"), who),
				chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
				chromedp.Submit(chromedp.CSS("#password")),
				chromedp.WaitVisible(chromedp.CSS(".dash-head")),
			)
		}
		logout := func() {
			step(t, b, "logout", chromedp.Submit(chromedp.CSS(`form[action="/admin/logout"] button`)),
				chromedp.WaitVisible(chromedp.CSS("#login")))
		}
		// submit posts the form of sel and waits until the next page has
		// loaded: the old page is marked, so a flash or a button that both
		// pages show cannot be mistaken for the new one.
		submit := func(what, sel string, before ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			step(t, b, what, append(before, chromedp.Evaluate[chromedp.Void]("window.__oldPage = true"), chromedp.Submit(chromedp.CSS(sel)))...)
			deadline := time.Now().Add(15 * time.Second)
			for time.Now().Before(deadline) {
				c, cancel := context.WithTimeout(b, time.Second)
				done, err := chromedp.Run(c, chromedp.Evaluate[bool]("window.__oldPage === undefined && document.readyState === 'complete'"))
				cancel()
				if err == nil && done {
					return
				}
				time.Sleep(50 * time.Millisecond) // the page is being replaced
			}
			t.Fatalf("%s: no new page after 15 s", what)
		}
		setJS := func(sel, val string) chromedp.Action[chromedp.Void] {
			return chromedp.Evaluate[chromedp.Void](`document.querySelector(` + strconv.Quote(sel) + `).value = ` + strconv.Quote(val))
		}

		// The editor drafts.
		login("editor")
		title := "青山县教育局关于2026年秋季学期学生资助工作的通知"
		body := `<p>经办人身份证号 ` + testIDNumber + `。</p><script>window.__pwned = 1</script><p><img src="x" onerror="window.__pwned = 2">资助标准见附件。</p>`
		step(t, b, "draft",
			chromedp.Navigate(base+"/admin/documents/new?unit="+strconv.FormatInt(e.units["QS-EDU"].ID, 10)),
			chromedp.WaitVisible(chromedp.CSS("#title")),
			chromedp.SendKeys(chromedp.CSS("#title"), title),
			setJS("#column_id", strconv.FormatInt(col.ID, 10)),
			setJS("#written_on", civil.Today(e.srv.cfg.Location).AddDays(-2).String()),
			setJS("#topic", "科技、教育"),
			setJS("#body_html", body),
			chromedp.Submit(chromedp.CSS("#title")),
			chromedp.WaitVisible(chromedp.CSS(`input[type=file]`)),
		)
		loc := eval[string](t, b, "location.pathname")
		id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/admin/documents/"), 10, 64)
		if err != nil {
			t.Fatalf("after saving the draft the browser is at %s", loc)
		}
		submit("attach", `input[type=file]`, chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{docx}))
		page := eval[string](t, b, "document.body.innerText")
		for _, want := range []string{"身份证号", "手机号", testIDNumber, "附件一.docx"} {
			if !strings.Contains(page, want) {
				t.Errorf("findings page lacks %q", want)
			}
		}
		submit("mask all", `form[action$="/mask"] input[name=all]`)
		if d := e.doc(id); strings.Contains(d.BodyHTML, testIDNumber) || !strings.Contains(d.BodyHTML, "1101**********4258") {
			t.Fatalf("body after masking: %s", d.BodyHTML)
		}
		submit("submit", `form[action$="/submit"] button`)
		logout()

		// The reviewer concludes and publishes.
		login("reviewer")
		step(t, b, "review",
			chromedp.Navigate(base+"/admin/documents/"+strconv.FormatInt(id, 10)),
			chromedp.WaitVisible(chromedp.CSS(`input[name=conclusion][value=publishable]`)),
			chromedp.Click(chromedp.CSS(`input[name=conclusion][value=publishable]`)),
			chromedp.SendKeys(chromedp.CSS("#override_reason"), "附件中的手机号为单位公开的办公联系电话，可以公开。"),
			chromedp.Submit(chromedp.CSS("#override_reason")),
			chromedp.WaitVisible(chromedp.CSS(`form[action$="/publish"] button`)),
		)
		submit("publish", `form[action$="/publish"] button`)
		d := e.doc(id)
		if d.State != "published" || d.IndexNo == "" {
			t.Fatalf("after publishing: state %s, index %q", d.State, d.IndexNo)
		}

		// The public sees it, and the script in the body never ran.
		anon := browser(t)
		step(t, anon, "portal page", chromedp.Navigate(base+"/documents/"+strconv.FormatInt(id, 10)),
			chromedp.WaitVisible(chromedp.CSS("h1")))
		pub := eval[string](t, anon, "document.body.innerText")
		for _, want := range []string{title, d.IndexNo, "1101**********4258", "附件一.docx"} {
			if !strings.Contains(pub, want) {
				t.Errorf("public page lacks %q", want)
			}
		}
		if pwned := eval[bool](t, anon, "window.__pwned !== undefined"); pwned {
			t.Error("a script from the body ran on the public page")
		}
		if n := eval[int](t, anon, "document.querySelectorAll('main script, main [onerror]').length"); n != 0 {
			t.Errorf("%d script elements or handlers left in the page", n)
		}
		get := func(path string) string {
			resp, err := http.Get(base + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return string(b)
		}
		if feed := get("/feed.atom"); !strings.Contains(feed, title) {
			t.Errorf("county feed lacks the document")
		}
		if sm := get("/sitemap-docs-1.xml"); !strings.Contains(sm, "/documents/"+strconv.FormatInt(id, 10)) {
			t.Errorf("sitemap lacks the document: %.300s", sm)
		}
		if api := get("/api/v1/documents/" + strconv.FormatInt(id, 10)); !strings.Contains(api, d.IndexNo) {
			t.Errorf("public API lacks the document: %.300s", api)
		}

		// A withdrawal leaves a notice, not a missing page.
		submit("withdraw", "#withdraw-reason",
			chromedp.Evaluate[chromedp.Void]("window.confirm = () => true"),
			chromedp.SendKeys(chromedp.CSS("#withdraw-reason"), "资助标准已调整，另行发布。"))
		if d := e.doc(id); d.State != "withdrawn" {
			t.Fatalf("after withdrawing: state %s", d.State)
		}
		time.Sleep(5 * time.Millisecond) // past the page cache's TTL
		step(t, anon, "withdrawal notice", chromedp.Navigate(base+"/gk/"+d.IndexNo), chromedp.WaitVisible(chromedp.CSS("h1")))
		notice := eval[string](t, anon, "document.body.innerText")
		if !strings.Contains(notice, "资助标准已调整，另行发布。") || !strings.Contains(notice, d.IndexNo) || strings.Contains(notice, "1101**********4258") {
			t.Errorf("withdrawal notice: %.600s", notice)
		}
	})
}
