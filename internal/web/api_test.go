package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// rawBody is a request body sent as is (for malformed JSON).
type rawBody string

// apiRaw sends a body that is not marshalled first.
func (e *testEnv) apiRaw(token, method, path, body string) *testResponse {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &testResponse{Response: resp, Body: string(b)}
}

// apiScenario is one API call and what must come back. In path, {id:LOGIN}
// stands for the id of a fixture user. login "" sends no token, "garbage"
// a made-up one.
type apiScenario struct {
	name       string
	login      string
	method     string
	path       string
	body       any
	wantStatus int
	want       []string // substrings the body must contain
	wantNot    []string // substrings it must not contain
}

// runAPIScenarios runs the scenarios in order on one environment (later
// ones may rely on the state earlier ones left).
func runAPIScenarios(t *testing.T, e *testEnv, scenarios []apiScenario) {
	t.Helper()
	tokens := map[string]string{"": "", "garbage": "gk_notarealtokenatall0123456789"}
	for _, sc := range scenarios {
		tok, ok := tokens[sc.login]
		if !ok {
			tok = e.token(sc.login)
			tokens[sc.login] = tok
		}
		path := sc.path
		for login, u := range e.users {
			path = strings.ReplaceAll(path, "{id:"+login+"}", strconv.FormatInt(u.ID, 10))
		}
		var resp *testResponse
		if raw, isRaw := sc.body.(rawBody); isRaw {
			resp = e.apiRaw(tok, sc.method, path, string(raw))
		} else {
			resp, _ = e.api(tok, sc.method, path, sc.body)
		}
		if resp.StatusCode != sc.wantStatus {
			t.Errorf("%s: %s %s as %q: status %d, want %d; body %.400s", sc.name, sc.method, path, sc.login, resp.StatusCode, sc.wantStatus, resp.Body)
			continue
		}
		if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusNoContent && !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: Content-Type %q", sc.name, ct)
		}
		for _, s := range sc.want {
			if !strings.Contains(resp.Body, s) {
				t.Errorf("%s: body lacks %q: %.400s", sc.name, s, resp.Body)
			}
		}
		for _, s := range sc.wantNot {
			if strings.Contains(resp.Body, s) {
				t.Errorf("%s: body contains %q: %.400s", sc.name, s, resp.Body)
			}
		}
	}
}

func TestAPIScenarios(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		unit := func(code, name, parent string) map[string]any {
			return map[string]any{"code": code, "name": name, "type": "department", "parent": parent}
		}
		runAPIScenarios(t, e, []apiScenario{
			// Authentication.
			{name: "no token", method: "GET", path: "/api/v1/me", wantStatus: 401, want: []string{`"error":"unauthorized"`}},
			{name: "no token on a list", method: "GET", path: "/api/v1/units", wantStatus: 401},
			{name: "no token on a POST", method: "POST", path: "/api/v1/units", body: unit("X1", "某单位", "QS"), wantStatus: 401},
			{name: "garbage token", login: "garbage", method: "GET", path: "/api/v1/me", wantStatus: 401, want: []string{"令牌"}},
			{name: "me", login: "editor", method: "GET", path: "/api/v1/me", wantStatus: 200,
				want:    []string{`"login":"editor"`, `"unit_code":"QS-EDU"`, `"role_label":"信息员"`, `"locked":false`, `"last_login_at":null`},
				wantNot: []string{`"password`, "hash", "secret", "UnitPath", "path"}},
			{name: "openapi is public", method: "GET", path: "/api/v1/openapi.json", wantStatus: 200, want: []string{`"openapi":"3.0.3"`}},
			{name: "unknown route", login: "sysadmin", method: "GET", path: "/api/v1/nope", wantStatus: 404, want: []string{`"error":"not_found"`}},
			{name: "wrong method", login: "sysadmin", method: "DELETE", path: "/api/v1/units/QS", wantStatus: 405, want: []string{"GET"}},

			// Units by the system admin: full CRUD.
			{name: "create unit", login: "sysadmin", method: "POST", path: "/api/v1/units", body: unit("QS-CZ", "青山县财政局", "QS"),
				wantStatus: 201, want: []string{`"code":"QS-CZ"`, `"parent":"QS"`, `"type_label":"政府部门"`, `"active":true`}, wantNot: []string{"/1/"}},
			{name: "get unit", login: "sysadmin", method: "GET", path: "/api/v1/units/QS-CZ", wantStatus: 200, want: []string{"青山县财政局"}},
			{name: "patch keeps absent fields", login: "sysadmin", method: "PATCH", path: "/api/v1/units/QS-CZ",
				body: map[string]any{"phone": "0571-1234567", "sort_order": 3}, wantStatus: 200,
				want: []string{`"phone":"0571-1234567"`, `"name":"青山县财政局"`, `"type":"department"`, `"sort_order":3`}},
			{name: "patch cannot change code", login: "sysadmin", method: "PATCH", path: "/api/v1/units/QS-CZ",
				body: map[string]any{"code": "QS-CZ2"}, wantStatus: 422, want: []string{`"field":"code"`}},
			{name: "patch same code is fine", login: "sysadmin", method: "PATCH", path: "/api/v1/units/QS-CZ",
				body: map[string]any{"code": "QS-CZ", "parent": "QS", "name": "青山县财政局（改）"}, wantStatus: 200, want: []string{"（改）"}},
			{name: "move", login: "sysadmin", method: "POST", path: "/api/v1/units/QS-CZ/move", body: map[string]any{"parent": "QS-MZ"},
				wantStatus: 200, want: []string{`"parent":"QS-MZ"`}},
			{name: "move needs parent", login: "sysadmin", method: "POST", path: "/api/v1/units/QS-CZ/move", body: map[string]any{},
				wantStatus: 422, want: []string{`"field":"parent"`}},
			{name: "move under itself", login: "sysadmin", method: "POST", path: "/api/v1/units/QS-EDU/move", body: map[string]any{"parent": "QS-SCH"},
				wantStatus: 422, want: []string{`"field":"parent"`}},
			{name: "deactivate", login: "sysadmin", method: "POST", path: "/api/v1/units/QS-CZ/deactivate", wantStatus: 200, want: []string{`"active":false`}},
			{name: "inactive hidden by default", login: "sysadmin", method: "GET", path: "/api/v1/units", wantStatus: 200, wantNot: []string{"QS-CZ"}},
			{name: "inactive listed on request", login: "sysadmin", method: "GET", path: "/api/v1/units?include_inactive=true", wantStatus: 200, want: []string{"QS-CZ"}},
			{name: "activate", login: "sysadmin", method: "POST", path: "/api/v1/units/QS-CZ/activate", wantStatus: 200, want: []string{`"active":true`}},
			{name: "deactivate with children", login: "sysadmin", method: "POST", path: "/api/v1/units/QS-EDU/deactivate", wantStatus: 422,
				want: []string{`"error":"invalid"`}},
			{name: "unknown unit", login: "sysadmin", method: "GET", path: "/api/v1/units/NOPE", wantStatus: 404, want: []string{`"error":"not_found"`}},
			{name: "list filters", login: "sysadmin", method: "GET", path: "/api/v1/units?under=QS-EDU&type=school", wantStatus: 200,
				want: []string{"QS-SCH", `"total":1`}, wantNot: []string{`"code":"QS-EDU"`}},
			{name: "list paging", login: "sysadmin", method: "GET", path: "/api/v1/units?per_page=2&page=2", wantStatus: 200,
				want: []string{`"page":2`, `"per_page":2`, `"total":5`}},
			{name: "per_page capped", login: "sysadmin", method: "GET", path: "/api/v1/units?per_page=1000", wantStatus: 200, want: []string{`"per_page":100`}},
			{name: "bad page", login: "sysadmin", method: "GET", path: "/api/v1/units?page=0", wantStatus: 400, want: []string{`"error":"bad_request"`}},
			{name: "bad type filter", login: "sysadmin", method: "GET", path: "/api/v1/units?type=castle", wantStatus: 400},

			// Malformed and invalid input.
			{name: "bad JSON", login: "sysadmin", method: "POST", path: "/api/v1/units", body: rawBody(`{"code": "X",`), wantStatus: 400,
				want: []string{`"error":"bad_request"`, "JSON"}},
			{name: "unknown field", login: "sysadmin", method: "POST", path: "/api/v1/units",
				body: map[string]any{"code": "X2", "name": "某单位", "type": "department", "parent": "QS", "colour": "red"}, wantStatus: 400,
				want: []string{"未知字段", "colour"}},
			{name: "wrong type", login: "sysadmin", method: "POST", path: "/api/v1/units", body: rawBody(`{"code": 5}`), wantStatus: 400, want: []string{"code"}},
			{name: "empty body", login: "sysadmin", method: "POST", path: "/api/v1/units", body: rawBody(``), wantStatus: 400, want: []string{"请求体为空"}},
			{name: "validation", login: "sysadmin", method: "POST", path: "/api/v1/units",
				body: map[string]any{"code": "bad code!", "name": "", "type": "castle", "parent": "QS"}, wantStatus: 422,
				want: []string{`"error":"invalid"`, `"problems"`, `"field":"code"`, `"field":"name"`, `"field":"type"`}},
			{name: "unknown parent", login: "sysadmin", method: "POST", path: "/api/v1/units", body: unit("X3", "某单位", "NOPE"), wantStatus: 422,
				want: []string{`"field":"parent"`}},
			{name: "duplicate code", login: "sysadmin", method: "POST", path: "/api/v1/units", body: unit("QS-EDU", "重复", "QS"), wantStatus: 422,
				want: []string{`"field":"code"`}},

			// A unit admin acts within their unit only.
			{name: "unit admin creates below own unit", login: "eduadmin", method: "POST", path: "/api/v1/units",
				body: map[string]any{"code": "QS-SCH2", "name": "青山县第二中学", "type": "school", "parent": "QS-EDU"}, wantStatus: 201},
			{name: "unit admin cannot create elsewhere", login: "eduadmin", method: "POST", path: "/api/v1/units", body: unit("QS-MZ-1", "某科室", "QS-MZ"),
				wantStatus: 403, want: []string{`"error":"forbidden"`}},
			{name: "unit admin cannot create a root", login: "eduadmin", method: "POST", path: "/api/v1/units", body: unit("ROOT2", "某单位", ""), wantStatus: 403},
			{name: "unit admin sees own subtree", login: "eduadmin", method: "GET", path: "/api/v1/units", wantStatus: 200,
				want: []string{"QS-EDU", "QS-SCH2"}, wantNot: []string{"QS-MZ", `"code":"QS"`}},
			{name: "unit admin cannot read another unit", login: "eduadmin", method: "GET", path: "/api/v1/units/QS-MZ", wantStatus: 403},
			{name: "unit admin edits own unit", login: "eduadmin", method: "PATCH", path: "/api/v1/units/QS-EDU", body: map[string]any{"office_hours": "工作日 9:00–17:00"}, wantStatus: 200},
			{name: "unit admin cannot edit another unit", login: "eduadmin", method: "PATCH", path: "/api/v1/units/QS-MZ", body: map[string]any{"phone": "1"}, wantStatus: 403},
			{name: "unit admin cannot move own unit", login: "eduadmin", method: "POST", path: "/api/v1/units/QS-EDU/move", body: map[string]any{"parent": ""}, wantStatus: 403},
			{name: "unit admin cannot move out of reach", login: "eduadmin", method: "POST", path: "/api/v1/units/QS-SCH2/move", body: map[string]any{"parent": "QS-MZ"}, wantStatus: 403},
			{name: "unit admin lists own users", login: "eduadmin", method: "GET", path: "/api/v1/users", wantStatus: 200,
				want: []string{`"login":"editor"`, `"login":"schooleditor"`}, wantNot: []string{"mzadmin", "sysadmin"}},
			{name: "unit admin cannot list other users", login: "eduadmin", method: "GET", path: "/api/v1/users?unit=QS-MZ", wantStatus: 403},
			{name: "unit admin cannot read other user", login: "eduadmin", method: "GET", path: "/api/v1/users/{id:mzadmin}", wantStatus: 403},
			{name: "unit admin creates an editor", login: "eduadmin", method: "POST", path: "/api/v1/users",
				body: map[string]any{"login": "newbie", "name": "新人", "unit": "QS-SCH", "role": "信息员"}, wantStatus: 201,
				want: []string{`"temporary_password":"`, `"must_change_password":true`, `"unit_code":"QS-SCH"`}},
			{name: "unit admin cannot grant admin roles", login: "eduadmin", method: "POST", path: "/api/v1/users",
				body: map[string]any{"login": "boss", "name": "大人物", "unit": "QS-EDU", "role": "system_admin"}, wantStatus: 403},
			{name: "unit admin cannot create users elsewhere", login: "eduadmin", method: "POST", path: "/api/v1/users",
				body: map[string]any{"login": "spy", "name": "某人", "unit": "QS-MZ", "role": "editor"}, wantStatus: 403},
			{name: "unit admin edits own user", login: "eduadmin", method: "PATCH", path: "/api/v1/users/{id:editor}",
				body: map[string]any{"phone": "0571-7654321"}, wantStatus: 200, want: []string{`"phone":"0571-7654321"`, `"name":"测试editor"`}},
			{name: "unit admin cannot edit other user", login: "eduadmin", method: "PATCH", path: "/api/v1/users/{id:mzadmin}",
				body: map[string]any{"name": "x"}, wantStatus: 403},
			{name: "unit admin cannot move user out", login: "eduadmin", method: "PATCH", path: "/api/v1/users/{id:editor}",
				body: map[string]any{"unit": "QS-MZ"}, wantStatus: 403},

			// Users by the system admin.
			{name: "create user with password", login: "sysadmin", method: "POST", path: "/api/v1/users",
				body: map[string]any{"login": "zhang.san", "name": "张三", "unit": "QS-MZ", "role": "reviewer", "password": "Qingshan-2025!x",
					"email": "zs@qs.gov.cn"}, wantStatus: 201, wantNot: []string{"temporary_password", "Qingshan"}},
			{name: "create user validation", login: "sysadmin", method: "POST", path: "/api/v1/users",
				body: map[string]any{"login": "Bad Login", "name": "", "unit": "QS", "role": "editor", "password": "short"}, wantStatus: 422,
				want: []string{`"field":"login"`, `"field":"name"`, `"field":"password"`}},
			{name: "create user unknown unit", login: "sysadmin", method: "POST", path: "/api/v1/users",
				body: map[string]any{"login": "lisi", "name": "李四", "unit": "NOPE", "role": "editor"}, wantStatus: 422, want: []string{`"field":"unit"`}},
			{name: "create user bad role", login: "sysadmin", method: "POST", path: "/api/v1/users",
				body: map[string]any{"login": "lisi", "name": "李四", "unit": "QS", "role": "king"}, wantStatus: 422, want: []string{`"field":"role"`}},
			{name: "list users filtered", login: "sysadmin", method: "GET", path: "/api/v1/users?unit=QS-EDU&role=editor", wantStatus: 200,
				want: []string{`"login":"editor"`, `"login":"schooleditor"`}, wantNot: []string{`"login":"reviewer"`, `"login":"eduadmin"`}},
			{name: "list users q", login: "sysadmin", method: "GET", path: "/api/v1/users?q=zhang", wantStatus: 200, want: []string{"zhang.san", `"total":1`}},
			{name: "deactivate user", login: "sysadmin", method: "PATCH", path: "/api/v1/users/{id:handler}", body: map[string]any{"active": false},
				wantStatus: 200, want: []string{`"active":false`}},
			{name: "inactive users hidden", login: "sysadmin", method: "GET", path: "/api/v1/users", wantStatus: 200, wantNot: []string{`"login":"handler"`}},
			{name: "system admin cannot demote self", login: "sysadmin", method: "PATCH", path: "/api/v1/users/{id:sysadmin}",
				body: map[string]any{"role": "editor"}, wantStatus: 403},
			{name: "get user", login: "gkb", method: "GET", path: "/api/v1/users/{id:mzadmin}", wantStatus: 200, want: []string{`"login":"mzadmin"`}},
			{name: "unknown user", login: "sysadmin", method: "GET", path: "/api/v1/users/999999", wantStatus: 404},
			{name: "non-numeric user", login: "sysadmin", method: "GET", path: "/api/v1/users/abc", wantStatus: 404},

			// Other roles.
			{name: "editor cannot list users", login: "editor", method: "GET", path: "/api/v1/users", wantStatus: 403},
			{name: "editor cannot create units", login: "editor", method: "POST", path: "/api/v1/units", body: unit("QS-EDU-1", "科室", "QS-EDU"), wantStatus: 403},
			{name: "openness office reads every unit", login: "gkb", method: "GET", path: "/api/v1/units/QS-MZ", wantStatus: 200},
			{name: "auditor reads the audit log", login: "auditor", method: "GET", path: "/api/v1/audit", wantStatus: 200,
				want: []string{`"action":"unit.create"`, `"actor":"sysadmin"`, `"items"`}},
			{name: "auditor verifies", login: "auditor", method: "GET", path: "/api/v1/audit/verify", wantStatus: 200, want: []string{`"ok":true`, `"broken_id":null`}},
			{name: "auditor cannot create units", login: "auditor", method: "POST", path: "/api/v1/units", body: unit("QS-A", "某单位", "QS"), wantStatus: 403},
			{name: "system admin cannot read audit", login: "sysadmin", method: "GET", path: "/api/v1/audit", wantStatus: 403},
			{name: "system admin cannot reset passwords", login: "sysadmin", method: "POST", path: "/api/v1/users/{id:editor}/reset-password", wantStatus: 403},
			{name: "system admin cannot unlock", login: "sysadmin", method: "POST", path: "/api/v1/users/{id:editor}/unlock", wantStatus: 403},
			{name: "security admin cannot create units", login: "secadmin", method: "POST", path: "/api/v1/units", body: unit("QS-B", "某单位", "QS"), wantStatus: 403},
			{name: "security admin revokes sessions", login: "secadmin", method: "POST", path: "/api/v1/users/{id:reviewer}/revoke-sessions",
				wantStatus: 200, want: []string{`"revoked":0`}},
			{name: "unit admin cannot reset an admin in reach", login: "eduadmin", method: "POST", path: "/api/v1/users/{id:mzadmin}/reset-password", wantStatus: 403},

			// Security settings.
			{name: "security settings", login: "secadmin", method: "GET", path: "/api/v1/security/settings", wantStatus: 200,
				want: []string{`"totp_required_for_admins":false`}},
			{name: "security settings need the field", login: "secadmin", method: "PUT", path: "/api/v1/security/settings", body: map[string]any{}, wantStatus: 422},
			{name: "system admin cannot change security", login: "sysadmin", method: "PUT", path: "/api/v1/security/settings",
				body: map[string]any{"totp_required_for_admins": true}, wantStatus: 403},
			{name: "security admin turns TOTP requirement off again", login: "secadmin", method: "PUT", path: "/api/v1/security/settings",
				body: map[string]any{"totp_required_for_admins": false}, wantStatus: 200, want: []string{`"totp_required_for_admins":false`}},
		})
	})
}

// A browser session does not open the API: only a token does.
func TestAPISessionCookieIsNotEnough(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("sysadmin")
		if r := c.get("/api/v1/me"); r.StatusCode != 401 || !strings.Contains(r.Body, `"error":"unauthorized"`) {
			t.Errorf("GET with a session cookie: %d %.200s", r.StatusCode, r.Body)
		}
		if r := c.get("/api/v1/units"); r.StatusCode != 401 {
			t.Errorf("GET list with a session cookie: %d %.200s", r.StatusCode, r.Body)
		}
		if r := c.post("/api/v1/units/QS-MZ/deactivate", nil); r.StatusCode != 401 {
			t.Errorf("POST with a session cookie and form token: %d %.200s", r.StatusCode, r.Body)
		}
		if u, _ := e.srv.orgs.GetByCode(t.Context(), "QS-MZ"); !u.Active {
			t.Error("unit deactivated through a session cookie")
		}
	})
}
