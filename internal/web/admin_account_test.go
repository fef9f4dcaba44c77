package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestAdminAccountPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		c := e.login("auditor") // the audit admin may change their own account
		other := e.login("auditor")
		wantStatus(t, c.get("/admin/account"), 200, "我的账户", "auditor", "审计管理员", "修改密码", "两步验证", "API 令牌", "退出所有设备")

		const newPw = "Another-Good-Pass-7"
		r := c.post("/admin/account/password", url.Values{"old_password": {"wrong"}, "password": {newPw}, "password2": {newPw}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "原密码不正确", `aria-invalid="true"`)
		r = c.post("/admin/account/password", url.Values{"old_password": {testPassword}, "password": {newPw}, "password2": {"different"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "两次输入的新密码不一致")
		r = c.post("/admin/account/password", url.Values{"old_password": {testPassword}, "password": {"weak"}, "password2": {"weak"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "至少需要 10 个字符")
		if _, r := e.loginWith("auditor", testPassword); r.StatusCode != http.StatusSeeOther {
			t.Fatal("a refused change changed the password")
		}
		other2 := e.login("auditor")

		r = c.post("/admin/account/password", url.Values{"old_password": {testPassword}, "password": {newPw}, "password2": {newPw}})
		wantStatus(t, r, http.StatusSeeOther)
		wantStatus(t, c.get("/admin/account"), 200, "密码已修改", "其他设备上的登录已全部退出")
		for _, o := range []*testClient{other, other2} {
			if r := o.get("/admin/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/login") {
				t.Errorf("other session survived: %d", r.StatusCode)
			}
		}
		wantStatus(t, c.get("/admin/"), 200, "工作台")
		if _, r := e.loginWith("auditor", newPw); r.StatusCode != http.StatusSeeOther {
			t.Error("new password does not work")
		}
		es, _, _ := audit.List(ctx, db, audit.Filter{Action: "user.change_password", ActorID: e.users["auditor"].ID})
		if len(es) != 1 {
			t.Errorf("audit: %d entries", len(es))
		}

		// Logout everywhere ends this session too.
		r = c.post("/admin/account/logout-everywhere", nil)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/login" {
			t.Fatalf("logout everywhere: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		if r := c.get("/admin/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/login") {
			t.Error("still signed in after logout everywhere")
		}
		if n, _ := e.srv.auth.CountSessions(ctx, e.users["auditor"].ID); n != 0 {
			t.Errorf("%d sessions left", n)
		}
	})
}

var hiddenSecretRE = regexp.MustCompile(`name="secret" value="([A-Z2-7]+)"`)

func TestAdminAccountTOTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		c := e.login("editor")
		r := c.post("/admin/account/totp/begin", nil)
		wantStatus(t, r, 200, `<img src="data:image/png;base64,`, "验证并启用", `name="code"`)
		m := hiddenSecretRE.FindStringSubmatch(r.Body)
		if m == nil || secretOf(t, r) != m[1] {
			t.Fatalf("secret not on the page: %.500s", r.Body)
		}
		secret := m[1]
		// A wrong code shows the same secret again.
		r = c.post("/admin/account/totp/enable", url.Values{"secret": {secret}, "code": {"000000"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "动态口令不正确", secret, "data:image/png;base64,")
		if u, _ := e.srv.auth.GetUser(ctx, e.users["editor"].ID); u.TOTPEnabled {
			t.Fatal("enabled with a wrong code")
		}
		code, _ := totp.GenerateCode(secret, time.Now())
		r = c.post("/admin/account/totp/enable", url.Values{"secret": {secret}, "code": {code}})
		wantStatus(t, r, http.StatusSeeOther)
		wantStatus(t, c.get("/admin/account"), 200, "两步验证已启用", "已启用", "停用两步验证")

		// Login now asks for the code.
		nc, r := e.loginWith("editor", testPassword)
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/login/totp") {
			t.Fatalf("login without code: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		if r := nc.get("/admin/"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/login/totp" {
			t.Errorf("dashboard before the code: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		nc.get("/admin/login/totp")
		code, _ = totp.GenerateCode(secret, time.Now().Add(30*time.Second)) // the enrolment code is spent: use the next one
		r = nc.post("/admin/login/totp", url.Values{"code": {code}})
		wantStatus(t, r, http.StatusSeeOther)
		wantStatus(t, nc.get("/admin/"), 200, "工作台", "已启用")

		// Disabling needs the current password.
		r = c.post("/admin/account/totp/disable", url.Values{"current_password": {"Wrong-Pass-123"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "当前密码不正确")
		if u, _ := e.srv.auth.GetUser(ctx, e.users["editor"].ID); !u.TOTPEnabled {
			t.Fatal("disabled with a wrong password")
		}
		r = c.post("/admin/account/totp/disable", url.Values{"current_password": {testPassword}})
		wantStatus(t, r, http.StatusSeeOther)
		if u, _ := e.srv.auth.GetUser(ctx, e.users["editor"].ID); u.TOTPEnabled {
			t.Fatal("not disabled")
		}
		// The password check wrote nothing but the disable itself.
		if es, _, _ := audit.List(ctx, db, audit.Filter{Action: "user.change_password"}); len(es) != 0 {
			t.Errorf("password check changed the password: %+v", es)
		}
	})
}

var tokenRE = regexp.MustCompile(`gk_[A-Za-z0-9_-]{20,}`)

func TestAdminAccountTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		c := e.login("eduadmin")
		r := c.post("/admin/account/tokens", url.Values{"name": {""}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "请填写令牌名称")
		r = c.post("/admin/account/tokens", url.Values{"name": {"对接"}, "expires_days": {"0"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "有效期请填写", `value="对接"`)
		if ts, _ := e.srv.auth.ListTokens(ctx, e.users["eduadmin"].ID); len(ts) != 0 {
			t.Fatal("bad forms created tokens")
		}
		r = c.post("/admin/account/tokens", url.Values{"name": {"市平台对接"}, "expires_days": {"30"}})
		wantStatus(t, r, 200, "只显示一次", "市平台对接", "有效")
		plain := secretOf(t, r)
		if !tokenRE.MatchString(plain) {
			t.Fatalf("token %q", plain)
		}
		u, err := e.srv.auth.AuthenticateToken(ctx, plain)
		if err != nil || u.ID != e.users["eduadmin"].ID {
			t.Fatalf("token does not authenticate: %v", err)
		}
		r = c.get("/admin/account")
		if strings.Contains(r.Body, plain) {
			t.Error("token shown again")
		}
		wantStatus(t, r, 200, plain[:10]+"…")
		ts, _ := e.srv.auth.ListTokens(ctx, e.users["eduadmin"].ID)
		if len(ts) != 1 || ts[0].ExpiresAt.IsZero() || ts[0].ExpiresAt.Sub(time.Now()) < 29*24*time.Hour {
			t.Fatalf("tokens: %+v", ts)
		}
		// Someone else's token is not found.
		other := e.login("editor")
		wantStatus(t, other.post(fmt.Sprintf("/admin/account/tokens/%d/revoke", ts[0].ID), nil), http.StatusNotFound)
		if _, err := e.srv.auth.AuthenticateToken(ctx, plain); err != nil {
			t.Fatal("another user revoked the token")
		}
		r = c.post(fmt.Sprintf("/admin/account/tokens/%d/revoke", ts[0].ID), nil)
		wantStatus(t, r, http.StatusSeeOther)
		if _, err := e.srv.auth.AuthenticateToken(ctx, plain); err != auth.ErrInvalidCredentials {
			t.Errorf("revoked token: %v", err)
		}
		wantStatus(t, c.get("/admin/account"), 200, "已撤销")
	})
}

func TestAdminMandatoryTOTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		sec := e.login("secadmin")
		wantStatus(t, sec.get("/admin/security"), 200, "未开启", "开启“管理员账户必须启用两步验证”", "连续输错 5 次", "15 分钟", "至少 10 个字符")
		sys := e.login("sysadmin")
		ed := e.login("editor")
		r := sec.post("/admin/security", url.Values{"totp_required": {"1"}})
		wantStatus(t, r, http.StatusSeeOther)
		if on, _ := e.srv.auth.TOTPRequiredForAdmins(context.Background()); !on {
			t.Fatal("not switched on")
		}
		// An administrator without TOTP is sent to enrol, the security admin too.
		for _, c := range []*testClient{sys, sec} {
			r := c.get("/admin/")
			if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/account" {
				t.Fatalf("admin without TOTP reached the dashboard: %d %q", r.StatusCode, r.Header.Get("Location"))
			}
			wantStatus(t, c.get("/admin/account"), 200, "请先启用两步验证")
		}
		// Not the other roles.
		wantStatus(t, ed.get("/admin/"), 200, "工作台")
		// Once enrolled, the system admin gets in and cannot switch it off.
		r = sys.post("/admin/account/totp/begin", nil)
		secret := hiddenSecretRE.FindStringSubmatch(r.Body)[1]
		code, _ := totp.GenerateCode(secret, time.Now())
		wantStatus(t, sys.post("/admin/account/totp/enable", url.Values{"secret": {secret}, "code": {code}}), http.StatusSeeOther)
		wantStatus(t, sys.get("/admin/"), 200, "工作台")
		r = sys.get("/admin/account")
		wantStatus(t, r, 200, "不能停用")
		wantStatus(t, sys.post("/admin/account/totp/disable", url.Values{"current_password": {testPassword}}), http.StatusUnprocessableEntity, "不能停用")
	})
}
