package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/catalog"
	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// The hand-written writers (portal_fast*.go) must produce what the
// templates produce, byte for byte.

// nasty is text with every character the escapers treat specially;
// storable is nasty without NUL, which PostgreSQL refuses in text.
const (
	nasty    = `A&B <i>"引号"</i> 'x'+y` + "\x00" + ` 中文`
	storable = `A&B <i>"引号"</i> 'x'+y 中文`
)

// templatePage renders p the reference way: the whole page through
// layout.html and the page's template.
func templatePage(t *testing.T, s *Server, name string, p *Page) string {
	t.Helper()
	var b bytes.Buffer
	if err := s.tmpl[name].ExecuteTemplate(&b, "layout.html", p); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b.String()
}

func fastPage(t *testing.T, s *Server, name string, p *Page, content contentWriter) string {
	t.Helper()
	var b bytes.Buffer
	if err := s.execPage(&b, name, p, content); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b.String()
}

// sameHTML fails with the first difference.
func sameHTML(t *testing.T, what, want, got string) {
	t.Helper()
	if want == got {
		return
	}
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	from := max(0, i-120)
	t.Errorf("%s: output differs at byte %d\ntemplate: %q\nwriter:   %q", what, i,
		want[from:min(len(want), i+120)], got[from:min(len(got), i+120)])
}

// visitors are the ways a page differs per visitor: anonymous (as cached,
// without a token), elderly mode, a pending message, signed-in staff.
func visitors() map[string]*reqInfo {
	staff := &auth.User{ID: 7, Name: "测试<staff>&", Role: auth.RoleEditor, UnitName: `教育局"A"`}
	return map[string]*reqInfo{
		"anonymous": {},
		"token":     {csrf: "tok&<>\"'+"},
		"elderly":   {elderly: true, csrf: "abc"},
		"staff":     {user: staff, csrf: "session-token"},
		"staff-eld": {user: staff, csrf: "t", elderly: true},
	}
}

func visitorRequest(path string, ri *reqInfo) *http.Request {
	r := httptest.NewRequest("GET", path, nil)
	return r.WithContext(context.WithValue(r.Context(), ctxKey{}, ri))
}

func TestFastLayoutMatchesTemplate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		s := e.srv
		for vname, ri := range visitors() {
			for _, path := range []string{"/", "/units", "/gk", "/units/QS/gk/x?q=1&b=2", `/a"<b>`} {
				for i, mod := range []func(p *Page){
					func(p *Page) {},
					func(p *Page) { p.Section = "units" },
					func(p *Page) { p.Section = "gk"; p.Feed = "/units/QS/feed.atom" },
					func(p *Page) { p.Feed = "javascript:alert(1)"; p.NoIndex = true },
					func(p *Page) { p.Feed = "/x y/中文?a=b&c=%zz%41" },
					func(p *Page) { p.Flash = nasty; p.SearchQ = nasty; p.Title = nasty },
					func(p *Page) { p.SiteName = nasty; p.SearchQ = "学校 收费" },
				} {
					p := s.page(visitorRequest(path, ri), "标题 "+vname)
					p.Data = "页面不存在。"
					mod(p)
					name := vname + " " + path + " " + string(rune('0'+i))
					sameHTML(t, name, templatePage(t, s, "error", p), fastPage(t, s, "error", p, nil))
				}
			}
		}
	})
}

func TestFastDocumentMatchesTemplate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newPDEnv(t, db)
		s := p.srv
		loc := s.cfg.Location
		var docs []disclosure.Document

		// A policy with an attachment, a document number, topic and keywords.
		in := p.input("青山县教育局关于做好2026年春季学期开学工作的通知", "zcwj.gfxwj")
		in.DocNo, in.Topic, in.Keywords = "青教发〔2026〕3号", "科技、教育", "开学 安全"
		in.BodyHTML = `<p>各乡镇中心学校：</p><p>现就有关事项通知如下。</p>`
		draft := p.draft(in)
		for _, name := range []string{"附件1：开学工作安排表.pdf", "名单<&>'+.pdf", "附件二.PDF"} {
			if _, err := s.docs.Attach(p.ctx, p.editor, draft.ID, draft.Version, name, []byte("%PDF-1.4\n%"+name+"\n%%EOF\n")); err != nil {
				t.Fatal(err)
			}
			draft, _ = s.docs.Get(p.ctx, draft.ID)
		}
		policy := p.publish(draft)
		// Two interpretations of it.
		interp := p.input("《关于做好2026年春季学期开学工作的通知》政策解读", "zcjd")
		interp.InterpretsID = policy.ID
		ip := p.publishNew(interp)
		interp.Title = "图解：开学工作 & \"要点\""
		ip2 := p.publishNew(interp)
		// Plain, without the optional fields; an expired and a repealed one.
		plain := p.publishNew(p.input(storable, "zcwj.qtwj"))
		exp := p.publishNew(p.input("已失效的文件", "zcwj.qtwj"))
		if _, err := s.docs.SetValidity(p.ctx, p.reviewer, exp.ID, exp.Version, disclosure.Expired,
			civil.Today(loc).AddDays(-1), "到期"); err != nil {
			t.Fatal(err)
		}
		rep := p.publishNew(p.input("已废止的文件", "zcwj.qtwj"))
		if _, err := s.docs.SetValidity(p.ctx, p.reviewer, rep.ID, rep.Version, disclosure.Repealed,
			civil.Today(loc), "已被新文件替代"); err != nil {
			t.Fatal(err)
		}
		// A withdrawn one, and an interpretation of a withdrawn policy.
		wd := p.publishNew(p.input("将撤回的文件", "zcwj.qtwj"))
		interp = p.input("已撤回文件的解读", "zcjd")
		interp.InterpretsID = wd.ID
		ipw := p.publishNew(interp)
		p.withdraw(wd, "内容有误 <另行发布>")
		for _, d := range []disclosure.Document{policy, ip, ip2, plain, exp, rep, wd, ipw} {
			docs = append(docs, d)
		}

		check := func(what string, pv disclosure.PageView) {
			t.Helper()
			for vname, ri := range visitors() {
				r := visitorRequest(documentURL(pv.Doc.ID), ri)
				pg, _, err := s.buildDocPage(r, pv, false)
				if err != nil {
					t.Fatal(err)
				}
				sameHTML(t, what+" "+vname, templatePage(t, s, "portal_doc", pg), fastPage(t, s, "portal_doc", pg, writeDocContent))
			}
		}
		for _, d := range docs {
			pv, err := s.docs.PublicPage(p.ctx, d.ID)
			if err != nil {
				t.Fatalf("%d: %v", d.ID, err)
			}
			check(pv.Doc.Title, pv)
		}

		// Every field with characters the escapers change, a zero date,
		// an empty validity.
		pv, err := s.docs.PublicPage(p.ctx, plain.ID)
		if err != nil {
			t.Fatal(err)
		}
		odd := &pv.Doc
		odd.DocNo, odd.Topic, odd.Genre, odd.Keywords, odd.Publisher, odd.IndexNo = nasty, nasty, nasty, nasty, nasty, nasty+"/1"
		odd.WrittenOn, odd.Validity, odd.ValidityOn = civil.Date{}, "", civil.Date{}
		odd.BodyHTML = "<p>正文 &amp; <b>粗体</b></p>"
		odd.Attachments = []disclosure.Attachment{{ID: 3, Name: nasty + ".doc", Size: 3 << 20}, {ID: 4, Name: "a.PDF", Size: 100}}
		pv.Interpretations = []disclosure.Document{{ID: 9, Title: nasty, PublishedOn: civil.D(2026, 1, 2)}, {ID: 10, Title: "无日期"}}
		pv.Policy = &disclosure.Document{ID: 11, Title: nasty, State: disclosure.StateWithdrawn}
		check("odd", pv)
		pv.Interpretations, pv.Policy = nil, nil
		odd.Validity, odd.ValidityOn = disclosure.Repealed, civil.D(2025, 12, 31)
		check("odd repealed", pv)
		odd.Validity, odd.ValidityOn = disclosure.Expired, civil.Date{}
		check("odd expired without date", pv)
		odd.State, odd.StateReason, odd.UpdatedAt = disclosure.StateWithdrawn, nasty, time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC)
		check("odd withdrawn", pv)
	})
}

func TestFastCatalogMatchesTemplate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newPDEnv(t, db)
		s := p.srv
		qx, err := s.orgs.Create(p.ctx, audit.CLI, org.Input{Code: "QS-QX", Name: "青溪镇人民政府", Type: org.TypeTownship, ParentCode: "QS"})
		if err != nil {
			t.Fatal(err)
		}
		// Documents in a list column: more than a page, an expired one,
		// some with a document number.
		for i := range docsPerPage + 3 {
			in := p.input(fmt.Sprintf("第%d份文件 %s", i, storable), "zcwj.qtwj")
			if i%3 == 0 {
				in.DocNo = fmt.Sprintf("青教发〔2026〕%d号", i)
			}
			d := p.publishNew(in)
			if i == 2 {
				d, _ = s.docs.Get(p.ctx, d.ID)
				if _, err := s.docs.SetValidity(p.ctx, p.reviewer, d.ID, d.Version, disclosure.Expired, civil.Today(s.cfg.Location), "到期"); err != nil {
					t.Fatal(err)
				}
			}
		}
		var paths []string
		for _, u := range []org.Unit{p.units["QS"], p.units["QS-EDU"], qx} {
			if err := s.cat.Ensure(p.ctx, u); err != nil {
				t.Fatal(err)
			}
			pc, err := s.cat.PortalTree(p.ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range pc.Columns {
				if c.Kind == catalog.KindList {
					paths = append(paths, gkBase(u)+"/"+c.Code)
				}
			}
		}
		col := "/units/QS-EDU/gk/zcwj.qtwj"
		paths = append(paths, col+"?page=2", col+"?page=3", col+"?year=2026&topic=%E7%BB%BC", col+"?validity=expired&x=<>",
			col+"?year=1990")
		for _, path := range paths {
			for vname, ri := range visitors() {
				r := visitorRequest(path, ri)
				u, _ := url.Parse(path)
				parts := strings.Split(u.Path, "/")
				r.SetPathValue("code", parts[2])
				r.SetPathValue("col", parts[4])
				pg := s.gkColumnPage(httptest.NewRecorder(), r)
				if pg == nil {
					t.Fatalf("%s: no page", path)
				}
				d := pg.Data.(*gkPage)
				if d.View != "list" {
					t.Fatalf("%s: view %q", path, d.View)
				}
				sameHTML(t, path+" "+vname, templatePage(t, s, "portal_gk", pg), fastPage(t, s, "portal_gk", pg, writeGKListContent))
			}
		}

		// Every field with characters the escapers change.
		r := visitorRequest("/units/QS/gk/x", &reqInfo{})
		l := &docListing{Action: "/units/x y/gk/" + nasty, WithGenre: true, Filtered: true, Page: 3, Prev: "/a?b=1&c=" + nasty,
			Next: "javascript:alert(1)", Feed: "/f" + nasty, Years: []int{2026, 2025}, Year: 2025, Topics: []string{nasty, "其他"},
			Topic: nasty, Genres: []string{"通知", nasty}, Validities: []disclosure.Validity{disclosure.Valid, "odd<"},
			Docs: []disclosure.Document{{ID: 1, Title: nasty, DocNo: nasty, Validity: "odd<", PublishedOn: civil.D(2026, 2, 3)}, {ID: 2}}}
		odd := catalog.Column{ID: 5, Code: "a<b", Name: nasty, Genre: nasty, Kind: catalog.KindList,
			Std: catalog.Std{Item: nasty, Content: "c", Basis: "b", TimeLimit: "t", Subject: nasty, Method: "m", Channel: "ch", Audience: "a"}}
		nav := []*gkNavNode{{Col: catalog.Column{Name: nasty}, URL: "/units/x/gk/" + nasty, Current: true, Children: []*gkNavNode{
			{Col: catalog.Column{Name: "子栏目"}, URL: "javascript:x"}, {Col: catalog.Column{Name: "无链接" + nasty}}}}, {Col: odd, URL: "/u"}}
		for i, d := range []*gkPage{
			{View: "list", Unit: org.Unit{Code: "Q S<", Name: nasty, Type: org.TypeTownship}, Column: odd, Nav: nav, Documents: l,
				Trail: []catalog.Column{{Code: "p<1", Name: nasty}, {Code: "p2", Name: "二"}}},
			{View: "list", Unit: org.Unit{Code: "QS", Name: "县"}, Column: catalog.Column{Name: "空"}, Documents: nil},
			{View: "list", Unit: org.Unit{Code: "QS", Name: "县"}, Column: catalog.Column{Name: "空"}, Documents: &docListing{Action: "/x"}},
			{View: "list", Unit: org.Unit{Code: "QS", Name: "县"}, Column: catalog.Column{Name: "空"}, Documents: &docListing{Action: "/x", Page: 2}},
		} {
			pg := s.gkPageOf(r, nasty, d)
			sameHTML(t, fmt.Sprint("odd ", i), templatePage(t, s, "portal_gk", pg), fastPage(t, s, "portal_gk", pg, writeGKListContent))
		}
	})
}

func TestFastEscapers(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<a href="{{.}}" title="{{.}}">{{.}}</a><a href="/p/{{.}}">`))
	for _, s := range []string{"", "plain", nasty, "/units/QS-EDU/gk/zcwj.gfxwj", "/x y/中文?a=b&c=%zz%41%4", "javascript:x",
		"HTTP://ok/", "mailto:a@b", "/a:b", "#frag", "\xff\xfe invalid", "%", "%4", "%41", "a\tb\n", "(x)'y'"} {
		var want, got bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		got.WriteString(`<a href="`)
		escURL(&got, s)
		got.WriteString(`" title="`)
		esc(&got, s)
		got.WriteString(`">`)
		esc(&got, s)
		got.WriteString(`</a><a href="/p/`)
		escURLPart(&got, s)
		got.WriteString(`">`)
		sameHTML(t, s, want.String(), got.String())
	}
	for _, d := range []civil.Date{{}, civil.D(2026, 1, 2), civil.D(999, 12, 31), {Year: 12345, Month: 1, Day: 1}} {
		var got bytes.Buffer
		writeDate(&got, d)
		if got.String() != d.String() {
			t.Errorf("writeDate(%v) = %q", d, got.String())
		}
	}
}

// The CSRF cookie is written without http.SetCookie: the same header.
func TestCSRFCookieHeader(t *testing.T) {
	tok := randomToken()
	for _, secure := range []bool{false, true} {
		want := (&http.Cookie{Name: csrfCookie, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secure}).String()
		attrs := csrfCookieAttrs
		if secure {
			attrs = csrfCookieAttrsSecure
		}
		if got := csrfCookie + "=" + tok + attrs; got != want {
			t.Errorf("secure %t: %q, want %q", secure, got, want)
		}
	}
}
