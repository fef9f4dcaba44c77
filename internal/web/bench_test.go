package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// benchServer is the demo county on the given engine.
func benchServer(b *testing.B, d store.Dialect) (*Server, *store.DB) {
	b.Helper()
	db := storetest.Open(b, d)
	if _, err := demo.Load(context.Background(), db, demo.Options{Seed: 1, Out: io.Discard, AuthConfig: auth.TestConfig()}); err != nil {
		b.Fatal(err)
	}
	// As `gongkai bench portal`: warnings only, no access log.
	logger := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := New(db, Config{Auth: auth.TestConfig(), Logger: logger})
	if err != nil {
		b.Fatal(err)
	}
	return srv, db
}

// benchPage serves path through the whole middleware stack in parallel and
// reports the body size, so the baseline can serve the same number of bytes.
func benchPage(b *testing.B, h http.Handler, path string, cookie *http.Cookie) {
	b.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", path, nil)
	if cookie != nil {
		req.AddCookie(cookie)
	}
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("%s: %d", path, rec.Code)
	}
	b.SetBytes(int64(rec.Body.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest("GET", path, nil)
			if cookie != nil {
				req.AddCookie(cookie)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 200 {
				b.Errorf("%s: %d", path, w.Code)
			}
		}
	})
}

// BenchmarkPortal: the portal pages with the demo county (53 units), against
// a bare net/http handler writing a constant page of the same size.
func BenchmarkPortal(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(d.String(), func(b *testing.B) {
			srv, _ := benchServer(b, d)
			h := srv.Handler()
			for _, path := range []string{"/", "/units", "/units/QS001"} {
				b.Run(path, func(b *testing.B) { benchPage(b, h, path, nil) })
			}
			b.Run("baseline-constant", func(b *testing.B) {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
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

// BenchmarkAdminDashboard: a signed-in request, which adds the session
// lookup (one indexed read) to the page.
func BenchmarkAdminDashboard(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(d.String(), func(b *testing.B) {
			srv, _ := benchServer(b, d)
			u, err := srv.auth.GetUserByLogin(context.Background(), "edu.editor")
			if err != nil {
				b.Fatal(err)
			}
			tok, _, err := srv.auth.CreateSession(context.Background(), u, "127.0.0.1", "bench", false)
			if err != nil {
				b.Fatal(err)
			}
			benchPage(b, srv.Handler(), "/admin/", &http.Cookie{Name: sessionCookie, Value: tok})
		})
	}
}
