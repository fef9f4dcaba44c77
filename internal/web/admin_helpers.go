package web

// Small helpers shared by the back-office handlers (admin_*.go): loading the
// object a URL names, the units a user may act on, pagination, and the few
// things the auth package does not offer the web layer.

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// asValid reports whether err carries validation problems for the user.
func asValid(err error) (*valid.Errors, bool) {
	var ve *valid.Errors
	if errors.As(err, &ve) {
		return ve, true
	}
	return nil, false
}

// pathID is the numeric {id} of the route, or false.
func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// countyWide reports whether the current user may do a everywhere. The
// policy grants an action on "no unit" (an empty UnitRef) only with the
// any-unit scope, so this asks exactly that.
func (s *Server) countyWide(r *http.Request, a auth.Action) bool {
	return s.can(r, a, auth.UnitRef{})
}

// scopePath is the unit path a list for action a starts from: "" (all) for a
// county-wide permission, the user's own unit otherwise.
func (s *Server) scopePath(r *http.Request, a auth.Action) string {
	if s.countyWide(r, a) {
		return ""
	}
	if u := currentUser(r); u != nil {
		return u.UnitPath
	}
	return "/nothing/"
}

// unitsFor lists the active units on which the current user may do a, in
// tree order (for select boxes).
func (s *Server) unitsFor(r *http.Request, a auth.Action) ([]org.Unit, error) {
	all, err := s.orgs.List(r.Context(), org.Filter{UnderPath: s.scopePath(r, a)})
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, u := range all {
		if s.can(r, a, u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// loadUnit fetches the unit of the route's {id}; on failure it has already
// answered (404 or 500) and returns false.
func (s *Server) loadUnit(w http.ResponseWriter, r *http.Request) (org.Unit, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return org.Unit{}, false
	}
	u, err := s.orgs.Get(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return org.Unit{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return org.Unit{}, false
	}
	return u, true
}

// loadUser fetches the user of the route's {id}, like loadUnit.
func (s *Server) loadUser(w http.ResponseWriter, r *http.Request) (auth.User, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return auth.User{}, false
	}
	u, err := s.auth.GetUser(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return auth.User{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return auth.User{}, false
	}
	return u, true
}

// canManage asks the policy whether the current user may do a to target
// (a user: its unit and its role both count, see auth.CanOnUser).
func (s *Server) canManage(r *http.Request, a auth.Action, target auth.User) bool {
	me := currentUser(r)
	if me == nil {
		return false
	}
	return auth.CanOnUser(me.Subject(), a, unitRef(target), target.Role)
}

// grantableRoles lists the roles the current user may give.
func grantableRoles(u *auth.User) []auth.Role {
	var out []auth.Role
	if u == nil {
		return out
	}
	for _, role := range auth.Roles() {
		if auth.CanGrant(u.Subject(), role) {
			out = append(out, role)
		}
	}
	return out
}

// pager splits a list into pages of perPage and builds the links to the
// neighbouring pages, keeping the other query parameters.
type pager struct {
	Page, Pages, Total, PerPage int
	Prev, Next                  string
}

func (p pager) Offset() int { return (p.Page - 1) * p.PerPage }

// pageNumber is the ?page= parameter, at least 1.
func pageNumber(q url.Values) int {
	n, err := strconv.Atoi(q.Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

func newPager(path string, q url.Values, page, total, perPage int) pager {
	p := pager{Page: page, Total: total, PerPage: perPage}
	p.Pages = max(1, (total+perPage-1)/perPage)
	link := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			if k != "page" {
				v[k] = vs
			}
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return path
		}
		return path + "?" + v.Encode()
	}
	if page > 1 {
		p.Prev = link(min(page-1, p.Pages))
	}
	if page < p.Pages {
		p.Next = link(page + 1)
	}
	return p
}

// authSettings is the auth configuration in effect, for the security page.
func (s *Server) authSettings() auth.Config { return s.cfg.Auth.WithDefaults() }

// minutes renders a duration for people: "15 分钟", "12 小时".
func minutes(d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return fmt.Sprintf("%d 小时", int(d/time.Hour))
	}
	return fmt.Sprintf("%d 分钟", int(d.Minutes()))
}

// checked is a form checkbox's state.
func checked(v string) bool { return v == "1" || v == "on" || v == "true" }

// auditActionLabels names the audit actions in Chinese for the log view;
// an unknown action shows its code.
var auditActionLabels = map[string]string{
	"unit.create": "创建单位", "unit.update": "修改单位", "unit.move": "移动单位",
	"unit.deactivate": "停用单位", "unit.reactivate": "启用单位", "unit.import": "导入单位",
	"user.create": "创建用户", "user.edit": "修改用户", "user.deactivate": "停用用户", "user.activate": "启用用户",
	"user.reset_password": "重置密码", "user.set_password": "设置密码", "user.change_password": "修改本人密码",
	"user.unlock": "解除锁定", "user.locked": "账户锁定", "user.revoke_sessions": "结束会话",
	"user.login": "登录", "user.login_password": "密码验证通过", "user.logout": "退出登录",
	"user.totp_enable": "启用两步验证", "user.totp_disable": "停用两步验证",
	"token.create": "创建 API 令牌", "token.revoke": "撤销 API 令牌",
	"login.ip_throttled": "地址暂停登录", "security.settings": "修改安全设置",
	"setup.complete": "完成初始设置", "setup.token_create": "生成设置链接",
}

func auditActionLabel(a string) string {
	if l, ok := auditActionLabels[a]; ok {
		return l
	}
	return a
}

var auditObjectLabels = map[string]string{
	"unit": "单位", "user": "用户", "api_token": "API 令牌", "ip": "IP 地址", "setting": "设置",
}

func auditObjectLabel(t string) string {
	if l, ok := auditObjectLabels[t]; ok {
		return l
	}
	return t
}

// trimForm trims every submitted value (names, codes and contact details
// never mean their surrounding spaces).
func trimForm(r *http.Request) url.Values {
	r.ParseForm()
	out := url.Values{}
	for k, vs := range r.PostForm {
		if k == csrfField {
			continue
		}
		for _, v := range vs {
			if !strings.Contains(k, "password") {
				v = strings.TrimSpace(v)
			}
			out.Add(k, v)
		}
	}
	return out
}
