package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestFirstRunSetup: on an empty database the one-time link creates the top
// unit and the first system administrator, then stops working.
func TestFirstRunSetup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv, err := New(db, Config{Auth: auth.TestConfig(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		e := &testEnv{t: t, db: db, srv: srv, ts: ts}
		token, err := srv.auth.CreateSetupToken(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c := e.client()
		if r := c.get("/setup/wrong-token"); r.StatusCode != http.StatusNotFound {
			t.Errorf("wrong token: %d", r.StatusCode)
		}
		// A POST to a wrong link writes nothing, not even the unit.
		c.get("/")
		if r := c.post("/setup/wrong-token", url.Values{"unit_code": {"QS"}, "unit_name": {"青山县人民政府"}, "login": {"root"},
			"name": {"管理员"}, "password": {"Qingshan@2026x"}, "password2": {"Qingshan@2026x"}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("POST to a wrong link: %d", r.StatusCode)
		}
		if roots, _ := srv.orgs.Roots(ctx); len(roots) != 0 {
			t.Fatalf("a wrong link created units: %v", roots)
		}
		r := c.get("/setup/" + token)
		if r.StatusCode != 200 || !strings.Contains(r.Body, `name="unit_code"`) {
			t.Fatalf("setup form: %d %.300s", r.StatusCode, r.Body)
		}
		// Bad input: the form again with the fields marked, nothing written.
		r = c.post("/setup/"+token, url.Values{"unit_code": {"QS"}, "unit_name": {"青山县人民政府"}, "login": {"root"},
			"name": {"管理员"}, "password": {"short"}, "password2": {"other"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="password-err"`) || !strings.Contains(r.Body, "两次输入的密码不一致") {
			t.Fatalf("bad setup form: %d %.2000s", r.StatusCode, r.Body)
		}
		if roots, _ := srv.orgs.Roots(ctx); len(roots) != 0 {
			t.Fatalf("rejected form created units: %v", roots)
		}
		r = c.post("/setup/"+token, url.Values{"unit_code": {"QS"}, "unit_name": {"青山县人民政府"}, "login": {"root"},
			"name": {"管理员"}, "password": {"Qingshan@2026x"}, "password2": {"Qingshan@2026x"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/" {
			t.Fatalf("setup: %d %q %.500s", r.StatusCode, r.Header.Get("Location"), r.Body)
		}
		u, err := srv.auth.GetUserByLogin(ctx, "root")
		if err != nil || u.Role != auth.RoleSystemAdmin || u.UnitCode != "QS" {
			t.Fatalf("first admin: %+v %v", u, err)
		}
		if root, _ := srv.orgs.GetByCode(ctx, "QS"); root.Type != org.TypeCountyGovernment {
			t.Errorf("top unit type %q", root.Type)
		}
		if r := c.get("/setup/" + token); r.StatusCode != http.StatusNotFound {
			t.Errorf("used link: %d", r.StatusCode)
		}
	})
}
