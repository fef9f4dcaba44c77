package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/disclosure"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// searchFixture publishes three documents of 青山县教育局, withdraws one
// and leaves a draft: the withdrawn one and the draft must never be found.
func searchFixture(t *testing.T, db *store.DB) *pdEnv {
	p, _ := searchFixtureDoc(t, db)
	return p
}

// searchFixtureDoc is searchFixture, also returning the first document.
func searchFixtureDoc(t *testing.T, db *store.DB) (*pdEnv, disclosure.Document) {
	p := newPDEnv(t, db)
	in := p.input("关于2025年城乡居民最低生活保障标准的通知", "gzdt")
	in.BodyHTML = "<p>各乡镇：为保障低保户基本生活，现将2025年城乡居民最低生活保障标准通知如下。</p>"
	in.DocNo = "青教发〔2025〕7号"
	first := p.publishNew(in)
	in = p.input("青山县2025年教育经费预算公开说明", "gzdt")
	in.BodyHTML = "<p>本预算包括义务教育经费和学生资助，低保家庭学生享受资助。</p>"
	p.publishNew(in)
	in = p.input("撤回的低保名单公示", "gzdt")
	in.BodyHTML = "<p>低保名单（已撤回）。</p>"
	p.withdraw(p.publishNew(in), "公示期满")
	in = p.input("低保草稿不应出现", "gzdt")
	p.draft(in)
	return p, first
}

func TestPortalSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := searchFixture(t, db)
		c := p.client()

		r := c.get("/search?q=" + url.QueryEscape("低保"))
		if r.StatusCode != http.StatusOK {
			t.Fatalf("search: %d", r.StatusCode)
		}
		for _, want := range []string{"找到 2 条结果", "城乡居民最低生活保障标准的通知", "教育经费预算公开说明", "青山县教育局"} {
			if !strings.Contains(plainText(r.Body), want) {
				t.Errorf("search page lacks %q", want)
			}
		}
		for _, want := range []string{"<mark>低保</mark>", `value="低保"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("search page lacks %q", want)
			}
		}
		wantAbsent(t, r, "撤回的低保名单公示", "低保草稿不应出现")

		// The unit's own search covers it and the units below; another
		// unit's finds nothing.
		if r := c.get("/units/QS-EDU/search?q=" + url.QueryEscape("低保")); !strings.Contains(r.Body, "找到 2 条结果") {
			t.Errorf("unit search: %d %s", r.StatusCode, excerpt(r.Body, "search-summary"))
		}
		if r := c.get("/search?unit=QS&q=" + url.QueryEscape("低保")); !strings.Contains(r.Body, "找到 2 条结果") {
			t.Errorf("search under the county: %s", excerpt(r.Body, "search-summary"))
		}
		if r := c.get("/search?unit=QS-MZ&q=" + url.QueryEscape("低保")); !strings.Contains(r.Body, "没有找到") {
			t.Errorf("search in another unit found something: %s", excerpt(r.Body, "search-summary"))
		}
		for _, page := range []string{"/units/QS-EDU", "/units/QS-EDU/gk"} {
			if r := c.get(page); !strings.Contains(r.Body, `action="/units/QS-EDU/search"`) {
				t.Errorf("%s has no search form for the unit", page)
			}
		}
		if r := c.get("/units/NOPE/search?q=x"); r.StatusCode != http.StatusNotFound {
			t.Errorf("unknown unit: %d", r.StatusCode)
		}

		// A phrase, an exclusion, the date order.
		if r := c.get("/search?q=" + url.QueryEscape(`"最低生活保障" -预算`)); !strings.Contains(r.Body, "找到 1 条结果") ||
			!strings.Contains(plainText(r.Body), "城乡居民最低生活保障标准的通知") {
			t.Errorf("phrase and exclusion: %s", excerpt(r.Body, "search-summary"))
		}
		if r := c.get("/search?sort=date&q=" + url.QueryEscape("低保")); !strings.Contains(r.Body, `<strong aria-current="true">按发布日期</strong>`) {
			t.Errorf("date order not shown as current")
		}

		// No query: the help, no results. A bad filter is dropped with a
		// notice, not an error page.
		if r := c.get("/search"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "多个词用空格分开") {
			t.Errorf("empty search: %d", r.StatusCode)
		}
		if r := c.get("/search?year=abc&q=" + url.QueryEscape("低保")); r.StatusCode != http.StatusOK ||
			!strings.Contains(r.Body, "已忽略无效的筛选条件") || !strings.Contains(r.Body, "找到 2 条结果") {
			t.Errorf("bad filter: %d %s", r.StatusCode, excerpt(r.Body, "notice"))
		} else if strings.Contains(r.Body, "year=abc") {
			t.Errorf("the dropped filter is passed on in the page's links")
		}

		// Facets link to narrower searches that work.
		r = c.get("/search?q=" + url.QueryEscape("低保"))
		if !strings.Contains(r.Body, "发布年份") || !strings.Contains(r.Body, "year=") {
			t.Errorf("no year facet")
		}
	})
}

// TestSearchAfterWithdrawal: results are cached, but a withdrawal in the
// same process shows at once.
func TestSearchAfterWithdrawal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p, first := searchFixtureDoc(t, db)
		q := "/api/v1/search?q=" + url.QueryEscape("低保")
		if _, body := p.api("", "GET", q, nil); num(body, "total") != 2 {
			t.Fatalf("before: %v", body)
		}
		p.withdraw(first, "内容有误")
		if _, body := p.api("", "GET", q, nil); num(body, "total") != 1 {
			t.Errorf("after the withdrawal: %v", body)
		}
	})
}

func TestSearchHostileQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := searchFixture(t, db)
		c := p.client()
		for _, q := range []string{`"`, `"""`, `(`, `)`, `*`, `低保*`, `NEAR(低保 标准)`, `低保 OR 医保`, `低保 AND`, `-`, `--`,
			`' OR 1=1 --`, `"; DROP TABLE documents; --`, `title:低保`, `^低保`, `低保 NOT 标准`, "\x00\x01", "\xff\xfe",
			`{"a":1}`, `<script>alert(1)</script>`, strings.Repeat("城乡居民最低生活保障", 120), `%`, `_`, `\`, `:`} {
			r := c.get("/search?q=" + url.QueryEscape(q))
			if r.StatusCode != http.StatusOK {
				t.Errorf("portal q=%.40q: %d", q, r.StatusCode)
			}
			if strings.Contains(r.Body, "<script>alert(1)") {
				t.Errorf("portal q=%.40q: query echoed unescaped", q)
			}
			resp, body := p.api("", "GET", "/api/v1/search?q="+url.QueryEscape(q), nil)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("api q=%.40q: %d %v", q, resp.StatusCode, body)
			}
		}
		if _, err := db.Exec(p.ctx, `SELECT 1 FROM documents`); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSearchAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := searchFixture(t, db)
		resp, body := p.api("", "GET", "/api/v1/search?q="+url.QueryEscape("低保")+"&unit=QS-EDU&per_page=1", nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("api: %d %v", resp.StatusCode, body)
		}
		if num(body, "total") != 2 || num(body, "per_page") != 1 || num(body, "page") != 1 {
			t.Errorf("api: total/page: %v", body)
		}
		res, _ := body["results"].([]any)
		if len(res) != 1 {
			t.Fatalf("api: results %v", body["results"])
		}
		hit := res[0].(map[string]any)
		for _, k := range []string{"id", "title", "doc_no", "index_no", "unit", "column", "published_on", "url", "snippet"} {
			if _, ok := hit[k]; !ok {
				t.Errorf("api result lacks %q: %v", k, hit)
			}
		}
		if hit["unit"] != "青山县教育局" || !strings.HasPrefix(hit["url"].(string), "/documents/") || hit["index_no"] == "" {
			t.Errorf("api result: %v", hit)
		}

		// Page 2 holds the other one.
		_, body2 := p.api("", "GET", "/api/v1/search?q="+url.QueryEscape("低保")+"&per_page=1&page=2", nil)
		res2, _ := body2["results"].([]any)
		if len(res2) != 1 || res2[0].(map[string]any)["id"] == hit["id"] {
			t.Errorf("page 2: %v", body2["results"])
		}

		// The 文号 and 索引号 are searchable.
		_, body = p.api("", "GET", "/api/v1/search?q="+url.QueryEscape("青教发〔2025〕7号"), nil)
		if num(body, "total") != 1 {
			t.Errorf("search by 文号: %v", body)
		}

		// Bad parameters are 400 with the reason; an empty q is no results.
		for _, bad := range []string{"sort=best", "year=20", "unit=NOPE", "column=x", "validity=old", "page=0", "per_page=-1"} {
			resp, body := p.api("", "GET", "/api/v1/search?q=a&"+bad, nil)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: %d", bad, resp.StatusCode)
			}
			if msg, _ := json.Marshal(body); !strings.Contains(string(msg), "参数") {
				t.Errorf("%s: message %s", bad, msg)
			}
		}
		if _, body := p.api("", "GET", "/api/v1/search?q=", nil); num(body, "total") != 0 {
			t.Errorf("empty q: %v", body)
		}
	})
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plainText is body without its tags.
func plainText(body string) string { return tagRE.ReplaceAllString(body, "") }

// excerpt returns a little of body around the first mark, for messages.
func excerpt(body, mark string) string {
	i := strings.Index(body, mark)
	if i < 0 {
		return "(no " + mark + ")"
	}
	return body[i:min(len(body), i+300)]
}
