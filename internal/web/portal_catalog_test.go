package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestPortalCatalog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		for _, in := range []org.Input{
			{Code: "QS-QX", Name: "青溪镇人民政府", Type: org.TypeTownship, ParentCode: "QS"},
			{Code: "QS-QX-SP", Name: "青溪镇上坪村", Type: org.TypeVillage, ParentCode: "QS-QX"},
		} {
			u, err := e.srv.orgs.Create(ctx, audit.CLI, in)
			if err != nil {
				t.Fatal(err)
			}
			e.units[in.Code] = u
		}
		c := e.client()

		r := c.get("/gk")
		wantStatus(t, r, http.StatusFound)
		if loc := r.Header.Get("Location"); loc != "/units/QS/gk" {
			t.Fatalf("/gk → %q", loc)
		}
		r = c.get("/units/QS/gk")
		wantStatus(t, r, 200, "青山县人民政府 政府信息公开", "公开目录", "政府信息公开指南", "法定主动公开内容",
			`href="/units/QS/gk/zcwj.gfxwj"`, "行政规范性文件", "征地信息", "每周", `href="/gk" aria-current="page"`, `aria-label="当前位置"`)
		// Link columns stay out until their module serves a page;
		// 依申请公开 has one (portal_requests.go). 政府信息公开年报 is a list
		// of the published annual reports (migration 00014).
		if strings.Contains(r.Body, "即将开通") {
			t.Errorf("section shows a placeholder")
		}
		if !strings.Contains(r.Body, `href="/units/QS/gk/annual_report"`) {
			t.Errorf("section has no 政府信息公开年报 column")
		}
		if !strings.Contains(r.Body, `href="/requests?unit=QS"`) {
			t.Errorf("section has no link to 依申请公开")
		}
		wantStatus(t, c.get("/units/QS/gk/request"), http.StatusNotFound)
		wantStatus(t, c.get("/units/QS/gk/nope"), http.StatusNotFound)
		wantStatus(t, c.get("/units/NOPE/gk"), http.StatusNotFound)
		wantStatus(t, c.get("/units/QS/gk/standard"), http.StatusNotFound)

		// ETag and Last-Modified; a repeated request is answered with 304
		// until the catalog changes.
		etag, lm := r.Header.Get("ETag"), r.Header.Get("Last-Modified")
		if etag == "" || lm == "" {
			t.Fatalf("ETag %q, Last-Modified %q", etag, lm)
		}
		cond := func(h, v string) *testResponse {
			req, _ := http.NewRequest("GET", e.ts.URL+"/units/QS/gk", nil)
			req.Header.Set(h, v)
			return c.do(req)
		}
		wantStatus(t, cond("If-None-Match", etag), http.StatusNotModified)
		wantStatus(t, cond("If-None-Match", `"other", `+etag), http.StatusNotModified)
		wantStatus(t, cond("If-Modified-Since", lm), http.StatusNotModified)
		wantStatus(t, cond("If-None-Match", `"stale"`), 200)

		guide := e.column("QS", "guide")
		if _, err := e.srv.cat.SetPage(ctx, audit.CLI, guide.ID, `<h2>一、主动公开</h2><p>公开的范围<script>alert(1)</script></p>`); err != nil {
			t.Fatal(err)
		}
		r = cond("If-None-Match", etag)
		wantStatus(t, r, 200)
		if r.Header.Get("ETag") == etag {
			t.Error("ETag unchanged after an edit")
		}

		// A page column, a section, a list column.
		r = c.get("/units/QS/gk/guide")
		wantStatus(t, r, 200, "<h1>政府信息公开指南</h1>", "<h2>一、主动公开</h2>", "公开的范围", `href="/units/QS/gk/guide" aria-current="page"`)
		if strings.Contains(r.Body, "alert(1)") {
			t.Error("script in the page")
		}
		wantStatus(t, c.get("/units/QS/gk/zcwj"), 200, "<h1>政策文件</h1>", `href="/units/QS/gk/zcwj.gz"`, "规章", "其他文件")
		r = c.get("/units/QS/gk/zcwj.gfxwj")
		wantStatus(t, r, 200, "<h1>行政规范性文件</h1>", "更新频率", "信息形成或变更后20个工作日内", "体裁分类", "本栏目暂无公开信息。",
			`<a href="/units/QS/gk/zcwj">政策文件</a>`)
		if strings.Contains(r.Body, "标准目录信息") {
			t.Error("county column shows standard fields")
		}

		// A hidden column (and what is under it) is not shown.
		gzdt := e.column("QS", "gzdt")
		if _, err := e.srv.cat.SetHidden(ctx, audit.CLI, gzdt.ID, true); err != nil {
			t.Fatal(err)
		}
		if r := c.get("/units/QS/gk"); strings.Contains(r.Body, "工作动态") {
			t.Error("hidden column listed")
		}
		wantStatus(t, c.get("/units/QS/gk/gzdt"), http.StatusNotFound)

		// A township: standard fields on column pages and the 标准目录.
		r = c.get("/units/QS-QX/gk")
		wantStatus(t, r, 200, "低保救助", "农村事务", `href="/units/QS-QX/gk/standard"`)
		r = c.get("/units/QS-QX/gk/dbjz.db")
		wantStatus(t, r, 200, "最低生活保障", "标准目录信息", "乡镇人民政府", "主动公开", "政府网站 公开栏", "全社会")
		r = c.get("/units/QS-QX/gk/standard")
		wantStatus(t, r, 200, "青溪镇人民政府基层政务公开标准目录", "<th scope=\"col\">事项名称</th>", "<th scope=\"col\">公开对象</th>",
			"最低生活保障", "《中华人民共和国政府信息公开条例》第二十一条", "信息形成或变更之日起20个工作日内", `href="/units/QS-QX/gk/zdxx"`)

		// A village's section is 村（居）务公开; the unit page links to it.
		wantStatus(t, c.get("/units/QS-QX-SP/gk"), 200, "村（居）务公开", "财务公开", "每月")
		wantStatus(t, c.get("/units/QS-QX-SP"), 200, `href="/units/QS-QX-SP/gk"`, "村（居）务公开")
		wantStatus(t, c.get("/units/QS-EDU"), 200, `href="/units/QS-EDU/gk"`, "政府信息公开")

		// Signed-in staff get no validator (their pages are not cached).
		staff := e.login("gkb")
		r = staff.get("/units/QS/gk")
		wantStatus(t, r, 200)
		if r.Header.Get("ETag") != "" || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("staff page: ETag %q, Cache-Control %q", r.Header.Get("ETag"), r.Header.Get("Cache-Control"))
		}
	})
}
