package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/auth"
)

// adminUserRevokeSessions signs a user out on every device (a lost phone,
// a shared computer, a suspected break-in).
func (s *Server) adminUserRevokeSessions(w http.ResponseWriter, r *http.Request) {
	u, ok := s.loadUser(w, r)
	if !ok {
		return
	}
	if !s.canManage(r, auth.ActUserRevokeSessions, u) {
		s.forbidden(w, r)
		return
	}
	n, err := s.auth.DeleteUserSessions(r.Context(), s.actor(r), u.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if u.ID == currentUser(r).ID {
		s.clearCookie(w, r, sessionCookie)
		s.redirect(w, r, "/admin/login", "您已在所有设备上退出登录。")
		return
	}
	s.redirect(w, r, "/admin/users/"+strconv.FormatInt(u.ID, 10),
		"已结束“"+u.Name+"”的全部会话（"+strconv.Itoa(n)+" 个），该用户需重新登录。")
}
