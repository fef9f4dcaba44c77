package web

// The shared fixture for HTTP tests: a server on a fresh database (SQLite and
// PostgreSQL via storetest.Each), a small unit tree, one user per role, and a
// client that keeps cookies and the CSRF token like a browser.

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// testPassword is every fixture user's password.
const testPassword = "Test-Passw0rd!"

type testEnv struct {
	t     *testing.T
	db    *store.DB
	srv   *Server
	ts    *httptest.Server
	units map[string]org.Unit  // by code: QS (county), QS-EDU, QS-SCH (under EDU), QS-MZ
	users map[string]auth.User // by login, see fixtureUsers
}

// fixtureUsers: login → role, unit code.
var fixtureUsers = []struct {
	login string
	role  auth.Role
	unit  string
}{
	{"sysadmin", auth.RoleSystemAdmin, "QS"},
	{"secadmin", auth.RoleSecurityAdmin, "QS"},
	{"auditor", auth.RoleAuditAdmin, "QS"},
	{"gkb", auth.RoleOpennessOffice, "QS"},
	{"eduadmin", auth.RoleUnitAdmin, "QS-EDU"},
	{"editor", auth.RoleEditor, "QS-EDU"},
	{"reviewer", auth.RoleReviewer, "QS-EDU"},
	{"handler", auth.RoleRequestHandler, "QS-EDU"},
	{"mzadmin", auth.RoleUnitAdmin, "QS-MZ"},
	{"schooleditor", auth.RoleEditor, "QS-SCH"},
}

// newEnv builds the fixture; opts adjust the server's Config (a pinned
// clock, say) before New.
func newEnv(t *testing.T, db *store.DB, opts ...func(*Config)) *testEnv {
	t.Helper()
	ctx := context.Background()
	cfg := Config{Version: "test", Auth: auth.TestConfig(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := New(db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	e := &testEnv{t: t, db: db, srv: srv, units: map[string]org.Unit{}, users: map[string]auth.User{}}
	for _, u := range []org.Input{
		{Code: "QS", Name: "青山县人民政府", Type: org.TypeCountyGovernment},
		{Code: "QS-EDU", Name: "青山县教育局", Type: org.TypeDepartment, ParentCode: "QS"},
		{Code: "QS-SCH", Name: "青山县第一中学", Type: org.TypeSchool, ParentCode: "QS-EDU"},
		{Code: "QS-MZ", Name: "青山县民政局", Type: org.TypeDepartment, ParentCode: "QS"},
	} {
		got, err := srv.orgs.Create(ctx, audit.CLI, u)
		if err != nil {
			t.Fatalf("fixture unit %s: %v", u.Code, err)
		}
		e.units[u.Code] = got
	}
	for _, fu := range fixtureUsers {
		u, err := srv.auth.CreateUser(ctx, audit.CLI, auth.NewUser{Login: fu.login, Name: "测试" + fu.login,
			UnitID: e.units[fu.unit].ID, Role: fu.role, Password: testPassword})
		if err != nil {
			t.Fatalf("fixture user %s: %v", fu.login, err)
		}
		e.users[fu.login] = u
	}
	e.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(e.ts.Close)
	return e
}

// testClient behaves like a browser: keeps cookies, does not follow
// redirects (tests look at them), and remembers the last CSRF token a page
// carried.
type testClient struct {
	t    *testing.T
	e    *testEnv
	c    *http.Client
	csrf string
}

func (e *testEnv) client() *testClient {
	jar, _ := cookiejar.New(nil)
	return &testClient{t: e.t, e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type testResponse struct {
	*http.Response
	Body string
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (c *testClient) do(req *http.Request) *testResponse {
	c.t.Helper()
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfRE.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return &testResponse{Response: resp, Body: string(b)}
}

func (c *testClient) get(path string) *testResponse {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.e.ts.URL+path, nil)
	return c.do(req)
}

// post submits a form with the current CSRF token (fetch a page first).
func (c *testClient) post(path string, form url.Values) *testResponse {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf_token") == "" && c.csrf != "" {
		form.Set("csrf_token", c.csrf)
	}
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// login signs in as one of the fixture users and fails the test otherwise.
func (e *testEnv) login(login string) *testClient {
	e.t.Helper()
	c := e.client()
	c.get("/admin/login")
	r := c.post("/admin/login", url.Values{"login": {login}, "password": {testPassword}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/" {
		e.t.Fatalf("login %s: status %d, location %q, body %.300s", login, r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	c.get("/admin/account") // pick up the session's CSRF token
	return c
}

// api calls the JSON API with a bearer token.
func (e *testEnv) api(token, method, path string, body any) (*testResponse, map[string]any) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, e.ts.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(b, &out)
	return &testResponse{Response: resp, Body: string(b)}, out
}

// token creates an API token for a fixture user.
func (e *testEnv) token(login string) string {
	e.t.Helper()
	tok, _, err := e.srv.auth.CreateToken(context.Background(), audit.CLI, e.users[login].ID, "test", timeZero)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}
