package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// pdEnv publishes documents of 青山县教育局 the way the workflow does: the
// editor drafts and submits, the reviewer (not the drafter) reviews and
// publishes.
type pdEnv struct {
	*testEnv
	t        *testing.T
	ctx      context.Context
	editor   audit.Actor
	reviewer audit.Actor
	clock    *pdClock
}

// pdClock is the page cache's clock, moved by tests.
type pdClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *pdClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

func (c *pdClock) advance(d time.Duration) {
	c.mu.Lock()
	c.at = c.at.Add(d)
	c.mu.Unlock()
}

func newPDEnv(t *testing.T, db *store.DB) *pdEnv {
	e := newEnv(t, db)
	actor := func(login string) audit.Actor {
		u := e.users[login]
		return audit.Actor{ID: u.ID, Login: u.Login, UnitID: u.UnitID}
	}
	p := &pdEnv{testEnv: e, t: t, ctx: context.Background(), editor: actor("editor"), reviewer: actor("reviewer"),
		clock: &pdClock{at: time.Now()}}
	e.srv.pages.setClock(p.clock.now)
	return p
}

func (p *pdEnv) input(title, colCode string) disclosure.Input {
	return disclosure.Input{Title: title, ColumnID: p.column("QS-EDU", colCode).ID,
		WrittenOn: civil.Today(p.srv.cfg.Location).AddDays(-2), BodyHTML: "<p>" + title + "的正文。</p>"}
}

func (p *pdEnv) draft(in disclosure.Input) disclosure.Document {
	p.t.Helper()
	d, err := p.srv.docs.Create(p.ctx, p.editor, p.units["QS-EDU"].ID, in)
	if err != nil {
		p.t.Fatalf("create %q: %v", in.Title, err)
	}
	return d
}

// publish takes a draft through review to publication.
func (p *pdEnv) publish(d disclosure.Document) disclosure.Document {
	p.t.Helper()
	docs := p.srv.docs
	d, err := docs.Submit(p.ctx, p.editor, d.ID, d.Version)
	if err == nil {
		d, err = docs.RecordReview(p.ctx, p.reviewer, d.ID, d.Version, disclosure.Publishable, "", "")
	}
	if err == nil {
		d, err = docs.Publish(p.ctx, p.reviewer, d.ID, d.Version)
	}
	if err != nil {
		p.t.Fatalf("publish %q: %v", d.Title, err)
	}
	return d
}

func (p *pdEnv) publishNew(in disclosure.Input) disclosure.Document {
	p.t.Helper()
	return p.publish(p.draft(in))
}

func (p *pdEnv) withdraw(d disclosure.Document, reason string) disclosure.Document {
	p.t.Helper()
	d, err := p.srv.docs.Withdraw(p.ctx, p.reviewer, d.ID, d.Version, reason)
	if err != nil {
		p.t.Fatal(err)
	}
	return d
}

// expire lets every cached page go stale.
func (p *pdEnv) expire() { p.clock.advance(pageCacheTTL + time.Second) }

func wantAbsent(t *testing.T, r *testResponse, forbidden ...string) {
	t.Helper()
	for _, s := range forbidden {
		if strings.Contains(r.Body, s) {
			t.Errorf("%s: body contains %q", r.Request.URL.Path, s)
		}
	}
}

func TestPortalDocumentPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newPDEnv(t, db)
		in := p.input("青山县教育局关于做好2026年春季学期开学工作的通知", "zcwj.gfxwj")
		in.DocNo, in.Topic, in.Keywords = "青教发〔2026〕3号", "科技、教育", "开学 安全"
		in.BodyHTML = `<p>各乡镇中心学校：</p><p>现就有关事项通知如下。</p>`
		draft := p.draft(in)
		pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
		att, err := p.srv.docs.Attach(p.ctx, p.editor, draft.ID, draft.Version, "附件1：开学工作安排表.pdf", pdf)
		if err != nil {
			t.Fatal(err)
		}
		draft, _ = p.srv.docs.Get(p.ctx, draft.ID)
		doc := p.publish(draft)
		interp := p.input("《关于做好2026年春季学期开学工作的通知》政策解读", "zcjd")
		interp.InterpretsID = doc.ID
		ip := p.publishNew(interp)
		unpublished := p.draft(p.input("尚未发布的草稿", "zcwj.qtwj"))

		c := p.client()
		r := c.get(documentURL(doc.ID))
		today := civil.Today(p.srv.cfg.Location).String()
		wantStatus(t, r, 200, "<th scope=\"row\">索引号</th>", doc.IndexNo, "青山县教育局", in.WrittenOn.String(), today,
			"青教发〔2026〕3号", "科技、教育", "行政规范性文件", "开学 安全", "<th scope=\"row\">有效性</th><td class=\"pd-validity\">有效",
			"<h1 class=\"pd-title\">青山县教育局关于做好2026年春季学期开学工作的通知</h1>", "<p>现就有关事项通知如下。</p>",
			fmt.Sprintf(`href="/documents/%d/attachments/%d"`, doc.ID, att.ID), "附件1：开学工作安排表.pdf",
			"政策解读", fmt.Sprintf(`href="/documents/%d"`, ip.ID), `href="/units/QS-EDU/gk/zcwj.gfxwj"`,
			`<link rel="alternate" type="application/atom+xml"`, `href="/units/QS-EDU/feed.atom"`)
		wantAbsent(t, r, "本文件已于", "noindex")
		// The metadata table comes before the body.
		if strings.Index(r.Body, doc.IndexNo) > strings.Index(r.Body, "现就有关事项") {
			t.Error("metadata table after the body")
		}

		// The same page at its 索引号 (which contains a slash).
		if !strings.Contains(doc.IndexNo, "/") {
			t.Fatalf("index number %q", doc.IndexNo)
		}
		wantStatus(t, c.get("/gk/"+doc.IndexNo), 200, "青教发〔2026〕3号", "现就有关事项通知如下")
		wantStatus(t, c.get("/gk/NOPE/2026-00001"), http.StatusNotFound)

		// An interpretation links to the policy it explains.
		wantStatus(t, c.get(documentURL(ip.ID)), 200, "本文是对《", fmt.Sprintf(`href="/documents/%d"`, doc.ID))

		// Drafts and unknown ids are 404.
		wantStatus(t, c.get(documentURL(unpublished.ID)), http.StatusNotFound)
		wantStatus(t, c.get("/documents/999999"), http.StatusNotFound)
		wantStatus(t, c.get("/documents/abc"), http.StatusNotFound)

		// The attachment: its name in RFC 5987 form, the sniffed type,
		// nosniff, the content hash as ETag, publicly cacheable.
		r = c.get(fmt.Sprintf("/documents/%d/attachments/%d", doc.ID, att.ID))
		wantStatus(t, r, 200)
		sum := sha256.Sum256(pdf)
		for h, want := range map[string]string{
			"Content-Type":           "application/pdf",
			"X-Content-Type-Options": "nosniff",
			"ETag":                   `"` + hex.EncodeToString(sum[:]) + `"`,
			"Cache-Control":          "public, max-age=3600",
			"Content-Disposition": `attachment; filename="attachment-` + fmt.Sprint(att.ID) + `.pdf"; filename*=UTF-8''` +
				url.PathEscape("附件1：开学工作安排表") + ".pdf",
		} {
			if got := r.Header.Get(h); got != want {
				t.Errorf("attachment %s = %q, want %q", h, got, want)
			}
		}
		if r.Body != string(pdf) {
			t.Errorf("attachment body %q", r.Body)
		}
		if r.Header.Get("Set-Cookie") != "" {
			t.Errorf("a public attachment sets a cookie: %q", r.Header.Get("Set-Cookie"))
		}
		req, _ := http.NewRequest("GET", p.ts.URL+fmt.Sprintf("/documents/%d/attachments/%d", doc.ID, att.ID), nil)
		req.Header.Set("If-None-Match", r.Header.Get("ETag"))
		wantStatus(t, c.do(req), http.StatusNotModified)
		wantStatus(t, c.get(fmt.Sprintf("/documents/%d/attachments/%d", ip.ID, att.ID)), http.StatusNotFound)

		// The print view: the metadata table and the body, no navigation.
		for _, u := range []string{documentURL(doc.ID) + "/print", documentURL(doc.ID) + "?print=1"} {
			r = c.get(u)
			wantStatus(t, r, 200, doc.IndexNo, "青教发〔2026〕3号", "现就有关事项通知如下", `class="print-view"`, "附件1：开学工作安排表.pdf")
			wantAbsent(t, r, `class="main-nav"`, "site-header", "<script", "工作人员登录")
		}

		// 废止: the page says so, from when.
		doc, _ = p.srv.docs.Get(p.ctx, doc.ID)
		on := civil.Today(p.srv.cfg.Location)
		if _, err := p.srv.docs.SetValidity(p.ctx, p.reviewer, doc.ID, doc.Version, disclosure.Repealed, on, "已被新文件替代"); err != nil {
			t.Fatal(err)
		}
		p.expire()
		wantStatus(t, c.get(documentURL(doc.ID)), 200, "本文件已于 "+on.Chinese()+"废止", "废止（"+on.String()+"起）")

		// Withdrawn: a notice with the reason under the same 索引号, 200, not indexed.
		ip = p.withdraw(ip, "内容有误，另行发布")
		p.expire()
		for _, u := range []string{documentURL(ip.ID), "/gk/" + ip.IndexNo} {
			r = c.get(u)
			wantStatus(t, r, 200, "本文件已撤回", "内容有误，另行发布", ip.IndexNo, "撤回日期", `<meta name="robots" content="noindex">`)
			wantAbsent(t, r, "的正文。")
			if r.Header.Get("X-Robots-Tag") != "noindex" {
				t.Errorf("%s: X-Robots-Tag %q", u, r.Header.Get("X-Robots-Tag"))
			}
		}
		// The policy no longer lists it.
		wantAbsent(t, c.get(documentURL(doc.ID)), fmt.Sprintf(`href="/documents/%d"`, ip.ID))
	})
}

func TestPortalDocumentListing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newPDEnv(t, db)
		var docs []disclosure.Document
		for i := 1; i <= 25; i++ {
			in := p.input(fmt.Sprintf("教育局其他文件第%02d号", i), "zcwj.qtwj")
			if i%5 == 0 {
				in.Topic = "科技、教育"
			}
			docs = append(docs, p.publishNew(in))
		}
		p.draft(p.input("教育局其他文件草稿", "zcwj.qtwj"))
		p.withdraw(docs[24], "撤回测试")
		// Three older documents (发布日期 is set by publication: move it for the test).
		for _, d := range docs[:3] {
			if _, err := db.Exec(p.ctx, `UPDATE documents SET published_on = $1 WHERE id = $2`, civil.D(2024, 3, 1), d.ID); err != nil {
				t.Fatal(err)
			}
		}
		expired, _ := p.srv.docs.Get(p.ctx, docs[10].ID)
		if _, err := p.srv.docs.SetValidity(p.ctx, p.reviewer, expired.ID, expired.Version, disclosure.Expired,
			civil.Today(p.srv.cfg.Location), "有效期届满"); err != nil {
			t.Fatal(err)
		}
		c := p.client()
		title := func(i int) string { return fmt.Sprintf("教育局其他文件第%02d号", i) }
		order := func(r *testResponse, want ...int) {
			t.Helper()
			last := -1
			for _, i := range want {
				at := strings.Index(r.Body, ">"+title(i)+"</a>")
				if at < 0 {
					t.Fatalf("%s: %s missing", r.Request.URL, title(i))
				}
				if at < last {
					t.Errorf("%s: %s out of order", r.Request.URL, title(i))
				}
				last = at
			}
			if n := strings.Count(r.Body, ">教育局其他文件第"); n != len(want) {
				t.Errorf("%s: %d documents listed, want %d", r.Request.URL, n, len(want))
			}
		}
		// Page 1: the 20 newest (24 … 5), newest first; the withdrawn 25, the
		// draft and the three of 2024 are not on it.
		r := c.get("/units/QS-EDU/gk/zcwj.qtwj")
		wantStatus(t, r, 200, "<h1>其他文件</h1>", `rel="next"`, `href="/units/QS-EDU/gk/zcwj.qtwj?page=2"`, "已失效",
			`href="/units/QS-EDU/gk/zcwj.qtwj/feed.atom"`)
		wantAbsent(t, r, "教育局其他文件草稿", "本栏目暂无公开信息", `rel="prev"`)
		var want []int
		for i := 24; i >= 5; i-- {
			want = append(want, i)
		}
		order(r, want...)
		r = c.get("/units/QS-EDU/gk/zcwj.qtwj?page=2")
		wantStatus(t, r, 200, `rel="prev"`)
		wantAbsent(t, r, `rel="next"`)
		order(r, 4, 3, 2, 1)
		// Filters: year, topic, validity; the pager keeps them.
		order(c.get("/units/QS-EDU/gk/zcwj.qtwj?year=2024"), 3, 2, 1)
		order(c.get("/units/QS-EDU/gk/zcwj.qtwj?topic="+url.QueryEscape("科技、教育")), 20, 15, 10, 5)
		order(c.get("/units/QS-EDU/gk/zcwj.qtwj?validity=expired"), 11)
		wantStatus(t, c.get("/units/QS-EDU/gk/zcwj.qtwj?year=2001"), 200, "没有符合条件的公开信息")
		wantStatus(t, c.get("/units/QS-EDU/gk/zcwj.gfxwj"), 200, "本栏目暂无公开信息。")

		// The unit's whole list, with the 体裁分类 filter.
		r = c.get("/units/QS-EDU/documents")
		wantStatus(t, r, 200, "青山县教育局 公开信息", `name="genre"`, `href="/units/QS-EDU/documents?page=2"`)
		order(r, want...)
		order(c.get("/units/QS-EDU/documents?genre="+url.QueryEscape("其他文件")+"&year=2024"), 3, 2, 1)
		if n := strings.Count(c.get("/units/QS-EDU/documents?genre="+url.QueryEscape("规章")).Body, ">教育局其他文件第"); n != 0 {
			t.Errorf("genre filter: %d documents", n)
		}
		wantStatus(t, c.get("/units/NOPE/documents"), http.StatusNotFound)
		wantStatus(t, c.get("/units/QS-EDU/documents?page=100000"), http.StatusNotFound)

		// The home page's 最新公开.
		r = c.get("/")
		wantStatus(t, r, 200, "最新公开", ">"+title(24)+"</a>", `href="/feed.atom"`)
		wantAbsent(t, r, ">"+title(25)+"</a>", ">"+title(4)+"</a>")
	})
}

func TestPortalFeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newPDEnv(t, db)
		in := p.input("关于印发《青山县义务教育阶段招生工作方案》的通知", "zcwj.gfxwj")
		in.DocNo = "青教发〔2026〕5号"
		in.BodyHTML = "<p>" + strings.Repeat("为做好义务教育招生工作，", 30) + "</p><script>alert(1)</script>"
		a := p.publishNew(in)
		b := p.publishNew(p.input("教育局2026年第一季度工作动态", "zcwj.qtwj"))
		p.withdraw(p.publishNew(p.input("已撤回的文件", "zcwj.qtwj")), "重复发布")
		p.draft(p.input("草稿不进订阅", "zcwj.qtwj"))

		c := p.client()
		parse := func(path string) atomFeed {
			t.Helper()
			r := c.get(path)
			wantStatus(t, r, 200)
			if ct := r.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
				t.Errorf("%s: Content-Type %q", path, ct)
			}
			var f atomFeed
			if err := xml.Unmarshal([]byte(r.Body), &f); err != nil {
				t.Fatalf("%s: %v\n%s", path, err, r.Body)
			}
			if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.ID == "" || f.Updated == "" || f.Title == "" {
				t.Errorf("%s: feed header %+v", path, f)
			}
			return f
		}
		titles := func(f atomFeed) []string {
			var out []string
			for _, e := range f.Entries {
				out = append(out, e.Title)
			}
			return out
		}
		f := parse("/feed.atom")
		if got := titles(f); len(got) != 2 || got[0] != b.Title || got[1] != a.Title {
			t.Fatalf("county feed: %q", got)
		}
		e := f.Entries[1]
		if e.ID != p.ts.URL+documentURL(a.ID) || e.Author.Name != "青山县教育局" || len(e.Links) != 1 || e.Links[0].Href != e.ID {
			t.Errorf("entry: %+v", e)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("updated %q: %v", e.Updated, err)
		}
		if !strings.HasPrefix(e.Summary.Text, "青教发〔2026〕5号 为做好义务教育招生工作") || !strings.HasSuffix(e.Summary.Text, "…") ||
			strings.Contains(e.Summary.Text, "alert") || strings.Contains(e.Summary.Text, "<") {
			t.Errorf("summary %q", e.Summary.Text)
		}
		if f.Links[0].Href != p.ts.URL+"/feed.atom" {
			t.Errorf("self link %q", f.Links[0].Href)
		}
		if got := titles(parse("/units/QS-EDU/feed.atom")); len(got) != 2 {
			t.Errorf("unit feed: %q", got)
		}
		if got := titles(parse("/units/QS-MZ/feed.atom")); len(got) != 0 {
			t.Errorf("other unit's feed: %q", got)
		}
		if got := titles(parse("/units/QS-EDU/gk/zcwj.gfxwj/feed.atom")); len(got) != 1 || got[0] != a.Title {
			t.Errorf("column feed: %q", got)
		}
		wantStatus(t, c.get("/units/NOPE/feed.atom"), http.StatusNotFound)
		wantStatus(t, c.get("/units/QS-EDU/gk/nope/feed.atom"), http.StatusNotFound)
		wantStatus(t, c.get("/units/QS-EDU/gk/zcwj/feed.atom"), http.StatusNotFound) // a section lists nothing

		// Absolute links follow the request; X-Forwarded-Proto only behind a trusted proxy.
		req, _ := http.NewRequest("GET", p.ts.URL+"/units/QS-EDU/feed.atom", nil)
		req.Header.Set("X-Forwarded-Proto", "https")
		if r := c.do(req); !strings.Contains(r.Body, `href="`+p.ts.URL+`/units/QS-EDU/feed.atom"`) {
			t.Errorf("untrusted X-Forwarded-Proto used: %.300s", r.Body)
		}

		// ETag on feeds.
		r := c.get("/feed.atom")
		req, _ = http.NewRequest("GET", p.ts.URL+"/feed.atom", nil)
		req.Header.Set("If-None-Match", r.Header.Get("ETag"))
		wantStatus(t, c.do(req), http.StatusNotModified)
	})
}

func TestPortalSitemap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newPDEnv(t, db)
		a := p.publishNew(p.input("已发布的文件", "zcwj.qtwj"))
		w := p.withdraw(p.publishNew(p.input("已撤回的文件", "zcwj.qtwj")), "撤回")
		d := p.draft(p.input("草稿", "zcwj.qtwj"))
		c := p.client()

		r := c.get("/sitemap.xml")
		wantStatus(t, r, 200)
		var idx sitemapIndexXML
		if err := xml.Unmarshal([]byte(r.Body), &idx); err != nil {
			t.Fatal(err)
		}
		if idx.XMLName.Space != sitemapNS || len(idx.Sitemaps) != 2 || idx.Sitemaps[0].Loc != p.ts.URL+"/sitemap-pages.xml" ||
			idx.Sitemaps[1].Loc != p.ts.URL+"/sitemap-docs-1.xml" {
			t.Fatalf("sitemap index: %+v", idx)
		}
		r = c.get("/sitemap-docs-1.xml")
		wantStatus(t, r, 200, "<loc>"+p.ts.URL+documentURL(a.ID)+"</loc><lastmod>")
		var set urlsetXML
		if err := xml.Unmarshal([]byte(r.Body), &set); err != nil {
			t.Fatal(err)
		}
		if len(set.URLs) != 1 || set.URLs[0].LastMod == "" {
			t.Errorf("documents sitemap: %+v", set)
		}
		wantAbsent(t, r, documentURL(w.ID)+"<", documentURL(d.ID)+"<")
		wantStatus(t, c.get("/sitemap-docs-2.xml"), http.StatusNotFound)
		wantStatus(t, c.get("/sitemap-docs-0.xml"), http.StatusNotFound)
		wantStatus(t, c.get("/no-such-file"), http.StatusNotFound)
		wantStatus(t, c.get("/sitemap-pages.xml"), 200, "<loc>"+p.ts.URL+"/</loc>", p.ts.URL+"/units/QS-EDU</loc>",
			p.ts.URL+"/units/QS-EDU/gk</loc>", p.ts.URL+"/units/QS-EDU/documents</loc>")

		// Chunks are id ranges, bounds included.
		if got, err := p.srv.docs.PublishedInRange(p.ctx, a.ID, a.ID); err != nil || len(got) != 1 {
			t.Errorf("range [%d, %d]: %v %v", a.ID, a.ID, got, err)
		}
		if got, _ := p.srv.docs.PublishedInRange(p.ctx, a.ID+1, sitemapChunk); len(got) != 0 {
			t.Errorf("range after %d: %v", a.ID, got)
		}
		if got := sitemapDocsName.FindStringSubmatch("sitemap-docs-12.xml"); got == nil || got[1] != "12" {
			t.Errorf("chunk name: %q", got)
		}
	})
}

func TestPortalPageCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newPDEnv(t, db)
		first := p.publishNew(p.input("第一份文件", "zcwj.qtwj"))
		const col = "/units/QS-EDU/gk/zcwj.qtwj"
		c := p.client()
		r := c.get(col)
		wantStatus(t, r, 200, "第一份文件")
		// A cached page carries no visitor's token; the cookie is set all the same.
		wantStatus(t, r, 200, `<input type="hidden" name="csrf_token" value="">`)
		if !strings.Contains(r.Header.Get("Set-Cookie"), csrfCookie+"=") {
			t.Errorf("no CSRF cookie for a new visitor: %q", r.Header.Get("Set-Cookie"))
		}
		etag := r.Header.Get("ETag")
		if etag == "" {
			t.Fatalf("ETag %q", etag)
		}

		// Served from the cache: a publication shows only after the TTL.
		hits := p.srv.pages.hits.Load()
		second := p.publishNew(p.input("第二份文件", "zcwj.qtwj"))
		other := p.client()
		r = other.get(col)
		wantAbsent(t, r, "第二份文件")
		if r.Header.Get("ETag") != etag {
			t.Errorf("ETag differs between visitors: %q, %q", r.Header.Get("ETag"), etag)
		}
		if p.srv.pages.hits.Load() != hits+1 {
			t.Errorf("hits %d → %d", hits, p.srv.pages.hits.Load())
		}
		cond := func(h, v string) *testResponse {
			req, _ := http.NewRequest("GET", p.ts.URL+col, nil)
			req.Header.Set(h, v)
			return c.do(req)
		}
		wantStatus(t, cond("If-None-Match", etag), http.StatusNotModified)

		// Signed-in staff see the change at once, with their name, never cached.
		staff := p.login("gkb")
		r = staff.get(col)
		wantStatus(t, r, 200, "第二份文件", "测试gkb")
		if r.Header.Get("Cache-Control") != "no-store" || r.Header.Get("ETag") != "" {
			t.Errorf("staff page: Cache-Control %q, ETag %q", r.Header.Get("Cache-Control"), r.Header.Get("ETag"))
		}

		p.expire()
		r = c.get(col)
		wantStatus(t, r, 200, "第二份文件", "第一份文件")
		if r.Header.Get("ETag") == etag {
			t.Error("ETag unchanged after a publication")
		}
		// The old validator no longer matches; the new one does.
		wantStatus(t, cond("If-None-Match", etag), 200)
		wantStatus(t, cond("If-None-Match", r.Header.Get("ETag")), http.StatusNotModified)

		// The document page: ETag and Last-Modified.
		r = c.get(documentURL(second.ID))
		lm := r.Header.Get("Last-Modified")
		if lm == "" || r.Header.Get("ETag") == "" {
			t.Fatalf("document validators: %q %q", r.Header.Get("ETag"), lm)
		}
		req, _ := http.NewRequest("GET", p.ts.URL+documentURL(second.ID), nil)
		req.Header.Set("If-Modified-Since", lm)
		wantStatus(t, c.do(req), http.StatusNotModified)
		req.Header.Set("If-Modified-Since", time.Unix(0, 0).UTC().Format(http.TimeFormat))
		wantStatus(t, c.do(req), 200)

		// 适老化 mode is part of the key, and its switch works from a
		// cached page without a form token, for visitors without a session.
		r = c.post("/prefs/elderly", url.Values{"on": {"1"}, "return": {col}, "csrf_token": {""}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("elderly switch without a token: %d", r.StatusCode)
		}
		wantStatus(t, c.get(col), 200, `class="elderly"`, "退出适老化")
		wantAbsent(t, other.get(col), `class="elderly"`)
		wantStatus(t, other.get(documentURL(first.ID)), 200, "第一份文件")
	})
}

func TestElderlySwitchCSRF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		post := func(c *testClient, h map[string]string) int {
			req, _ := http.NewRequest("POST", e.ts.URL+"/prefs/elderly", strings.NewReader("on=1&return=%2F"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range h {
				req.Header.Set(k, v)
			}
			return c.do(req).StatusCode
		}
		// Anonymous, no token: a display preference, accepted.
		if got := post(e.client(), nil); got != http.StatusSeeOther {
			t.Errorf("anonymous without token: %d", got)
		}
		// Cross-site: refused by CrossOriginProtection.
		if got := post(e.client(), map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}); got != http.StatusForbidden {
			t.Errorf("cross-site: %d", got)
		}
		// With a session the token is required as everywhere else.
		staff := e.login("editor")
		if got := post(staff, nil); got != http.StatusForbidden {
			t.Errorf("signed in without token: %d", got)
		}
		if r := staff.post("/prefs/elderly", url.Values{"on": {"1"}, "return": {"/"}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("signed in with token: %d", r.StatusCode)
		}
		// Other anonymous forms still need their token.
		if r := e.client().post("/admin/login", url.Values{"login": {"editor"}, "password": {testPassword}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("login without token: %d", r.StatusCode)
		}
	})
}

func TestPageCacheBounds(t *testing.T) {
	c := newPageCache(time.Minute, 3, 1<<20)
	put := func(key string, n int) {
		_, f := c.get(key)
		if f == nil {
			t.Fatalf("%s: no fill", key)
		}
		c.finish(key, f, &cachedPage{key: key, status: 200, header: http.Header{}, body: make([]byte, n), stored: c.stamp()})
	}
	for _, k := range []string{"a", "b", "c"} {
		put(k, 10)
	}
	if p, _ := c.get("a"); p == nil { // a is now the most recently used
		t.Fatal("a evicted early")
	}
	put("d", 10)
	if p, f := c.get("b"); p != nil {
		t.Error("least recently used entry kept")
	} else {
		c.finish("b", f, nil)
	}
	// Bytes bound: a big entry pushes out the others.
	put("big", (1<<20)/8)
	if c.size > 1<<20 || c.lru.Len() > 3 {
		t.Errorf("size %d, entries %d", c.size, c.lru.Len())
	}
	// Too big for the cache: not stored.
	put("huge", 1<<20)
	if p, f := c.get("huge"); p != nil {
		t.Error("oversized page cached")
	} else {
		c.finish("huge", f, nil)
	}
}

func TestAttachmentDisposition(t *testing.T) {
	for name, want := range map[string]string{
		"report.pdf":        `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
		"附件 1.pdf":          `attachment; filename="attachment-7.pdf"; filename*=UTF-8''%E9%99%84%E4%BB%B6%201.pdf`,
		`a"b.doc`:           `attachment; filename="attachment-7.doc"; filename*=UTF-8''a%22b.doc`,
		"预算表.表格":            `attachment; filename="attachment-7"; filename*=UTF-8''%E9%A2%84%E7%AE%97%E8%A1%A8.%E8%A1%A8%E6%A0%BC`,
		"x;y=z (final).xls": `attachment; filename="x;y=z (final).xls"; filename*=UTF-8''x%3By%3Dz%20%28final%29.xls`,
	} {
		if got := attachmentDisposition(name, 7); got != want {
			t.Errorf("%q:\n got %s\nwant %s", name, got, want)
		}
	}
}
