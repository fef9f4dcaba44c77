package web

import (
	"context"
	"fmt"
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

// adminScenario is one request of the back office and what must come back.
// Paths may name fixtures: {unit:QS-MZ} is that unit's id, {user:editor}
// that user's id.
type adminScenario struct {
	name            string
	login           string
	method          string
	path            string
	form            url.Values
	wantStatus      int
	wantContains    []string
	wantNotContains []string
}

var fixtureRef = regexp.MustCompile(`\{(unit|user):([^}]+)\}`)

func (e *testEnv) expand(path string) string {
	return fixtureRef.ReplaceAllStringFunc(path, func(m string) string {
		p := fixtureRef.FindStringSubmatch(m)
		if p[1] == "unit" {
			u, ok := e.units[p[2]]
			if !ok {
				e.t.Fatalf("no fixture unit %s", p[2])
			}
			return fmt.Sprint(u.ID)
		}
		u, ok := e.users[p[2]]
		if !ok {
			e.t.Fatalf("no fixture user %s", p[2])
		}
		return fmt.Sprint(u.ID)
	})
}

func runAdminScenarios(t *testing.T, e *testEnv, scenarios []adminScenario) {
	t.Helper()
	clients := map[string]*testClient{}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			c, ok := clients[sc.login]
			if !ok {
				c = e.login(sc.login)
				clients[sc.login] = c
			}
			path := e.expand(sc.path)
			var r *testResponse
			if sc.method == http.MethodPost {
				form := url.Values{}
				for k, vs := range sc.form {
					for _, v := range vs {
						form.Add(k, e.expand(v))
					}
				}
				r = c.post(path, form)
			} else {
				r = c.get(path)
			}
			if r.StatusCode != sc.wantStatus {
				t.Fatalf("%s %s as %s: status %d, want %d; location %q; body %.600s", sc.method, path, sc.login,
					r.StatusCode, sc.wantStatus, r.Header.Get("Location"), r.Body)
			}
			for _, s := range sc.wantContains {
				if !strings.Contains(r.Body, e.expand(s)) {
					t.Errorf("%s %s as %s: body lacks %q", sc.method, path, sc.login, s)
				}
			}
			for _, s := range sc.wantNotContains {
				if strings.Contains(r.Body, e.expand(s)) {
					t.Errorf("%s %s as %s: body contains %q", sc.method, path, sc.login, s)
				}
			}
		})
	}
}

func TestAdminDashboards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		g := http.MethodGet
		runAdminScenarios(t, e, []adminScenario{
			{name: "system admin", login: "sysadmin", method: g, path: "/admin/", wantStatus: 200,
				wantContains: []string{"工作台", "测试sysadmin", "系统管理员", "青山县人民政府", "启用中的单位", "被锁定的账户", "单位类型分布", "最近创建的用户", "测试schooleditor", `href="/admin/units/new"`, `href="/admin/users/new"`}},
			{name: "security admin", login: "secadmin", method: g, path: "/admin/", wantStatus: 200,
				wantContains:    []string{"工作台", "安全保密管理员", "被锁定的账户", "未启用两步验证的管理员", "测试auditor", `href="/admin/security"`},
				wantNotContains: []string{"最新 20 条审计记录", "最近创建的用户"}},
			{name: "audit admin", login: "auditor", method: g, path: "/admin/", wantStatus: 200,
				wantContains:    []string{"工作台", "审计管理员", "审计日志哈希链", "完整", "今日新增记录", "最新 20 条审计记录", "创建单位", `href="/admin/audit"`},
				wantNotContains: []string{"新建用户", "解除锁定"}},
			{name: "openness office", login: "gkb", method: g, path: "/admin/", wantStatus: 200,
				wantContains:    []string{"工作台", "政务公开办", "全县单位类型分布", "单位及用户数", "青山县民政局", "青山县第一中学", `href="/admin/users?unit={unit:QS-EDU}"`},
				wantNotContains: []string{"新建单位"}},
			{name: "unit admin", login: "eduadmin", method: g, path: "/admin/", wantStatus: 200,
				wantContains:    []string{"工作台", "单位管理员", "本单位：青山县教育局", "下级单位", "青山县第一中学", "测试editor", "测试schooleditor", "新建用户"},
				wantNotContains: []string{"青山县民政局", "测试mzadmin"}},
			{name: "editor", login: "editor", method: g, path: "/admin/", wantStatus: 200,
				wantContains:    []string{"工作台", "信息员", "本单位：青山县教育局", "我的账户安全", "两步验证", "未启用", `href="/units/QS-EDU"`},
				wantNotContains: []string{"用户管理", "审计日志"}},
			{name: "reviewer", login: "reviewer", method: g, path: "/admin/", wantStatus: 200,
				wantContains: []string{"工作台", "审核员", "青山县教育局", "我的账户安全"}},
			{name: "request handler", login: "handler", method: g, path: "/admin/", wantStatus: 200,
				wantContains: []string{"工作台", "依申请公开经办人", "青山县教育局", "最近登录"}},
			{name: "school editor sees own unit", login: "schooleditor", method: g, path: "/admin/", wantStatus: 200,
				wantContains: []string{"工作台", "本单位：青山县第一中学", `href="/units/QS-SCH"`}},
		})
	})
}

func TestAdminPermissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// A unit admin of the county's top unit: may manage users of QS,
		// but not the three administrators who sit there too.
		qsAdmin, err := e.srv.auth.CreateUser(context.Background(), audit.CLI, auth.NewUser{Login: "qsadmin", Name: "测试qsadmin",
			UnitID: e.units["QS"].ID, Role: auth.RoleUnitAdmin, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		e.users["qsadmin"] = qsAdmin
		g, p := http.MethodGet, http.MethodPost
		runAdminScenarios(t, e, []adminScenario{
			{name: "editor cannot list users", login: "editor", method: g, path: "/admin/users", wantStatus: 403, wantContains: []string{"没有执行此操作的权限"}},
			{name: "editor sees own unit subtree", login: "editor", method: g, path: "/admin/units", wantStatus: 200,
				wantContains: []string{"青山县教育局", "青山县第一中学"}, wantNotContains: []string{"青山县民政局"}},
			{name: "editor cannot edit own unit", login: "editor", method: p, path: "/admin/units/{unit:QS-EDU}", form: url.Values{"name": {"改名"}, "type": {"department"}}, wantStatus: 403},
			{name: "editor cannot revoke own sessions as admin", login: "editor", method: p, path: "/admin/users/{user:editor}/revoke-sessions", wantStatus: 403},
			{name: "unit admin cannot view other unit", login: "eduadmin", method: g, path: "/admin/units/{unit:QS-MZ}", wantStatus: 403},
			{name: "unit admin cannot edit other unit", login: "eduadmin", method: p, path: "/admin/units/{unit:QS-MZ}", form: url.Values{"name": {"改名"}, "type": {"department"}}, wantStatus: 403},
			{name: "unit admin cannot deactivate other unit", login: "eduadmin", method: p, path: "/admin/units/{unit:QS-MZ}/deactivate", wantStatus: 403},
			{name: "unit admin cannot move into other unit", login: "eduadmin", method: p, path: "/admin/units/{unit:QS-SCH}/move", form: url.Values{"parent_id": {"{unit:QS-MZ}"}}, wantStatus: 403},
			{name: "unit admin cannot deactivate own unit", login: "eduadmin", method: p, path: "/admin/units/{unit:QS-EDU}/deactivate", wantStatus: 403},
			{name: "unit admin lists only own users", login: "eduadmin", method: g, path: "/admin/users", wantStatus: 200,
				wantContains: []string{"测试editor", "测试schooleditor"}, wantNotContains: []string{"测试mzadmin", "测试sysadmin"}},
			{name: "unit admin cannot view other unit's user", login: "eduadmin", method: g, path: "/admin/users/{user:mzadmin}", wantStatus: 403},
			{name: "unit admin cannot filter by other unit", login: "eduadmin", method: g, path: "/admin/users?unit={unit:QS-MZ}", wantStatus: 403},
			{name: "unit admin cannot reset other unit's user", login: "eduadmin", method: p, path: "/admin/users/{user:mzadmin}/reset-password", wantStatus: 403},
			{name: "unit admin cannot create user elsewhere", login: "eduadmin", method: p, path: "/admin/users/new",
				form: url.Values{"login": {"intruder"}, "name": {"某"}, "unit_id": {"{unit:QS-MZ}"}, "role": {"editor"}}, wantStatus: 403},
			{name: "unit admin cannot grant admin roles", login: "eduadmin", method: p, path: "/admin/users/new",
				form: url.Values{"login": {"intruder"}, "name": {"某"}, "unit_id": {"{unit:QS-EDU}"}, "role": {"system_admin"}}, wantStatus: 403},
			{name: "unit admin cannot promote", login: "eduadmin", method: p, path: "/admin/users/{user:editor}",
				form: url.Values{"name": {"测试editor"}, "role": {"security_admin"}, "unit_id": {"{unit:QS-EDU}"}}, wantStatus: 403},
			{name: "unit admin role select offers only grantable roles", login: "eduadmin", method: g, path: "/admin/users/new", wantStatus: 200,
				wantContains: []string{`value="editor"`, `value="unit_admin"`}, wantNotContains: []string{`<option value="system_admin"`, `<option value="{unit:QS-MZ}"`}},
			{name: "top unit admin cannot reset the system admin", login: "qsadmin", method: p, path: "/admin/users/{user:sysadmin}/reset-password", wantStatus: 403},
			{name: "top unit admin cannot deactivate the security admin", login: "qsadmin", method: p, path: "/admin/users/{user:secadmin}",
				form: url.Values{"name": {"测试secadmin"}, "has_active": {"1"}}, wantStatus: 403},
			{name: "top unit admin may reset an editor", login: "qsadmin", method: p, path: "/admin/users/{user:editor}/reset-password", wantStatus: 200,
				wantContains: []string{"临时密码", "只显示一次"}},
			{name: "auditor cannot create unit", login: "auditor", method: p, path: "/admin/units/new",
				form: url.Values{"code": {"X1"}, "name": {"某"}, "type": {"department"}, "parent_id": {"{unit:QS}"}}, wantStatus: 403},
			{name: "auditor cannot edit unit", login: "auditor", method: p, path: "/admin/units/{unit:QS-EDU}", form: url.Values{"name": {"改名"}, "type": {"department"}}, wantStatus: 403},
			{name: "auditor cannot create user", login: "auditor", method: p, path: "/admin/users/new", form: url.Values{"login": {"x"}}, wantStatus: 403},
			{name: "auditor cannot unlock", login: "auditor", method: p, path: "/admin/users/{user:editor}/unlock", wantStatus: 403},
			{name: "auditor cannot revoke sessions", login: "auditor", method: p, path: "/admin/users/{user:editor}/revoke-sessions", wantStatus: 403},
			{name: "auditor cannot change security settings", login: "auditor", method: p, path: "/admin/security", form: url.Values{"totp_required": {"1"}}, wantStatus: 403},
			{name: "auditor sees no user list", login: "auditor", method: g, path: "/admin/users", wantStatus: 403},
			{name: "system admin cannot reset passwords", login: "sysadmin", method: p, path: "/admin/users/{user:editor}/reset-password", wantStatus: 403},
			{name: "system admin cannot unlock", login: "sysadmin", method: p, path: "/admin/users/{user:editor}/unlock", wantStatus: 403},
			{name: "system admin cannot read the audit log", login: "sysadmin", method: g, path: "/admin/audit", wantStatus: 403},
			{name: "system admin cannot export the audit log", login: "sysadmin", method: g, path: "/admin/audit/export.csv", wantStatus: 403},
			{name: "system admin cannot change security settings", login: "sysadmin", method: g, path: "/admin/security", wantStatus: 403},
			{name: "system admin user page has no reset button", login: "sysadmin", method: g, path: "/admin/users/{user:editor}", wantStatus: 200,
				wantContains: []string{"修改用户信息"}, wantNotContains: []string{"/reset-password", "/unlock"}},
			{name: "security admin cannot create users", login: "secadmin", method: g, path: "/admin/users/new", wantStatus: 403},
			{name: "security admin cannot post users", login: "secadmin", method: p, path: "/admin/users/new",
				form: url.Values{"login": {"newbie"}, "name": {"某"}, "unit_id": {"{unit:QS}"}, "role": {"editor"}}, wantStatus: 403},
			{name: "security admin cannot edit users", login: "secadmin", method: p, path: "/admin/users/{user:editor}", form: url.Values{"name": {"改名"}}, wantStatus: 403},
			{name: "security admin cannot create units", login: "secadmin", method: g, path: "/admin/units/new", wantStatus: 403},
			{name: "security admin cannot read the audit log", login: "secadmin", method: g, path: "/admin/audit", wantStatus: 403},
			{name: "security admin user page has reset", login: "secadmin", method: g, path: "/admin/users/{user:editor}", wantStatus: 200,
				wantContains: []string{"/reset-password", "/unlock", "/revoke-sessions"}, wantNotContains: []string{"修改用户信息"}},
			{name: "openness office reads users", login: "gkb", method: g, path: "/admin/users", wantStatus: 200, wantContains: []string{"测试mzadmin"}},
			{name: "openness office cannot edit users", login: "gkb", method: p, path: "/admin/users/{user:editor}", form: url.Values{"name": {"改名"}}, wantStatus: 403},
			{name: "unknown unit", login: "sysadmin", method: g, path: "/admin/units/999999", wantStatus: 404},
			{name: "unknown user", login: "sysadmin", method: g, path: "/admin/users/999999", wantStatus: 404},
		})
		// Nothing refused above was written.
		es, _, err := audit.List(context.Background(), db, audit.Filter{Action: "unit.", ActorID: e.users["auditor"].ID})
		if err != nil || len(es) != 0 {
			t.Errorf("auditor wrote unit changes: %v %v", es, err)
		}
		u, _ := e.srv.auth.GetUser(context.Background(), e.users["editor"].ID)
		if u.Role != auth.RoleEditor || u.Name != "测试editor" {
			t.Errorf("editor changed by a refused request: %+v", u)
		}
		if _, err := e.srv.orgs.GetByCode(context.Background(), "X1"); err == nil {
			t.Error("auditor created a unit")
		}
	})
}
