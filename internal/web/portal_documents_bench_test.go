package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// benchDocument publishes a document of a realistic size (a body of about
// 6 KB, the metadata table, one interpretation) in the demo county and
// returns it with a list column holding it.
func benchDocument(b *testing.B, srv *Server) (disclosure.Document, string) {
	b.Helper()
	ctx := context.Background()
	units, err := srv.orgs.List(ctx, org.Filter{Type: org.TypeDepartment})
	if err != nil || len(units) == 0 {
		b.Fatalf("units: %v", err)
	}
	u := units[0]
	actor := func(login string, role auth.Role) audit.Actor {
		usr, err := srv.auth.CreateUser(ctx, audit.CLI, auth.NewUser{Login: login, Name: login, UnitID: u.ID, Role: role, Password: testPassword})
		if err != nil {
			b.Fatal(err)
		}
		return audit.Actor{ID: usr.ID, Login: login, UnitID: u.ID}
	}
	editor, reviewer := actor("bench.editor", auth.RoleEditor), actor("bench.reviewer", auth.RoleReviewer)
	if err := srv.cat.Ensure(ctx, u); err != nil {
		b.Fatal(err)
	}
	col, err := srv.cat.ByCode(ctx, u.ID, "zcwj.gfxwj")
	if err != nil {
		b.Fatal(err)
	}
	publish := func(in disclosure.Input) disclosure.Document {
		d, err := srv.docs.Create(ctx, editor, u.ID, in)
		if err == nil {
			d, err = srv.docs.Submit(ctx, editor, d.ID, d.Version)
		}
		if err == nil {
			d, err = srv.docs.RecordReview(ctx, reviewer, d.ID, d.Version, disclosure.Publishable, "", "")
		}
		if err == nil {
			d, err = srv.docs.Publish(ctx, reviewer, d.ID, d.Version)
		}
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
	body := strings.Repeat("<p>为进一步规范行政规范性文件管理，保障公民、法人和其他组织的合法权益，根据有关法律法规规定，结合本县实际，制定本办法。</p>", 40)
	in := disclosure.Input{Title: "青山县行政规范性文件管理办法", DocNo: "青政规〔2026〕1号", WrittenOn: civil.Today(srv.cfg.Location).AddDays(-3),
		Topic: "综合政务", Keywords: "规范性文件 管理", ColumnID: col.ID, BodyHTML: body}
	d := publish(in)
	zcjd, err := srv.cat.ByCode(ctx, u.ID, "zcjd")
	if err != nil {
		b.Fatal(err)
	}
	publish(disclosure.Input{Title: "《青山县行政规范性文件管理办法》政策解读", WrittenOn: in.WrittenOn, ColumnID: zcjd.ID,
		BodyHTML: "<p>解读。</p>", InterpretsID: d.ID})
	return d, gkBase(u) + "/" + col.Code
}

// BenchmarkPortalDocument: the document page served from the page cache
// and rendered on every request (the cache off), a column's listing, and a
// bare net/http handler writing a constant page of the document page's
// size, in the same run (the target: at least 30 % of the bare
// handler's throughput; bench/ measures p99 with a million documents).
func BenchmarkPortalDocument(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(d.String(), func(b *testing.B) {
			srv, _ := benchServer(b, d)
			doc, colPath := benchDocument(b, srv)
			h := srv.Handler()
			path := documentURL(doc.ID)
			b.Run("document-cached", func(b *testing.B) { benchPage(b, h, path, nil) })
			b.Run("document-uncached", func(b *testing.B) {
				pages := srv.pages
				srv.pages = nil // no request is in flight between sub-benchmarks
				defer func() { srv.pages = pages }()
				benchPage(b, h, path, nil)
			})
			b.Run("column-cached", func(b *testing.B) { benchPage(b, h, colPath, nil) })
			b.Run("column-uncached", func(b *testing.B) {
				pages := srv.pages
				srv.pages = nil
				defer func() { srv.pages = pages }()
				benchPage(b, h, colPath, nil)
			})
			b.Run("baseline-constant", func(b *testing.B) {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				page := bytes.Clone(rec.Body.Bytes())
				bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					w.Write(page)
				})
				benchPage(b, bare, "/", nil)
			})
		})
	}
}
