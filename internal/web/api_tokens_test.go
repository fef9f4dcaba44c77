package web

import (
	"fmt"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("editor")

		r, body := e.api(tok, "POST", "/api/v1/me/tokens", map[string]any{"name": "报表系统", "expires_in_days": 30})
		plain, _ := body["token"].(string)
		if r.StatusCode != 201 || !strings.HasPrefix(plain, "gk_") || body["status"] != "active" || body["expires_at"] == nil {
			t.Fatalf("create: %d %s", r.StatusCode, r.Body)
		}
		id := int64(body["id"].(float64))
		if r, body := e.api(plain, "GET", "/api/v1/me", nil); r.StatusCode != 200 || body["login"] != "editor" {
			t.Errorf("new token: %d %s", r.StatusCode, r.Body)
		}
		r, body = e.api(tok, "GET", "/api/v1/me/tokens", nil)
		if r.StatusCode != 200 || body["total"] != float64(2) || !strings.Contains(r.Body, "报表系统") || strings.Contains(r.Body, plain) {
			t.Errorf("list: %d %s", r.StatusCode, r.Body)
		}

		// Another user's token is not found, and stays valid.
		if r, _ := e.api(e.token("eduadmin"), "DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", id), nil); r.StatusCode != 404 {
			t.Errorf("revoke another user's token: %d %s", r.StatusCode, r.Body)
		}
		if r, _ := e.api(tok, "DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", id), nil); r.StatusCode != 204 {
			t.Fatalf("revoke: %d %s", r.StatusCode, r.Body)
		}
		if r, _ := e.api(plain, "GET", "/api/v1/me", nil); r.StatusCode != 401 {
			t.Errorf("revoked token: %d %s", r.StatusCode, r.Body)
		}
		if _, body := e.api(tok, "GET", "/api/v1/me/tokens", nil); !strings.Contains(fmt.Sprint(body["items"]), "status:revoked") {
			t.Errorf("list after revoke: %v", body)
		}

		for _, bad := range []map[string]any{{"name": ""}, {"name": "x", "expires_in_days": -1}, {"name": "x", "expires_in_days": 5000}} {
			if r, _ := e.api(tok, "POST", "/api/v1/me/tokens", bad); r.StatusCode != 422 || !strings.Contains(r.Body, `"problems"`) {
				t.Errorf("create %v: %d %s", bad, r.StatusCode, r.Body)
			}
		}
		if r, _ := e.api(tok, "DELETE", "/api/v1/me/tokens/abc", nil); r.StatusCode != 404 {
			t.Errorf("revoke abc: %d", r.StatusCode)
		}
		// A token may revoke itself; it stops working at once.
		list, _ := e.srv.auth.ListTokens(t.Context(), e.users["editor"].ID)
		for _, x := range list {
			if x.Prefix == tok[:len(x.Prefix)] {
				if r, _ := e.api(tok, "DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", x.ID), nil); r.StatusCode != 204 {
					t.Errorf("revoke self: %d", r.StatusCode)
				}
			}
		}
		if r, _ := e.api(tok, "GET", "/api/v1/me", nil); r.StatusCode != 401 {
			t.Errorf("self-revoked token: %d", r.StatusCode)
		}
	})
}
