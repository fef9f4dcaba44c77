package web

import (
	"net/http"
	"net/url"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
)

// staff wraps a back-office page: the visitor must be signed in (second
// factor done). A user who must change the password or must enrol TOTP is
// sent to the account page until that is done.
func (s *Server) staff(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// An API token is for integrations: it must not reach the back office,
		// where it could change the password or mint more tokens.
		if info(r).viaAPI {
			s.errorPage(w, r, http.StatusForbidden, "管理后台不接受 API 令牌，请使用账户登录。")
			return
		}
		u := currentUser(r)
		if u == nil {
			if info(r).session != nil && info(r).session.MFAPending {
				http.Redirect(w, r, "/admin/login/totp", http.StatusSeeOther)
				return
			}
			next := ""
			if r.Method == http.MethodGet {
				next = "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, "/admin/login"+next, http.StatusSeeOther)
			return
		}
		if !strings.HasPrefix(r.URL.Path, "/admin/account") {
			if u.MustChangePassword {
				s.redirect(w, r, "/admin/account", "请先修改密码：您的密码是管理员重置的临时密码。")
				return
			}
			if must, err := s.auth.MustEnrollTOTP(r.Context(), *u); err != nil {
				s.serverError(w, r, err)
				return
			} else if must {
				s.redirect(w, r, "/admin/account", "请先启用两步验证：本平台要求管理员账户使用动态验证码登录。")
				return
			}
		}
		h(w, r)
	}
}

// can asks the policy function whether the current user may do a to target
// (an org.Unit, an auth.User, or an auth.UnitRef).
func (s *Server) can(r *http.Request, a auth.Action, target any) bool {
	u := currentUser(r)
	if u == nil {
		return false
	}
	return auth.Can(u.Subject(), a, unitRef(target))
}

// actor is the current user as the audit log records them.
func (s *Server) actor(r *http.Request) audit.Actor {
	ri := info(r)
	if ri.user == nil {
		return audit.Actor{Login: "anonymous", IP: ri.ip}
	}
	return audit.Actor{ID: ri.user.ID, Login: ri.user.Login, UnitID: ri.user.UnitID, IP: ri.ip}
}
