package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

var timeZero time.Time

func TestSecurityHeadersEverywhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		for _, path := range []string{"/", "/units", "/units/QS-EDU", "/admin/login", "/no/such/page", "/healthz", "/static/site.css", "/api/v1/units"} {
			r := c.get(path)
			h := r.Header
			if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("%s: CSP = %q", path, csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
				t.Errorf("%s: missing nosniff or Referrer-Policy: %v", path, h)
			}
		}
		if r := c.get("/no/such/page"); r.StatusCode != 404 || !strings.Contains(r.Body, "页面不存在") {
			t.Errorf("404 page: %d %.200s", r.StatusCode, r.Body)
		}
	})
}

func TestPortalShowsUnits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		r := c.get("/")
		if r.StatusCode != 200 || !strings.Contains(r.Body, "青山县人民政府") || !strings.Contains(r.Body, `href="/units/QS-EDU"`) {
			t.Fatalf("home: %d %.500s", r.StatusCode, r.Body)
		}
		r = c.get("/units/QS-SCH")
		if r.StatusCode != 200 || !strings.Contains(r.Body, "青山县第一中学") || !strings.Contains(r.Body, `href="/units/QS-EDU"`) {
			t.Errorf("unit page: %d %.500s", r.StatusCode, r.Body)
		}
		if r := c.get("/units/NOPE"); r.StatusCode != 404 {
			t.Errorf("unknown unit: %d", r.StatusCode)
		}
	})
}

func TestElderlyModePersists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		if r := c.get("/units"); strings.Contains(r.Body, `class="elderly`) {
			t.Fatal("elderly mode on by default")
		}
		r := c.post("/prefs/elderly", url.Values{"on": {"1"}, "return": {"/units"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/units" {
			t.Fatalf("toggle: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		if r := c.get("/"); !strings.Contains(r.Body, `class="elderly`) || !strings.Contains(r.Body, "退出适老化") {
			t.Errorf("elderly mode did not persist")
		}
		// Never an open redirect.
		r = c.post("/prefs/elderly", url.Values{"on": {"0"}, "return": {"//evil.example/"}})
		if r.Header.Get("Location") != "/" {
			t.Errorf("return to another site: %q", r.Header.Get("Location"))
		}
	})
}

func TestCSRF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("sysadmin")
		// A cross-origin POST is refused even with the right token.
		req, _ := http.NewRequest("POST", e.ts.URL+"/admin/logout", strings.NewReader("csrf_token="+url.QueryEscape(c.csrf)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
		if r := c.do(req); r.StatusCode != http.StatusForbidden {
			t.Errorf("cross-origin POST: %d", r.StatusCode)
		}
		// Old browsers send no Origin: the form token decides.
		if r := c.post("/admin/logout", url.Values{"csrf_token": {"wrong"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("wrong token: %d", r.StatusCode)
		}
		req, _ = http.NewRequest("POST", e.ts.URL+"/admin/logout", nil)
		if r := c.do(req); r.StatusCode != http.StatusForbidden {
			t.Errorf("no token: %d", r.StatusCode)
		}
		// Still signed in after the refused attempts; the real form works.
		if r := c.get("/admin/login"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("session lost after refused logout: %d", r.StatusCode)
		}
		if r := c.post("/admin/logout", nil); r.StatusCode != http.StatusSeeOther {
			t.Errorf("logout with token: %d %.200s", r.StatusCode, r.Body)
		}
		if r := c.get("/admin/account"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/login") {
			t.Errorf("after logout /admin/account: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		// An anonymous form (login) needs the cookie token set by an earlier page.
		fresh := e.client()
		if r := fresh.post("/admin/login", url.Values{"login": {"sysadmin"}, "password": {testPassword}, "csrf_token": {strings.Repeat("a", 43)}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("login without prior page: %d", r.StatusCode)
		}
	})
}

func TestLoginAndLockout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		c.get("/admin/login")
		var bodies []string
		for i := 0; i < 5; i++ {
			r := c.post("/admin/login", url.Values{"login": {"editor"}, "password": {"wrong-password-1A"}})
			if r.StatusCode != http.StatusUnauthorized || !strings.Contains(r.Body, badLogin) {
				t.Fatalf("wrong password %d: %d %.300s", i, r.StatusCode, r.Body)
			}
			bodies = append(bodies, r.Body)
		}
		// Locked: even the right password fails, with the same message.
		r := c.post("/admin/login", url.Values{"login": {"editor"}, "password": {testPassword}})
		if r.StatusCode != http.StatusUnauthorized || !strings.Contains(r.Body, badLogin) {
			t.Fatalf("locked account accepted: %d", r.StatusCode)
		}
		// Unknown login: same message.
		r = c.post("/admin/login", url.Values{"login": {"nobody"}, "password": {testPassword}})
		if r.StatusCode != http.StatusUnauthorized || !strings.Contains(r.Body, badLogin) {
			t.Errorf("unknown login: %d", r.StatusCode)
		}
		if err := e.srv.auth.Unlock(context.Background(), audit.CLI, e.users["editor"].ID); err != nil {
			t.Fatal(err)
		}
		e.login("editor")
		// A password never appears in the audit log.
		es, _, _ := audit.List(context.Background(), db, audit.Filter{Limit: 1000})
		for _, en := range es {
			if strings.Contains(en.Summary, testPassword) || strings.Contains(en.Summary, "wrong-password") {
				t.Errorf("audit entry %d contains a password: %s", en.ID, en.Summary)
			}
		}
	})
}

func TestHealthAndMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		if r := c.get("/healthz"); r.StatusCode != 200 {
			t.Errorf("healthz %d", r.StatusCode)
		}
		if r := c.get("/readyz"); r.StatusCode != 200 {
			t.Errorf("readyz %d", r.StatusCode)
		}
		c.get("/units")
		r := c.get("/metrics")
		if r.StatusCode != 200 || !strings.Contains(r.Body, `gongkai_http_requests_total{code="200",method="GET",route="GET /units"}`) {
			t.Errorf("metrics: %d %.300s", r.StatusCode, r.Body)
		}
		db.Close()
		if r := c.get("/readyz"); r.StatusCode != 503 {
			t.Errorf("readyz with the database closed: %d", r.StatusCode)
		}
	})
}

// TestAPITokenCannotUseBackOffice: a token authenticates /api/v1 only; the
// back office (which can change passwords and mint tokens) refuses it.
func TestAPITokenCannotUseBackOffice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("sysadmin")
		for _, path := range []string{"/admin/", "/admin/account", "/admin/units"} {
			if r, _ := e.api(tok, "GET", path, nil); r.StatusCode != http.StatusForbidden {
				t.Errorf("GET %s with an API token: %d", path, r.StatusCode)
			}
		}
		if r, _ := e.api(tok, "POST", "/admin/account/tokens", map[string]string{"name": "x"}); r.StatusCode != http.StatusForbidden {
			t.Errorf("POST /admin/account/tokens with an API token: %d", r.StatusCode)
		}
		if r, _ := e.api(tok, "GET", "/api/v1/me", nil); r.StatusCode != http.StatusOK {
			t.Errorf("the same token on /api/v1/me: %d", r.StatusCode)
		}
	})
}
