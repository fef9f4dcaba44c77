package web

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// The security admin resets a password and unlocks an account; the old
// password stops working, and the user's API token is held back until the
// temporary password has been changed.
func TestAPIResetPasswordAndUnlock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := t.Context()
		sec, edTok := e.token("secadmin"), e.token("editor")
		ed := e.users["editor"]
		path := fmt.Sprintf("/api/v1/users/%d", ed.ID)

		r, body := e.api(sec, "POST", path+"/reset-password", nil)
		temp, _ := body["temporary_password"].(string)
		if r.StatusCode != 200 || len(temp) < 10 {
			t.Fatalf("reset: %d %s", r.StatusCode, r.Body)
		}
		if _, err := e.srv.auth.Authenticate(ctx, "editor", testPassword, "192.0.2.1"); !errors.Is(err, auth.ErrInvalidCredentials) {
			t.Errorf("old password after reset: err = %v", err)
		}
		if u, err := e.srv.auth.Authenticate(ctx, "editor", temp, "192.0.2.1"); err != nil || !u.MustChangePassword {
			t.Errorf("temporary password: %v, must change = %v", err, u.MustChangePassword)
		}

		// Until the temporary password is changed the token reads only /me.
		if r, _ := e.api(edTok, "GET", "/api/v1/units", nil); r.StatusCode != 403 || !strings.Contains(r.Body, "修改密码") {
			t.Errorf("units with a password change pending: %d %s", r.StatusCode, r.Body)
		}
		if r, _ := e.api(edTok, "GET", "/api/v1/me", nil); r.StatusCode != 200 || !strings.Contains(r.Body, `"must_change_password":true`) {
			t.Errorf("me with a password change pending: %d %s", r.StatusCode, r.Body)
		}
		r, _ = e.api(edTok, "POST", "/api/v1/me/password", map[string]any{"old_password": "wrong", "new_password": "Another-Passw0rd!"})
		if r.StatusCode != 422 || !strings.Contains(r.Body, `"field":"old_password"`) {
			t.Errorf("change with a wrong old password: %d %s", r.StatusCode, r.Body)
		}
		r, _ = e.api(edTok, "POST", "/api/v1/me/password", map[string]any{"old_password": temp, "new_password": "short"})
		if r.StatusCode != 422 || !strings.Contains(r.Body, `"field":"new_password"`) {
			t.Errorf("change to a weak password: %d %s", r.StatusCode, r.Body)
		}
		if r, _ := e.api(edTok, "POST", "/api/v1/me/password", map[string]any{"old_password": temp, "new_password": "Another-Passw0rd!"}); r.StatusCode != 204 {
			t.Fatalf("change password: %d %s", r.StatusCode, r.Body)
		}
		if r, _ := e.api(edTok, "GET", "/api/v1/units", nil); r.StatusCode != 200 {
			t.Errorf("units after the change: %d %s", r.StatusCode, r.Body)
		}

		// Lock the account with failed logins, then unlock it.
		for range 6 {
			e.srv.auth.Authenticate(ctx, "editor", "not-the-password", "192.0.2.2")
		}
		if _, body := e.api(sec, "GET", path, nil); body["locked"] != true {
			t.Fatalf("not locked after failed logins: %v", body)
		}
		if r, body := e.api(sec, "POST", path+"/unlock", nil); r.StatusCode != 200 || body["locked"] != false {
			t.Errorf("unlock: %d %s", r.StatusCode, r.Body)
		}
		if _, body := e.api(sec, "GET", "/api/v1/users?locked=true", nil); body["total"] != float64(0) {
			t.Errorf("locked users after unlock: %v", body)
		}
		if _, err := e.srv.auth.Authenticate(ctx, "editor", "Another-Passw0rd!", "192.0.2.3"); err != nil {
			t.Errorf("login after unlock: %v", err)
		}

		// A unit admin may reset within their unit, the system admin never.
		if r, body := e.api(e.token("eduadmin"), "POST", path+"/reset-password", nil); r.StatusCode != 200 || body["temporary_password"] == nil {
			t.Errorf("unit admin reset: %d %s", r.StatusCode, r.Body)
		}
		if r, _ := e.api(e.token("sysadmin"), "POST", path+"/reset-password", nil); r.StatusCode != 403 {
			t.Errorf("system admin reset: %d %s", r.StatusCode, r.Body)
		}
	})
}

// A user created without a password gets a temporary one that works once
// and must be changed.
func TestAPICreateUserTemporaryPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		r, body := e.api(e.token("sysadmin"), "POST", "/api/v1/users",
			map[string]any{"login": "wang.wu", "name": "王五", "unit": "QS-MZ", "role": "request_handler", "email": "ww@qs.gov.cn"})
		if r.StatusCode != 201 || r.Header.Get("Location") == "" {
			t.Fatalf("create: %d %s", r.StatusCode, r.Body)
		}
		temp, _ := body["temporary_password"].(string)
		u, err := e.srv.auth.Authenticate(t.Context(), "wang.wu", temp, "192.0.2.1")
		if err != nil || !u.MustChangePassword || u.Role != auth.RoleRequestHandler {
			t.Errorf("login with the temporary password: %v %+v", err, u)
		}
		if r, body := e.api(e.token("sysadmin"), "GET", r.Header.Get("Location"), nil); r.StatusCode != 200 || body["temporary_password"] != nil {
			t.Errorf("get: %d %s", r.StatusCode, r.Body)
		}
	})
}
