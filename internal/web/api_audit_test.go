package web

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// Every change made through the API is in the audit log, with the token's
// user as the actor.
func TestAPIChangesAreAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		sys, sec, edu := e.token("sysadmin"), e.token("secadmin"), e.token("eduadmin")
		editor := fmt.Sprintf("/api/v1/users/%d", e.users["editor"].ID)
		steps := []struct {
			login, token, method, path string
			body                       any
			action                     string
		}{
			{"sysadmin", sys, "POST", "/api/v1/units", map[string]any{"code": "QS-CZ", "name": "财政局", "type": "department", "parent": "QS"}, "unit.create"},
			{"sysadmin", sys, "PATCH", "/api/v1/units/QS-CZ", map[string]any{"name": "青山县财政局"}, "unit.update"},
			{"sysadmin", sys, "POST", "/api/v1/units/QS-CZ/move", map[string]any{"parent": "QS-MZ"}, "unit.move"},
			{"sysadmin", sys, "POST", "/api/v1/units/QS-CZ/deactivate", nil, "unit.deactivate"},
			{"sysadmin", sys, "POST", "/api/v1/units/QS-CZ/activate", nil, "unit.reactivate"},
			{"eduadmin", edu, "POST", "/api/v1/users", map[string]any{"login": "zhao.liu", "name": "赵六", "unit": "QS-EDU", "role": "reviewer"}, "user.create"},
			{"eduadmin", edu, "PATCH", editor, map[string]any{"name": "改名"}, "user.edit"},
			{"sysadmin", sys, "PATCH", editor, map[string]any{"active": false}, "user.deactivate"},
			{"sysadmin", sys, "PATCH", editor, map[string]any{"active": true}, "user.activate"},
			{"secadmin", sec, "POST", editor + "/reset-password", nil, "user.reset_password"},
			{"secadmin", sec, "POST", editor + "/unlock", nil, "user.unlock"},
			{"secadmin", sec, "POST", editor + "/revoke-sessions", nil, "user.revoke_sessions"},
			{"secadmin", sec, "PUT", "/api/v1/security/settings", map[string]any{"totp_required_for_admins": false}, "security.settings"},
			{"eduadmin", edu, "POST", "/api/v1/me/tokens", map[string]any{"name": "对接"}, "token.create"},
			{"eduadmin", edu, "POST", "/api/v1/me/password", map[string]any{"old_password": testPassword, "new_password": "Brand-New-Passw0rd"}, "user.change_password"},
		}
		for _, st := range steps {
			r, body := e.api(st.token, st.method, st.path, st.body)
			if r.StatusCode >= 300 {
				t.Fatalf("%s %s: %d %s", st.method, st.path, r.StatusCode, r.Body)
			}
			if st.action == "token.create" {
				id := int64(body["id"].(float64))
				if r, _ := e.api(edu, "DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", id), nil); r.StatusCode != 204 {
					t.Fatalf("revoke: %d %s", r.StatusCode, r.Body)
				}
			}
		}
		steps = append(steps, struct {
			login, token, method, path string
			body                       any
			action                     string
		}{login: "eduadmin", action: "token.revoke"})
		for _, st := range steps {
			es, _, err := audit.List(t.Context(), db, audit.Filter{Action: st.action, Actor: st.login})
			if err != nil {
				t.Fatal(err)
			}
			if len(es) == 0 {
				t.Errorf("no %s entry by %s", st.action, st.login)
				continue
			}
			if es[0].ActorID != e.users[st.login].ID || es[0].IP == "" {
				t.Errorf("%s: actor id %d ip %q, want %d", st.action, es[0].ActorID, es[0].IP, e.users[st.login].ID)
			}
		}
		if res, err := audit.Verify(t.Context(), db); err != nil || !res.OK {
			t.Errorf("verify: %+v %v", res, err)
		}
	})
}

func TestAPIAuditFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		aud := e.token("auditor")
		if r, _ := e.api(e.token("sysadmin"), "PATCH", "/api/v1/units/QS-EDU", map[string]any{"phone": "0571-1"}); r.StatusCode != 200 {
			t.Fatalf("patch: %d %s", r.StatusCode, r.Body)
		}
		today := time.Now().In(e.srv.cfg.Location).Format("2006-01-02")
		yesterday := time.Now().In(e.srv.cfg.Location).AddDate(0, 0, -1).Format("2006-01-02")
		for _, c := range []struct {
			query      string
			status     int
			want, not  string
			wantTotal  float64
			checkTotal bool
		}{
			{query: "actor=sysadmin", status: 200, want: `"action":"unit.update"`, not: `"actor":"cli"`},
			{query: "unit=QS-EDU&action=unit.", status: 200, want: `"unit_code":"QS-EDU"`, not: `"unit_code":"QS-MZ"`},
			{query: "object_type=unit&object_id=" + fmt.Sprint(e.units["QS-EDU"].ID) + "&action=unit.update", status: 200, wantTotal: 1, checkTotal: true},
			{query: "from=" + today + "&to=" + today + "&actor=sysadmin", status: 200, wantTotal: 1, checkTotal: true},
			{query: "to=" + yesterday, status: 200, wantTotal: 0, checkTotal: true},
			{query: "action=token.create&per_page=1", status: 200, want: `"per_page":1`},
			{query: "from=2025-13-01", status: 400, want: "YYYY-MM-DD"},
			{query: "from=" + today + "&to=" + yesterday, status: 400},
			{query: "unit=NOPE", status: 400},
		} {
			r, body := e.api(aud, "GET", "/api/v1/audit?"+c.query, nil)
			if r.StatusCode != c.status || !strings.Contains(r.Body, c.want) || (c.not != "" && strings.Contains(r.Body, c.not)) {
				t.Errorf("%s: %d %.400s", c.query, r.StatusCode, r.Body)
			}
			if c.checkTotal && body["total"] != c.wantTotal {
				t.Errorf("%s: total %v, want %v", c.query, body["total"], c.wantTotal)
			}
		}
	})
}
