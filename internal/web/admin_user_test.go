package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

var secretRE = regexp.MustCompile(`<p class="secret" id="[a-z-]+">([^<]+)</p>`)

// secretOf is the one-time secret (password, token, TOTP key) on a page.
func secretOf(t *testing.T, r *testResponse) string {
	t.Helper()
	m := secretRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no secret on the page: %.800s", r.Body)
	}
	return html.UnescapeString(m[1])
}

// loginWith signs in with a password and returns the client and where the
// login sent it.
func (e *testEnv) loginWith(login, password string) (*testClient, *testResponse) {
	e.t.Helper()
	c := e.client()
	c.get("/admin/login")
	r := c.post("/admin/login", url.Values{"login": {login}, "password": {password}})
	return c, r
}

func TestAdminUserCreate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		c := e.login("sysadmin")
		wantStatus(t, c.get("/admin/users/new"), 200, "新建用户", `value="system_admin"`, "青山县民政局", "留空则自动生成")

		// Bad input: 422, fields marked, nothing written.
		_, before, _ := e.srv.auth.ListUsers(ctx, auth.UserFilter{IncludeInactive: true})
		r := c.post("/admin/users/new", url.Values{"login": {"1bad"}, "name": {""}, "unit_id": {fmt.Sprint(e.units["QS-MZ"].ID)},
			"role": {"editor"}, "email": {"x@"}, "password": {"short"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "登录名须以小写字母开头", "请填写姓名", "电子邮箱格式不正确", "至少需要 10 个字符", `aria-invalid="true"`)
		if strings.Contains(r.Body, `value="short"`) {
			t.Error("password sent back in the form")
		}
		r = c.post("/admin/users/new", url.Values{"login": {"editor"}, "name": {"重名"}, "unit_id": {fmt.Sprint(e.units["QS-MZ"].ID)}, "role": {"editor"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "登录名已被使用")
		if _, after, _ := e.srv.auth.ListUsers(ctx, auth.UserFilter{IncludeInactive: true}); after != before {
			t.Fatalf("bad forms created users: %d → %d", before, after)
		}

		// No password: a temporary one, shown once, must be changed.
		r = c.post("/admin/users/new", url.Values{"login": {"zhangsan"}, "name": {"张三"}, "unit_id": {fmt.Sprint(e.units["QS-MZ"].ID)},
			"role": {"editor"}, "phone": {"0571-1234567"}})
		wantStatus(t, r, 200, "用户已创建", "临时密码", "只显示一次", "张三")
		pw := secretOf(t, r)
		if auth.CheckPassword("zhangsan", pw) != nil {
			t.Errorf("generated password fails the policy: %q", pw)
		}
		u, err := e.srv.auth.GetUserByLogin(ctx, "zhangsan")
		if err != nil || !u.MustChangePassword || u.UnitID != e.units["QS-MZ"].ID || u.Role != auth.RoleEditor {
			t.Fatalf("created user: %+v %v", u, err)
		}
		if r := c.get(fmt.Sprintf("/admin/users/%d", u.ID)); strings.Contains(r.Body, html.EscapeString(pw)) || strings.Contains(r.Body, pw) {
			t.Error("temporary password shown again")
		}
		es, _, _ := audit.List(ctx, db, audit.Filter{Action: "user.create", ObjectID: fmt.Sprint(u.ID)})
		if len(es) != 1 || strings.Contains(es[0].Summary, pw) {
			t.Errorf("audit: %+v", es)
		}
		// The new user gets in with it and is sent to change it first.
		nc, r := e.loginWith("zhangsan", pw)
		wantStatus(t, r, http.StatusSeeOther)
		r = nc.get("/admin/")
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/account" {
			t.Fatalf("must-change user reached the dashboard: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		wantStatus(t, nc.get("/admin/account"), 200, "请先修改密码")

		// A password set by the admin is checked against the policy.
		r = c.post("/admin/users/new", url.Values{"login": {"lisi"}, "name": {"李四"}, "unit_id": {fmt.Sprint(e.units["QS-EDU"].ID)},
			"role": {"reviewer"}, "password": {"Qingshan-Strong-9"}})
		wantStatus(t, r, http.StatusSeeOther)
		wantStatus(t, c.get(r.Header.Get("Location")), 200, "已创建用户", "李四", "审核员")
		if u, _ := e.srv.auth.GetUserByLogin(ctx, "lisi"); u.MustChangePassword {
			t.Error("must_change unchecked but set")
		}

		// A unit admin creates users in their subtree with the roles they may grant.
		ua := e.login("eduadmin")
		r = ua.post("/admin/users/new", url.Values{"login": {"wangwu"}, "name": {"王五"}, "unit_id": {fmt.Sprint(e.units["QS-SCH"].ID)},
			"role": {"editor"}, "must_change": {"1"}})
		wantStatus(t, r, 200, "临时密码")
	})
}

func TestAdminUserEdit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		ed := e.users["editor"]
		ua := e.login("eduadmin")
		path := fmt.Sprintf("/admin/users/%d", ed.ID)
		wantStatus(t, ua.get(path), 200, "修改用户信息", "测试editor", "青山县第一中学", `name="has_active"`)
		r := ua.post(path, url.Values{"name": {"新名字"}, "unit_id": {fmt.Sprint(e.units["QS-EDU"].ID)}, "role": {"editor"}, "phone": {"abc"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "电话号码格式不正确", `value="新名字"`)
		if u, _ := e.srv.auth.GetUser(ctx, ed.ID); u.Name != "测试editor" {
			t.Error("bad edit saved")
		}
		r = ua.post(path, url.Values{"name": {"赵六"}, "unit_id": {fmt.Sprint(e.units["QS-SCH"].ID)}, "role": {"reviewer"},
			"phone": {"0571-7654321"}, "email": {"zl@example.gov.cn"}, "has_active": {"1"}, "active": {"1"}})
		wantStatus(t, r, http.StatusSeeOther)
		u, _ := e.srv.auth.GetUser(ctx, ed.ID)
		if u.Name != "赵六" || u.Role != auth.RoleReviewer || u.UnitID != e.units["QS-SCH"].ID || u.Phone != "0571-7654321" || !u.Active {
			t.Errorf("edit: %+v", u)
		}
		// Moving a user out of the editor's scope is refused.
		r = ua.post(path, url.Values{"name": {"赵六"}, "unit_id": {fmt.Sprint(e.units["QS-MZ"].ID)}, "role": {"reviewer"}})
		wantStatus(t, r, http.StatusForbidden)
		// Nobody changes their own role, unit or status.
		me := fmt.Sprintf("/admin/users/%d", e.users["eduadmin"].ID)
		r = ua.post(me, url.Values{"name": {"测试eduadmin"}, "role": {"editor"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "不能修改自己的角色")

		// Deactivating ends the user's sessions.
		victim := e.login("reviewer")
		r = ua.post(fmt.Sprintf("/admin/users/%d", e.users["reviewer"].ID), url.Values{"name": {"测试reviewer"},
			"unit_id": {fmt.Sprint(e.units["QS-EDU"].ID)}, "role": {"reviewer"}, "has_active": {"1"}})
		wantStatus(t, r, http.StatusSeeOther)
		if u, _ := e.srv.auth.GetUser(ctx, e.users["reviewer"].ID); u.Active {
			t.Error("not deactivated")
		}
		if r := victim.get("/admin/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/login") {
			t.Errorf("deactivated user still signed in: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		wantStatus(t, ua.get("/admin/users?inactive=1"), 200, "测试reviewer", "已停用")
		if r := ua.get("/admin/users"); strings.Contains(r.Body, "测试reviewer") {
			t.Error("inactive user listed without the filter")
		}
	})
}

func TestAdminUserResetUnlockRevoke(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		ed := e.users["editor"]
		sec := e.login("secadmin")

		// Reset: a new temporary password, once; the old one stops working
		// and the user must change it at the next login.
		victim := e.login("editor")
		r := sec.post(fmt.Sprintf("/admin/users/%d/reset-password", ed.ID), nil)
		wantStatus(t, r, 200, "密码已重置", "只显示一次", "安全方式告知")
		pw := secretOf(t, r)
		if r := victim.get("/admin/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/login") {
			t.Errorf("reset did not end the user's session: %d", r.StatusCode)
		}
		if _, r := e.loginWith("editor", testPassword); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("old password still works: %d", r.StatusCode)
		}
		nc, r := e.loginWith("editor", pw)
		wantStatus(t, r, http.StatusSeeOther)
		r = nc.get("/admin/users")
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/account" {
			t.Fatalf("after reset: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		r = nc.get("/admin/account")
		wantStatus(t, r, 200, "请先修改密码", "临时密码")
		r = nc.post("/admin/account/password", url.Values{"old_password": {pw}, "password": {"Brand-New-Pass-42"}, "password2": {"Brand-New-Pass-42"}})
		wantStatus(t, r, http.StatusSeeOther)
		wantStatus(t, nc.get("/admin/"), 200, "工作台")

		// Unlock: lock the account with wrong passwords, then unlock from
		// the security dashboard.
		for i := 0; i < 5; i++ {
			e.srv.auth.Authenticate(ctx, "reviewer", "Wrong-Password-1", "10.9.9.9")
		}
		r = sec.get("/admin/")
		wantStatus(t, r, 200, "测试reviewer", fmt.Sprintf(`action="/admin/users/%d/unlock"`, e.users["reviewer"].ID))
		wantStatus(t, sec.get("/admin/users?locked=1"), 200, "测试reviewer", "已锁定")
		r = sec.post(fmt.Sprintf("/admin/users/%d/unlock", e.users["reviewer"].ID), url.Values{"return": {"/admin/"}})
		wantStatus(t, r, http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/admin/" {
			t.Errorf("unlock returned to %q", loc)
		}
		if u, _ := e.srv.auth.GetUser(ctx, e.users["reviewer"].ID); u.Locked(u.LockedUntil.Add(-1)) || u.FailedLogins != 0 {
			t.Errorf("still locked: %+v", u)
		}
		e.login("reviewer")
		// An outside return address is ignored.
		r = sec.post(fmt.Sprintf("/admin/users/%d/unlock", e.users["reviewer"].ID), url.Values{"return": {"//evil.example/"}})
		if loc := r.Header.Get("Location"); loc != fmt.Sprintf("/admin/users/%d", e.users["reviewer"].ID) {
			t.Errorf("open redirect: %q", loc)
		}

		// Revoke sessions: the user is signed out everywhere.
		h1, h2 := e.login("handler"), e.login("handler")
		wantStatus(t, sec.get(fmt.Sprintf("/admin/users/%d", e.users["handler"].ID)), 200, "在线会话</th><td>2 个")
		r = sec.post(fmt.Sprintf("/admin/users/%d/revoke-sessions", e.users["handler"].ID), nil)
		wantStatus(t, r, http.StatusSeeOther)
		for _, h := range []*testClient{h1, h2} {
			if r := h.get("/admin/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/login") {
				t.Errorf("revoked session still works: %d", r.StatusCode)
			}
		}
		if n, _ := e.srv.auth.CountSessions(ctx, e.users["handler"].ID); n != 0 {
			t.Errorf("%d sessions left", n)
		}
		// The security admin's own session is untouched.
		wantStatus(t, sec.get("/admin/"), 200, "工作台")
	})
}

func TestAdminUserListPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		for i := 0; i < 55; i++ {
			if _, err := e.srv.auth.CreateUser(ctx, audit.CLI, auth.NewUser{Login: fmt.Sprintf("bulk%02d", i), Name: fmt.Sprintf("批量%02d", i),
				UnitID: e.units["QS-SCH"].ID, Role: auth.RoleEditor, Password: testPassword}); err != nil {
				t.Fatal(err)
			}
		}
		c := e.login("gkb")
		r := c.get("/admin/users")
		wantStatus(t, r, 200, "共 65 人", "第 1/2 页", `rel="next"`)
		r = c.get("/admin/users?page=2")
		wantStatus(t, r, 200, "第 2/2 页", `rel="prev"`)
		if strings.Contains(r.Body, `rel="next"`) {
			t.Error("next link on the last page")
		}
		r = c.get(fmt.Sprintf("/admin/users?unit=%d&role=editor&q=批量0", e.units["QS-SCH"].ID))
		wantStatus(t, r, 200, "共 10 人", "批量07")
		wantStatus(t, c.get("/admin/users?role=unit_admin"), 200, "共 2 人", "测试eduadmin", "测试mzadmin")
	})
}
